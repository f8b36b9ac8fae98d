import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { IdentityLookupService } from './identity-lookup.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordCheckLimiter } from './password-check-limiter';
import { RolesGuard } from './roles.guard';
import { SessionHousekeepingService } from './session-housekeeping.service';
import { SessionsService } from './sessions.service';

/**
 * Sign-in, tokens and access control. Registers the global guards (authentication first, then @Roles), so every
 * endpoint of the application requires a bearer token unless it is marked @Public().
 */
@Module({
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    IdentityLookupService,
    LoginThrottleService,
    PasswordCheckLimiter,
    SessionsService,
    SessionHousekeepingService,
    AuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SessionsService, IdentityLookupService],
})
export class AuthModule {}
