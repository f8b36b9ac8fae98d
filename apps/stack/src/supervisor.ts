import type { ManagedProcess } from './processes';

/**
 * How `up` treats a child that exits on its own: restart it after an exponentially growing delay, unless it has
 * crashed `crashLimit` times within `windowMs` (a crash loop), which stops the whole system with the reason.
 */
export interface RestartPolicy {
  /** Delay before the first restart; doubled for every further crash inside the window. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within `windowMs` is a crash loop: no more restarts. */
  crashLimit: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 30000,
  crashLimit: 5,
  windowMs: 120000,
};

export type CrashDecision =
  { kind: 'restart'; delayMs: number; crashesInWindow: number } | { kind: 'give-up'; crashesInWindow: number };

/**
 * What to do after a crash at `now`, given the instants of the earlier crashes (any order, any age). Pure: the
 * caller keeps the history.
 */
export function decideAfterCrash(earlierCrashes: readonly number[], now: number, policy: RestartPolicy): CrashDecision {
  const crashesInWindow = earlierCrashes.filter((at) => at <= now && now - at < policy.windowMs).length + 1;
  if (crashesInWindow >= policy.crashLimit) return { kind: 'give-up', crashesInWindow };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (crashesInWindow - 1));
  return { kind: 'restart', delayMs, crashesInWindow };
}

/** The policy with `UP_RESTART_LIMIT` (crashes) and `UP_RESTART_WINDOW_SECONDS` applied; a bad value is an error. */
export function restartPolicyFromEnv(env: NodeJS.ProcessEnv): RestartPolicy {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return value;
  };
  return {
    ...DEFAULT_RESTART_POLICY,
    crashLimit: read('UP_RESTART_LIMIT', DEFAULT_RESTART_POLICY.crashLimit, 1),
    windowMs: read('UP_RESTART_WINDOW_SECONDS', DEFAULT_RESTART_POLICY.windowMs / 1000, 1) * 1000,
  };
}

export interface SupervisedProcess {
  readonly name: string;
  /** The process running now (or the last one, while a restart is pending). */
  current(): ManagedProcess;
  /** Stops supervising (no restart after this) and stops the current process. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export interface SuperviseOptions {
  name: string;
  first: ManagedProcess;
  /** Starts a replacement (a fresh process with the same command and environment). */
  restart: () => ManagedProcess | Promise<ManagedProcess>;
  policy: RestartPolicy;
  log: (line: string) => void;
  /** Called once when the child is in a crash loop (or cannot be restarted); `up` then stops everything. */
  giveUp: (reason: string) => void;
  now?: () => number;
}

/** Watches a child of `up` and restarts it by the policy whenever it exits without being asked to. */
export function supervise(options: SuperviseOptions): SupervisedProcess {
  const now = options.now ?? Date.now;
  const crashes: number[] = [];
  let current = options.first;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let starting: Promise<unknown> | null = null;

  const watch = (child: ManagedProcess): void => {
    void child.exited.then((code) => {
      if (stopped || child !== current) return;
      const at = now();
      const decision = decideAfterCrash(crashes, at, options.policy);
      crashes.push(at);
      const windowSeconds = Math.round(options.policy.windowMs / 1000);
      if (decision.kind === 'give-up') {
        stopped = true;
        options.log(
          `${options.name} thoát bất thường ${decision.crashesInWindow} lần trong ${windowSeconds} giây: dừng hệ thống / ` +
            `${options.name} crashed ${decision.crashesInWindow} times within ${windowSeconds} s (exit ${code})`,
        );
        options.giveUp(`${options.name} crash loop: ${decision.crashesInWindow} crashes within ${windowSeconds} s`);
        return;
      }
      const seconds = decision.delayMs / 1000;
      options.log(
        `${options.name} thoát bất thường (mã ${code}); khởi động lại sau ${seconds} giây / ` +
          `${options.name} exited unexpectedly (exit ${code}); restarting in ${seconds} s ` +
          `(crash ${decision.crashesInWindow} of ${options.policy.crashLimit} allowed within ${windowSeconds} s)`,
      );
      timer = setTimeout(() => {
        timer = null;
        if (stopped) return;
        starting = Promise.resolve()
          .then(options.restart)
          .then(
            (next) => {
              current = next;
              if (stopped) {
                void next.stop('SIGTERM');
                return;
              }
              options.log(`${options.name} đã được khởi động lại / ${options.name} restarted (pid ${next.child.pid})`);
              watch(next);
            },
            (error: unknown) => {
              stopped = true;
              options.giveUp(`${options.name} could not be restarted: ${(error as Error).message}`);
            },
          )
          .finally(() => {
            starting = null;
          });
      }, decision.delayMs);
    });
  };
  watch(current);

  return {
    name: options.name,
    current: () => current,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs?: number) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await starting?.catch(() => undefined);
      return current.stop(signal, timeoutMs);
    },
  };
}
