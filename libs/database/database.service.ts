import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { createDataSource } from './data-source';
import { NestTypeOrmLogger } from './typeorm-logger';

/** Raised when PostgreSQL cannot be reached; the API turns it into 503 DATABASE_UNAVAILABLE. */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('PostgreSQL is unreachable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const RECONNECT_INTERVAL_MS = 2000;

/**
 * Owns the process's one DataSource. The process starts even when PostgreSQL is down (health then says so and
 * requests get 503); the connection is retried in the background until it succeeds.
 */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseService.name);
  readonly dataSource: DataSource;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dataSource = createDataSource({
      url: config.databaseUrl,
      applicationName: process.title || 'case-engine',
      logger: new NestTypeOrmLogger(),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** The DataSource, or DatabaseUnavailableError when it has never connected. */
  get ready(): DataSource {
    if (!this.dataSource.isInitialized) {
      this.scheduleReconnect();
      throw new DatabaseUnavailableError();
    }
    return this.dataSource;
  }

  async ping(timeoutMs = 2000): Promise<void> {
    const dataSource = this.ready;
    const probe = dataSource.query('SELECT 1');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(new Error('ping timed out'))), timeoutMs);
    });
    try {
      await Promise.race([probe, timeout]);
    } catch (error) {
      throw error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private connect(): Promise<void> {
    this.connecting ??= this.dataSource
      .initialize()
      .then(() => this.logger.log('Connected to PostgreSQL'))
      .catch((error: unknown) => {
        this.logger.warn(`PostgreSQL unreachable (${(error as Error).message}); retrying in the background`);
        this.scheduleReconnect();
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer || this.connecting || this.dataSource.isInitialized) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, RECONNECT_INTERVAL_MS);
    this.retryTimer.unref();
  }
}
