import { ApiError } from '../common/api-error';
import { CaseCursorCodec, type CursorScope } from './case-list-cursor';

describe('case list cursors', () => {
  const codec = new CaseCursorCodec('a-test-secret-of-at-least-thirty-two-characters');
  const scope: CursorScope = { sort: 'answerDeadline', order: 'desc', filters: 'abc123' };
  const position = { keys: [0, '2026-11-28T03:04:05.123456Z'], id: '5b0c3c4e-8f87-4a4b-9d4e-6d1f0c1e2a33' };

  const codeOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ApiError) return error.code;
      throw error;
    }
    return 'accepted';
  };

  it('round-trips a position as URL-safe text', () => {
    const cursor = codec.encode(scope, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(scope, cursor)).toEqual(position);
  });

  it('refuses an altered cursor', () => {
    const cursor = codec.encode(scope, position);
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 3] ^= 1;
    expect(codeOf(() => codec.decode(scope, bytes.toString('base64url')))).toBe('INVALID_CURSOR');
    const forged = Buffer.concat([Buffer.alloc(16), Buffer.from(JSON.stringify({ v: 1 }))]).toString('base64url');
    expect(codeOf(() => codec.decode(scope, forged))).toBe('INVALID_CURSOR');
  });

  it.each(['', 'not base64!', 'abc', 'x'.repeat(2000)])('refuses garbage %#', (text) => {
    expect(codeOf(() => codec.decode(scope, text))).toBe('INVALID_CURSOR');
  });

  it('refuses a cursor of another sort, order or filter set, or signed with another secret', () => {
    const cursor = codec.encode(scope, position);
    expect(codeOf(() => codec.decode({ ...scope, order: 'asc' }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => codec.decode({ ...scope, filters: 'other' }, cursor))).toBe('INVALID_CURSOR');
    expect(codeOf(() => codec.decode({ ...scope, sort: 'priority' }, cursor))).toBe('INVALID_CURSOR');
    const other = new CaseCursorCodec('another-secret-of-at-least-thirty-two-chars');
    expect(codeOf(() => other.decode(scope, cursor))).toBe('INVALID_CURSOR');
  });

  it('refuses a validly signed payload with the wrong shape', () => {
    const raisedAt: CursorScope = { sort: 'raisedAt', order: 'asc', filters: 'f' };
    expect(codeOf(() => codec.decode(raisedAt, codec.encode(raisedAt, { keys: ['yesterday'], id: position.id })))).toBe(
      'INVALID_CURSOR',
    );
    expect(codeOf(() => codec.decode(raisedAt, codec.encode(raisedAt, { keys: [1], id: position.id })))).toBe(
      'INVALID_CURSOR',
    );
    expect(
      codeOf(() => codec.decode(raisedAt, codec.encode(raisedAt, { keys: ['2026-11-28T03:04:05.123456Z'], id: 'x' }))),
    ).toBe('INVALID_CURSOR');
  });
});
