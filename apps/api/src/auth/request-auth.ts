import type { Request } from 'express';
import { setContextUser } from '@libs/config/request-context';
import type { AuthenticatedActor } from '@libs/domain';

/** How the caller proved who they are. */
export type AuthMethod = 'password' | 'oidc';

/** What the auth guard attaches to an authenticated request. */
export interface RequestAuth {
  actor: AuthenticatedActor;
  username: string;
  method: AuthMethod;
  /** The refresh-token family (login session) of the API's own tokens; null for single sign-on tokens. */
  sessionId: string | null;
  mustChangePassword: boolean;
}

const AUTH = Symbol('case-engine.auth');

export function attachAuth(request: Request, auth: RequestAuth): void {
  (request as unknown as Record<symbol, RequestAuth>)[AUTH] = auth;
  // From here on, every log line of the request (and the access log line) names the user.
  setContextUser(auth.actor.userId);
}

export function authOf(request: Request): RequestAuth | undefined {
  return (request as unknown as Record<symbol, RequestAuth | undefined>)[AUTH];
}

/**
 * The client address used for login throttling and session records. Behind a reverse proxy this is the proxy's
 * address unless API_TRUST_PROXY names it: then Express takes the client from X-Forwarded-For.
 */
export function clientAddressOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

export function userAgentOf(request: Request): string | null {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent.slice(0, 512) : null;
}
