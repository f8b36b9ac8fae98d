import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { ApiError } from '../common/api-error';
import { authOf, type RequestAuth } from './request-auth';

function requireAuth(context: ExecutionContext): RequestAuth {
  const auth = authOf(context.switchToHttp().getRequest<Request>());
  // Only reachable on a @Public() handler, which should not ask for an actor.
  if (!auth) throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED');
  return auth;
}

/**
 * The signed-in actor: user id, roles and home unit from the database (never from the token), and the provinces of
 * their deployments covering today (Vietnam time).
 */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedActor => requireAuth(context).actor,
);

/** The whole authentication record (method, session id, pending password change) for the auth endpoints. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): RequestAuth =>
  requireAuth(context),
);
