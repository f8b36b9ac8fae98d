import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './api-error';
import { FIELD_MESSAGES } from './error-catalog';

function flatten(
  errors: ValidationError[],
  parent = '',
): { field: string; code: string; messages: { vi: string; en: string } }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, english]) => ({
      field,
      code,
      messages: {
        vi: `${field}: ${FIELD_MESSAGES[code]?.vi ?? english}`,
        en: `${field}: ${english}`,
      },
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates every body and query against its DTO; unknown properties are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', flatten(errors)),
  });
}
