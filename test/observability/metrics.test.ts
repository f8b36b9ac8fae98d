import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { distEntry } from '../support/dist';
import { freePort } from '../support/ports';
import { eventually, pgClient } from '../support/stack';

/**
 * The operations view of the deployed processes: the compiled API and worker run as child processes with their
 * metrics listeners (API_METRICS_ADDRESS, WORKER_METRICS_ADDRESS) and OTLP tracing pointed at a receiver in this
 * test. A small lifecycle is driven through HTTP; then both endpoints are scraped with a real GET and the counters
 * must have moved by exactly what was done, and the traced request must be one trace from HTTP to the activity.
 */

/** One sample of the Prometheus text format: `name{label="value",...} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `labels`. */
function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((total, s) => total + s.value, 0);
}

async function scrape(address: string): Promise<{ status: number; type: string; samples: Sample[] }> {
  const response = await fetch(`http://${address}/metrics`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', samples: parsePrometheus(text) };
}

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
}

/** A tiny OTLP/HTTP (JSON) trace receiver: what the processes export lands in `spans`. */
async function startTraceReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      type Attr = { key: string; value: { stringValue?: string } };
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: Attr[] };
          scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[];
        }[];
      };
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service =
          resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              service,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/v1/traces`, spans };
}

describe('metrics and tracing of the deployed processes', () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let db: PgClient;
  let receiver: Awaited<ReturnType<typeof startTraceReceiver>>;
  let apiUrl: string;
  let apiMetrics: string;
  let workerMetrics: string;
  let official: Session;

  const spawnProcess = (entry: string, env: NodeJS.ProcessEnv): ChildProcess => {
    const child = spawn(process.execPath, [distEntry(entry)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    db = await pgClient();
    receiver = await startTraceReceiver();
    const [apiPort, apiMetricsPort, workerMetricsPort] = await Promise.all([freePort(), freePort(), freePort()]);
    apiUrl = `http://127.0.0.1:${apiPort}`;
    apiMetrics = `127.0.0.1:${apiMetricsPort}`;
    workerMetrics = `127.0.0.1:${workerMetricsPort}`;
    const common: NodeJS.ProcessEnv = {
      TEMPORAL_TASK_QUEUE: `ops-${randomUUID()}`,
      // Second-long deadlines: reminders, a breach and an automatic escalation happen within the test.
      SLA_POLICY_SET: 'fast-test',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      TEMPORAL_SDK_LOG_LEVEL: 'WARN',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    spawnProcess('apps/worker/src/main.js', { ...common, WORKER_METRICS_ADDRESS: workerMetrics });
    spawnProcess('apps/api/src/main.js', {
      ...common,
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      API_METRICS_ADDRESS: apiMetrics,
    });
    await eventually(
      () =>
        output.join('').includes('Polling task queue') && output.join('').includes('API listening') ? true : undefined,
      60000,
      200,
    );
    official = await asRole(apiUrl, db, 'official', { provinceCodes: ['01'] });
  }, 90000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15000).unref();
          }),
      ),
    );
    await new Promise<void>((resolve) => receiver?.server.close(() => resolve()));
    await db?.end();
  });

  it('serves Prometheus text on the separate listeners only, never on the public port', async () => {
    const api = await scrape(apiMetrics);
    expect(api.status).toBe(200);
    expect(api.type).toContain('text/plain');
    // Default process metrics.
    expect(sum(api.samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(api.samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    // The public port has no metrics route.
    expect((await fetch(`${apiUrl}/api/metrics`)).status).toBe(404);
    // `/metrics` falls to the web console's page (the SPA fallback), never to Prometheus text.
    const publicMetrics = await (await fetch(`${apiUrl}/metrics`)).text();
    expect(publicMetrics).not.toMatch(/^# (HELP|TYPE) /m);
    expect(publicMetrics).not.toContain('case_engine_http_requests_total');
    const worker = await scrape(workerMetrics);
    expect(worker.status).toBe(200);
  });

  it('counts requests by route pattern and the domain events the worker really recorded', async () => {
    const [apiBefore, workerBefore] = await Promise.all([scrape(apiMetrics), scrape(workerMetrics)]);
    const cases = caseApi(apiUrl);
    const raised = 3;
    const ids: string[] = [];
    for (let i = 0; i < raised; i += 1) ids.push(await cases.raise(official, { priority: 'urgent' }));
    // One case escalates to the unit head (an urgent case: 4 s allowance on the fast-test set): it is reminded,
    // misses the deadline and is escalated to the Working Group by the system.
    await cases.act(official, ids[0], 'escalate', {
      target: 'unit_head',
      question: 'Bố trí công chức dôi dư thế nào?',
    });
    await request(apiUrl).get('/api/cases/not-a-case-id').set(official.authHeader);
    await eventually(
      async () => {
        const rows = await db.query<{ type: string }>(
          `SELECT type FROM case_events WHERE case_id = $1 AND type = 'deadline_breached'`,
          [ids[0]],
        );
        return rows.rowCount! > 0 ? true : undefined;
      },
      30000,
      250,
    );
    const events = await db.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY type`,
      [ids],
    );
    const recorded = Object.fromEntries(events.rows.map((row) => [row.type, row.n]));
    const autoEscalations = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_events
        WHERE case_id = ANY($1::uuid[]) AND type = 'case_escalated' AND (payload->>'automatic')::boolean`,
      [ids],
    );

    const [apiAfter, workerAfter] = await Promise.all([scrape(apiMetrics), scrape(workerMetrics)]);
    const apiDelta = (labels: Record<string, string>) =>
      sum(apiAfter.samples, 'case_engine_http_requests_total', labels) -
      sum(apiBefore.samples, 'case_engine_http_requests_total', labels);
    expect(apiDelta({ method: 'POST', route: '/api/cases', status: '201' })).toBe(raised);
    expect(apiDelta({ method: 'POST', route: '/api/cases/:id/escalate', status: '200' })).toBe(1);
    // Readiness polls of `raise` went to the pattern, not to one series per case id.
    expect(apiDelta({ method: 'GET', route: '/api/cases/:id' })).toBeGreaterThanOrEqual(raised);
    expect(apiAfter.samples.some((s) => ids.some((id) => s.labels.route?.includes(id)))).toBe(false);
    expect(
      sum(apiAfter.samples, 'case_engine_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/cases',
        status: '201',
      }),
    ).toBeGreaterThanOrEqual(raised);

    const workerDelta = (name: string, labels: Record<string, string> = {}) =>
      sum(workerAfter.samples, name, labels) - sum(workerBefore.samples, name, labels);
    const report = {
      raised: workerDelta('case_engine_cases_raised'),
      escalateActions: workerDelta('case_engine_case_actions', { type: 'case_escalated', actor: 'person' }),
      reportedActions: workerDelta('case_engine_case_actions', { type: 'case_reported' }),
      reminders: workerDelta('case_engine_deadline_reminders'),
      breaches: workerDelta('case_engine_deadline_breaches', { level: 'unit_head' }),
      automatic: workerDelta('case_engine_automatic_escalations', { level: 'working_group' }),
      lagCount: workerDelta('case_engine_reminder_lag_count'),
    };
    const domainSeries = workerAfter.samples
      .filter((s) => s.name.includes('case_engine') && !s.name.endsWith('_bucket'))
      .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`);
    console.log(
      `metrics moved: ${JSON.stringify(report)}; events recorded: ${JSON.stringify(recorded)}\n` +
        `worker domain series:\n${domainSeries.join('\n')}\nSDK metric names: ${[...new Set(workerAfter.samples.map((s) => s.name))].filter((n) => !n.includes('case_engine')).join(' ')}`,
    );
    expect(report.raised).toBe(raised);
    expect(report.reportedActions).toBe(raised);
    expect(report.escalateActions).toBe(1);
    // The breach and automatic escalation counters match the rows: recorded once, counted once.
    expect(report.breaches).toBe(recorded.deadline_breached);
    expect(report.breaches).toBeGreaterThanOrEqual(1);
    expect(report.automatic).toBe(autoEscalations.rows[0].n);
    expect(report.automatic).toBeGreaterThanOrEqual(1);
    expect(report.reminders).toBe(recorded.deadline_reminder ?? 0);
    const timerEvents =
      (recorded.deadline_reminder ?? 0) + (recorded.deadline_breached ?? 0) + (recorded.overdue_renotified ?? 0);
    expect(report.lagCount).toBe(timerEvents);
    // The lag histogram has the buckets the worker asks the SDK for (REMINDER_LAG_BUCKETS_MS), not the defaults.
    expect(
      workerAfter.samples.some((s) => s.name === 'case_engine_reminder_lag_bucket' && s.labels.le === '5000'),
    ).toBe(true);

    // The Temporal SDK's own metrics on the same listener.
    const sdkNames = new Set(workerAfter.samples.map((s) => s.name));
    for (const name of [
      'temporal_workflow_task_execution_latency_count',
      'temporal_workflow_task_schedule_to_start_latency_count',
      'temporal_local_activity_execution_latency_count',
      'temporal_worker_task_slots_available',
      'temporal_request',
    ]) {
      expect(sdkNames.has(name)).toBe(true);
    }
    expect(sum(workerAfter.samples, 'temporal_local_activity_execution_latency_count')).toBeGreaterThan(
      sum(workerBefore.samples, 'temporal_local_activity_execution_latency_count'),
    );
  }, 90000);

  it('traces one request from HTTP through the workflow update to its activity as one trace', async () => {
    const cases = caseApi(apiUrl);
    const id = await cases.raise(official);
    const response = await request(apiUrl)
      .post(`/api/cases/${id}/handle-locally`)
      .set(official.authHeader)
      .send({ note: 'Xã tự xử lý trước.' });
    expect(response.status).toBe(200);
    const traced = await eventually(
      () => {
        const http = receiver.spans.find(
          (s) => s.name === 'POST /api/cases/:id/handle-locally' && s.service === 'case-engine-api',
        );
        if (!http) return undefined;
        const trace = receiver.spans.filter((s) => s.traceId === http.traceId);
        const update = trace.find((s) => s.name.startsWith('HandleUpdate:') && s.service === 'case-engine-worker');
        const activity = trace.find((s) => s.name.startsWith('RunActivity:') && s.service === 'case-engine-worker');
        return update && activity ? { http, trace, update, activity } : undefined;
      },
      20000,
      200,
    );
    console.log(`trace ${traced.http.traceId}: ${traced.trace.map((s) => `${s.service}/${s.name}`).join(' → ')}`);
    const byId = new Map(traced.trace.map((s) => [s.spanId, s]));
    // Walk from the activity's span up its parents: it reaches the HTTP span.
    const chain: string[] = [];
    let span: ReceivedSpan | undefined = traced.activity;
    while (span) {
      chain.push(span.name);
      span = byId.get(span.parentSpanId);
    }
    expect(chain[chain.length - 1]).toBe(traced.http.name);
    expect(chain).toContain(traced.update.name);
    expect(traced.update.name).toBe('HandleUpdate:handleLocally');
  }, 60000);
});
