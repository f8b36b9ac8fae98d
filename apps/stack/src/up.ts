import 'reflect-metadata';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadAppConfig } from '@libs/config';
import { DEFAULT_TASK_QUEUE } from '@libs/contracts';
import { createDataSource, runMigrations } from '@libs/database';
import { formatImportReport, runReferenceImport } from '@libs/reference/import-cli';
import { seedDemoCases } from './demo-cases';
import { seedDemoReports } from './demo-reports';
import { formatDemoAccounts, seedDemo, type DemoAccount } from './seed-demo';
import { repositoryRoot } from '@libs/temporal';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';
import { prefixedLogger, startProcess, type ManagedProcess } from './processes';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from './postgres';
import { ensureTemporalCli } from './temporal-cli';
import { restartPolicyFromEnv, supervise, type SupervisedProcess } from './supervisor';
import { startTemporalDevServer, type TemporalDevServer, type TemporalDevServerOptions } from './temporal-server';

/**
 * `npm run up` (after installing dependencies and building): brings the whole system up in the foreground —
 * PostgreSQL (yours via DATABASE_URL, or an embedded one), migrations, the Temporal dev server with a persistent
 * database, the worker and the API — and stops it all cleanly on Ctrl-C. A worker, API or Temporal dev server that
 * exits on its own is restarted with exponential backoff (1 s, 2 s, 4 s … up to 30 s); a crash loop (5 crashes within
 * 120 s, or UP_RESTART_LIMIT within UP_RESTART_WINDOW_SECONDS) stops everything with the reason. PostgreSQL is not
 * restarted: an embedded server that exits stops everything (the API answers 503 while the database is away).
 */
const log = prefixedLogger('up');

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value <= 0 || value > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

async function waitForHealthyApi(url: string, api: ManagedProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void api.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(exited ? 'the API exited during start-up' : `the API did not report healthy at ${url}`);
}

