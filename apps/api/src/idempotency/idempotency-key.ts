import { createHash } from 'node:crypto';
import { fieldProblem, validationFailed } from '../common/field-errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** How long a key is remembered (from its first use). A retry after that is a new request. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** 1–200 visible ASCII characters (0x21–0x7E): a UUID, a ULID, or any client-chosen token without spaces. */
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

/** The key of a request, or null when it has none; a malformed key is 400 VALIDATION_FAILED naming the header. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header === 'string' && KEY_FORMAT.test(header)) return header;
  throw validationFailed(
    fieldProblem(
      IDEMPOTENCY_HEADER,
      'isIdempotencyKey',
      'Phải là một chuỗi 1–200 ký tự ASCII nhìn thấy được, không có dấu cách (ví dụ một UUID), gửi một lần.',
      'Must be one value of 1–200 visible ASCII characters without spaces (e.g. a UUID).',
    ),
  );
}

/**
 * JSON with object keys sorted at every depth, so that key order and whitespace do not change the hash. Iterative:
 * a hostile body nested thousands of levels deep must reach the validation pipe (400), not overflow the stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const pending: ({ text: string } | { value: unknown })[] = [{ value }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if ('text' in next) {
      out.push(next.text);
      continue;
    }
    const current = next.value;
    if (current === null || typeof current !== 'object') {
      out.push(JSON.stringify(current ?? null));
      continue;
    }
    // Pushed in reverse: the stack pops them in order.
    const parts: ({ text: string } | { value: unknown })[] = [];
    if (Array.isArray(current)) {
      parts.push({ text: '[' });
      current.forEach((item: unknown, index) => {
        if (index > 0) parts.push({ text: ',' });
        parts.push({ value: item ?? null });
      });
      parts.push({ text: ']' });
    } else {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push({ text: '{' });
      entries.forEach(([key, item], index) => {
        parts.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` }, { value: item });
      });
      parts.push({ text: '}' });
    }
    for (let index = parts.length - 1; index >= 0; index -= 1) pending.push(parts[index]);
  }
  return out.join('');
}

/** SHA-256 of the request body as canonical JSON (an absent body counts as `null`). */
export function requestBodyHash(body: unknown): Buffer {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest();
}

/** Name-based UUID (RFC 9562 version 5: SHA-1 of namespace + name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Namespace of case ids derived from idempotency keys (fixed forever: changing it would change the ids). */
const CASE_ID_NAMESPACE = '3d3fb083-b913-425a-8083-913f7a368d02';

/**
 * The case id (= workflow id) of `POST /api/cases` sent by `userId` with Idempotency-Key `key`. Deterministic, so
 * a retry after a crash between starting the workflow and storing the response cannot start a second workflow:
 * Temporal refuses the same id.
 */
export function caseIdForIdempotencyKey(userId: string, key: string): string {
  return uuidV5(`${userId}\n${key}`, CASE_ID_NAMESPACE);
}
