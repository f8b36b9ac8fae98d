import { ApiProperty } from '@nestjs/swagger';

export class DecisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '878/QĐ-BNV' }) number!: string;
  @ApiProperty({ example: '2025-08-11', format: 'date' }) signedOn!: string;
  @ApiProperty({ example: 'Bộ trưởng Bộ Nội vụ' }) signerTitle!: string;
  @ApiProperty({ example: '2025-08-20', format: 'date' }) periodStart!: string;
  @ApiProperty({ example: '2025-10-20', format: 'date' }) periodEnd!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ example: 34 }) deploymentCount!: number;
}

export class DeploymentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ example: '878/QĐ-BNV' }) decisionNumber!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'ct878.01' }) username!: string;
  @ApiProperty({ example: 'Trần Minh Khoa' }) displayName!: string;
  @ApiProperty({ example: 'CCVC' }) homeUnitCode!: string;
  @ApiProperty({ example: 'Vụ Công chức - Viên chức' }) homeUnitName!: string;
  @ApiProperty({ example: '01' }) provinceCode!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) provinceName!: string;
  @ApiProperty({ example: '2025-08-20', format: 'date' }) periodStart!: string;
  @ApiProperty({ example: '2025-10-20', format: 'date' }) periodEnd!: string;
  @ApiProperty({ description: 'Đang diễn ra hôm nay (giờ Việt Nam) / Covers today, Vietnam time' }) current!: boolean;
}

export class CreatedOfficialView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ct878.01' }) username!: string;
  @ApiProperty({ example: 'Trần Minh Khoa' }) displayName!: string;
  @ApiProperty({
    description:
      'Mật khẩu dùng một lần, chỉ hiện một lần; phải đổi khi đăng nhập lần đầu / Shown once; must be changed at first sign-in',
    example: 'Xk7q-2mPa-9hTz-Rw4e',
  })
  oneTimePassword!: string;
}

export class DeploymentImportView {
  @ApiProperty({ example: 34 }) rows!: number;
  @ApiProperty({ example: 34 }) created!: number;
  @ApiProperty({ example: 0 }) updated!: number;
  @ApiProperty({ example: 0 }) unchanged!: number;
  @ApiProperty({ type: [CreatedOfficialView] }) createdUsers!: CreatedOfficialView[];
}
