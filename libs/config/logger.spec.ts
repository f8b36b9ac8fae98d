import { Logger } from '@nestjs/common';
import { AppLogger, formatJsonLine, formatPrettyMessage, shortRequestId, withFields } from './logger';
import { runWithRequestContext } from './request-context';

function capture(format: 'json' | 'pretty', level: 'info' | 'debug' = 'info') {
  const lines: { text: string; stream: 'stdout' | 'stderr' }[] = [];
  const logger = new AppLogger('api', { format, level, write: (text, stream) => lines.push({ text, stream }) });
  return { logger, lines, json: () => lines.map((line) => JSON.parse(line.text) as Record<string, unknown>) };
}

describe('formatJsonLine', () => {
  const time = new Date('2025-11-26T03:04:05.678Z');

  it('writes {time, level, process, context, message} and the request ids, on one line', () => {
    const line = formatJsonLine({
      time,
      level: 'log',
      process: 'api',
      context: 'HTTP',
      message: 'GET /api/cases 200',
      request: { requestId: 'r-1', userId: 'u-1', caseId: 'c-1' },
    });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2025-11-26T03:04:05.678Z',
      level: 'info',
      process: 'api',
      context: 'HTTP',
      message: 'GET /api/cases 200',
      requestId: 'r-1',
      userId: 'u-1',
      caseId: 'c-1',
    });
  });

  it('spreads structured fields as keys, without letting them overwrite the line’s own', () => {
    const message = withFields('Activity completed', {
      durationMs: 12,
      requestId: 'from-header',
      level: 'trace',
      time: 'yesterday',
      message: 'forged',
      skipped: undefined,
    });
    const parsed = JSON.parse(formatJsonLine({ time, level: 'debug', process: 'worker', message }));
    expect(parsed).toEqual({
      time: time.toISOString(),
      level: 'debug',
      process: 'worker',
      message: 'Activity completed',
      durationMs: 12,
      requestId: 'from-header',
    });
  });

  it('survives errors, bigints and cycles in fields', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const shared = { n: 1 };
    const parsed = JSON.parse(
      formatJsonLine({
        time,
        level: 'warn',
        process: 'worker',
        message: withFields('Activity failed', { error: new Error('boom'), big: 10n, cycle, a: shared, b: shared }),
      }),
    );
    expect(parsed.error).toMatch(/^Error: boom\n\s+at /);
    expect(parsed.big).toBe('10');
    expect(parsed.cycle).toEqual({ name: 'loop', self: '[Circular]' });
    // The same object twice is not a cycle.
    expect([parsed.a, parsed.b]).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('turns an Error message into its text and keeps the stack in its own key', () => {
    const parsed = JSON.parse(formatJsonLine({ time, level: 'error', process: 'api', message: new Error('no way') }));
    expect(parsed.message).toBe('no way');
    expect(parsed.stack).toMatch(/^Error: no way/);
  });
});

describe('pretty lines', () => {
  it('append fields as key=value, quoting what needs it, unless the message says it all', () => {
    expect(formatPrettyMessage(withFields('Worker state changed', { state: 'RUNNING', note: 'two words' }))).toBe(
      'Worker state changed state=RUNNING note="two words"',
    );
    expect(formatPrettyMessage(withFields('GET /api 200 3 ms', { status: 200 }, { prettyFields: false }))).toBe(
      'GET /api 200 3 ms',
    );
    expect(formatPrettyMessage('failed', 'Error: x\n    at y')).toBe('failed\nError: x\n    at y');
  });

  it('show a short request id in the prefix', () => {
    const { logger, lines } = capture('pretty');
    runWithRequestContext({ requestId: '5d0c1a2b-9f7e-4c55-a0e1-111111111111' }, () => logger.log('hello', 'Ctx'));
    logger.log('outside', 'Ctx');
    expect(lines[0].text).toMatch(/^\[api\] \d+ {2}- .* {4}LOG \[5d0c1a2b\] \[Ctx\] hello\n$/);
    expect(lines[1].text).toMatch(/ {4}LOG \[Ctx\] outside\n$/);
    expect(shortRequestId('abc')).toBe('abc');
  });
});

describe('AppLogger', () => {
  it('adds the current request context to every line, Nest’s own Logger included', () => {
    const { logger, json } = capture('json');
    const nest = new Logger('Service');
    Logger.overrideLogger(logger);
    try {
      runWithRequestContext({ requestId: 'req-7', userId: 'user-3' }, () => {
        nest.log('inside');
        nest.error('failed', 'Error: x\n    at somewhere (file.ts:1:2)');
      });
      nest.warn('outside');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(json()).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'Service',
        message: 'inside',
        requestId: 'req-7',
        userId: 'user-3',
      }),
      expect.objectContaining({
        level: 'error',
        message: 'failed',
        requestId: 'req-7',
        stack: 'Error: x\n    at somewhere (file.ts:1:2)',
      }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  it('writes errors to standard error, the rest to standard output', () => {
    const { logger, lines } = capture('json');
    logger.error('bad', undefined, 'Ctx');
    logger.log('fine', 'Ctx');
    expect(lines.map((line) => line.stream)).toEqual(['stderr', 'stdout']);
  });

  it('drops lines below LOG_LEVEL', () => {
    const info = capture('json', 'info');
    info.logger.debug('detail', 'Ctx');
    info.logger.verbose('more detail', 'Ctx');
    info.logger.log('news', 'Ctx');
    expect(info.json().map((line) => line.message)).toEqual(['news']);
    const debug = capture('json', 'debug');
    debug.logger.debug('detail', 'Ctx');
    expect(debug.json()).toEqual([expect.objectContaining({ level: 'debug', message: 'detail' })]);
  });
});
