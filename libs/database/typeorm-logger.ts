import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const MAX_QUERY_LENGTH = 500;

/**
 * TypeORM's messages through the process's Nest logger, so they share its format (JSON lines in production) and
 * carry the request id of the request that ran the query. Query parameters are never logged: they hold personal data
 * and password hashes. Successful queries are not logged at all.
 */
export class NestTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const reason = typeof error === 'string' ? error : error.message;
    this.logger.error(`query failed: ${reason} — ${query.replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
