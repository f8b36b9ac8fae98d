import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiError } from '../common/api-error';
import { AccessTokenService } from './access-token.service';
import { IdentityLookupService } from './identity-lookup.service';
import { ALLOW_PENDING_PASSWORD_CHANGE_KEY, IS_PUBLIC_KEY } from './public.decorator';
import { attachAuth } from './request-auth';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i;

/**
 * Global guard: every endpoint needs a valid bearer token unless it is marked @Public(). The token is either the
 * API's own (checked with AUTH_JWT_SECRET, and its login session must still be live) or, with single sign-on
 * configured, the identity provider's (checked against its JWKS and mapped to a user by `sub`). Roles, unit and
 * deployments always come from the database.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly identities: IdentityLookupService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw refuse(response, header !== undefined);

    let verified;
    try {
      verified = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') throw refuse(response, true);
      throw error;
    }
    const identity =
      verified.kind === 'local'
        ? await this.identities.byUserId(verified.userId, verified.sessionId)
        : await this.identities.byExternalSubject(verified.subject);
    if (!identity) throw refuse(response, true);

    const mustChangePassword = verified.kind === 'local' && identity.mustChangePassword;
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_CHANGE_KEY, targets)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'PASSWORD_CHANGE_REQUIRED');
    }
    attachAuth(request, {
      actor: identity.actor,
      username: identity.username,
      method: verified.kind === 'local' ? 'password' : 'oidc',
      sessionId: verified.kind === 'local' ? verified.sessionId : null,
      mustChangePassword,
    });
    return true;
  }
}

function refuse(response: Response, tokenPresented: boolean): ApiError {
  // RFC 6750: tell the client which scheme to use and, when a token was sent, that it was not accepted.
  response.setHeader(
    'WWW-Authenticate',
    tokenPresented ? 'Bearer realm="case-engine", error="invalid_token"' : 'Bearer realm="case-engine"',
  );
  return new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED');
}
