import { HttpStatus } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../common/api-error';

export const CASE_SORTS = ['raisedAt', 'updatedAt', 'answerDeadline', 'priority'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The sort-key values of the last row of a page (timestamps as exact ISO text, ranks as integers), and its id. */
export interface CaseCursor {
  keys: (string | number)[];
  id: string;
}

/** What a cursor is bound to: it only continues the query it was issued for. */
export interface CursorScope {
  sort: CaseSort;
  order: SortOrder;
  /** Fingerprint of the filters. */
  filters: string;
}

interface CursorPayload {
  v: 1;
  s: CaseSort;
  o: SortOrder;
  f: string;
  k: (string | number)[];
  id: string;
}

const MAC_BYTES = 16;
const MAX_CURSOR_LENGTH = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** How many key values each sort has, and of which kind. */
const KEY_SHAPES: Record<CaseSort, ('instant' | 'int')[]> = {
  raisedAt: ['instant'],
  updatedAt: ['instant'],
  answerDeadline: ['int', 'instant'],
  priority: ['int'],
};

/**
 * Opaque page cursors: base64url of an HMAC-SHA256 tag followed by the JSON payload. The tag (key derived from the
 * API's secret) makes any edited cursor fail with 400 INVALID_CURSOR instead of silently skipping or repeating
 * rows, and the payload names the sort, order and filters it belongs to.
 */
export class CaseCursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'case-engine', 'case-list-cursor/v1', 32));
  }

  encode(scope: CursorScope, cursor: CaseCursor): string {
    const payload: CursorPayload = {
      v: 1,
      s: scope.sort,
      o: scope.order,
      f: scope.filters,
      k: cursor.keys,
      id: cursor.id,
    };
    const json = Buffer.from(JSON.stringify(payload), 'utf8');
    return Buffer.concat([this.mac(json), json]).toString('base64url');
  }

  /** The cursor's position, or 400 INVALID_CURSOR when it was altered, is malformed, or belongs to another query. */
  decode(scope: CursorScope, text: string): CaseCursor {
    if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalidCursor();
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length <= MAC_BYTES || bytes.toString('base64url') !== text) throw invalidCursor();
    const tag = bytes.subarray(0, MAC_BYTES);
    const json = bytes.subarray(MAC_BYTES);
    if (!timingSafeEqual(tag, this.mac(json))) throw invalidCursor();
    let payload: CursorPayload;
    try {
      payload = JSON.parse(json.toString('utf8')) as CursorPayload;
    } catch {
      throw invalidCursor();
    }
    if (
      payload?.v !== 1 ||
      payload.s !== scope.sort ||
      payload.o !== scope.order ||
      payload.f !== scope.filters ||
      typeof payload.id !== 'string' ||
      !UUID.test(payload.id) ||
      !keysFit(payload.k, KEY_SHAPES[scope.sort])
    ) {
      throw invalidCursor();
    }
    return { keys: payload.k, id: payload.id };
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.key).update(data).digest().subarray(0, MAC_BYTES);
  }
}

function keysFit(keys: unknown, shape: ('instant' | 'int')[]): keys is (string | number)[] {
  return (
    Array.isArray(keys) &&
    keys.length === shape.length &&
    shape.every((kind, index) => {
      const value: unknown = keys[index];
      return kind === 'int'
        ? Number.isSafeInteger(value)
        : typeof value === 'string' && EXACT_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
    })
  );
}

function invalidCursor(): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_CURSOR');
}
