import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import { projectUntilCaughtUp } from './audit-projector';

/** How often the worker looks for new events (`AUDIT_PROJECTOR_INTERVAL_MS`, default 1000; 0 turns it off). */
export function auditProjectorIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUDIT_PROJECTOR_INTERVAL_MS;
  if (raw === undefined || raw === '') return 1000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`AUDIT_PROJECTOR_INTERVAL_MS must be a non-negative integer (ms), got "${raw}"`);
  }
  return value;
}

/**
 * The worker-side loop that follows `case_events` and keeps the audit read models and guidance entries current.
 * Every worker process runs it; the checkpoint row's lock lets one apply a batch at a time.
 */
@Injectable()
export class AuditProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditProjectorService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(private readonly database: DatabaseService) {}

  onApplicationBootstrap(): void {
    const interval = auditProjectorIntervalMs();
    if (interval === 0) return;
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(tick, interval);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Applies everything new now (also used by tests and the rebuild command's callers). */
  async runOnce(): Promise<void> {
    try {
      const applied = await projectUntilCaughtUp(this.database.ready);
      if (this.failing) this.logger.log('audit projector recovered');
      this.failing = false;
      if (applied > 0) this.logger.debug(`applied ${applied} case events to the audit read models`);
    } catch (error) {
      // Logged once per outage; the next tick retries from the same checkpoint.
      if (!this.failing) this.logger.warn(`audit projector paused: ${(error as Error).message}`);
      this.failing = true;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
