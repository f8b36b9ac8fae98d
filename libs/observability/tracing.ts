import type * as OtelApi from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';

export type TraceExporterName = 'otlp' | 'console';

/**
 * Tracing is off unless configured with the standard OpenTelemetry variables: `OTEL_TRACES_EXPORTER=otlp|console`,
 * or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, OTLP/HTTP).
 * `OTEL_TRACES_EXPORTER=none` turns it off whatever else is set.
 */
export function traceExporterFrom(env: NodeJS.ProcessEnv = process.env): TraceExporterName | null {
  const named = (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase();
  if (named === 'none') return null;
  if (named === 'otlp' || named === 'console') return named;
  if (named !== '')
    throw new Error(`OTEL_TRACES_EXPORTER must be otlp, console or none; got "${env.OTEL_TRACES_EXPORTER}"`);
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : null;
}

/** The process's tracing, once started: the OpenTelemetry API and Temporal interceptors, loaded only then. */
export interface ActiveTracing {
  api: typeof OtelApi;
  temporal: typeof TemporalOtel;
  tracer: OtelApi.Tracer;
  resource: Resource;
  processor: SpanProcessor;
  shutdown(): Promise<void>;
}

let active: ActiveTracing | null = null;

/** The tracing started by `startTracing`, or null (off): callers then load no OpenTelemetry code at all. */
export function activeTracing(): ActiveTracing | null {
  return active;
}

/**
 * Starts tracing for this process when configured (see `traceExporterFrom`): a global tracer provider with the
 * AsyncLocalStorage context manager and W3C trace-context propagation, batching spans to the exporter. The
 * OpenTelemetry packages are required here only, so a process without tracing never loads them.
 */
export async function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ActiveTracing | null> {
  if (active) return active;
  const exporterName = traceExporterFrom(env);
  if (!exporterName) return null;
  const [api, node, base, resources, temporal] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@temporalio/interceptors-opentelemetry'),
  ]);
  const exporter =
    exporterName === 'console'
      ? new base.ConsoleSpanExporter()
      : new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  const resource = new resources.Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  // Batching reads OTEL_BSP_* (delay, queue and batch sizes).
  const processor = new base.BatchSpanProcessor(exporter);
  const provider = new node.NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  active = {
    api,
    temporal,
    tracer: provider.getTracer('case-engine'),
    resource,
    processor,
    async shutdown() {
      active = null;
      await provider.shutdown();
    },
  };
  return active;
}

/** Flushes and stops tracing (at process exit); nothing when off. */
export async function stopTracing(): Promise<void> {
  await active?.shutdown();
}
