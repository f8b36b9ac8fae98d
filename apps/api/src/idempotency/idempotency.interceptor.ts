import {
  HttpStatus,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { concatMap, from, of, catchError, throwError, type Observable } from 'rxjs';
import { authOf } from '../auth/request-auth';
import { ApiError } from '../common/api-error';
import { attachIdempotency } from './idempotency-context';
import { idempotencyKeyOf, requestBodyHash } from './idempotency-key';
import { IdempotencyStore, type IdempotencyClaim } from './idempotency.store';

/**
 * Makes a create endpoint safe to retry (apply with @Idempotent()). A request with an `Idempotency-Key` header runs
 * once per (user, key): a retry with the same body gets the first response (status and body, header
 * `Idempotent-Replayed: true`) and changes nothing; the same key with another body or endpoint is 422
 * IDEMPOTENCY_KEY_REUSED; a retry while the first request still runs is 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. Only
 * successful responses are remembered: after an error the same key may be used again. Keys expire after 24 hours.
 * Runs after the guards (only signed-in, permitted callers claim keys) and before validation, so the hash covers the
 * body exactly as sent (parsed JSON, key order and whitespace ignored).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const auth = authOf(request);
    if (key === null || !auth) return next.handle();

    const bodyHash = requestBodyHash(request.body);
    const outcome = await this.store.claim(auth.actor.userId, key, {
      method: request.method,
      path: request.originalUrl.split('?')[0],
      bodyHash,
    });
    switch (outcome.kind) {
      case 'replay':
        response.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
        return of(outcome.body);
      case 'mismatch':
        throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED');
      case 'in_progress':
        response.setHeader('Retry-After', '1');
        throw new ApiError(HttpStatus.CONFLICT, 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
      case 'claimed':
        attachIdempotency(request, { key, requestHash: bodyHash.toString('hex') });
        return this.runClaimed(outcome.claim, next, response);
    }
  }

  private runClaimed(claim: IdempotencyClaim, next: CallHandler, response: Response): Observable<unknown> {
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        // The work is done: answer even if the response cannot be stored (a retry then runs into the natural
        // duplicate checks once the claim is abandoned).
        await this.store
          .complete(claim, response.statusCode, body)
          .catch((error: unknown) => this.logger.error(`storing an idempotent response: ${String(error)}`));
        return body;
      }),
      catchError((error: unknown) =>
        from(
          this.store
            .release(claim)
            .catch((releaseError: unknown) =>
              this.logger.error(`releasing an idempotency key: ${String(releaseError)}`),
            ),
        ).pipe(concatMap(() => throwError(() => error))),
      ),
    );
  }
}
