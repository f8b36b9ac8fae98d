import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import { TemporalClientService } from '../temporal/temporal-client.service';

export interface DependencyHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: DependencyHealth; temporal: DependencyHealth };
  checkedAt: string;
}

const PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.database.ping(PROBE_TIMEOUT_MS)),
      probe(() => this.temporal.ping(PROBE_TIMEOUT_MS)),
    ]);
    return {
      status: postgres.status === 'up' && temporal.status === 'up' ? 'ok' : 'unavailable',
      checks: { postgres, temporal },
      checkedAt: new Date().toISOString(),
    };
  }
}

async function probe(check: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    await check();
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    const message = cause?.message ?? (error as Error).message;
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: message };
  }
}
