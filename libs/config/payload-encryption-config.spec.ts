import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAppConfig, requirePayloadEncryption } from './app-config';
import { DEVELOPMENT_ONLY_PAYLOAD_KEY_ID, loadPayloadEncryptionConfig } from './payload-encryption-config';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('payload encryption keys', () => {
  it('are required in production: the API and the worker refuse to start without them', () => {
    const config = loadAppConfig({
      DATABASE_URL: 'postgres://x/y',
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'x'.repeat(40),
    });
    expect(config.temporal.payloadEncryption).toBeNull();
    expect(() => requirePayloadEncryption(config)).toThrow(/TEMPORAL_PAYLOAD_KEYS is not set/);
    // Unset NODE_ENV is production too.
    expect(loadPayloadEncryptionConfig({}, 'production')).toBeNull();
  });

  it('fall back to the public development-only key in development and test only', () => {
    expect(loadPayloadEncryptionConfig({}, 'development')).toMatchObject({
      currentKeyId: DEVELOPMENT_ONLY_PAYLOAD_KEY_ID,
      isDevelopmentDefault: true,
    });
    expect(() =>
      loadPayloadEncryptionConfig(
        {
          TEMPORAL_PAYLOAD_KEYS: `dev:${loadPayloadEncryptionConfig({}, 'test')!.keys.get(DEVELOPMENT_ONLY_PAYLOAD_KEY_ID)!.toString('base64')}`,
        },
        'production',
      ),
    ).toThrow(/development-only key/);
  });

  it('read several keys, the current one named, from the environment or a file', () => {
    const inline = loadPayloadEncryptionConfig(
      { TEMPORAL_PAYLOAD_KEYS: `2026-01:${key(1)}, 2026-07:${key(2)}`, TEMPORAL_PAYLOAD_KEY_ID: '2026-07' },
      'production',
    )!;
    expect([...inline.keys.keys()]).toEqual(['2026-01', '2026-07']);
    expect(inline.currentKeyId).toBe('2026-07');
    const file = path.join(os.tmpdir(), `payload-keys-${process.pid}`);
    writeFileSync(file, `# rotated 2026-07\n2026-01:${key(1)}\n2026-07:${key(2)}\n`);
    expect(
      loadPayloadEncryptionConfig(
        { TEMPORAL_PAYLOAD_KEYS_FILE: file, TEMPORAL_PAYLOAD_KEY_ID: '2026-01' },
        'production',
      )!.currentKeyId,
    ).toBe('2026-01');
    // One key needs no TEMPORAL_PAYLOAD_KEY_ID.
    expect(loadPayloadEncryptionConfig({ TEMPORAL_PAYLOAD_KEYS: `only:${key(3)}` }, 'production')!.currentKeyId).toBe(
      'only',
    );
  });

  it.each([
    [{ TEMPORAL_PAYLOAD_KEYS: `a:${key(1)},b:${key(2)}` }, /must name the key/],
    [{ TEMPORAL_PAYLOAD_KEYS: `a:${key(1)}`, TEMPORAL_PAYLOAD_KEY_ID: 'c' }, /"c" is not one of the listed keys/],
    [{ TEMPORAL_PAYLOAD_KEYS: `a:${Buffer.alloc(16).toString('base64')}` }, /key "a" must be 32 bytes/],
    [{ TEMPORAL_PAYLOAD_KEYS: key(1) }, /keyId:base64key/],
    [{ TEMPORAL_PAYLOAD_KEYS: `a:${key(1)},a:${key(2)}` }, /listed twice/],
    [{ TEMPORAL_PAYLOAD_KEY_ID: 'a' }, /TEMPORAL_PAYLOAD_KEYS\(_FILE\) is not/],
    [{ TEMPORAL_PAYLOAD_KEYS_FILE: '/nonexistent/keys' }, /cannot read "\/nonexistent\/keys"/],
  ])('refuse a wrong setting with a message naming it: %j', (env, message) => {
    expect(() => loadPayloadEncryptionConfig(env, 'production')).toThrow(message);
  });
});
