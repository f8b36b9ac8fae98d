import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DatabaseService } from '@libs/database';
import { RetryLaterError } from './password-check-limiter';

/** Attempts per (username, client address) within one window. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

/** 429 TOO_MANY_LOGIN_ATTEMPTS; the controller turns `retryAfterSeconds` into a Retry-After header. */
export class TooManyLoginAttemptsError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_LOGIN_ATTEMPTS', retryAfterSeconds);
  }
}

/** One counter and the most attempts it allows within a window. */
export interface ThrottleLimit {
  key: string;
  limit: number;
}

/**
 * Counts password attempts per key in PostgreSQL, so every API process shares the count. An attempt is **reserved**
 * before its password is checked: one `INSERT … ON CONFLICT DO UPDATE … WHERE failures < limit` per key, which
 * PostgreSQL runs under the key's row lock, so N parallel attempts can never all see "not locked yet" — at most
 * `limit` of them get through within a window. The reservation stands as a failure unless the password was right,
 * in which case `succeeded` gives it back. After `limit` attempts within LOGIN_FAILURE_WINDOW_SECONDS of the first,
 * further attempts are refused until the window ends, even with the right password.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly database: DatabaseService) {}

  /**
   * Reserves one attempt on every key, all or nothing (one transaction, keys in the given order, so concurrent
   * reservations queue instead of deadlocking). Throws TooManyLoginAttemptsError when any key is at its limit, and
   * then counts nothing.
   */
  async reserve(limits: ThrottleLimit[]): Promise<void> {
    const retryAfter = await this.database.ready.transaction(async (manager) => {
      for (const { key, limit } of limits) {
        const reserved: unknown[] = await manager.query(
          `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3)
                             THEN 1 ELSE t.failures + 1 END,
             window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3)
                                      THEN now() ELSE t.window_started_at END
           WHERE t.failures < $2 OR t.window_started_at <= now() - make_interval(secs => $3)
           RETURNING 1`,
          [key, limit, LOGIN_FAILURE_WINDOW_SECONDS],
        );
        if (reserved.length === 0) return retryAfterOf(manager, key);
      }
      return null;
    });
    if (retryAfter !== null) throw new TooManyLoginAttemptsError(retryAfter);
  }

  /**
   * The password was right: the first key (this client's own) is cleared, the others (e.g. the account-wide one,
   * which also counts other addresses' failures) give back this attempt only.
   */
  async succeeded(limits: ThrottleLimit[]): Promise<void> {
    const [own, ...shared] = limits.map((limit) => limit.key);
    await this.database.ready.query(`DELETE FROM login_throttle WHERE key = $1`, [own]);
    if (shared.length > 0) await giveBack(this.database.ready.manager, shared);
  }

  /** The password was never checked (e.g. PASSWORD_CHECKS_BUSY): gives the attempt back on every key. */
  async release(limits: ThrottleLimit[]): Promise<void> {
    await giveBack(
      this.database.ready.manager,
      limits.map((limit) => limit.key),
    );
  }

  /** The reservation stays as a failure; ended windows are deleted to keep the table small. */
  async failed(): Promise<void> {
    await this.database.ready.query(
      `DELETE FROM login_throttle WHERE window_started_at <= now() - make_interval(secs => $1)`,
      [LOGIN_FAILURE_WINDOW_SECONDS],
    );
  }
}

/** One attempt fewer on each key; a counter that would reach zero is deleted (the table holds only failures > 0). */
async function giveBack(manager: EntityManager, keys: string[]): Promise<void> {
  await manager.query(
    `WITH emptied AS (DELETE FROM login_throttle WHERE key = ANY($1::text[]) AND failures <= 1 RETURNING key)
     UPDATE login_throttle SET failures = failures - 1 WHERE key = ANY($1::text[]) AND failures > 1`,
    [keys],
  );
}

async function retryAfterOf(manager: EntityManager, key: string): Promise<number> {
  const rows: { retry_after: number }[] = await manager.query(
    `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry_after
     FROM login_throttle WHERE key = $1`,
    [key, LOGIN_FAILURE_WINDOW_SECONDS],
  );
  return Math.max(1, rows[0]?.retry_after ?? 1);
}
