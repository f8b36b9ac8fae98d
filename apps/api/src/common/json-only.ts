import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './api-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A request with a body must say it is JSON; otherwise it would reach validation as an empty object. */
export function jsonOnlyMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
  if (BODY_METHODS.has(request.method) && hasBody && !request.is('application/json')) {
    next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE'));
    return;
  }
  next();
}
