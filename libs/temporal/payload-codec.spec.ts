import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadPayloadEncryptionConfig } from '@libs/config/payload-encryption-config';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, REFUSED_ENCODING } from './payload-codec';

const KEY_A = `a:${Buffer.alloc(32, 1).toString('base64')}`;
const KEY_B = `b:${Buffer.alloc(32, 2).toString('base64')}`;
const KEY_C = `c:${Buffer.alloc(32, 3).toString('base64')}`;
const codecWith = (keys: string, current: string) =>
  new AesGcmPayloadCodec(
    loadPayloadEncryptionConfig({ TEMPORAL_PAYLOAD_KEYS: keys, TEMPORAL_PAYLOAD_KEY_ID: current }, 'test')!,
  );
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('AesGcmPayloadCodec', () => {
  const value = { title: 'Bố trí công chức dôi dư', description: 'Nguyễn Thị Mẫu, xã A' };
  const plain: Payload = defaultPayloadConverter.toPayload(value);

  it('encrypts every payload under the current key, with a fresh IV each time, and decrypts it back', async () => {
    const codec = codecWith(KEY_A, 'a');
    const [first, second] = await codec.encode([plain, plain]);
    expect(text(first.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(first.metadata![KEY_ID_METADATA])).toBe('a');
    expect(text(first.data)).not.toContain('công chức');
    expect(Buffer.from(first.data!).equals(Buffer.from(second.data!))).toBe(false);
    const [decoded] = await codec.decode([first]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(value);
  });

  it('after rotation writes under the new key and still reads the old one', async () => {
    const [old] = await codecWith(KEY_A, 'a').encode([plain]);
    const rotated = codecWith(`${KEY_A},${KEY_B}`, 'b');
    const [fresh] = await rotated.encode([plain]);
    expect(text(fresh.metadata![KEY_ID_METADATA])).toBe('b');
    const decoded = await rotated.decode([old, fresh]);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([value, value]);
  });

  it.each([
    ['not encrypted', () => Promise.resolve(plain), /not encrypted/],
    [
      'under an unknown key',
      () =>
        codecWith(KEY_C, 'c')
          .encode([plain])
          .then(([p]) => p),
      /unknown key "c"/,
    ],
    [
      'altered',
      () =>
        codecWith(KEY_A, 'a')
          .encode([plain])
          .then(([p]) => {
            const data = Buffer.from(p.data!);
            data[20] ^= 1;
            return { ...p, data: new Uint8Array(data) };
          }),
      /authentication failed/,
    ],
    [
      'relabelled with another key id',
      () =>
        codecWith(`${KEY_A},${KEY_B}`, 'a')
          .encode([plain])
          .then(([p]) => ({ ...p, metadata: { ...p.metadata, [KEY_ID_METADATA]: new Uint8Array(Buffer.from('b')) } })),
      /authentication failed/,
    ],
  ])('refuses a payload %s: it decodes to something no converter reads', async (_name, make, reason) => {
    const [refused] = await codecWith(`${KEY_A},${KEY_B}`, 'a').decode([await make()]);
    expect(text(refused.metadata!.encoding)).toBe(REFUSED_ENCODING);
    expect(text(refused.data)).toMatch(reason);
    expect(() => defaultPayloadConverter.fromPayload(refused)).toThrow(/Unknown encoding/);
  });
});
