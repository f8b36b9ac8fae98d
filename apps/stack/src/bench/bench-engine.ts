import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { loadAppConfig } from '@libs/config';
import { CASE_WORKFLOW_TYPE, caseActionUpdates, type CaseRaiseInput } from '@libs/contracts';
import { runMigrations } from '@libs/database';
import { hashPassword } from '@libs/identity';
import { runReferenceImport } from '@libs/reference/import-cli';
import { repositoryRoot } from '@libs/temporal';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';
import { ensureFastPolicySet } from '../policy-sets';
import { dropDatabase, ensureDatabase, withDatabase } from '../postgres';
import { startProcess, type ManagedProcess } from '../processes';
import { ensureTemporalCli } from '../temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../temporal-server';

/**
 * `npm run bench:engine` (after `npm run build`): the engine measured next to its ceilings on the same machine, in one
 * run. Starts everything itself — a Temporal dev server, a fresh PostgreSQL database on the server of
 * BENCH_DATABASE_URL (or DATABASE_URL, or the local one), migrations, reference data, its policy sets, the real worker
 * and API as child processes, and a bare worker — then measures intake, action round trips, cost per case, the
 * scale-out shape and many open cases. Prints a table and writes JSON (BENCH_OUTPUT, default
 * bench/results/engine-bench.json). Not a test: it only reports. Sizes: see README, "Performance".
 */

const QUICK = process.env.BENCH_QUICK === '1';

function numberEnv(name: string, full: number, quick: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return QUICK ? quick : full;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function listEnv(name: string, full: number[], quick: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return QUICK ? quick : full;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value <= 0)) {
    throw new Error(`${name} must be positive integers separated by commas, got "${raw}"`);
  }
  return values;
}

const settings = {
  quick: QUICK,
  concurrencies: listEnv('BENCH_CONCURRENCY', [4, 8, 16, 32], [8, 16]),
  intakeSeconds: numberEnv('BENCH_INTAKE_SECONDS', 10, 4),
  halfRateSeconds: numberEnv('BENCH_HALF_RATE_SECONDS', 15, 5),
  roundTrips: numberEnv('BENCH_ROUND_TRIPS', 200, 40),
  roundTripConcurrency: numberEnv('BENCH_ROUND_TRIP_CONCURRENCY', 4, 4),
  costCases: numberEnv('BENCH_COST_CASES', 5, 2),
  openCases: numberEnv('BENCH_OPEN_CASES', 10000, 300),
  openStartConcurrency: numberEnv('BENCH_OPEN_START_CONCURRENCY', 32, 16),
  openAllowanceSeconds: numberEnv('BENCH_OPEN_ALLOWANCE_SECONDS', 120, 30),
  openTimeoutSeconds: numberEnv('BENCH_OPEN_TIMEOUT_SECONDS', 600, 120),
  scaleOut: process.env.BENCH_SCALE_OUT !== '0',
  pollMs: numberEnv('BENCH_POLL_MS', 20, 20),
};

const INTAKE_POLICY_SET = 'bench-intake';
const OPEN_POLICY_SET = 'bench-open';
const BARE_TASK_QUEUE = 'bench-bare';
const NO_WORKER_TASK_QUEUE = 'bench-no-worker';
const BARE_WORKFLOW = 'bareRowWorkflow';
const OPEN_TITLE = 'Đo hiệu năng: vụ việc mở có thời hạn (bench-open)';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

const round = (value: number | null, digits = 1): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------------------
// Processes: CPU seconds and memory from /proc.

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in seconds; null when it is gone. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').trim();
}

interface Measured {
  name: string;
  pids: () => number[] | Promise<number[]>;
}

interface CpuReport {
  seconds: number;
  /** CPU seconds per process group, and as a share of the whole machine (cores × wall time). */
  byProcess: Record<string, { cpuSeconds: number; machinePercent: number; corePercent: number }>;
  idleOrOtherPercent: number;
}

