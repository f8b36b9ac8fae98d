import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ActiveTracing } from '@libs/observability/tracing';
import { routeOf } from '../metrics/api-metrics.service';

/**
 * The server span of each request (only when tracing is on): continues a caller's W3C `traceparent`, is active
 * while the request is handled (so the Temporal client's spans and headers hang under it), and is named after the
 * route pattern once routing has happened: `POST /api/cases/:id/escalate`.
 */
export function tracingMiddleware(tracing: ActiveTracing): RequestHandler {
  const { api, tracer } = tracing;
  return (request: Request, response: Response, next: NextFunction): void => {
    const parent = api.propagation.extract(api.ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${request.path}`,
      { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
      parent,
    );
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      const route = routeOf(request);
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    api.context.with(api.trace.setSpan(parent, span), next);
  };
}
