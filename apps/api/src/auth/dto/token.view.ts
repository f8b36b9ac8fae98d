import { ApiProperty } from '@nestjs/swagger';

export class TokenPairView {
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';

  @ApiProperty({ description: 'JWT gửi trong tiêu đề Authorization: Bearer / Send as Authorization: Bearer <token>' })
  accessToken!: string;

  @ApiProperty({ description: 'Số giây còn hiệu lực / Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ format: 'date-time' }) accessTokenExpiresAt!: string;

  @ApiProperty({
    description:
      'Mã làm mới (dùng một lần; mỗi lần làm mới nhận mã mới) / Opaque refresh token; single use, each refresh returns a new one',
  })
  refreshToken!: string;

  @ApiProperty({ format: 'date-time' }) refreshTokenExpiresAt!: string;

  @ApiProperty({
    description:
      'Đang dùng mật khẩu dùng một lần: phải đổi mật khẩu trước / A one-time password is in use: change it first',
  })
  passwordChangeRequired!: boolean;
}

export class DeploymentSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '878/QĐ-BNV' }) decisionNumber!: string;
  @ApiProperty({ example: '01' }) provinceCode!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) provinceName!: string;
  @ApiProperty({ example: 'CCVC' }) homeUnitCode!: string;
  @ApiProperty({ example: '2025-08-20', format: 'date' }) periodStart!: string;
  @ApiProperty({ example: '2025-10-20', format: 'date' }) periodEnd!: string;
}

export class MeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'official' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Văn A' }) displayName!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: [String], example: ['official'] }) roles!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'CCVC' }) unitCode!: string | null;
  @ApiProperty({
    type: [String],
    example: ['01'],
    description: 'Tỉnh của các đợt tăng cường đang diễn ra / Provinces of the current deployments',
  })
  provinceCodes!: string[];
  @ApiProperty({ type: [DeploymentSummaryView], description: 'Đợt tăng cường hiện tại / Current deployments' })
  deployments!: DeploymentSummaryView[];
  @ApiProperty({ enum: ['password', 'oidc'] }) authMethod!: 'password' | 'oidc';
  @ApiProperty() passwordChangeRequired!: boolean;
}
