import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '@libs/identity';

export class LoginDto {
  @ApiProperty({
    description: 'Tên đăng nhập (không phân biệt hoa thường) / Username, case-insensitive',
    example: 'official',
  })
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  username!: string;

  @ApiProperty({ description: 'Mật khẩu / Password', format: 'password', example: 'Demo@BNV2025' })
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class RefreshTokenDto {
  @ApiProperty({
    description: 'Mã làm mới phiên nhận khi đăng nhập / The refresh token from login or the last refresh',
  })
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken!: string;
}
