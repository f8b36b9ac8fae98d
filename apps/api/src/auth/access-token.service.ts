import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, requireJwtSecret, type AppConfig, type OidcConfig } from '@libs/config';
import { ApiError } from '../common/api-error';

/** `iss` and `aud` of the API's own access tokens. */
export const ACCESS_TOKEN_ISSUER = 'case-engine';
export const ACCESS_TOKEN_AUDIENCE = 'case-engine-api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export type VerifiedToken = { kind: 'local'; userId: string; sessionId: string } | { kind: 'oidc'; subject: string };

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
  /** Lifetime in seconds (OAuth's `expires_in`). */
  expiresIn: number;
}

/**
 * Signs and checks bearer tokens. The API's own tokens are HS256 JWTs (`sub` = user id, `sid` = login session),
 * short-lived; with single sign-on configured, tokens whose `iss` is the provider are checked against its JWKS
 * instead (asymmetric algorithms only, so an HS256 token can never pass as the provider's).
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;
  private readonly oidc: OidcConfig | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { jwtSecretIsDevelopmentDefault, accessTokenTtlSeconds, oidc } = config.auth;
    // main.ts refuses earlier; this guards every other way of building the API.
    const jwtSecret = requireJwtSecret(config);
    if (jwtSecretIsDevelopmentDefault && config.nodeEnv === 'development') {
      this.logger.warn('AUTH_JWT_SECRET is not set: signing tokens with the public development-only secret');
    }
    this.key = new TextEncoder().encode(jwtSecret);
    this.ttlSeconds = accessTokenTtlSeconds;
    this.oidc = oidc;
    this.jwks = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl), { timeoutDuration: 5000 }) : null;
    if (oidc && !oidc.audience) {
      this.logger.warn('OIDC_AUDIENCE is not set: tokens of every client of the identity provider are accepted');
    }
  }

  get accessTokenTtlSeconds(): number {
    return this.ttlSeconds;
  }

  async issue(userId: string, sessionId: string, now = new Date()): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(randomUUID())
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000), expiresIn: this.ttlSeconds };
  }

  /** Throws 401 UNAUTHENTICATED for anything but a valid, unexpired token from us or the configured provider. */
  async verify(token: string): Promise<VerifiedToken> {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticated();
    }
    if (this.oidc && this.jwks && issuer === this.oidc.issuer) return this.verifyOidc(token, this.oidc, this.jwks);
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      });
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid)) {
        throw unauthenticated();
      }
      return { kind: 'local', userId: sub, sessionId: sid };
    } catch {
      throw unauthenticated();
    }
  }

  private async verifyOidc(token: string, oidc: OidcConfig, jwks: JWTVerifyGetKey): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: oidc.issuer,
        ...(oidc.audience ? { audience: oidc.audience } : {}),
        algorithms: OIDC_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated();
      // `azp` names the client the token was issued to; with several audiences it is what says the token is ours.
      // (Without OIDC_AUDIENCE, allowed outside production only, there is no client to compare it with.)
      if (oidc.audience !== null && payload.azp !== undefined && payload.azp !== oidc.audience) {
        throw unauthenticated();
      }
      return { kind: 'oidc', subject: payload.sub };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (isProviderUnreachable(error)) {
        this.logger.warn(`JWKS of ${oidc.issuer} unreachable: ${(error as Error).message}`);
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'IDENTITY_PROVIDER_UNAVAILABLE');
      }
      throw unauthenticated();
    }
  }
}

function unauthenticated(): ApiError {
  return new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED');
}

/** The key set could not be fetched (network, timeout, HTTP error), as opposed to a bad token. */
function isProviderUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof errors.JOSEError) return /JSON Web Key Set HTTP response/.test(error.message);
  return true;
}
