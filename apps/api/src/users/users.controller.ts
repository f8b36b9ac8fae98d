import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { CreatedUserView, PasswordResetView, UserListView, UserView } from './dto/user.view';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách tài khoản / Accounts, filtered by role, unit, state or text' })
  @ApiOkResponse({ type: UserListView })
  @ApiErrorResponses(400)
  list(@Query() query: ListUsersQuery): Promise<UserListView> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một tài khoản / One account' })
  @ApiOkResponse({ type: UserView })
  @ApiErrorResponses(404)
  get(@Param('id') id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Tạo tài khoản / Create an account',
    description:
      'With password sign-in (the default) a one-time password is generated and returned once; the person must ' +
      'change it at first sign-in.',
  })
  @ApiCreatedResponse({ type: CreatedUserView })
  @Idempotent()
  @ApiErrorResponses(400, 409)
  create(@Body() dto: CreateUserDto): Promise<CreatedUserView> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Sửa tài khoản / Change name, e-mail, roles, unit, SSO subject, or (de)activate',
    description:
      'Deactivating ends every session at once. Admins cannot deactivate themselves or drop their own admin role.',
  })
  @ApiOkResponse({ type: UserView })
  @ApiErrorResponses(400, 404, 409)
  update(
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() admin: AuthenticatedActor,
  ): Promise<UserView> {
    return this.users.update(id, dto, admin);
  }

  @Post(':id/password-reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đặt lại mật khẩu / Reset the password',
    description: 'Returns a new one-time password once, ends every session of the account.',
  })
  @ApiOkResponse({ type: PasswordResetView })
  @ApiErrorResponses(404)
  resetPassword(@Param('id') id: string): Promise<PasswordResetView> {
    return this.users.resetPassword(id);
  }
}
