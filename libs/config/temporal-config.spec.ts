import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeTemporalSecurity, loadTemporalSecurityConfig, temporalConnectionOptions } from './temporal-config';

describe('loadTemporalSecurityConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-tls-config-'));
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  };
  // A real key and certificate, so the PEM checks see what operators will give them.
  const key = path.join(dir, 'client.key');
  const crt = path.join(dir, 'client.pem');
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '1',
    '-subj',
    '/CN=case-engine-test',
  ]);
  const load = (env: NodeJS.ProcessEnv, nodeEnv: 'development' | 'production' | 'test' = 'production') =>
    loadTemporalSecurityConfig(env, nodeEnv);

  it('is plaintext without an API key by default (the dev server)', () => {
    expect(load({})).toEqual({ tls: null, apiKey: null });
    expect(describeTemporalSecurity(load({}))).toBe('plaintext');
  });

  it('reads the CA, client certificate, key and server name for mTLS', () => {
    const security = load({
      TEMPORAL_TLS_CA_FILE: crt,
      TEMPORAL_TLS_CERT_FILE: crt,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(security.tls?.serverRootCACertificate?.toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect(security.tls?.clientCertPair?.crt.toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect(security.tls?.clientCertPair?.key.toString()).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(security.tls?.serverNameOverride).toBe('temporal.internal');
    expect(describeTemporalSecurity(security)).toBe('mTLS, own CA, server name temporal.internal');
  });

  it('turns TLS on with TEMPORAL_TLS=true alone (system CAs) and with an API key', () => {
    expect(load({ TEMPORAL_TLS: 'true' })).toEqual({ tls: {}, apiKey: null });
    expect(load({ TEMPORAL_API_KEY: 'secret-key' })).toEqual({ tls: {}, apiKey: 'secret-key' });
    expect(load({ TEMPORAL_API_KEY_FILE: file('api-key', 'from-a-file\n') }).apiKey).toBe('from-a-file');
    expect(describeTemporalSecurity(load({ TEMPORAL_API_KEY: 'secret-key' }))).toBe('TLS, API key');
  });

  it('refuses a missing or unreadable file, naming the variable and the path', () => {
    const missing = path.join(dir, 'nope.pem');
    for (const name of ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE']) {
      const env = { TEMPORAL_TLS_CERT_FILE: crt, TEMPORAL_TLS_KEY_FILE: key, [name]: missing };
      expect(() => load(env)).toThrow(`${name}: cannot read`);
      expect(() => load(env)).toThrow(/nope\.pem.*ENOENT/);
    }
    expect(() => load({ TEMPORAL_API_KEY_FILE: missing })).toThrow(/TEMPORAL_API_KEY_FILE: cannot read .*ENOENT/);
  });

  it('refuses files that are not PEM, and half or contradictory settings', () => {
    expect(() => load({ TEMPORAL_TLS_CA_FILE: file('garbage.pem', 'hello') })).toThrow(
      /TEMPORAL_TLS_CA_FILE: .* is not a PEM certificate/,
    );
    expect(() => load({ TEMPORAL_TLS_CERT_FILE: crt, TEMPORAL_TLS_KEY_FILE: crt })).toThrow(
      /TEMPORAL_TLS_KEY_FILE: .* is not a PEM private key/,
    );
    expect(() => load({ TEMPORAL_TLS_CERT_FILE: crt })).toThrow(/must be set together/);
    expect(() => load({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: crt })).toThrow(/contradicts/);
    expect(() => load({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS must be true or false/);
    expect(() => load({ TEMPORAL_API_KEY: 'a', TEMPORAL_API_KEY_FILE: file('k', 'b') })).toThrow(/not both/);
    expect(() => load({ TEMPORAL_API_KEY_FILE: file('empty', '\n') })).toThrow(/is empty/);
  });

  it('never sends an API key in clear text in production', () => {
    expect(() => load({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(/needs TLS in production/);
    expect(load({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, 'development')).toEqual({ tls: null, apiKey: 'k' });
  });

  it('gives every connection the same options: address, TLS (or false) and the API key when there is one', () => {
    expect(temporalConnectionOptions({ address: 'temporal:7233', security: load({}) })).toEqual({
      address: 'temporal:7233',
      tls: false,
    });
    const secured = temporalConnectionOptions({
      address: 'temporal:7233',
      security: load({ TEMPORAL_TLS_SERVER_NAME: 'temporal', TEMPORAL_API_KEY: 'k' }),
    });
    expect(secured).toEqual({ address: 'temporal:7233', tls: { serverNameOverride: 'temporal' }, apiKey: 'k' });
  });
});
