/**
 * Temporal header carrying the id of the HTTP request that started or updated a workflow. The API's client
 * interceptor sets it, the workflow interceptor copies it onto the activities that request caused, and the worker's
 * activity interceptor puts it into the log context.
 */
export const REQUEST_ID_HEADER = 'request-id';
