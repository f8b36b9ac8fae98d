import { trace } from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { Headers, WorkflowInterceptors } from '@temporalio/workflow';

/** The header the OpenTelemetry client interceptor puts the caller's span context in. */
const TRACE_HEADER = '_tracer-data';

/**
 * OpenTelemetry in the workflow, only for messages that carry a trace (the API sends one when tracing is on): the
 * handling of a traced update or signal becomes a span, and the activities it schedules run under it. The run
 * itself is not a span (a case workflow lives for weeks; its timers' work belongs to no request). An
 * untraced message — every message when tracing is off, and every history recorded before tracing existed —
 * goes straight to the next interceptor: no span, no header, nothing in the history changes, so replay is
 * unaffected. Spans add no command; the SDK's interceptor records its behaviour flags in the history it traces.
 *
 * Registered through `workflowInterceptorModules` when the workflow bundle is built (libs/temporal/workflow-bundle.ts).
 */
export const interceptors = (): WorkflowInterceptors => {
  let otel: {
    inbound: OpenTelemetryInboundInterceptor;
    outbound: OpenTelemetryOutboundInterceptor;
    internals: OpenTelemetryInternalsInterceptor;
  } | null = null;
  const traced = (headers: Headers) => {
    if (!headers[TRACE_HEADER]) return null;
    otel ??= {
      inbound: new OpenTelemetryInboundInterceptor(),
      outbound: new OpenTelemetryOutboundInterceptor(),
      internals: new OpenTelemetryInternalsInterceptor(),
    };
    return otel;
  };
  // Outbound calls are traced only inside a traced message's span (a timer's work belongs to no request).
  const inSpan = () => (otel && trace.getActiveSpan() ? otel : null);

  return {
    inbound: [
      {
        handleUpdate: (input, next) => traced(input.headers)?.inbound.handleUpdate(input, next) ?? next(input),
        validateUpdate: (input, next) => {
          const tracing = traced(input.headers);
          if (tracing) tracing.inbound.validateUpdate(input, next);
          else next(input);
        },
        handleSignal: (input, next) => traced(input.headers)?.inbound.handleSignal(input, next) ?? next(input),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => inSpan()?.outbound.scheduleActivity(input, next) ?? next(input),
        scheduleLocalActivity: (input, next) => inSpan()?.outbound.scheduleLocalActivity(input, next) ?? next(input),
      },
    ],
    internals: [
      {
        dispose: (input, next) => {
          if (otel) void otel.internals.dispose(input, next);
          else next(input);
        },
      },
    ],
  };
};
