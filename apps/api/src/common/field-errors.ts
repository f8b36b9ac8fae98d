import { HttpStatus } from '@nestjs/common';
import { ApiError } from './api-error';

export interface FieldProblem {
  field: string;
  code: string;
  messages: { vi: string; en: string };
}

/** A problem with one field of the request, worded like the validation pipe's (`field: what is wrong`). */
export function fieldProblem(field: string, code: string, vi: string, en: string): FieldProblem {
  return { field, code, messages: { vi: `${field}: ${vi}`, en: `${field}: ${en}` } };
}

/** 400 VALIDATION_FAILED listing the problems found after the DTO checks (e.g. against the database). */
export function validationFailed(...problems: FieldProblem[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', problems);
}
