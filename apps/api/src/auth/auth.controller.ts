import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrorResponses, ErrorView } from '../common/api-error.decorators';
import { AuthService } from './auth.service';
import { CurrentAuth } from './current-actor.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto, RefreshTokenDto } from './dto/login.dto';
import { MeView, TokenPairView } from './dto/token.view';
import { RetryLaterError } from './password-check-limiter';
import { AllowPendingPasswordChange, Public } from './public.decorator';
import { clientAddressOf, userAgentOf, type RequestAuth } from './request-auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đăng nhập / Sign in with username and password',
    description:
      'Returns a 15-minute access token (JWT, send as `Authorization: Bearer`) and a 14-day single-use refresh token ' +
      '(never beyond the 30-day session lifetime). Five attempts for one username from one address within 15 ' +
      'minutes, or AUTH_LOGIN_ACCOUNT_LIMIT (20) for one username from all addresses, lock further ' +
      'attempts for the rest of the window (429 with Retry-After). 401 ONE_TIME_PASSWORD_EXPIRED: the one-time ' +
      'password is older than AUTH_ONE_TIME_PASSWORD_TTL_HOURS; ask an administrator for a new one. 503 ' +
      'PASSWORD_CHECKS_BUSY (with Retry-After): too many sign-ins at once.',
  })
  @ApiOkResponse({ type: TokenPairView })
  @ApiTooManyRequestsResponse({ type: ErrorView, description: 'TOO_MANY_LOGIN_ATTEMPTS (see Retry-After)' })
  @ApiErrorResponses(400, 401, 503)
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPairView> {
    try {
      return await this.auth.login(dto, { ip: clientAddressOf(request), userAgent: userAgentOf(request) });
    } catch (error) {
      if (error instanceof RetryLaterError) response.setHeader('Retry-After', error.retryAfterSeconds);
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Làm mới phiên / Exchange a refresh token for a new token pair',
    description:
      'The presented refresh token is used up. Presenting it a second time ends the whole session ' +
      '(401 REFRESH_TOKEN_REUSED): keep only the newest one.',
  })
  @ApiOkResponse({ type: TokenPairView })
  @ApiErrorResponses(400, 401, 503)
  refresh(@Body() dto: RefreshTokenDto, @Req() request: Request): Promise<TokenPairView> {
    return this.auth.refresh(dto.refreshToken, { ip: clientAddressOf(request), userAgent: userAgentOf(request) });
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Đăng xuất / End the session of a refresh token',
    description: 'Revokes every refresh token of the session; its access tokens stop working at once. Idempotent.',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 503)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Post('password')
  @AllowPendingPasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Đổi mật khẩu / Change your own password',
    description: 'Requires the current password. Ends every other session of the account; this one continues.',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 409, 429, 503)
  async changePassword(
    @CurrentAuth() auth: RequestAuth,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    try {
      await this.auth.changePassword(auth, dto);
    } catch (error) {
      if (error instanceof RetryLaterError) response.setHeader('Retry-After', error.retryAfterSeconds);
      throw error;
    }
  }

  @Get('me')
  @AllowPendingPasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Tài khoản đang đăng nhập / The signed-in actor, roles, unit and current deployments' })
  @ApiOkResponse({ type: MeView })
  @ApiErrorResponses(401)
  me(@CurrentAuth() auth: RequestAuth): Promise<MeView> {
    return this.auth.me(auth);
  }
}
