/** Sign-in and tokens (read by the API; the worker ignores it). */
export interface AuthConfig {
  /**
   * HS256 key of the API's own access tokens, the same in every API process. Null only in production when
   * AUTH_JWT_SECRET is unset: the API then refuses to start.
   */
  jwtSecret: string | null;
  /** True when jwtSecret is the fixed development-only value (never used in production). */
  jwtSecretIsDevelopmentDefault: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** External OpenID Connect provider whose ID/access tokens are also accepted; null when single sign-on is off. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  /** Required `aud` of the provider's tokens; null accepts any audience of that issuer. */
  audience: string | null;
}

/**
 * Used outside production when AUTH_JWT_SECRET is unset. Fixed, not random per process, so that several API
 * processes accept each other's tokens; it is public, so it must never protect real data.
 */
export const DEVELOPMENT_ONLY_JWT_SECRET = 'development-only-jwt-secret--never-use-in-production--set-AUTH_JWT_SECRET';
export const MIN_JWT_SECRET_LENGTH = 32;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv, nodeEnv: 'development' | 'production' | 'test'): AuthConfig {
  const secret = env.AUTH_JWT_SECRET || null;
  if (secret !== null && (secret.length < MIN_JWT_SECRET_LENGTH || secret === DEVELOPMENT_ONLY_JWT_SECRET)) {
    throw new Error(
      `AUTH_JWT_SECRET must be a random value of at least ${MIN_JWT_SECRET_LENGTH} characters ` +
        '(e.g. `openssl rand -base64 48`), not the development default',
    );
  }
  const issuer = env.OIDC_ISSUER || null;
  const jwksUrl = env.OIDC_JWKS_URL || null;
  if ((issuer === null) !== (jwksUrl === null)) {
    throw new Error('OIDC_ISSUER and OIDC_JWKS_URL must be set together (single sign-on) or both left unset');
  }
  if (jwksUrl !== null) {
    let protocol: string;
    try {
      protocol = new URL(jwksUrl).protocol;
    } catch {
      throw new Error(`OIDC_JWKS_URL must be an absolute URL, got "${jwksUrl}"`);
    }
    if (protocol !== 'https:' && !(protocol === 'http:' && nodeEnv !== 'production')) {
      throw new Error(`OIDC_JWKS_URL must be an https URL (http is accepted outside production), got "${jwksUrl}"`);
    }
  }
  return {
    jwtSecret: secret ?? (nodeEnv === 'production' ? null : DEVELOPMENT_ONLY_JWT_SECRET),
    jwtSecretIsDevelopmentDefault: secret === null && nodeEnv !== 'production',
    accessTokenTtlSeconds: positiveInt(env, 'AUTH_ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlSeconds: positiveInt(env, 'AUTH_REFRESH_TOKEN_TTL_SECONDS', 14 * 24 * 3600),
    oidc: issuer !== null && jwksUrl !== null ? { issuer, jwksUrl, audience: env.OIDC_AUDIENCE || null } : null,
  };
}
