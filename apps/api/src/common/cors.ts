import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/** Headers a browser page may read from responses (everything else beyond the CORS-safelisted ones stays hidden). */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Content-Language'];
/** Request headers a page may send: the bearer token, JSON bodies, the language, its own request and retry keys. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept-Language',
  'X-Request-Id',
  'Idempotency-Key',
  // Sent by the Temporal Web UI to the codec endpoint (/api/temporal-codec).
  'X-Namespace',
];
/** How long a browser may reuse a preflight answer (Chromium caps it at two hours). */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * CORS for the configured web front ends, or null when CORS_ORIGINS is empty (no CORS headers at all). Credentials
 * stay off: the API authenticates with bearer tokens, never cookies, so a page never needs the browser to attach any.
 * An origin that is not listed gets no Access-Control-Allow-Origin, so its page cannot read the answer.
 */
export function corsOptions(origins: string[] | '*'): CorsOptions | null {
  if (origins !== '*' && origins.length === 0) return null;
  return {
    origin: origins === '*' ? '*' : origins,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  };
}
