import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@libs/domain';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'nguyen.van.an' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) displayName!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ nullable: true, type: String, example: 'CCVC' }) unitCode!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String }) externalSubject!: string | null;
  @ApiProperty({ description: 'Có mật khẩu riêng / Has a password of its own' }) passwordLogin!: boolean;
  @ApiProperty({ description: 'Đang dùng mật khẩu dùng một lần / A one-time password is pending change' })
  mustChangePassword!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) passwordChangedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserListView {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ example: 42 }) total!: number;
}

export class CreatedUserView {
  @ApiProperty({ type: UserView }) user!: UserView;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Mật khẩu dùng một lần, chỉ hiện một lần / One-time password, shown only here; null for single sign-on only',
  })
  oneTimePassword!: string | null;
}

export class PasswordResetView {
  @ApiProperty({ description: 'Mật khẩu dùng một lần mới / The new one-time password, shown only here' })
  oneTimePassword!: string;
}
