import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { runMigrations } from '@libs/database';
import { runReferenceImport } from '@libs/reference/import-cli';
import { ensureFastPolicySet } from '../../apps/stack/src/policy-sets';
import { databaseNameOf, dropDatabase, ensureDatabase, withDatabase } from '../../apps/stack/src/postgres';
import { startTemporalDevServer, type TemporalDevServer } from '../../apps/stack/src/temporal-server';
import { createUser, loginAs, type Session } from '../support/auth';
import { distEntry } from '../support/dist';
import { freePort } from '../support/ports';
import { eventually, pgClient } from '../support/stack';

/**
 * What the fault suites run: the compiled worker and API as child processes (so a SIGKILL is a real crash), each
 * suite with a database of its own and, where a suite restarts Temporal, a Temporal dev server of its own.
 */

/** A fresh database on the run's PostgreSQL server: migrations, the real reference data, the `fast-test` set. */
export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = process.env.DATABASE_URL!;
  const url = withDatabase(shared, `${databaseNameOf(shared)}_${label}_${randomBytes(3).toString('hex')}`.slice(-63));
  await ensureDatabase(url);
  await runMigrations(url);
  await runReferenceImport(url, {});
  await ensureFastPolicySet(url);
  return {
    url,
    drop: async () => {
      if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(url).catch(() => undefined);
    },
  };
}

export interface ChildApp {
  name: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** Resolves when the output contains `text` (after `from`, an offset into the output). */
  waitFor(text: string, timeoutMs?: number, from?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): ChildApp {
  const child = spawn(process.execPath, [distEntry(entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    child,
    exited,
    output: () => output,
    async waitFor(text, timeoutMs = 150000, from = 0) {
      await eventually(
        () => {
          if (output.indexOf(text, from) >= 0) return true;
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`${name} exited before "${text}":\n${output.slice(-4000)}`);
          return undefined;
        },
        timeoutMs,
        100,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${name} output ---\n${output.slice(-4000)}`);
      });
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

export interface StackEnv {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  apiPort: number;
  /** `default` (production answer targets: no timer fires during a test) unless a suite wants `fast-test`. */
  policySet?: string;
  extra?: NodeJS.ProcessEnv;
}

function childEnv(stack: StackEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    API_PORT: String(stack.apiPort),
    API_HOST: '127.0.0.1',
    SLA_POLICY_SET: stack.policySet ?? 'default',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    TEMPORAL_SDK_LOG_LEVEL: 'WARN',
    // Login checks are deliberately slow; a fault suite signs in a few accounts only.
    API_HOUSEKEEPING_INTERVAL_SECONDS: '0',
    ...stack.extra,
  };
}

export async function startWorkerProcess(stack: StackEnv): Promise<ChildApp> {
  const worker = startChild('worker', 'apps/worker/src/main.js', childEnv(stack));
  await worker.waitFor('Polling task queue');
  return worker;
}

export async function startApiProcess(stack: StackEnv): Promise<ChildApp> {
  const api = startChild('api', 'apps/api/src/main.js', childEnv(stack));
  await api.waitFor('API listening');
  return api;
}

export function newStackEnv(databaseUrl: string, temporalAddress: string, apiPort: number): StackEnv {
  return { databaseUrl, temporalAddress, taskQueue: `faults-${randomUUID()}`, apiPort };
}

/** An official deployed to Hà Nội and a unit head of CCVC (the unit civil_service routes to), signed in. */
export async function signedInPeople(
  db: PgClient,
  apiUrl: string,
): Promise<{ official: Session; unitHead: Session; workingGroup: Session }> {
  const [official, unitHead, workingGroup] = await Promise.all([
    createUser(db, { roles: ['official'], provinceCodes: ['01'] }),
    createUser(db, { roles: ['unit_head'], unitCode: 'CCVC' }),
    createUser(db, { roles: ['working_group'] }),
  ]);
  const signIn = async (user: typeof official): Promise<Session> => ({
    user,
    ...(await loginAs(apiUrl, user.username, user.password!)),
  });
  return {
    official: await signIn(official),
    unitHead: await signIn(unitHead),
    workingGroup: await signIn(workingGroup),
  };
}

/** A Temporal dev server of the suite's own, on a database file that survives its restarts. */
export interface OwnTemporal {
  address: string;
  server(): TemporalDevServer;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
}

export async function ownTemporal(dbFile: string): Promise<OwnTemporal> {
  const [port, uiPort] = [await freePort(), await freePort()];
  const options = {
    binary: process.env.TEMPORAL_CLI_PATH!,
    dbFile,
    ip: '127.0.0.1',
    port,
    uiPort,
    env: process.env,
  };
  let server = await startTemporalDevServer(options);
  return {
    address: server.address,
    server: () => server,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      await server.process.stop(signal, 15000);
    },
    async start() {
      server = await startTemporalDevServer(options);
    },
  };
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** fetch with a JSON body and answer; a network failure (API down) is status 0 with the error's message. */
export async function call(
  apiUrl: string,
  method: string,
  path: string,
  options: { session?: Session; body?: unknown; idempotencyKey?: string; timeoutMs?: number } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': 'en' };
  if (options.session) headers.Authorization = options.session.authHeader.Authorization;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  try {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60000),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body, headers: response.headers };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message }, headers: new Headers() };
  }
}

/** The stable code of an error answer (or the network error's message), '' when there is none. */
export function codeOf(answer: JsonResponse): string {
  const { code, error } = answer.body;
  return typeof code === 'string' ? code : typeof error === 'string' ? error : '';
}

/** "503 CASE_ACTION_UNCONFIRMED", "200": an answer in a line. */
export function describeAnswer(answer: JsonResponse): string {
  return `${answer.status} ${codeOf(answer)}`.trim();
}

/** Runs `work` over `items` with at most `concurrency` at once; results in item order. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * Sends the same request (same Idempotency-Key) until it answers `expected`: what a careful client does after a
 * failure it cannot interpret. Returns every answer it got, the last one being the success.
 */
export async function retryUntil(
  send: () => Promise<JsonResponse>,
  expected: number,
  timeoutMs = 60000,
): Promise<JsonResponse[]> {
  const answers: JsonResponse[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await send();
    answers.push(answer);
    if (answer.status === expected) return answers;
    if (Date.now() > deadline) {
      throw new Error(`no ${expected} within ${timeoutMs} ms; answers: ${answers.map(describeAnswer).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Events of the given cases: "sequence:type" per case, counts per type, and any (case, sequence) written twice. */
export async function eventCounts(
  db: PgClient,
  caseIds: string[],
): Promise<{ perCase: Map<string, string[]>; duplicates: unknown[]; byType: Record<string, number> }> {
  const { rows } = await db.query<{ case_id: string; sequence: number; type: string }>(
    `SELECT case_id, sequence, type FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, sequence`,
    [caseIds],
  );
  const perCase = new Map<string, string[]>(caseIds.map((id) => [id, []]));
  const byType: Record<string, number> = {};
  for (const row of rows) {
    perCase.get(row.case_id)!.push(`${row.sequence}:${row.type}`);
    byType[row.type] = (byType[row.type] ?? 0) + 1;
  }
  const duplicates = (
    await db.query(
      `SELECT case_id, sequence, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[])
        GROUP BY case_id, sequence HAVING count(*) > 1`,
      [caseIds],
    )
  ).rows;
  return { perCase, duplicates, byType };
}

export { pgClient };
