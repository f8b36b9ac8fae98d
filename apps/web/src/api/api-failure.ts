/** One problem with one field, as the API reports it (`errors[]` of the error body), already in the user's language. */
export interface FieldFailure {
  field: string;
  code: string;
  message: string;
}

/** The API's error body: `{ statusCode, code, message, errors?, requestId }`, message in the Accept-Language asked. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldFailure[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** Builds the failure from whatever came back (the API's JSON shape, or a proxy's HTML page). */
  static from(status: number, body: unknown, fallbackMessage: string): ApiFailure {
    if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'string') {
      const shaped = body as { code: string; message?: unknown; errors?: unknown; requestId?: unknown };
      const errors = Array.isArray(shaped.errors)
        ? shaped.errors
            .filter((error): error is FieldFailure => typeof error === 'object' && error !== null && 'field' in error)
            .map((error) => ({ field: String(error.field), code: String(error.code), message: String(error.message) }))
        : [];
      return new ApiFailure(
        status,
        shaped.code,
        typeof shaped.message === 'string' ? shaped.message : fallbackMessage,
        errors,
        typeof shaped.requestId === 'string' ? shaped.requestId : null,
      );
    }
    return new ApiFailure(status, `HTTP_${status}`, fallbackMessage);
  }
}

/** Field errors grouped by the top-level field name they concern (`communeCode`, `line 3, province_code` → as is). */
export function fieldErrorsByName(failure: ApiFailure, fields: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const error of failure.fieldErrors) {
    const name = fields.find((field) => error.field === field || error.field.startsWith(`${field}.`));
    if (!name) continue;
    byName.set(name, [...(byName.get(name) ?? []), error.message]);
  }
  return byName;
}
