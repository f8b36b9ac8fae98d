/** Sign-in and tokens (read by the API; the worker ignores it). */
export interface AuthConfig {
  /**
   * HS256 key of the API's own access tokens, the same in every API process; list cursors and the encryption of
   * stored idempotent responses derive their keys from it too. Null when AUTH_JWT_SECRET is unset and NODE_ENV is not
   * explicitly `development` or `test`: the API then refuses to start.
   */
  jwtSecret: string | null;
  /** True when jwtSecret is the fixed development-only value (never used in production). */
  jwtSecretIsDevelopmentDefault: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Absolute lifetime of a login session from sign-in; refreshes never carry a session past it. */
  sessionMaxLifetimeSeconds: number;
  /** Failed (or still running) logins per account, across every client address, within the throttle window. */
  loginMaxFailuresPerAccount: number;
  /** Password hashes (Argon2 verify) one API process runs at once; more wait in a short queue. */
  passwordCheckConcurrency: number;
  /** How many password checks may wait for a free slot; beyond that logins answer 503 PASSWORD_CHECKS_BUSY. */
  passwordCheckQueue: number;
  /** How long a one-time password (new account, reset) can be used to sign in. */
  oneTimePasswordTtlSeconds: number;
  /** External OpenID Connect provider whose ID/access tokens are also accepted; null when single sign-on is off. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  /**
   * Required `aud` of the provider's tokens, and the only `azp` (authorised party) accepted when a token names one.
   * Null (outside production only) accepts any audience of that issuer.
   */
  audience: string | null;
}

/**
 * Used when AUTH_JWT_SECRET is unset and NODE_ENV is explicitly `development` or `test`. Fixed, not random per process, so that several API
 * processes accept each other's tokens; it is public, so it must never protect real data.
 */
export const DEVELOPMENT_ONLY_JWT_SECRET = 'development-only-jwt-secret--never-use-in-production--set-AUTH_JWT_SECRET';
export const MIN_JWT_SECRET_LENGTH = 32;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  }
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
  const audience = env.OIDC_AUDIENCE || null;
  if (issuer !== null && audience === null && nodeEnv === 'production') {
    throw new Error(
      'OIDC_AUDIENCE is required with single sign-on in production: set it to the client id the identity provider ' +
        "issues this application's tokens to (otherwise tokens issued to any of its clients would be accepted)",
    );
  }
  const developmentSecret = nodeEnv === 'development' || nodeEnv === 'test';
  return {
    jwtSecret: secret ?? (developmentSecret ? DEVELOPMENT_ONLY_JWT_SECRET : null),
    jwtSecretIsDevelopmentDefault: secret === null && developmentSecret,
    accessTokenTtlSeconds: positiveInt(env, 'AUTH_ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlSeconds: positiveInt(env, 'AUTH_REFRESH_TOKEN_TTL_SECONDS', 14 * 24 * 3600),
    sessionMaxLifetimeSeconds: positiveInt(env, 'AUTH_SESSION_MAX_LIFETIME_SECONDS', 30 * 24 * 3600),
    loginMaxFailuresPerAccount: positiveInt(env, 'AUTH_LOGIN_ACCOUNT_LIMIT', 20),
    passwordCheckConcurrency: positiveInt(env, 'AUTH_PASSWORD_CHECK_CONCURRENCY', 4),
    passwordCheckQueue: positiveInt(env, 'AUTH_PASSWORD_CHECK_QUEUE', 16, { allowZero: true }),
    oneTimePasswordTtlSeconds: positiveInt(env, 'AUTH_ONE_TIME_PASSWORD_TTL_HOURS', 72) * 3600,
    oidc: issuer !== null && jwksUrl !== null ? { issuer, jwksUrl, audience } : null,
  };
}
