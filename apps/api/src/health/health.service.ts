import { Injectable, Logger } from '@nestjs/common';
import { withFields } from '@libs/config/logger';
import { DatabaseService } from '@libs/database';
import { TemporalClientService } from '../temporal/temporal-client.service';

/** What the public endpoint says about one dependency: nothing an outsider could use to map the deployment. */
export interface DependencyHealth {
  status: 'up' | 'down';
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: DependencyHealth; temporal: DependencyHealth };
  checkedAt: string;
}

const PROBE_TIMEOUT_MS = 2000;

/**
 * Probes PostgreSQL and Temporal separately. The answer (anyone may ask, unauthenticated) says only up or down per
 * dependency; the reason a probe failed — a driver message naming hosts, ports, users — and the latencies go to the
 * logs, for operators.
 */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, temporal] = await Promise.all([
      this.probe('postgres', () => this.database.ping(PROBE_TIMEOUT_MS)),
      this.probe('temporal', () => this.temporal.ping(PROBE_TIMEOUT_MS)),
    ]);
    return {
      status: postgres.status === 'up' && temporal.status === 'up' ? 'ok' : 'unavailable',
      checks: { postgres, temporal },
      checkedAt: new Date().toISOString(),
    };
  }

  private async probe(dependency: string, check: () => Promise<void>): Promise<DependencyHealth> {
    const started = performance.now();
    try {
      await check();
      this.logger.debug(
        withFields(`${dependency} is up`, { dependency, latencyMs: Math.round(performance.now() - started) }),
      );
      return { status: 'up' };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause;
      const message = cause?.message ?? (error as Error).message;
      this.logger.warn(
        withFields(`Health check: ${dependency} is down: ${message}`, {
          dependency,
          latencyMs: Math.round(performance.now() - started),
          error: message,
        }),
      );
      return { status: 'down' };
    }
  }
}
