import { ApiError } from '../common/api-error';
import { canonicalJson, caseIdForIdempotencyKey, idempotencyKeyOf, requestBodyHash, uuidV5 } from './idempotency-key';

describe('idempotency keys', () => {
  it('accepts 1–200 visible ASCII characters', () => {
    expect(idempotencyKeyOf(undefined)).toBeNull();
    expect(idempotencyKeyOf('a')).toBe('a');
    expect(idempotencyKeyOf('6f1c2b8e-2d3f-4c55-9e1a-0d5b7f0e9a11')).toBe('6f1c2b8e-2d3f-4c55-9e1a-0d5b7f0e9a11');
    expect(idempotencyKeyOf('~'.repeat(200))).toHaveLength(200);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['a space', 'two words'],
    ['non-ASCII', 'khoá-1'],
    ['a control character', 'key\u0001'],
    ['sent twice', ['a', 'b']],
  ])('refuses a key with %s, naming the header', (_what, header) => {
    let error: unknown;
    try {
      idempotencyKeyOf(header);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('VALIDATION_FAILED');
    expect((error as ApiError).fieldErrors?.[0].field).toBe('Idempotency-Key');
  });

  it('hashes bodies independently of key order and formatting', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(requestBodyHash({ a: 1, b: 2 }).equals(requestBodyHash(JSON.parse('{ "b": 2,  "a": 1 }')))).toBe(true);
    expect(requestBodyHash({ a: 1 }).equals(requestBodyHash({ a: 2 }))).toBe(false);
    expect(requestBodyHash(undefined)).toHaveLength(32);
    expect(canonicalJson([1, 'a', true, null, [], {}, { z: [{ y: 2, x: 1 }] }])).toBe(
      '[1,"a",true,null,[],{},{"z":[{"x":1,"y":2}]}]',
    );
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it('hashes a body nested far deeper than the stack allows', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(canonicalJson(deep)).toHaveLength(400_000);
  });

  it('derives RFC 9562 version-5 UUIDs', () => {
    // The RFC's example: the DNS namespace and "www.example.com".
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same case id for the same user and key, and another for anything else', () => {
    const user = '0b6f4f0e-7a55-4d8e-9a57-3b8f1c2d4e5f';
    const id = caseIdForIdempotencyKey(user, 'k-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(caseIdForIdempotencyKey(user, 'k-1')).toBe(id);
    expect(caseIdForIdempotencyKey(user, 'k-2')).not.toBe(id);
    expect(caseIdForIdempotencyKey('9d1c0e3a-1111-4222-8333-444455556666', 'k-1')).not.toBe(id);
  });
});
