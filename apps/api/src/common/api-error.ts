import { HttpException } from '@nestjs/common';
import type { RefusalCode } from '@libs/domain';
import { ERROR_MESSAGES, type ErrorCode } from './error-catalog';

export interface FieldError {
  /** Dotted path of the offending field in the request, e.g. `communeCode`. */
  field: string;
  /** Machine-readable reason, e.g. `isIn`, `maxLength`. */
  code: string;
  message: string;
}

/** What every error response looks like. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  requestId?: string;
}

/** An error with a stable code; the exception filter renders it in the caller's language. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode | RefusalCode,
    readonly fieldErrors?: { field: string; code: string; messages: { vi: string; en: string } }[],
    readonly customMessages?: { vi: string; en: string },
  ) {
    super((customMessages ?? messagesFor(code)).en, status);
  }
}

/** Catalogue words for a code; lifecycle refusals always bring their own (they say which state, role or unit). */
export function messagesFor(code: ErrorCode | RefusalCode): { vi: string; en: string } {
  return (ERROR_MESSAGES as Record<string, { vi: string; en: string }>)[code] ?? { vi: code, en: code };
}
