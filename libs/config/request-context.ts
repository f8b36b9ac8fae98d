import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the logs need to know about the work in progress: the HTTP request (or the request that caused an activity)
 * and, once known, who is acting and on which case. One mutable object per request, so that the auth guard can add
 * the user after the middleware has started the context.
 */
export interface RequestContext {
  readonly requestId: string;
  userId?: string;
  caseId?: string;
}

/** What callers may send as X-Request-Id (and what a Temporal `request-id` header must look like to be believed). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts asynchronously) inside `context`. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the authenticated user on the current request's context (no-op outside a request). */
export function setContextUser(userId: string): void {
  const context = storage.getStore();
  if (context) context.userId = userId;
}

/** Records the case the current request or activity works on (no-op outside one). */
export function setContextCase(caseId: string): void {
  const context = storage.getStore();
  if (context) context.caseId = caseId;
}
