import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const NOT_BLANK = /\S/;
const DECISION_NUMBER = /^[0-9]+\/[^\s/]+$/;
const nfcTrim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

export class CreateDecisionDto {
  @ApiProperty({ description: 'Số quyết định / Decision number', example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(64)
  @Matches(DECISION_NUMBER, { message: 'number must look like "878/QĐ-BNV"' })
  number!: string;

  @ApiProperty({ description: 'Ngày ký / Signed on', example: '2025-08-11', format: 'date' })
  @IsDefined()
  @IsString()
  @Matches(ISO_DATE, { message: 'signedOn must be a date YYYY-MM-DD' })
  signedOn!: string;

  @ApiProperty({ description: 'Chức danh người ký / Title of the signer', example: 'Bộ trưởng Bộ Nội vụ' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'signerTitle must not be blank' })
  signerTitle!: string;

  @ApiProperty({ description: 'Ngày bắt đầu đợt / First day of the period', example: '2025-08-20', format: 'date' })
  @IsDefined()
  @IsString()
  @Matches(ISO_DATE, { message: 'periodStart must be a date YYYY-MM-DD' })
  periodStart!: string;

  @ApiProperty({ description: 'Ngày kết thúc đợt / Last day of the period', example: '2025-10-20', format: 'date' })
  @IsDefined()
  @IsString()
  @Matches(ISO_DATE, { message: 'periodEnd must be a date YYYY-MM-DD' })
  periodEnd!: string;

  @ApiPropertyOptional({
    description: 'Trích yếu / Purpose',
    example: 'Cử công chức tăng cường hỗ trợ chính quyền cấp xã vận hành mô hình chính quyền địa phương hai cấp',
  })
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;
}

export class CreateDeploymentDto {
  @ApiProperty({ example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(64)
  decisionNumber!: string;

  @ApiProperty({ description: 'Tên đăng nhập của công chức / Username of the official', example: 'ct878.01' })
  @IsDefined()
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ description: 'Đơn vị công tác / Home unit', example: 'CCVC' })
  @IsDefined()
  @IsString()
  @MaxLength(32)
  homeUnitCode!: string;

  @ApiProperty({ example: '01', pattern: '^[0-9]{2}$' })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit province code, e.g. "01"' })
  provinceCode!: string;

  @ApiPropertyOptional({
    description: 'Mặc định: ngày bắt đầu của quyết định / Defaults to the decision’s',
    format: 'date',
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Matches(ISO_DATE, { message: 'periodStart must be a date YYYY-MM-DD' })
  periodStart?: string;

  @ApiPropertyOptional({
    description: 'Mặc định: ngày kết thúc của quyết định / Defaults to the decision’s',
    format: 'date',
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Matches(ISO_DATE, { message: 'periodEnd must be a date YYYY-MM-DD' })
  periodEnd?: string;
}

export class ImportDeploymentsDto {
  @ApiProperty({
    description:
      'Nội dung tệp CSV (UTF-8), dòng đầu là tiêu đề / The CSV text, header first: ' +
      'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end',
    example:
      'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end\n' +
      '878/QĐ-BNV,ct878.01,Trần Minh Khoa,CCVC,01,2025-08-20,2025-10-20\n',
  })
  @IsDefined()
  @IsString()
  @MaxLength(250_000)
  csv!: string;
}

export class ListDeploymentsQuery {
  @ApiPropertyOptional({ description: 'Số quyết định / Decision number', example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  decision?: string;

  @ApiPropertyOptional({ description: 'Mã tỉnh / Province code', example: '01' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{2}$/, { message: 'province must be a two-digit province code, e.g. "01"' })
  province?: string;

  @ApiPropertyOptional({
    description: 'Chỉ các đợt đang diễn ra hôm nay / Only deployments covering today',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  current?: 'true' | 'false';
}
