import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithRequestContext } from '@libs/config/request-context';
import { withFields } from '@libs/config/logger';
import { requestContextOf } from './request-id';

const MAX_PATH_LENGTH = 512;
const HEALTH_PATH = '/api/health';

/**
 * The path as it may be logged: query values can hold personal data (names searched for, phone numbers), so only
 * the parameter names are kept: `/api/cases?q=Nguyễn&page=2` → `/api/cases?q&page`.
 */
export function loggablePath(originalUrl: string): string {
  const queryAt = originalUrl.indexOf('?');
  const path = (queryAt === -1 ? originalUrl : originalUrl.slice(0, queryAt)).slice(0, MAX_PATH_LENGTH);
  if (queryAt === -1) return path;
  const names = new Set<string>();
  for (const pair of originalUrl.slice(queryAt + 1).split('&')) {
    if (pair === '') continue;
    const raw = pair.split('=', 1)[0];
    let name: string;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      name = raw;
    }
    // Cut by code points (not UTF-16 units) and drop lone surrogates: encodeURIComponent throws on half a pair.
    const kept = Array.from(name).slice(0, 64).join('').replace(LONE_SURROGATE, '\uFFFD');
    names.add(encodeURIComponent(kept));
  }
  return names.size > 0 ? `${path}?${[...names].join('&')}` : path;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const logger = new Logger('HTTP');

/**
 * One line per request when its response has been sent (or the client went away): method, path without query values,
 * status, duration, response size, request and user id. Successful health checks log at debug level: load balancers
 * probe every few seconds.
 */
export function accessLogMiddleware(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const context = requestContextOf(request);
  let logged = false;
  const logOnce = (): void => {
    if (logged) return;
    logged = true;
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
    const path = loggablePath(request.originalUrl);
    const length = Number(response.getHeader('content-length'));
    const responseBytes = Number.isFinite(length) ? length : null;
    // A client that disconnected before the response ended is marked, with the status the handler had set.
    const aborted = !response.writableFinished;
    const status = response.statusCode;
    const line = withFields(
      `${request.method} ${path} ${status} ${durationMs} ms${responseBytes === null ? '' : ` ${responseBytes} B`}` +
        (aborted ? ' (client closed the connection)' : ''),
      { method: request.method, path, status, durationMs, responseBytes, ...(aborted ? { aborted } : {}) },
      { prettyFields: false },
    );
    const write = (): void => {
      if (path === HEALTH_PATH && status < 500) logger.debug(line);
      else logger.log(line);
    };
    if (context) runWithRequestContext(context, write);
    else write();
  };
  response.once('finish', logOnce);
  response.once('close', logOnce);
  next();
}
