import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService, DatabaseUnavailableError } from '@libs/database';
import { LOGIN_FAILURE_WINDOW_SECONDS } from './login-throttle.service';

/** How long an ended session's rows stay, for looking into a reuse alarm or a complaint; then they go. */
export const ENDED_SESSION_RETENTION_DAYS = 7;
/** Sessions removed per run at most, so one run never holds locks for long; the next run takes the rest. */
const MAX_SESSIONS_PER_RUN = 5000;
/** pg_try_advisory_xact_lock key of this job ('case-engine housekeeping'), the same in every API process. */
export const HOUSEKEEPING_LOCK_KEY = 0x63617365_686b;
/** The first run waits a little after start, so that a rolling restart does not run it in every process at once. */
const FIRST_RUN_DELAY_MS = 60_000;

export interface HousekeepingResult {
  /** False when another API process held the lock (it is doing the same work). */
  ran: boolean;
  refreshTokensDeleted: number;
  loginThrottleRowsDeleted: number;
}

/**
 * Deletes what sign-in leaves behind once it can no longer matter: refresh-token rows of sessions that ended (every
 * token of the family expired or revoked) more than ENDED_SESSION_RETENTION_DAYS ago, and login-throttle rows whose
 * window is over. A whole family goes at once: a rotated token is kept while its session lives, because presenting it
 * again is how a stolen token is detected (REFRESH_TOKEN_REUSED).
 *
 * Why a timer in the API rather than a Temporal schedule: the tables belong to the API's sign-in code, the work is
 * two idempotent DELETE statements, and a timer needs no schedule to register, migrate or keep in step with the
 * deployment. Every API process has the timer; a transaction-scoped advisory lock lets only one run at a time (the
 * others skip that round), and a missed or repeated run is harmless.
 */
@Injectable()
export class SessionHousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionHousekeepingService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseService,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.config.http.housekeepingIntervalSeconds * 1000;
    if (intervalMs > 0) this.schedule(Math.min(FIRST_RUN_DELAY_MS, intervalMs), intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round; safe to call at any time from any process. */
  async run(): Promise<HousekeepingResult> {
    return this.database.ready.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock($1) AS locked`,
        [HOUSEKEEPING_LOCK_KEY],
      );
      if (!locked) return { ran: false, refreshTokensDeleted: 0, loginThrottleRowsDeleted: 0 };
      // A token's part of a session ends when it is revoked or expires, whichever comes first; the family has ended
      // when its last token has, and a live token (never revoked, not yet expired) ends in the future. (TypeORM
      // answers a DELETE with [rows, affected row count].)
      const [, refreshTokensDeleted] = await manager.query<[unknown[], number]>(
        `DELETE FROM refresh_tokens
         WHERE family_id IN (
           SELECT family_id FROM refresh_tokens
           GROUP BY family_id
           HAVING max(LEAST(coalesce(revoked_at, expires_at), expires_at)) < now() - make_interval(days => $1)
           LIMIT $2)`,
        [ENDED_SESSION_RETENTION_DAYS, MAX_SESSIONS_PER_RUN],
      );
      const [, loginThrottleRowsDeleted] = await manager.query<[unknown[], number]>(
        `DELETE FROM login_throttle WHERE window_started_at <= now() - make_interval(secs => $1)`,
        [LOGIN_FAILURE_WINDOW_SECONDS],
      );
      return { ran: true, refreshTokensDeleted, loginThrottleRowsDeleted };
    });
  }

  private schedule(delayMs: number, intervalMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run()
        .then((result) => {
          if (result.refreshTokensDeleted + result.loginThrottleRowsDeleted > 0) {
            this.logger.log(
              `Deleted ${result.refreshTokensDeleted} refresh-token rows of ended sessions and ` +
                `${result.loginThrottleRowsDeleted} expired login-throttle rows`,
            );
          }
        })
        .catch((error: unknown) => {
          // The database may be down for a while; the next round tries again.
          if (!(error instanceof DatabaseUnavailableError)) {
            this.logger.warn(`Housekeeping failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        })
        .finally(() => {
          this.running = null;
          this.schedule(intervalMs, intervalMs);
        });
    }, delayMs);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }
}
