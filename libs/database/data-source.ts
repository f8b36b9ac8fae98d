import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { ALL_MIGRATIONS } from './migrations';

export interface DatabaseConnectionOptions {
  url: string;
  /** Pool size per process. */
  poolSize?: number;
  applicationName?: string;
  /** Where TypeORM's messages go; its console logger otherwise (command-line tools). */
  logger?: TypeOrmLogger;
}

export function dataSourceOptions(options: DatabaseConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // The schema changes only through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    ...(options.logger ? { logger: options.logger } : {}),
    applicationName: options.applicationName ?? 'case-engine',
    poolSize: options.poolSize ?? 10,
    extra: {
      // Fail fast instead of hanging when PostgreSQL is unreachable; callers turn this into a 503.
      connectionTimeoutMillis: 3000,
      statement_timeout: 15000,
    },
  };
}

export function createDataSource(options: DatabaseConnectionOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

/** Applies pending migrations; returns the names of the ones it ran. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'case-engine-migrate' });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