/** Measures CPU seconds of each named process group over the time `work` runs. */
async function withCpu<T>(groups: Measured[], work: () => Promise<T>): Promise<{ result: T; cpu: CpuReport }> {
  const before = new Map<string, Map<number, number>>();
  for (const group of groups) {
    const pids = await group.pids();
    before.set(group.name, new Map(pids.map((pid) => [pid, cpuSeconds(pid) ?? 0])));
  }
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cores = os.cpus().length;
  const byProcess: CpuReport['byProcess'] = {};
  let used = 0;
  for (const group of groups) {
    const start = before.get(group.name)!;
    const pids = new Set([...start.keys(), ...(await group.pids())]);
    let total = 0;
    for (const pid of pids) {
      const now = cpuSeconds(pid);
      if (now !== null) total += now - (start.get(pid) ?? 0);
    }
    used += total;
    byProcess[group.name] = {
      cpuSeconds: round(total, 2)!,
      machinePercent: round((100 * total) / (seconds * cores))!,
      corePercent: round((100 * total) / seconds)!,
    };
  }
  return {
    result,
    cpu: { seconds: round(seconds, 2)!, byProcess, idleOrOtherPercent: round(100 - (100 * used) / (seconds * cores))! },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Load generation: closed loop (N workers back to back) and open loop (a fixed arrival rate).

interface LoadResult {
  concurrency: number;
  ops: number;
  errors: number;
  seconds: number;
  ratePerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  firstError?: string;
}

async function closedLoop(concurrency: number, seconds: number, op: () => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
          await sleep(50);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    concurrency,
    ops: latencies.length,
    errors,
    seconds: round(elapsed, 2)!,
    ratePerSecond: round(latencies.length / elapsed)!,
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    ...(firstError ? { firstError } : {}),
  };
}

async function openLoop(rate: number, seconds: number, op: () => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const total = Math.max(1, Math.round(rate * seconds));
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      (async () => {
        // Latency from the scheduled instant: a generator that falls behind shows up as latency, not as a lower rate.
        try {
          await op();
          latencies.push(performance.now() - due);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  return {
    concurrency: 0,
    ops: latencies.length,
    errors,
    seconds: round(elapsed, 2)!,
    ratePerSecond: round(latencies.length / elapsed)!,
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    ...(firstError ? { firstError } : {}),
  };
}

async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not readable within ${timeoutMs} ms`);
    await sleep(settings.pollMs);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The stack under test.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Child output: only what looks like a problem is shown (the children log at `warn`). */
function quietLogger(name: string): (line: string) => void {
  return (line: string) => {
    if (/error|warn|fatal|exception/i.test(line)) process.stdout.write(`[${name}] ${line.slice(0, 400)}\n`);
  };
}

async function waitForHealth(url: string, child: ManagedProcess, timeoutMs = 90000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null) throw new Error(`${child.name} exited during start-up`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not yet listening
    }
    await sleep(300);
  }
  throw new Error(`${child.name} did not report healthy at ${url}`);
}

interface Account {
  id: string;
  token: string;
}

async function createAccount(
  db: PgClient,
  api: string,
  role: 'official' | 'unit_head',
  decisionId: string,
): Promise<Account> {
  const id = randomUUID();
  const username = `bench.${role.replace('_', '')}.${randomBytes(4).toString('hex')}`;
  const password = `Bench-${randomBytes(12).toString('base64url')}`;
  await db.query(
    `INSERT INTO users (id, username, display_name, roles, unit_code, password_hash, must_change_password, active,
                        password_changed_at)
     VALUES ($1, $2, $3, $4, 'CCVC', $5, false, true, now())`,
    [id, username, `Tài khoản đo hiệu năng (${role})`, [role], await hashPassword(password)],
  );
  if (role === 'official') {
    await db.query(
      `INSERT INTO deployments (id, decision_id, user_id, home_unit_code, province_code, period_start, period_end)
       VALUES ($1, $2, $3, 'CCVC', '01', '2025-01-01', '2099-12-31')`,
      [randomUUID(), decisionId, id],
    );
  }
  const login = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login of ${username}: ${login.status} ${await login.text()}`);
  return { id, token: ((await login.json()) as { accessToken: string }).accessToken };
}

const CASE_BODY = {
  title: 'Bố trí công chức văn phòng - thống kê dôi dư sau sắp xếp (đo hiệu năng)',
  description:
    'Xã mới có năm công chức văn phòng - thống kê; chưa rõ cách bố trí. Vụ việc do công cụ đo hiệu năng tạo.',
  provinceCode: '01',
  communeCode: '00004',
  field: 'civil_service',
  priority: 'normal',
};

async function http(
  base: string,
  method: 'GET' | 'POST',
  route: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Raises a case through the API and waits until GET /api/cases/:id answers 200; returns its id. */
async function raiseReadable(base: string, official: Account): Promise<string> {
  const created = await http(base, 'POST', '/api/cases', official.token, CASE_BODY);
  if (created.status !== 201) throw new Error(`POST /api/cases → ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  await pollUntil(async () => {
    const read = await http(base, 'GET', `/api/cases/${id}`, official.token);
    return read.status === 200 ? true : undefined;
  });
  return id;
}

/** Posts an action and waits until its event is readable in GET /api/cases/:id/events. */
async function actReadable(base: string, token: string, id: string, route: string, body: unknown): Promise<void> {
  const acted = await http(base, 'POST', `/api/cases/${id}/${route}`, token, body);
  if (acted.status !== 200) throw new Error(`POST ${route} → ${acted.status} ${JSON.stringify(acted.body)}`);
  const sequence = (acted.body as { eventSequence: number }).eventSequence;
  await pollUntil(async () => {
    const read = await http(base, 'GET', `/api/cases/${id}/events`, token);
    const events = read.body as { sequence: number }[];
    return read.status === 200 && events.some((event) => event.sequence >= sequence) ? true : undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const root = repositoryRoot();
  const loadAtStart = loadAverage();
  const startedAt = new Date();
  const serverUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = withDatabase(serverUrl, `case_engine_bench_engine_${Date.now()}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'case-engine-bench-'));
  const children: ManagedProcess[] = [];
  let temporal: TemporalDevServer | null = null;
  let connection: Connection | null = null;
  const db = new PgClient({ connectionString: databaseUrl, application_name: 'bench-engine' });
  // The load generator's own reads (is the bare pipeline's row there yet?) go through a pool: they run concurrently.
  const pool = new Pool({ connectionString: databaseUrl, max: 8, application_name: 'bench-engine-poll' });
  const cleanUp = async () => {
    for (const child of [...children].reverse()) await child.stop('SIGTERM', 10000);
    await connection?.close().catch(() => undefined);
    if (temporal) await temporal.process.stop('SIGTERM', 10000);
    await db.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (process.env.BENCH_KEEP_DATABASE !== '1') await dropDatabase(databaseUrl).catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

  try {
    log(`settings: ${JSON.stringify(settings)}`);
    log(`load average at start: ${loadAtStart}`);

    // PostgreSQL: a fresh database, migrations, reference data, the bench policy sets and the bare pipeline's table.
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    await runReferenceImport(databaseUrl, {});
    await db.connect();
    const allowances = (seconds: number) => ({ urgent: seconds, high: seconds, normal: seconds, low: seconds });
    await ensureFastPolicySet(db, {
      name: INTAKE_POLICY_SET,
      reopenWindowSeconds: 600,
      historyEventLimit: 5000,
      allowanceSeconds: allowances(3600),
      renotifySeconds: 3600,
    });
    await ensureFastPolicySet(db, {
      name: OPEN_POLICY_SET,
      reopenWindowSeconds: 600,
      historyEventLimit: 5000,
      allowanceSeconds: allowances(settings.openAllowanceSeconds),
      renotifySeconds: 3600,
    });
    await db.query('CREATE TABLE bench_rows (id text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())');
    const decisionId = randomUUID();
    await db.query(
      `INSERT INTO dispatch_decisions (id, number, signed_on, signer_title, period_start, period_end, purpose)
       VALUES ($1, $2, '2025-08-11', 'Bộ trưởng', '2025-01-01', '2099-12-31', 'Đo hiệu năng')`,
      [decisionId, `${Date.now() % 1000000}/QĐ-BENCH`],
    );

    // Temporal: its own dev server (the same command `npm run up` runs), database file in a temporary folder.
    const temporalPort = await freePort();
    temporal = await startTemporalDevServer({
      binary: await ensureTemporalCli(log),
      dbFile: path.join(workDir, 'temporal.db'),
      ip: '127.0.0.1',
      port: temporalPort,
      uiPort: await freePort(),
      env: process.env,
    });
    const temporalProcess = temporal.process;
    log(`Temporal dev server on ${temporal.address}; database ${new URL(databaseUrl).pathname.slice(1)}`);

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SLA_POLICY_SET: INTAKE_POLICY_SET,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      TEMPORAL_SDK_LOG_LEVEL: 'WARN',
    };
    delete childEnv.TEMPORAL_PAYLOAD_KEYS;
    delete childEnv.TEMPORAL_PAYLOAD_KEYS_FILE;
    delete childEnv.TEMPORAL_PAYLOAD_KEY_ID;
    const dist = path.join(root, 'dist', 'apps');
    const bundlePath = path.join(workDir, 'workflow-bundle.js');
    execFileSync(process.execPath, [path.join(dist, 'stack', 'src', 'bundle-workflows.js'), bundlePath], {
      stdio: 'ignore',
    });
    childEnv.WORKFLOW_BUNDLE_PATH = bundlePath;

    const startWorker = (name: string): ManagedProcess => {
      const child = startProcess(
        name,
        process.execPath,
        [path.join(dist, 'worker', 'src', 'main.js')],
        childEnv,
        quietLogger(name),
      );
      children.push(child);
      return child;
    };
    const startApi = async (name: string): Promise<{ process: ManagedProcess; url: string }> => {
      const port = await freePort();
      const child = startProcess(
        name,
        process.execPath,
        [path.join(dist, 'api', 'src', 'main.js')],
        { ...childEnv, API_PORT: String(port), API_HOST: '127.0.0.1' },
        quietLogger(name),
      );
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(`${url}/api/health`, child);
      return { process: child, url };
    };
    const worker = startWorker('worker');
    const api = await startApi('api');
    const bareWorker = startProcess(
      'bare-worker',
      process.execPath,
      [path.join(dist, 'stack', 'src', 'bench', 'bare-worker.js')],
      { ...childEnv, BENCH_BARE_TASK_QUEUE: BARE_TASK_QUEUE },
      quietLogger('bare-worker'),
    );
    children.push(bareWorker);

    connection = await Connection.connect({ address: temporal.address });
    const bareClient = new Client({ connection });
    const appConfig = loadAppConfig(childEnv);
    const caseTaskQueue = appConfig.temporal.taskQueue;
    const caseClient = new Client({ connection, dataConverter: caseDataConverterFor(appConfig) });
    const official = await createAccount(db, api.url, 'official', decisionId);
    const unitHead = await createAccount(db, api.url, 'unit_head', decisionId);

    const pgPids = async (): Promise<number[]> => {
      const { rows } = await db.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return rows.map((row) => row.pid);
    };
    const pidOf = (child: ManagedProcess) => () => (child.child.pid ? [child.child.pid] : []);
    const groups = (extra: { api?: ManagedProcess[]; worker?: ManagedProcess[] } = {}): Measured[] => [
      { name: 'temporal', pids: pidOf(temporalProcess) },
      {
        name: 'worker',
        pids: () => [worker, ...(extra.worker ?? [])].map((child) => child.child.pid!).filter(Boolean),
      },
      {
        name: 'api',
        pids: () => [api.process, ...(extra.api ?? [])].map((child) => child.child.pid!).filter(Boolean),
      },
      { name: 'bare-worker', pids: pidOf(bareWorker) },
      { name: 'postgres (this database)', pids: pgPids },
      { name: 'load generator', pids: () => [process.pid] },
    ];

    // Warm-up: the workers bundle/load and connect, the API opens its pools, the bare worker is ready.
    log('warming up');
    await pollUntil(async () => {
      try {
        await raiseReadable(api.url, official);
        return true;
      } catch {
        return undefined;
      }
    }, 120000);
    const warmBare = randomUUID();
    await bareClient.workflow.start(BARE_WORKFLOW, {
      workflowId: warmBare,
      taskQueue: BARE_TASK_QUEUE,
      args: [warmBare, false],
    });
    await pollUntil(
      async () => ((await db.query('SELECT 1 FROM bench_rows WHERE id = $1', [warmBare])).rowCount ? true : undefined),
      120000,
    );

    // 4. Cost per case, first: on a quiet database, inserted/updated rows per table and the history of each case.
    log('cost per case');
    const tableStats = async () => {
      await db.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await db.query<{ relname: string; ins: string; upd: string; del: string }>(
        'SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables',
      );
      return new Map(
        rows.map((row) => [row.relname, { ins: Number(row.ins), upd: Number(row.upd), del: Number(row.del) }]),
      );
    };
    await sleep(2500);
    const statsBefore = await tableStats();
    const costCases: string[] = [];
    for (let i = 0; i < settings.costCases; i += 1) {
      const id = await raiseReadable(api.url, official);
      await actReadable(api.url, official.token, id, 'escalate', { target: 'unit_head', question: 'Bố trí thế nào?' });
      await actReadable(api.url, unitHead.token, id, 'request-info', { question: 'Gửi quyết định thành lập xã.' });
      await actReadable(api.url, official.token, id, 'provide-info', { information: 'Đã gửi quyết định.' });
      await actReadable(api.url, unitHead.token, id, 'answer', {
        text: 'Bố trí theo vị trí việc làm.',
        publishAsGuidance: false,
      });
      await actReadable(api.url, official.token, id, 'resolve', { outcome: 'Đã thực hiện theo hướng dẫn.' });
      costCases.push(id);
    }
    // Let background work (projections, notifications, the audit projector) finish and the statistics flush.
    await sleep(4000);
    const statsAfter = await tableStats();
    const rowsPerCase: Record<string, { inserted: number; updated: number; deleted: number }> = {};
    for (const [table, after] of statsAfter) {
      const before = statsBefore.get(table) ?? { ins: 0, upd: 0, del: 0 };
      const inserted = (after.ins - before.ins) / settings.costCases;
      const updated = (after.upd - before.upd) / settings.costCases;
      const deleted = (after.del - before.del) / settings.costCases;
      if (inserted || updated || deleted) {
        rowsPerCase[table] = { inserted: round(inserted)!, updated: round(updated)!, deleted: round(deleted)! };
      }
    }
    const histories = [];
    for (const id of costCases) {
      const events = (await caseClient.workflow.getHandle(id).fetchHistory()).events ?? [];
      histories.push({
        events: events.length,
        workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes).length,
        activities: events.filter((event) => event.activityTaskScheduledEventAttributes).length,
        localActivities: events.filter((event) => event.markerRecordedEventAttributes).length,
        timers: events.filter((event) => event.timerStartedEventAttributes).length,
      });
    }
    const caseEvents = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[])',
      [costCases],
    );
    const cost = {
      lifecycle: 'raise → escalate → request information → provide → answer → resolve (through the API)',
      cases: settings.costCases,
      historyEvents: histories[0]?.events ?? null,
      workflowTasks: histories[0]?.workflowTasks ?? null,
      activityTasks: histories[0]?.activities ?? null,
      localActivities: histories[0]?.localActivities ?? null,
      timersStarted: histories[0]?.timers ?? null,
      caseEventsRecorded: caseEvents.rows[0].n / settings.costCases,
      rowsInsertedPerCase: round(Object.values(rowsPerCase).reduce((sum, row) => sum + row.inserted, 0)),
      rowsUpdatedPerCase: round(Object.values(rowsPerCase).reduce((sum, row) => sum + row.updated, 0)),
      rowsPerCase,
      histories,
    };
    log(`cost: ${JSON.stringify({ ...cost, histories: undefined, rowsPerCase: undefined })}`);

    // 2. Action round trips: through the API until the event is readable, beside a raw update on a bare workflow.
    log('action round trips');
    const rtCases: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (rtCases.length < settings.roundTrips) {
          const index = rtCases.push('') - 1;
          rtCases[index] = await raiseReadable(api.url, official);
        }
      }),
    );
    const timedEach = async (items: string[], concurrency: number, op: (item: string) => Promise<void>) => {
      const latencies: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < items.length) {
            const item = items[next++];
            const t0 = performance.now();
            await op(item);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      return {
        n: latencies.length,
        p50Ms: round(percentile(latencies, 0.5)),
        p99Ms: round(percentile(latencies, 0.99)),
      };
    };
    const escalateRt = await timedEach(rtCases, settings.roundTripConcurrency, (id) =>
      actReadable(api.url, official.token, id, 'escalate', { target: 'unit_head', question: 'Xin ý kiến chỉ đạo.' }),
    );
    const answerRt = await timedEach(rtCases, settings.roundTripConcurrency, (id) =>
      actReadable(api.url, unitHead.token, id, 'answer', {
        text: 'Thực hiện theo hướng dẫn.',
        publishAsGuidance: false,
      }),
    );
    const bareOpen: string[] = [];
    for (let i = 0; i < settings.roundTrips; i += 1) {
      const id = `bare-open-${randomUUID()}`;
      await bareClient.workflow.start(BARE_WORKFLOW, { workflowId: id, taskQueue: BARE_TASK_QUEUE, args: [id, true] });
      bareOpen.push(id);
    }
    await pollUntil(async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_rows WHERE id = ANY($1)', [
        bareOpen,
      ]);
      return rows[0].n === bareOpen.length ? true : undefined;
    }, 120000);
    const rawUpdateRt = await timedEach(bareOpen, settings.roundTripConcurrency, async (id) => {
      await bareClient.workflow.getHandle(id).executeUpdate('touch', { args: [1] });
    });
    for (const id of bareOpen) await bareClient.workflow.getHandle(id).signal('finish');
    const roundTrip = {
      concurrency: settings.roundTripConcurrency,
      escalate: escalateRt,
      answer: answerRt,
      rawUpdate: rawUpdateRt,
    };
    log(`round trips: ${JSON.stringify(roundTrip)}`);

    // 1. Intake at each concurrency: raw start (no worker), the bare pipeline, the API.
    const rawStart = async () => {
      const id = randomUUID();
      await bareClient.workflow.start(BARE_WORKFLOW, {
        workflowId: id,
        taskQueue: NO_WORKER_TASK_QUEUE,
        args: [id, false],
      });
    };
    const bareStart = async () => {
      const id = randomUUID();
      await bareClient.workflow.start(BARE_WORKFLOW, { workflowId: id, taskQueue: BARE_TASK_QUEUE, args: [id, false] });
      await pollUntil(async () =>
        (await pool.query('SELECT 1 FROM bench_rows WHERE id = $1', [id])).rowCount ? true : undefined,
      );
    };
    const apiRaise = (base: string) => async () => {
      await raiseReadable(base, official);
    };
    const settle = () => sleep(QUICK ? 1000 : 3000);
    type Level = LoadResult & { cpu: CpuReport };
    const sweep = async (label: string, op: () => Promise<void>, extra?: Parameters<typeof groups>[0]) => {
      const levels: Level[] = [];
      for (const concurrency of settings.concurrencies) {
        await settle();
        const { result, cpu } = await withCpu(groups(extra), () => closedLoop(concurrency, settings.intakeSeconds, op));
        levels.push({ ...result, cpu });
        log(
          `${label} c=${concurrency}: ${result.ratePerSecond}/s p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`,
        );
      }
      return levels;
    };
    const best = (levels: Level[]) => levels.reduce((a, b) => (b.ratePerSecond > a.ratePerSecond ? b : a));
    log('intake');
    const rawLevels = await sweep('raw start (no worker)', rawStart);
    const bareLevels = await sweep('bare pipeline', bareStart);
    const apiLevels = await sweep('API', apiRaise(api.url));
    const apiBest = best(apiLevels);
    const bareBest = best(bareLevels);
    await settle();
    const halfRate = Math.max(1, apiBest.ratePerSecond / 2);
    const { result: apiHalf, cpu: apiHalfCpu } = await withCpu(groups(), () =>
      openLoop(halfRate, settings.halfRateSeconds, apiRaise(api.url)),
    );
    log(`API at half the max rate (${halfRate.toFixed(1)}/s): p50 ${apiHalf.p50Ms} ms p99 ${apiHalf.p99Ms} ms`);
    await settle();
    const { result: bareHalf } = await withCpu(groups(), () =>
      openLoop(Math.max(1, bareBest.ratePerSecond / 2), settings.halfRateSeconds, bareStart),
    );
    log(`bare pipeline at half its max rate: p50 ${bareHalf.p50Ms} ms p99 ${bareHalf.p99Ms} ms`);

    // 5. Scale-out shape: a second worker and a second API against the same Temporal server and database.
    let scaleOut: { levels: Level[]; best: Level } | null = null;
    if (settings.scaleOut) {
      log('scale-out: two workers, two APIs');
      const worker2 = startWorker('worker-2');
      const api2 = await startApi('api-2');
      await sleep(3000);
      let turn = 0;
      const bases = [api.url, api2.url];
      const levels = await sweep(
        'API ×2, workers ×2',
        () => raiseReadable(bases[turn++ % 2], official).then(() => undefined),
        {
          api: [api2.process],
          worker: [worker2],
        },
      );
      scaleOut = { levels, best: best(levels) };
      await api2.process.stop('SIGTERM', 15000);
      await worker2.stop('SIGTERM', 15000);
    }

    // 3. Open cases: N cases with running deadlines on one worker; reminders fall due within the run.
    log(`open cases: starting ${settings.openCases} through the client (real case workflow input)`);
    let maxRss = 0;
    const rssTimer = setInterval(() => {
      maxRss = Math.max(maxRss, rssMiB(worker.child.pid!) ?? 0);
    }, 1000);
    const openStarted = performance.now();
    let started = 0;
    let startErrors = 0;
    let firstStartError: string | null = null;
    const openCpu = await withCpu(groups(), async () => {
      await Promise.all(
        Array.from({ length: settings.openStartConcurrency }, async () => {
          while (started < settings.openCases) {
            started += 1;
            const caseId = randomUUID();
            const input: CaseRaiseInput = {
              caseId,
              title: OPEN_TITLE,
              description: CASE_BODY.description,
              provinceCode: '01',
              communeCode: '00004',
              field: 'civil_service',
              priority: 'normal',
              raisedBy: { userId: official.id, roles: ['official'], unitCode: 'CCVC', displayName: 'Bench' },
              raisedAt: new Date().toISOString(),
              policySet: OPEN_POLICY_SET,
              requestId: null,
            };
            try {
              const handle = await caseClient.workflow.start(CASE_WORKFLOW_TYPE, {
                workflowId: caseId,
                taskQueue: caseTaskQueue,
                args: [input],
              });
              // A deadline runs once a case is escalated: the same update the API sends for POST …/escalate.
              await handle.executeUpdate(caseActionUpdates.escalate, {
                args: [
                  { actor: input.raisedBy, action: { type: 'escalate', target: 'unit_head', question: 'Xin ý kiến.' } },
                ],
              });
            } catch (error) {
              startErrors += 1;
              firstStartError ??= (error as Error).message;
            }
          }
        }),
      );
    });
    const startSeconds = (performance.now() - openStarted) / 1000;
    log(`open cases started in ${startSeconds.toFixed(1)} s (${(settings.openCases / startSeconds).toFixed(1)}/s)`);
    const openCount = async (sql: string) => (await db.query<{ n: number }>(sql, [OPEN_TITLE])).rows[0].n;
    const recordedSql = `SELECT count(*)::int AS n FROM cases WHERE title = $1`;
    const remindedSql = `SELECT count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id
                          WHERE c.title = $1 AND e.type = 'deadline_reminder' AND e.payload->>'percent' = '50' AND e.payload->>'level' = 'unit_head'`;
    let allRecordedAfter: number | null = null;
    let rssAllOpen: number | null = null;
    const openDeadline = Date.now() + settings.openTimeoutSeconds * 1000;
    let reminded = 0;
    for (;;) {
      const recorded = await openCount(recordedSql);
      if (allRecordedAfter === null && recorded >= settings.openCases) {
        allRecordedAfter = (performance.now() - openStarted) / 1000;
        rssAllOpen = rssMiB(worker.child.pid!);
        log(
          `all ${recorded} open cases recorded after ${allRecordedAfter.toFixed(1)} s; worker RSS ${rssAllOpen?.toFixed(0)} MiB`,
        );
      }
      reminded = await openCount(remindedSql);
      if (reminded >= settings.openCases || Date.now() > openDeadline) break;
      await sleep(2000);
    }
    clearInterval(rssTimer);
    const rssEnd = rssMiB(worker.child.pid!);
    maxRss = Math.max(maxRss, rssEnd ?? 0);
    const openWallSeconds = (performance.now() - openStarted) / 1000;
    // The 50 % reminder is due half an allowance before the deadline set by the escalation (always-working calendar).
    const lag = await db.query<{ p50: number; p99: number; max: number; wf_p50: number; wf_p99: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
              max(lag) AS max,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY wf_lag) AS wf_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY wf_lag) AS wf_p99
         FROM (SELECT extract(epoch FROM e.recorded_at - (r.deadline_at - make_interval(secs => $2 / 2.0))) AS lag,
                      extract(epoch FROM e.occurred_at - (r.deadline_at - make_interval(secs => $2 / 2.0))) AS wf_lag
                 FROM case_events e
                 JOIN cases c ON c.id = e.case_id
                 CROSS JOIN LATERAL (SELECT d.deadline_at FROM case_events d
                                      WHERE d.case_id = e.case_id AND d.deadline_at IS NOT NULL
                                      ORDER BY d.sequence LIMIT 1) r
                WHERE c.title = $1 AND e.type = 'deadline_reminder' AND e.payload->>'percent' = '50' AND e.payload->>'level' = 'unit_head') lags`,
      [OPEN_TITLE, settings.openAllowanceSeconds],
    );
    const openCases = {
      cases: settings.openCases,
      startedThrough:
        'Temporal client, not the API: workflow.start with the real case workflow input (policy set bench-open), then the escalate update the API sends',
      startErrors,
      firstStartError,
      allowanceSeconds: settings.openAllowanceSeconds,
      startSeconds: round(startSeconds),
      allRecordedAfterSeconds: round(allRecordedAfter),
      remindersRecorded: reminded,
      wallSeconds: round(openWallSeconds),
      workerRssMiBAllOpen: round(rssAllOpen),
      workerRssMiBMax: round(maxRss),
      workerRssMiBEnd: round(rssEnd),
      reminderLagSeconds: {
        p50: round(lag.rows[0].p50, 2),
        p99: round(lag.rows[0].p99, 2),
        max: round(lag.rows[0].max, 2),
      },
      reminderLagInWorkflowSeconds: { p50: round(lag.rows[0].wf_p50, 2), p99: round(lag.rows[0].wf_p99, 2) },
      cpuDuringStart: openCpu.cpu,
    };
    log(`open cases: ${JSON.stringify({ ...openCases, cpuDuringStart: undefined })}`);

    // Versions and machine.
    const sdkVersion = (
      JSON.parse(readFileSync(path.join(root, 'node_modules', '@temporalio', 'worker', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const cliVersion = execFileSync(temporal.process.child.spawnfile, ['--version']).toString().trim();
    const pgVersion = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    const loadAtEnd = loadAverage();
    const machine = {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(os.totalmem() / 1024 ** 3),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAtEnd,
    };
    const versions = { node: process.version, temporalCli: cliVersion, temporalSdk: sdkVersion, postgres: pgVersion };

    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);
    const apiToBare = ratio(apiBest.ratePerSecond, bareBest.ratePerSecond);
    const rawBest = best(rawLevels);
    const ok = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'MISSED');
    const rows: [string, string, string, string, string][] = [
      [
        `Intake, API (201 + readable), best of c=${settings.concurrencies.join('/')}`,
        `${apiBest.ratePerSecond}/s (c=${apiBest.concurrency})`,
        `raw start ${rawBest.ratePerSecond}/s (c=${rawBest.concurrency}); bare pipeline ${bareBest.ratePerSecond}/s (c=${bareBest.concurrency})`,
        `API/bare ${apiToBare}; API/raw ${ratio(apiBest.ratePerSecond, rawBest.ratePerSecond)}`,
        `API/bare ≥ 0.8: ${ok(apiToBare === null ? null : apiToBare >= 0.8)}`,
      ],
      [
        `Intake p99 at half the max rate (${halfRate.toFixed(1)}/s, open loop)`,
        `p50 ${apiHalf.p50Ms} ms, p99 ${apiHalf.p99Ms} ms`,
        `bare pipeline at half its max: p50 ${bareHalf.p50Ms} ms, p99 ${bareHalf.p99Ms} ms`,
        `${ratio(apiHalf.p99Ms ?? 0, bareHalf.p99Ms ?? 0)}`,
        `p99 < 200 ms: ${ok(apiHalf.p99Ms === null ? null : apiHalf.p99Ms < 200)}`,
      ],
      [
        `Action round trip until readable (c=${settings.roundTripConcurrency})`,
        `escalate p50 ${escalateRt.p50Ms} / p99 ${escalateRt.p99Ms} ms; answer p50 ${answerRt.p50Ms} / p99 ${answerRt.p99Ms} ms`,
        `raw update p50 ${rawUpdateRt.p50Ms} / p99 ${rawUpdateRt.p99Ms} ms`,
        `${ratio(answerRt.p99Ms ?? 0, rawUpdateRt.p99Ms ?? 0)} (answer p99 / raw p99)`,
        `p99 < 300 ms: ${ok(Math.max(escalateRt.p99Ms ?? 0, answerRt.p99Ms ?? 0) < 300)}`,
      ],
      [
        `Open cases (${settings.openCases}, allowance ${settings.openAllowanceSeconds} s, one worker)`,
        `worker RSS max ${openCases.workerRssMiBMax} MiB; 50 % reminder lag p50 ${openCases.reminderLagSeconds.p50} s / p99 ${openCases.reminderLagSeconds.p99} s (${reminded}/${settings.openCases} recorded)`,
        `started in ${openCases.startSeconds} s, all recorded after ${openCases.allRecordedAfterSeconds ?? '–'} s`,
        '–',
        `RSS < 1.5 GB: ${ok(maxRss < 1536)}; p99 lag < 5 s: ${ok(reminded < settings.openCases ? false : (openCases.reminderLagSeconds.p99 ?? 99) < 5)}`,
      ],
      [
        'Cost per case (typical lifecycle)',
        `${cost.historyEvents} history events, ${cost.workflowTasks} workflow tasks, ${cost.activityTasks} activities + ${cost.localActivities} local activities`,
        `${cost.rowsInsertedPerCase} rows inserted, ${cost.rowsUpdatedPerCase} updated; ${cost.caseEventsRecorded} case events`,
        '–',
        '–',
      ],
    ];
    if (scaleOut) {
      rows.push([
        'Scale-out: 2 workers + 2 APIs, round robin',
        `${scaleOut.best.ratePerSecond}/s (c=${scaleOut.best.concurrency})`,
        `one of each: ${apiBest.ratePerSecond}/s`,
        `${ratio(scaleOut.best.ratePerSecond, apiBest.ratePerSecond)}`,
        '–',
      ]);
    }
    const cpuLine = (label: string, cpu: CpuReport) =>
      `${label} (${cpu.seconds} s): ` +
      Object.entries(cpu.byProcess)
        .filter(([, value]) => value.cpuSeconds > 0.05)
        .map(([name, value]) => `${name} ${value.cpuSeconds} s = ${value.machinePercent} % of the machine`)
        .join('; ') +
      `; idle or other processes ${cpu.idleOrOtherPercent} %`;

    console.log('');
    console.log(
      `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB; load average at start ${loadAtStart}, at end ${loadAtEnd}`,
    );
    console.log(
      `versions: Node ${versions.node}; ${versions.temporalCli.split('\n')[0]}; Temporal SDK ${versions.temporalSdk}; PostgreSQL ${versions.postgres}`,
    );
    console.log(`settings: ${JSON.stringify(settings)}`);
    console.log('');
    console.log('| figure | measured | ceiling (same run) | ratio | target |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log('');
    console.log('| intake, cases/s at c = | ' + settings.concurrencies.join(' | ') + ' |');
    console.log('|---|' + settings.concurrencies.map(() => '---').join('|') + '|');
    const levelRow = (label: string, levels: Level[]) =>
      console.log(
        `| ${label} | ${levels.map((level) => `${level.ratePerSecond} (p99 ${level.p99Ms} ms)`).join(' | ')} |`,
      );
    levelRow('raw start, no worker', rawLevels);
    levelRow('bare pipeline (row written)', bareLevels);
    levelRow('API (201 + readable)', apiLevels);
    if (scaleOut) levelRow('API ×2 + worker ×2', scaleOut.levels);
    console.log('');
    console.log('CPU during intake, at the best concurrency of each:');
    console.log(`  ${cpuLine(`raw start c=${rawBest.concurrency}`, rawBest.cpu)}`);
    console.log(`  ${cpuLine(`bare pipeline c=${bareBest.concurrency}`, bareBest.cpu)}`);
    console.log(`  ${cpuLine(`API c=${apiBest.concurrency}`, apiBest.cpu)}`);
    console.log(`  ${cpuLine('API at half rate', apiHalfCpu)}`);
    if (scaleOut) console.log(`  ${cpuLine(`scale-out c=${scaleOut.best.concurrency}`, scaleOut.best.cpu)}`);
    console.log(`  ${cpuLine('starting the open cases', openCases.cpuDuringStart)}`);
    console.log('');
    console.log(
      'rows written per case: ' +
        Object.entries(rowsPerCase)
          .map(
            ([table, row]) =>
              `${table} +${row.inserted}${row.updated ? ` ~${row.updated}` : ''}${row.deleted ? ` -${row.deleted}` : ''}`,
          )
          .join(', '),
    );

    const output = process.env.BENCH_OUTPUT ?? path.join(root, 'bench', 'results', 'engine-bench.json');
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileSync(
      output,
      `${JSON.stringify(
        {
          measuredAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          machine,
          versions,
          settings,
          intake: {
            rawStart: rawLevels,
            barePipeline: bareLevels,
            api: apiLevels,
            apiToBareRatio: apiToBare,
            apiAtHalfRate: { targetRatePerSecond: round(halfRate), ...apiHalf, cpu: apiHalfCpu },
            bareAtHalfRate: bareHalf,
          },
          roundTrip,
          openCases,
          cost,
          scaleOut,
          table: rows.map(([figure, measured, ceiling, ratioText, target]) => ({
            figure,
            measured,
            ceiling,
            ratio: ratioText,
            target,
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwritten ${output}`);
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
