import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import type { ManagedProcess } from './processes';
import {
  decideAfterCrash,
  DEFAULT_RESTART_POLICY,
  restartPolicyFromEnv,
  supervise,
  type RestartPolicy,
} from './supervisor';

const policy: RestartPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, crashLimit: 5, windowMs: 60000 };

describe('decideAfterCrash', () => {
  it('restarts after 1 s, 2 s, 4 s … and caps the delay', () => {
    const wide: RestartPolicy = { ...policy, crashLimit: 10 };
    const crashes: number[] = [];
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const at = 1000 * i;
      const decision = decideAfterCrash(crashes, at, wide);
      if (decision.kind !== 'restart') throw new Error(`unexpected ${decision.kind}`);
      delays.push(decision.delayMs);
      crashes.push(at);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('gives up at the crash limit within the window (a crash loop)', () => {
    expect(decideAfterCrash([0, 10, 20, 30], 40, policy)).toEqual({ kind: 'give-up', crashesInWindow: 5 });
    expect(decideAfterCrash([0, 10, 20], 30, policy)).toEqual({ kind: 'restart', delayMs: 8000, crashesInWindow: 4 });
  });

  it('forgets crashes older than the window: a worker that crashes now and then is restarted fast every time', () => {
    const old = [0, 1000, 2000, 3000];
    expect(decideAfterCrash(old, 3000 + policy.windowMs + 1, policy)).toEqual({
      kind: 'restart',
      delayMs: 1000,
      crashesInWindow: 1,
    });
    // The window is half-open: a crash exactly windowMs ago no longer counts.
    expect(decideAfterCrash([0], policy.windowMs, policy).crashesInWindow).toBe(1);
    expect(decideAfterCrash([1], policy.windowMs, policy).crashesInWindow).toBe(2);
  });

  it('with a limit of 1 the first crash stops everything', () => {
    expect(decideAfterCrash([], 0, { ...policy, crashLimit: 1 })).toEqual({ kind: 'give-up', crashesInWindow: 1 });
  });
});

describe('restartPolicyFromEnv', () => {
  it('defaults to 5 crashes within 120 s, backoff from 1 s to 30 s', () => {
    expect(restartPolicyFromEnv({})).toEqual(DEFAULT_RESTART_POLICY);
    expect(DEFAULT_RESTART_POLICY).toEqual({ baseDelayMs: 1000, maxDelayMs: 30000, crashLimit: 5, windowMs: 120000 });
  });

  it('reads UP_RESTART_LIMIT and UP_RESTART_WINDOW_SECONDS and refuses nonsense, naming the variable', () => {
    expect(restartPolicyFromEnv({ UP_RESTART_LIMIT: '3', UP_RESTART_WINDOW_SECONDS: '30' })).toMatchObject({
      crashLimit: 3,
      windowMs: 30000,
    });
    expect(() => restartPolicyFromEnv({ UP_RESTART_LIMIT: '0' })).toThrow(/UP_RESTART_LIMIT/);
    expect(() => restartPolicyFromEnv({ UP_RESTART_WINDOW_SECONDS: '1.5' })).toThrow(/UP_RESTART_WINDOW_SECONDS/);
    expect(() => restartPolicyFromEnv({ UP_RESTART_LIMIT: 'many' })).toThrow(/UP_RESTART_LIMIT/);
  });
});

/** A stand-in for one child process: `crash()` makes it exit on its own. */
function fakeProcess(name: string, pid: number): ManagedProcess & { crash(code: number): void; stops: number } {
  let resolveExit: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => (resolveExit = resolve));
  const child = Object.assign(new EventEmitter(), { pid }) as unknown as ChildProcess;
  const fake = {
    name,
    child,
    exited,
    stops: 0,
    crash: (code: number) => resolveExit(code),
    stop: async () => {
      fake.stops += 1;
      resolveExit(0);
      return exited;
    },
  };
  return fake;
}

describe('supervise', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('restarts a crashed child after the backoff, logs it, and gives up on a crash loop', async () => {
    let clock = 0;
    let pid = 100;
    const started: ReturnType<typeof fakeProcess>[] = [fakeProcess('worker', pid)];
    const lines: string[] = [];
    const reasons: string[] = [];
    const supervised = supervise({
      name: 'worker',
      first: started[0],
      restart: () => {
        pid += 1;
        started.push(fakeProcess('worker', pid));
        return started[started.length - 1];
      },
      policy: { ...policy, crashLimit: 3 },
      log: (line) => lines.push(line),
      giveUp: (reason) => reasons.push(reason),
      now: () => clock,
    });

    started[0].crash(137);
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(1);
    expect(lines[0]).toMatch(/worker exited unexpectedly \(exit 137\); restarting in 1 s/);
    expect(lines[0]).toMatch(/khởi động lại sau 1 giây/);
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(2);
    expect(supervised.current()).toBe(started[1]);
    expect(lines[1]).toMatch(/worker restarted \(pid 101\)/);

    clock = 5000;
    started[1].crash(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(started).toHaveLength(3);

    clock = 9000;
    started[2].crash(1);
    await jest.advanceTimersByTimeAsync(60000);
    expect(started).toHaveLength(3);
    expect(reasons).toEqual(['worker crash loop: 3 crashes within 60 s']);
  });

  it('does not restart after stop(), even with a restart pending', async () => {
    const first = fakeProcess('api', 1);
    let restarts = 0;
    const supervised = supervise({
      name: 'api',
      first,
      restart: () => {
        restarts += 1;
        return fakeProcess('api', 2);
      },
      policy,
      log: () => undefined,
      giveUp: () => undefined,
    });
    first.crash(1);
    await jest.advanceTimersByTimeAsync(10);
    await supervised.stop();
    await jest.advanceTimersByTimeAsync(60000);
    expect(restarts).toBe(0);

    // A child asked to stop is not a crash.
    const calm = fakeProcess('api', 3);
    const other = supervise({
      name: 'api',
      first: calm,
      restart: () => {
        restarts += 1;
        return fakeProcess('api', 4);
      },
      policy,
      log: () => undefined,
      giveUp: () => undefined,
    });
    expect(await other.stop()).toBe(0);
    await jest.advanceTimersByTimeAsync(60000);
    expect(restarts).toBe(0);
    expect(calm.stops).toBe(1);
  });
});
