import { HttpException } from '@nestjs/common';
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
    readonly code: ErrorCode,
    readonly fieldErrors?: { field: string; code: string; messages: { vi: string; en: string } }[],
    readonly customMessages?: { vi: string; en: string },
  ) {
    super((customMessages ?? ERROR_MESSAGES[code]).en, status);
  }
}
