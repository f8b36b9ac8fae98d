import 'reflect-metadata';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { APP_CONFIG, loadAppConfig, type AppConfig } from '@libs/config';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';

/** Configuration for one suite: the shared Temporal and database, and a task queue of its own. */
export function testConfig(
  overrides: Partial<{ databaseUrl: string; temporalAddress: string; taskQueue: string; updateTimeoutMs: number }> = {},
): AppConfig {
  const base = loadAppConfig(process.env);
  return {
    ...base,
    databaseUrl: overrides.databaseUrl ?? base.databaseUrl,
    temporal: {
      ...base.temporal,
      address: overrides.temporalAddress ?? base.temporal.address,
      taskQueue: overrides.taskQueue ?? `test-${randomUUID()}`,
      rpcTimeoutMs: 3000,
      updateTimeoutMs: overrides.updateTimeoutMs ?? base.temporal.updateTimeoutMs,
    },
    worker: { ...base.worker, shutdownGraceMs: 10000 },
    // Suites share the database: no background deletes under their feet (test/observability turns it on).
    http: { ...base.http, housekeepingIntervalSeconds: 0 },
    // Second-long deadlines on an always-working calendar, so timers fire within a test.
    slaPolicySet: 'fast-test',
  };
}

export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

/** The real API application (same pipeline as production) listening on a free port; errors only are logged. */
export async function startApi(config: AppConfig, options: { logger?: LoggerService } = {}): Promise<RunningApi> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: options.logger ?? ['error'],
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return { app, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

/** The real worker (activities from DI, the run's workflow bundle) polling the suite's task queue. */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  moduleRef.useLogger(['error']);
  await moduleRef.init();
  return moduleRef;
}

/**
 * A client straight to Temporal with the run's payload keys (the worker refuses anything not encrypted under them).
 * `{ encrypted: false }` gives a plain client, to look at the raw histories or play someone without the key.
 */
export async function temporalClient(
  address = process.env.TEMPORAL_ADDRESS!,
  { encrypted = true, namespace }: { encrypted?: boolean; namespace?: string } = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  const dataConverter = encrypted ? testDataConverter() : undefined;
  return { client: new Client({ connection, namespace, dataConverter }), close: () => connection.close() };
}

/** The data converter of the run's API and workers (TEMPORAL_PAYLOAD_KEYS of test/setup/global-setup.ts). */
export function testDataConverter(env: NodeJS.ProcessEnv = process.env): ReturnType<typeof caseDataConverterFor> {
  return caseDataConverterFor(loadAppConfig(env));
}

export async function pgClient(url = process.env.DATABASE_URL!): Promise<PgClient> {
  const client = new PgClient({ connectionString: url });
  // The run's database is dropped at the end with FORCE; a client still open then must not crash jest.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

export const validCase = {
  title: 'Chưa rõ thẩm quyền bố trí công chức văn phòng - thống kê sau sắp xếp',
  description: 'Xã mới hình thành từ ba xã cũ có năm công chức văn phòng - thống kê; chưa có hướng dẫn bố trí.',
  provinceCode: '01',
  communeCode: '00004',
  field: 'civil_service',
  priority: 'high',
} as const;
