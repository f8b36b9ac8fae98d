import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { isSafeRequestId, runWithRequestContext, type RequestContext } from '@libs/config/request-context';

const HEADER = 'x-request-id';
const CONTEXT = Symbol('case-engine.request-context');

type RequestWithContext = Request & { requestId?: string; [CONTEXT]?: RequestContext };

/**
 * Gives every request an id (the caller's X-Request-Id if it is sane), echoed in the response, and runs the rest of
 * the request inside its context, so every log line written while handling it carries the id.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers[HEADER];
  const id = isSafeRequestId(incoming) ? incoming : randomUUID();
  const context: RequestContext = { requestId: id };
  (request as RequestWithContext).requestId = id;
  (request as RequestWithContext)[CONTEXT] = context;
  response.setHeader('X-Request-Id', id);
  runWithRequestContext(context, next);
}

export function requestIdOf(request: Request): string | undefined {
  return (request as RequestWithContext).requestId;
}

export function requestContextOf(request: Request): RequestContext | undefined {
  return (request as RequestWithContext)[CONTEXT];
}
