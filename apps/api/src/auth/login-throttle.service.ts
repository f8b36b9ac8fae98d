import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import { ApiError } from '../common/api-error';

export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

/** 429 TOO_MANY_LOGIN_ATTEMPTS; the controller turns `retryAfterSeconds` into a Retry-After header. */
export class TooManyLoginAttemptsError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_LOGIN_ATTEMPTS');
  }
}

/**
 * Counts failed password checks per key (username + client address for logins, user id for password changes) in
 * PostgreSQL, so every API process shares the count: after MAX_LOGIN_FAILURES failures within
 * LOGIN_FAILURE_WINDOW_SECONDS of the first one, further attempts are refused until the window ends, even with the
 * right password. A success clears the key.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly database: DatabaseService) {}

  async assertNotLocked(key: string): Promise<void> {
    const rows: { retry_after: number }[] = await this.database.ready.query(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $3) - now()))::int AS retry_after
       FROM login_throttle
       WHERE key = $1 AND failures >= $2 AND window_started_at > now() - make_interval(secs => $3)`,
      [key, MAX_LOGIN_FAILURES, LOGIN_FAILURE_WINDOW_SECONDS],
    );
    if (rows[0]) throw new TooManyLoginAttemptsError(Math.max(1, rows[0].retry_after));
  }

  async recordFailure(key: string): Promise<void> {
    const database = this.database.ready;
    await database.query(
      `INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_started_at <= now() - make_interval(secs => $2)
                         THEN 1 ELSE login_throttle.failures + 1 END,
         window_started_at = CASE WHEN login_throttle.window_started_at <= now() - make_interval(secs => $2)
                                  THEN now() ELSE login_throttle.window_started_at END`,
      [key, LOGIN_FAILURE_WINDOW_SECONDS],
    );
    // Keep the table small: windows that have ended say nothing any more.
    await database.query(`DELETE FROM login_throttle WHERE window_started_at <= now() - make_interval(secs => $1)`, [
      LOGIN_FAILURE_WINDOW_SECONDS,
    ]);
  }

  async clear(key: string): Promise<void> {
    await this.database.ready.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }
}
