import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '@libs/domain';

const NOT_BLANK = /\S/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/i;
const present = (_object: object, value: unknown): boolean => value !== undefined;
const presentAndNotNull = (_object: object, value: unknown): boolean => value !== undefined && value !== null;
const nfcTrim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

export class CreateUserDto {
  @ApiProperty({
    description: 'Tên đăng nhập (lưu chữ thường) / Username, stored lower-case',
    example: 'nguyen.van.an',
    pattern: USERNAME.source,
  })
  @IsDefined()
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 3–64 characters: letters without accents, digits, ".", "_", "-"',
  })
  username!: string;

  @ApiProperty({ description: 'Họ và tên / Full name', example: 'Nguyễn Văn An' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'displayName must not be blank' })
  displayName!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'an.nv@moha.gov.vn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['official'] })
  @IsDefined()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `roles must be among: ${ROLES.join(', ')}` })
  roles!: Role[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Đơn vị công tác (bắt buộc với unit_head) / Home unit, required for unit_head',
    example: 'CCVC',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unitCode?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Định danh `sub` ở hệ thống SSO / The OpenID Connect subject (`sub`) for single sign-on',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(NOT_BLANK, { message: 'externalSubject must not be blank' })
  externalSubject?: string | null;

  @ApiPropertyOptional({
    default: true,
    description:
      'Cho phép đăng nhập bằng mật khẩu: tạo mật khẩu dùng một lần / Allow password sign-in: a one-time password is ' +
      'generated and returned once. false = single sign-on only (needs externalSubject).',
  })
  @ValidateIf(present)
  @IsBoolean()
  passwordLogin?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Nguyễn Văn An' })
  @Transform(nfcTrim)
  @ValidateIf(present)
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'displayName must not be blank' })
  displayName?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null xoá / null clears it' })
  @ValidateIf(presentAndNotNull)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @ValidateIf(present)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `roles must be among: ${ROLES.join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null xoá / null clears it' })
  @ValidateIf(presentAndNotNull)
  @IsString()
  @MaxLength(32)
  unitCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null xoá / null clears it' })
  @ValidateIf(presentAndNotNull)
  @IsString()
  @MaxLength(255)
  @Matches(NOT_BLANK, { message: 'externalSubject must not be blank' })
  externalSubject?: string | null;

  @ApiPropertyOptional({
    description:
      'false vô hiệu hoá tài khoản và chấm dứt mọi phiên / false deactivates the account and ends its sessions',
  })
  @ValidateIf(present)
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: 'CCVC' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unitCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Tìm trong tên đăng nhập, họ tên / Search username and name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
