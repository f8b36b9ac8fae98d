import { readFileSync } from 'node:fs';

/**
 * The keys of the payload codec that encrypts everything the case workflows carry in Temporal (AES-256-GCM).
 * Every key stays readable, so histories written under an older key still decode; new data is written under
 * `currentKeyId`. The same set must be given to the API and the worker.
 */
export interface PayloadEncryptionConfig {
  /** Key id → 32-byte AES key. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new payloads are encrypted with. */
  currentKeyId: string;
  /** True when these are the fixed development-only keys (NODE_ENV=development/test without any setting). */
  isDevelopmentDefault: boolean;
}

/**
 * Used when no key is configured and NODE_ENV is explicitly `development` or `test`: fixed, so that the histories of
 * `npm run up` stay readable across restarts. It is public and must never protect real data.
 */
export const DEVELOPMENT_ONLY_PAYLOAD_KEY_ID = 'development-only';
export const DEVELOPMENT_ONLY_PAYLOAD_KEY = Buffer.from(
  'development-only-payload-key--never-in-production',
  'utf8',
).subarray(0, 32);

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** `keyId:base64key` entries separated by commas or new lines (the file form allows one per line and # comments). */
function parseKeyList(raw: string, source: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = raw
    .split(/[,\n]/)
    .map((entry) => entry.replace(/#.*$/, '').trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (!KEY_ID.test(id)) {
      throw new Error(
        `${source}: each entry must be keyId:base64key with a key id of letters, digits, ".", "_" or "-" ` +
          `(e.g. 2026-01:$(openssl rand -base64 32)); got an entry starting "${entry.slice(0, 12)}"`,
      );
    }
    const encoded = entry.slice(separator + 1).trim();
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
      throw new Error(`${source}: key "${id}" must be 32 bytes in base64 (openssl rand -base64 32), got ${key.length}`);
    }
    if (keys.has(id)) throw new Error(`${source}: key id "${id}" is listed twice`);
    keys.set(id, key);
  }
  return keys;
}

function keysFromFile(file: string): Map<string, Buffer> {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`TEMPORAL_PAYLOAD_KEYS_FILE: cannot read "${file}" (${reason})`, { cause: error });
  }
  return parseKeyList(content, 'TEMPORAL_PAYLOAD_KEYS_FILE');
}

/**
 * Reads TEMPORAL_PAYLOAD_KEYS (or TEMPORAL_PAYLOAD_KEYS_FILE) and TEMPORAL_PAYLOAD_KEY_ID. Null when nothing is set
 * outside development and test: the API and the worker then refuse to start (see requirePayloadEncryption).
 */
export function loadPayloadEncryptionConfig(
  env: NodeJS.ProcessEnv,
  nodeEnv: 'development' | 'production' | 'test',
): PayloadEncryptionConfig | null {
  const inline = env.TEMPORAL_PAYLOAD_KEYS?.trim() || null;
  const file = env.TEMPORAL_PAYLOAD_KEYS_FILE?.trim() || null;
  const currentKeyId = env.TEMPORAL_PAYLOAD_KEY_ID?.trim() || null;
  if (inline && file) throw new Error('Set TEMPORAL_PAYLOAD_KEYS or TEMPORAL_PAYLOAD_KEYS_FILE, not both');
  if (!inline && !file) {
    if (currentKeyId) throw new Error('TEMPORAL_PAYLOAD_KEY_ID is set but TEMPORAL_PAYLOAD_KEYS(_FILE) is not');
    if (nodeEnv === 'production') return null;
    return {
      keys: new Map([[DEVELOPMENT_ONLY_PAYLOAD_KEY_ID, DEVELOPMENT_ONLY_PAYLOAD_KEY]]),
      currentKeyId: DEVELOPMENT_ONLY_PAYLOAD_KEY_ID,
      isDevelopmentDefault: true,
    };
  }
  const keys = inline ? parseKeyList(inline, 'TEMPORAL_PAYLOAD_KEYS') : keysFromFile(file!);
  if (keys.size === 0) throw new Error('TEMPORAL_PAYLOAD_KEYS(_FILE) lists no key');
  const current = currentKeyId ?? (keys.size === 1 ? [...keys.keys()][0] : null);
  if (current === null) {
    throw new Error(
      'TEMPORAL_PAYLOAD_KEY_ID must name the key new data is encrypted with when several keys are listed',
    );
  }
  if (!keys.has(current)) {
    throw new Error(
      `TEMPORAL_PAYLOAD_KEY_ID "${current}" is not one of the listed keys (${[...keys.keys()].join(', ')})`,
    );
  }
  if (nodeEnv === 'production' && [...keys.values()].some((key) => key.equals(DEVELOPMENT_ONLY_PAYLOAD_KEY))) {
    throw new Error('TEMPORAL_PAYLOAD_KEYS contains the public development-only key: generate your own');
  }
  return { keys, currentKeyId: current, isDevelopmentDefault: false };
}
