import {
  AsyncLocalStorage,
  defaultPayloadConverter,
  workflowInfo,
  type Headers,
  type Payload,
  type WorkflowInterceptors,
} from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '@libs/contracts';

/**
 * Carries the API's `request-id` header from the message that caused some work to the activities (and signals) that
 * work schedules, so the worker's log lines for them name the HTTP request. Only headers and log attributes are
 * touched: no command is added, removed or reordered, so histories replay unchanged.
 *
 * Which request caused what: an update or signal handler runs in an async context holding its message's header
 * (`null` when it has none), which the handler's own promise chain inherits. The start's header applies only to
 * what the first workflow task schedules (the `case_reported` event); activities that later timers schedule belong to
 * no request and carry no header.
 *
 * Registered through `workflowInterceptorModules` when the workflow bundle is built (libs/temporal/workflow-bundle.ts).
 */
export const interceptors = (): WorkflowInterceptors => {
  const handling = new AsyncLocalStorage<Payload | null>();
  let start: { header: Payload; historyLength: number } | null = null;

  const activeHeader = (): Payload | undefined => {
    const own = handling.getStore();
    if (own !== undefined) return own ?? undefined;
    return start && workflowInfo().historyLength === start.historyLength ? start.header : undefined;
  };
  const withHeader = <T extends { readonly headers: Headers }>(input: T): T => {
    const header = activeHeader();
    return header ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: header } } : input;
  };

  return {
    inbound: [
      {
        execute(input, next) {
          const header = input.headers[REQUEST_ID_HEADER];
          if (header) start = { header, historyLength: workflowInfo().historyLength };
          return next(input);
        },
        handleUpdate(input, next) {
          return handling.run(input.headers[REQUEST_ID_HEADER] ?? null, () => next(input));
        },
        handleSignal(input, next) {
          return handling.run(input.headers[REQUEST_ID_HEADER] ?? null, () => next(input));
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(withHeader(input)),
        scheduleLocalActivity: (input, next) => next(withHeader(input)),
        signalWorkflow: (input, next) => next(withHeader(input)),
        getLogAttributes(input, next) {
          const header = activeHeader();
          const requestId = header ? defaultPayloadConverter.fromPayload<unknown>(header) : undefined;
          return next(typeof requestId === 'string' ? { ...input, requestId } : input);
        },
      },
    ],
  };
};
