import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiError } from './api-error';
import { FIELD_MESSAGES } from './error-catalog';

/** Far deeper than any request DTO nests; deeper input would exhaust the stack of the recursive transformer. */
const MAX_INPUT_DEPTH = 32;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL cannot store: NUL (refused by text and jsonb columns) and unpaired UTF-16 surrogates (not Unicode;
 * jsonb refuses their escapes). Accepted, they fail the query (500) or, inside a workflow, every retry of the
 * activity that records the event, so the case could never move again.
 */
function isUnstorableText(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

const INPUT_MESSAGES = {
  isStorableText: {
    vi: 'Chứa ký tự không hợp lệ (ký tự NUL hoặc mã UTF-16 không thành cặp).',
    en: 'Contains characters that cannot be stored (NUL or an unpaired UTF-16 surrogate).',
  },
  maxDepth: {
    vi: `Lồng nhau quá sâu (tối đa ${MAX_INPUT_DEPTH} cấp).`,
    en: `Nested too deeply (at most ${MAX_INPUT_DEPTH} levels).`,
  },
};

/** Walks the input without recursion and names the first fields that are too deep or hold unstorable text. */
function unacceptableInput(
  value: unknown,
  root: string,
): { field: string; code: string; messages: { vi: string; en: string } }[] {
  const problems: { field: string; code: keyof typeof INPUT_MESSAGES }[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0 && problems.length < 10) {
    const current = pending.pop()!;
    if (typeof current.value === 'string') {
      if (isUnstorableText(current.value)) problems.push({ field: current.path, code: 'isStorableText' });
    } else if (typeof current.value === 'object' && current.value !== null) {
      if (current.depth >= MAX_INPUT_DEPTH) {
        problems.push({ field: current.path, code: 'maxDepth' });
        continue;
      }
      for (const [key, child] of Object.entries(current.value)) {
        pending.push({ value: child, path: current.path ? `${current.path}.${key}` : key, depth: current.depth + 1 });
      }
    }
  }
  return problems.map(({ field, code }) => ({
    field,
    code,
    messages: {
      vi: `${field}: ${INPUT_MESSAGES[code].vi}`,
      en: `${field}: ${INPUT_MESSAGES[code].en}`,
    },
  }));
}

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

/**
 * Validates every body and query against its DTO; unknown properties are refused, not silently dropped. Before that,
 * every body, query and path parameter (DTO or plain string) is refused if it nests too deeply or carries text that
 * cannot be stored.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const problems = unacceptableInput(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (problems.length > 0) throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', problems);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', flatten(errors)),
  });
}
