import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import { currentRequestContext } from '@libs/config/request-context';
import { requestContextActivityInterceptor, requestIdFromHeaders } from './request-context.activity-interceptor';

function activityContext(workflowType: string, workflowId = 'case-1'): Context {
  return { info: { workflowType, workflowExecution: { workflowId, runId: 'run-1' } } } as unknown as Context;
}

const header = (value: unknown) => ({ 'request-id': defaultPayloadConverter.toPayload(value) });

describe('requestContextActivityInterceptor', () => {
  it('runs the activity in the context of the request named by its header, with the case id', async () => {
    const { inbound, outbound } = requestContextActivityInterceptor(activityContext('caseWorkflow'));
    const seen = await inbound!.execute!({ args: [], headers: header('req-42') }, () =>
      Promise.resolve(currentRequestContext()),
    );
    expect(seen).toEqual({ requestId: 'req-42', caseId: 'case-1' });
    // The SDK's own lines about the activity, written outside `execute`, get the same ids.
    expect(outbound!.getLogAttributes!({ activityType: 'notify' }, (attributes) => attributes)).toEqual({
      activityType: 'notify',
      requestId: 'req-42',
      caseId: 'case-1',
    });
  });

  it('leaves activities that no request caused (timers) without a request context', async () => {
    const { inbound, outbound } = requestContextActivityInterceptor(activityContext('caseWorkflow'));
    expect(await inbound!.execute!({ args: [], headers: {} }, () => Promise.resolve(currentRequestContext()))).toBe(
      undefined,
    );
    expect(outbound!.getLogAttributes!({}, (attributes) => attributes)).toEqual({ caseId: 'case-1' });
  });

  it('names no case for other workflow types', () => {
    const { outbound } = requestContextActivityInterceptor(activityContext('notificationProbe', 'probe-1'));
    expect(outbound!.getLogAttributes!({}, (attributes) => attributes)).toEqual({});
  });

  it('believes only headers that look like request ids', () => {
    expect(requestIdFromHeaders(header('ok-1'))).toBe('ok-1');
    expect(requestIdFromHeaders(header('has space'))).toBeUndefined();
    expect(requestIdFromHeaders(header({ requestId: 'x' }))).toBeUndefined();
    expect(requestIdFromHeaders({ 'request-id': { metadata: { encoding: new Uint8Array([1]) } } })).toBeUndefined();
    expect(requestIdFromHeaders({})).toBeUndefined();
  });
});
