import { assertApiSecrets, assertWorkerSecrets, loadAppConfig, nodeEnvFrom } from './app-config';
import { DEVELOPMENT_ONLY_JWT_SECRET } from './auth-config';

describe('NODE_ENV and the secrets the API needs', () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/case_engine' };

  it('treats an unset NODE_ENV as production: no development secret, and the API refuses to start', () => {
    for (const env of [base, { ...base, NODE_ENV: '' }, { ...base, NODE_ENV: 'production' }]) {
      const config = loadAppConfig(env);
      expect(config.nodeEnv).toBe('production');
      expect(config.auth.jwtSecret).toBeNull();
      expect(() => assertApiSecrets(config)).toThrow(/AUTH_JWT_SECRET is not set/);
    }
  });

  it('gives the public development-only secret only to an explicit development or test', () => {
    for (const nodeEnv of ['development', 'test']) {
      const config = loadAppConfig({ ...base, NODE_ENV: nodeEnv });
      expect(config.auth.jwtSecret).toBe(DEVELOPMENT_ONLY_JWT_SECRET);
      expect(() => assertApiSecrets(config)).not.toThrow();
    }
  });

  it('refuses a NODE_ENV it does not know instead of guessing', () => {
    for (const value of ['staging', 'dev', 'Production']) {
      expect(() => nodeEnvFrom({ NODE_ENV: value })).toThrow(/NODE_ENV must be development, test or production/);
    }
  });

  it('starts in production with AUTH_JWT_SECRET and the payload keys set, not with the secret alone', () => {
    const secret = { ...base, AUTH_JWT_SECRET: 'k'.repeat(48) };
    expect(() => assertApiSecrets(loadAppConfig(secret))).toThrow(/TEMPORAL_PAYLOAD_KEYS is not set/);
    expect(() => assertWorkerSecrets(loadAppConfig(secret))).toThrow(/TEMPORAL_PAYLOAD_KEYS is not set/);
    const keys = { TEMPORAL_PAYLOAD_KEYS: `2026-01:${Buffer.alloc(32, 7).toString('base64')}` };
    expect(() => assertApiSecrets(loadAppConfig({ ...secret, ...keys }))).not.toThrow();
    expect(() => assertWorkerSecrets(loadAppConfig({ ...base, ...keys }))).not.toThrow();
  });
});
