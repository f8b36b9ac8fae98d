import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@libs/identity';

export class ChangePasswordDto {
  @ApiProperty({ description: 'Mật khẩu hiện tại (hoặc mật khẩu dùng một lần) / Current password', format: 'password' })
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    description: `Mật khẩu mới, ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} ký tự, khác mật khẩu cũ và tên đăng nhập / New password`,
    format: 'password',
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
  })
  @IsDefined()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword!: string;
}
