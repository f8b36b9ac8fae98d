import { DEVELOPMENT_ONLY_JWT_SECRET, loadAuthConfig } from './auth-config';

describe('loadAuthConfig', () => {
  const strong = 'k'.repeat(48);

  it('uses the fixed development-only secret outside production, so several processes agree', () => {
    for (const nodeEnv of ['development', 'test'] as const) {
      const config = loadAuthConfig({}, nodeEnv);
      expect(config.jwtSecret).toBe(DEVELOPMENT_ONLY_JWT_SECRET);
      expect(config.jwtSecretIsDevelopmentDefault).toBe(true);
      expect(loadAuthConfig({}, nodeEnv).jwtSecret).toBe(config.jwtSecret);
    }
  });

  it('has no secret in production unless AUTH_JWT_SECRET is set (the API then refuses to start)', () => {
    expect(loadAuthConfig({}, 'production').jwtSecret).toBeNull();
    expect(loadAuthConfig({ AUTH_JWT_SECRET: strong }, 'production')).toMatchObject({
      jwtSecret: strong,
      jwtSecretIsDevelopmentDefault: false,
    });
  });

  it('refuses short secrets and the development default', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' }, 'production')).toThrow(/at least 32/);
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: DEVELOPMENT_ONLY_JWT_SECRET }, 'development')).toThrow();
  });

  it('has 15-minute access and 14-day refresh tokens by default', () => {
    expect(loadAuthConfig({}, 'test')).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 1209600 });
    expect(() => loadAuthConfig({ AUTH_ACCESS_TOKEN_TTL_SECONDS: '0' }, 'test')).toThrow(/positive/);
  });

  it('bounds sessions to 30 days, one-time passwords to 72 hours, and sign-in attempts and hashing by default', () => {
    expect(loadAuthConfig({}, 'test')).toMatchObject({
      sessionMaxLifetimeSeconds: 30 * 24 * 3600,
      oneTimePasswordTtlSeconds: 72 * 3600,
      loginMaxFailuresPerAccount: 20,
      passwordCheckConcurrency: 4,
      passwordCheckQueue: 16,
    });
    expect(
      loadAuthConfig(
        {
          AUTH_SESSION_MAX_LIFETIME_SECONDS: '86400',
          AUTH_ONE_TIME_PASSWORD_TTL_HOURS: '24',
          AUTH_LOGIN_ACCOUNT_LIMIT: '8',
          AUTH_PASSWORD_CHECK_CONCURRENCY: '2',
          AUTH_PASSWORD_CHECK_QUEUE: '0',
        },
        'test',
      ),
    ).toMatchObject({
      sessionMaxLifetimeSeconds: 86400,
      oneTimePasswordTtlSeconds: 24 * 3600,
      loginMaxFailuresPerAccount: 8,
      passwordCheckConcurrency: 2,
      passwordCheckQueue: 0,
    });
    expect(() => loadAuthConfig({ AUTH_SESSION_MAX_LIFETIME_SECONDS: 'forever' }, 'test')).toThrow(
      /AUTH_SESSION_MAX_LIFETIME_SECONDS must be a positive integer/,
    );
    expect(() => loadAuthConfig({ AUTH_PASSWORD_CHECK_CONCURRENCY: '0' }, 'test')).toThrow(/positive/);
    expect(() => loadAuthConfig({ AUTH_ONE_TIME_PASSWORD_TTL_HOURS: '-1' }, 'test')).toThrow(/positive/);
  });

  it('turns single sign-on on only with both issuer and JWKS URL, https in production', () => {
    expect(loadAuthConfig({}, 'production').oidc).toBeNull();
    const env = {
      OIDC_ISSUER: 'https://sso.example.gov.vn/realms/bnv',
      OIDC_JWKS_URL: 'https://sso.example.gov.vn/certs',
    };
    expect(loadAuthConfig({ ...env, OIDC_AUDIENCE: 'case-engine' }, 'production').oidc).toEqual({
      issuer: env.OIDC_ISSUER,
      jwksUrl: env.OIDC_JWKS_URL,
      audience: 'case-engine',
    });
    expect(() => loadAuthConfig(env, 'production')).toThrow(/OIDC_AUDIENCE is required/);
    expect(loadAuthConfig(env, 'development').oidc?.audience).toBeNull();
    expect(() => loadAuthConfig({ OIDC_ISSUER: env.OIDC_ISSUER }, 'test')).toThrow(/together/);
    expect(() => loadAuthConfig({ ...env, OIDC_JWKS_URL: 'http://sso/certs' }, 'production')).toThrow(/https/);
    expect(loadAuthConfig({ ...env, OIDC_JWKS_URL: 'http://127.0.0.1:8080/certs' }, 'test').oidc).not.toBeNull();
  });
});
