import { type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { requirePayloadEncryption, type AppConfig } from '@libs/config/app-config';
import type { PayloadEncryptionConfig } from '@libs/config/payload-encryption-config';

/** Metadata of an encrypted payload (values are UTF-8 bytes, as Temporal's metadata always is). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const CIPHER_METADATA = 'encryption-cipher';
export const CIPHER = 'AES256GCM';
/**
 * What a payload that is not encrypted under a known key decodes to. No payload converter knows this encoding, so
 * converting it throws inside the workflow: an update carrying it is rejected by the SDK before its validator runs
 * (nothing enters the history), and a start, signal or query carrying it fails without ever reaching workflow code.
 */
export const REFUSED_ENCODING = 'binary/refused-not-encrypted-under-a-known-key';

const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'utf8'));
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/**
 * The plaintext of one payload: its metadata as JSON (values base64) behind a 4-byte length, then its data bytes.
 * The metadata is inside, so nothing about the original value (not even its encoding) is readable in Temporal.
 */
function serialise(payload: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[key] = Buffer.from(value).toString('base64');
  }
  const header = Buffer.from(JSON.stringify(metadata), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, Buffer.from(payload.data ?? new Uint8Array())]);
}

function deserialise(plaintext: Buffer): Payload {
  const headerLength = plaintext.readUInt32BE(0);
  const encoded = JSON.parse(plaintext.subarray(4, 4 + headerLength).toString('utf8')) as Record<string, string>;
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(encoded)) metadata[key] = new Uint8Array(Buffer.from(value, 'base64'));
  return { metadata, data: new Uint8Array(plaintext.subarray(4 + headerLength)) };
}

export class PayloadDecryptionError extends Error {
  constructor(reason: string) {
    super(`Payload refused: ${reason}`);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * AES-256-GCM payload codec. Every payload is encrypted under the current key with a fresh 96-bit IV; the key id is
 * in the metadata (and authenticated as additional data), so a payload written under an older key still decodes
 * while that key is configured. Decoding is fail-closed: a payload that is not encrypted, names an unknown key or
 * fails authentication becomes a REFUSED_ENCODING payload that nothing can read.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadEncryptionConfig) {}

  get currentKeyId(): string {
    return this.keys.currentKeyId;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(payloads.map((payload) => this.encrypt(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((payload) => {
        try {
          return this.decrypt(payload);
        } catch (error) {
          const reason = error instanceof PayloadDecryptionError ? error.message : 'Payload refused: undecodable';
          return { metadata: { encoding: utf8(REFUSED_ENCODING) }, data: utf8(reason) };
        }
      }),
    );
  }

  encrypt(payload: Payload): Payload {
    const keyId = this.keys.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys.get(keyId)!, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(serialise(payload)), cipher.final()]);
    return {
      metadata: {
        encoding: utf8(ENCRYPTED_ENCODING),
        [CIPHER_METADATA]: utf8(CIPHER),
        [KEY_ID_METADATA]: utf8(keyId),
      },
      data: new Uint8Array(Buffer.concat([iv, ciphertext, cipher.getAuthTag()])),
    };
  }

  /** The original payload, or PayloadDecryptionError saying why it is refused. */
  decrypt(payload: Payload): Payload {
    const metadata = payload.metadata ?? {};
    if (text(metadata.encoding) !== ENCRYPTED_ENCODING || text(metadata[CIPHER_METADATA]) !== CIPHER) {
      throw new PayloadDecryptionError('not encrypted');
    }
    const keyId = text(metadata[KEY_ID_METADATA]) ?? '';
    const key = this.keys.keys.get(keyId);
    if (!key) throw new PayloadDecryptionError(`encrypted under an unknown key "${keyId.slice(0, 64)}"`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES + 4) throw new PayloadDecryptionError('truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return deserialise(plaintext);
    } catch {
      throw new PayloadDecryptionError(`authentication failed under key "${keyId}"`);
    }
  }
}

/**
 * The data converter of every Temporal client and worker of this system: every payload through the AES-GCM codec.
 * (Failure messages stay readable: the workflow's are refusal codes and catalogue texts, never case text.)
 */
export function caseDataConverter(keys: PayloadEncryptionConfig): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}

/** The data converter for a process's configuration; throws the start-up refusal when no key is configured. */
export function caseDataConverterFor(config: Pick<AppConfig, 'nodeEnv' | 'temporal'>): DataConverter {
  return caseDataConverter(requirePayloadEncryption(config));
}
