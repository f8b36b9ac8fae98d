import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The idempotency key a handler runs under, for handlers that derive ids from it (POST /api/cases). */
export interface IdempotencyContext {
  key: string;
  /** Hex SHA-256 of the canonical request body. */
  requestHash: string;
}

const IDEMPOTENCY = Symbol('case-engine.idempotency');

export function attachIdempotency(request: Request, context: IdempotencyContext): void {
  (request as unknown as Record<symbol, IdempotencyContext>)[IDEMPOTENCY] = context;
}

/** The request's claimed idempotency key, or null when it came without one. */
export const CurrentIdempotency = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IdempotencyContext | null =>
    (context.switchToHttp().getRequest<Request>() as unknown as Record<symbol, IdempotencyContext | undefined>)[
      IDEMPOTENCY
    ] ?? null,
);

/** The idempotency key a request runs under (set by IdempotencyInterceptor), or null. */
export function idempotencyOf(request: Request): IdempotencyContext | null {
  return (request as unknown as Record<symbol, IdempotencyContext | undefined>)[IDEMPOTENCY] ?? null;
}
