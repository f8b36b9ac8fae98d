import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { ActivityInterceptors } from '@temporalio/worker';
import { isSafeRequestId, runWithRequestContext } from '@libs/config/request-context';
import { CASE_WORKFLOW_TYPE, REQUEST_ID_HEADER } from '@libs/contracts';

/** The request id a workflow passed on with an activity, if it is there and looks like one of ours. */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    return isSafeRequestId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs each activity inside the log context of the HTTP request that caused it (from the `request-id` header the
 * workflow interceptor copies onto it), so that the activity's own log lines and the SDK's lines about it carry the
 * request id, and the case id (the case workflow's id). Activities that timers caused have no request id.
 */
export function requestContextActivityInterceptor(context: Context): ActivityInterceptors {
  const { info } = context;
  const caseId = info.workflowType === CASE_WORKFLOW_TYPE ? info.workflowExecution?.workflowId : undefined;
  let requestId: string | undefined;
  return {
    inbound: {
      execute(input, next) {
        requestId = requestIdFromHeaders(input.headers);
        return requestId ? runWithRequestContext({ requestId, caseId }, () => next(input)) : next(input);
      },
    },
    outbound: {
      // SDK lines about the activity ("Activity completed", failures) are written outside `execute`.
      getLogAttributes(input, next) {
        return next({ ...input, ...(requestId ? { requestId } : {}), ...(caseId ? { caseId } : {}) });
      },
    },
  };
}
