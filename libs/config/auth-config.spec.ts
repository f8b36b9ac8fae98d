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
    expect(loadAuthConfig(env, 'production').oidc?.audience).toBeNull();
    expect(() => loadAuthConfig({ OIDC_ISSUER: env.OIDC_ISSUER }, 'test')).toThrow(/together/);
    expect(() => loadAuthConfig({ ...env, OIDC_JWKS_URL: 'http://sso/certs' }, 'production')).toThrow(/https/);
    expect(loadAuthConfig({ ...env, OIDC_JWKS_URL: 'http://127.0.0.1:8080/certs' }, 'test').oidc).not.toBeNull();
  });
});
