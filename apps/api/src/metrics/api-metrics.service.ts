import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@libs/config';

/** Route label of requests no route matched (404s, the web console's files): one value, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Latency buckets (seconds): from a cached read to an update waiting on the worker. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 20];

/**
 * The route pattern a request matched (`/api/cases/:id`), never its URL: label values stay bounded whatever
 * clients send.
 */
export function routeOf(request: Request): string {
  const { route } = request as unknown as { route?: { path?: unknown } };
  if (!route || typeof route.path !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${route.path}`;
}

/**
 * The API's Prometheus metrics (prom-client, a registry of its own): requests and their latency by method, route
 * pattern and status, plus Node's process metrics. Served on a separate listener (API_METRICS_ADDRESS), never on
 * the public port; without that setting the figures are still kept, but nobody can read them.
 */
@Injectable()
export class ApiMetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'case_engine_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'case_engine_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its response, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private server: Server | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware: counts each request once its response has finished (or the client went away). */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let counted = false;
    const count = (): void => {
      if (counted) return;
      counted = true;
      const labels = { method: request.method, route: routeOf(request), status: String(response.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    response.once('finish', count);
    response.once('close', count);
    next();
  };

  async onApplicationBootstrap(): Promise<void> {
    const address = this.config.metrics.api;
    if (!address) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?', 1)[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Prometheus metrics on http://${address.host}:${address.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
