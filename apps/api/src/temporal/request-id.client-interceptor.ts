import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { currentRequestContext } from '@libs/config/request-context';
import { REQUEST_ID_HEADER } from '@libs/contracts';

/** The headers plus the current request's id (unchanged outside a request). */
export function withRequestIdHeader(headers: Headers): Headers {
  const requestId = currentRequestContext()?.requestId;
  if (!requestId) return headers;
  return { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

/**
 * Sends the HTTP request's id as a Temporal header with every workflow start, update and signal the API makes, so
 * that the worker can put it on the log lines of the activities the request caused.
 */
export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }

  startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }

  startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    return next({
      ...input,
      workflowStartHeaders: withRequestIdHeader(input.workflowStartHeaders),
      updateHeaders: withRequestIdHeader(input.updateHeaders),
    });
  }

  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }

  signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }
}
