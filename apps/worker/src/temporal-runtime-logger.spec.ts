import { AppLogger } from '@libs/config/logger';
import { runWithRequestContext } from '@libs/config/request-context';
import { temporalRuntimeLogger } from './temporal-runtime-logger';

describe('temporalRuntimeLogger', () => {
  function capture(sdkLevel: 'DEBUG' | 'INFO') {
    const lines: string[] = [];
    const app = new AppLogger('worker', { format: 'json', level: 'debug', write: (line) => lines.push(line) });
    return { sdk: temporalRuntimeLogger(app, sdkLevel), json: () => lines.map((line) => JSON.parse(line)) };
  }

  it('writes the SDK’s lines as app log lines, metadata as fields, the component as context', () => {
    const { sdk, json } = capture('DEBUG');
    runWithRequestContext({ requestId: 'req-1' }, () =>
      sdk.debug('Activity completed', { sdkComponent: 'worker', activityType: 'notify', durationMs: 4 }),
    );
    sdk.warn('Worker state changed', { state: 'STOPPING' });
    sdk.error('Activity failed', { error: new Error('boom') });
    expect(json()).toEqual([
      expect.objectContaining({
        level: 'debug',
        process: 'worker',
        context: 'Temporal/worker',
        message: 'Activity completed',
        activityType: 'notify',
        durationMs: 4,
        requestId: 'req-1',
      }),
      expect.objectContaining({ level: 'warn', context: 'Temporal', state: 'STOPPING' }),
      expect.objectContaining({
        level: 'error',
        message: 'Activity failed',
        error: expect.stringMatching(/^Error: boom/),
      }),
    ]);
  });

  it('lets TEMPORAL_SDK_LOG_LEVEL filter before LOG_LEVEL', () => {
    const { sdk, json } = capture('INFO');
    sdk.debug('Activity started');
    sdk.info('Worker state changed');
    expect(json().map((line) => line.message)).toEqual(['Worker state changed']);
  });
});