async function main(): Promise<void> {
  const root = repositoryRoot();
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, 'data'));
  const apiPort = intEnv('API_PORT', 3000);
  const temporalPort = intEnv('TEMPORAL_PORT', 7233);
  const temporalUiPort = intEnv('TEMPORAL_UI_PORT', 8233);
  const host = '127.0.0.1';

  let embedded: EmbeddedPostgresHandle | null = null;
  let temporal: TemporalDevServer | null = null;
  let temporalSupervisor: SupervisedProcess | null = null;
  const apps: SupervisedProcess[] = [];
  let stopping: Promise<void> | null = null;
  const restartPolicy = restartPolicyFromEnv(process.env);

  const stopAll = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      log(`Stopping (${reason})…`);
      // Order matters: no new requests, then drain the worker while Temporal and PostgreSQL are still up.
      for (const app of [...apps].reverse()) {
        const code = await app.stop('SIGTERM');
        log(`${app.name} stopped (exit ${code})`);
      }
      if (temporalSupervisor) {
        await temporalSupervisor.stop('SIGTERM', 15000);
        log('temporal stopped');
      } else if (temporal) {
        await temporal.process.stop('SIGTERM', 15000);
        log('temporal stopped');
      }
      if (embedded) {
        await embedded.stop();
        log('embedded PostgreSQL stopped');
      }
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stopAll('Ctrl-C', 0));
  process.on('SIGTERM', () => void stopAll('SIGTERM', 0));

  try {
    const temporalBinary = await ensureTemporalCli(log);

    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const port = intEnv('EMBEDDED_POSTGRES_PORT', 54329);
      log(`DATABASE_URL is not set: starting embedded PostgreSQL on ${host}:${port} (data in ${dataDir}/postgres)`);
      embedded = await startEmbeddedPostgres(dataDir, port, prefixedLogger('postgres'));
      databaseUrl = withDatabase(embedded.url, 'case_engine');
    }
    if (await ensureDatabase(databaseUrl)) log('Created the application database');
    const applied = await runMigrations(databaseUrl);
    log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
    // Reference data is idempotent to re-import: a no-op when nothing changed.
    formatImportReport(await runReferenceImport(databaseUrl))
      .split('\n')
      .forEach((line) => log(line));
    const demo = process.env.NODE_ENV !== 'production' && process.env.DEMO_SEED !== '0';
    let demoAccounts: DemoAccount[] = [];
    if (demo) demoAccounts = await withDataSource(databaseUrl, (dataSource) => seedDemo(dataSource));

    const temporalOptions: TemporalDevServerOptions = {
      binary: temporalBinary,
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      ip: host,
      port: temporalPort,
      uiPort: temporalUiPort,
      env: process.env,
    };
    temporal = await startTemporalDevServer(temporalOptions);
    log(`Temporal dev server ready on ${temporal.address}`);
    // Same database file: workflows and timers survive the restart; the worker and API reconnect by themselves.
    temporalSupervisor = supervise({
      name: 'temporal',
      first: temporal.process,
      restart: async () => (await startTemporalDevServer(temporalOptions)).process,
      policy: restartPolicy,
      log,
      giveUp: (reason) => void stopAll(reason, 1),
    });
    if (embedded?.exited) {
      void embedded.exited.then((code) => {
        if (!stopping) void stopAll(`embedded PostgreSQL exited with ${code}; it is not restarted`, 1);
      });
    }

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // `up` is the developer stack: an explicit NODE_ENV, since the API treats an unset one as production (which
      // requires AUTH_JWT_SECRET). A NODE_ENV given to `up` wins.
      NODE_ENV: process.env.NODE_ENV || 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      API_PORT: String(apiPort),
      API_HOST: process.env.API_HOST ?? host,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    };
    const dist = path.join(root, 'dist', 'apps');
    // JSON lines name their process already; a prefix would stop them being JSON (`LOG_FORMAT=json npm run up | jq`).
    const output = (name: string): ((line: string) => void) => {
      const prefixed = prefixedLogger(name);
      if (childEnv.LOG_FORMAT !== 'json') return prefixed;
      return (line) => (line.startsWith('{') ? process.stdout.write(`${line}\n`) : prefixed(line));
    };
    const startApp = (name: 'worker' | 'api'): ManagedProcess =>
      startProcess(name, process.execPath, [path.join(dist, name, 'src', 'main.js')], childEnv, output(name));
    for (const name of ['worker', 'api'] as const) {
      apps.push(
        supervise({
          name,
          first: startApp(name),
          restart: () => startApp(name),
          policy: restartPolicy,
          log,
          giveUp: (reason) => void stopAll(reason, 1),
        }),
      );
    }

    const apiUrl = `http://${host}:${apiPort}`;
    await waitForHealthyApi(`${apiUrl}/api/health`, apps[1].current());
    if (demo) {
      // Demo cases are a convenience: a failure is reported, and the system stays up.
      try {
        const created = await seedDemoCasesVia(
          databaseUrl,
          temporal.address,
          process.env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
          childEnv,
        );
        log(created ? `Demo cases created: ${created}` : 'Demo cases are already there');
      } catch (error) {
        log(`Demo cases could not be created: ${describeError(error)}`);
      }
    }
    const banner = [
      '',
      'Hệ thống đã sẵn sàng / The system is up:',
      `  Web console      ${apiUrl}/`,
      `  API              ${apiUrl}/api`,
      `  OpenAPI (Swagger) ${apiUrl}/api/docs   (JSON: ${apiUrl}/api/docs-json)`,
      `  Health           ${apiUrl}/api/health`,
      `  Temporal Web UI  ${temporal.uiUrl}   (gRPC ${temporal.address})`,
      `  PostgreSQL       ${redact(databaseUrl)}${embedded ? ' (embedded)' : ''}`,
      `  Data folder      ${dataDir}`,
      '',
      ...formatDemoAccounts(demoAccounts).filter(() => demoAccounts.length > 0),
      ...(demoAccounts.length ? [''] : []),
      'Ctrl-C stops everything.',
      '',
    ];
    banner.forEach((line) => log(line));
  } catch (error) {
    log(`Start-up failed: ${(error as Error).message}`);
    await stopAll('start-up failed', 1);
  }
}

async function withDataSource<T>(
  url: string,
  work: (dataSource: ReturnType<typeof createDataSource>) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'case-engine-up' });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function seedDemoCasesVia(
  databaseUrl: string,
  address: string,
  taskQueue: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const connection = await Connection.connect({ address });
  // The worker refuses unencrypted payloads: the demo cases are started with the same keys as the worker.
  const dataConverter = caseDataConverterFor(loadAppConfig(env));
  try {
    return await withDataSource(databaseUrl, async (dataSource) => {
      const client = new Client({ connection, dataConverter });
      const created = await seedDemoCases(dataSource, client, taskQueue);
      // Deployments run their reporting cycle; the demo official has one week submitted.
      await seedDemoReports(dataSource, client, taskQueue);
      return created;
    });
  } finally {
    await connection.close();
  }
}

function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const { message, type } = current as { message?: string; type?: string };
    parts.push(type ? `${type}: ${message ?? ''}` : (message ?? 'unknown error'));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' ← ');
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

void main();
