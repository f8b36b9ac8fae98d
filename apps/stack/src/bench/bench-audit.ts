import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { AuthenticatedActor } from '@libs/domain';
import { hashPassword } from '@libs/identity';
import { AppModule } from '../../../api/src/app.module';
import { AUDIT_FIGURES } from '../../../api/src/audit/audit-figures';
import { AuditService } from '../../../api/src/audit/audit.service';
import { ReportPunctualityService } from '../../../api/src/audit/report-punctuality';
import { configureApp } from '../../../api/src/configure-app';
import { guidanceSearchSql, similarCasesSql } from '../../../api/src/guidance/guidance.service';
import { prepareQuery } from '../../../api/src/guidance/guidance-query';

/**
 * `npm run bench:audit`: every audit endpoint, guidance search and suggestions, timed over HTTP against the API
 * (started in this process on BENCH_DATABASE_URL) and beside the same SQL run directly. Prints a table
 * (endpoint, p50, p95, rows, SQL p95, ratio), the recall@3 of suggestions on the labelled set, and writes JSON
 * (BENCH_OUTPUT, default bench/results/audit-bench.json). Not a test: it only reports.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** BENCH_ONLY: a regular expression; only endpoints whose label matches are measured. */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

interface Measured {
  endpoint: string;
  target: number;
  p50: number;
  p95: number;
  rows: number;
  sqlP95: number;
  ratio: number;
}

const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
};

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/case_engine_bench';
  process.env.DATABASE_URL = url;
  process.env.AUDIT_PROJECTOR_INTERVAL_MS = '0';
  const db = new Client({ connectionString: url });
  await db.connect();

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const audit = app.get(AuditService);
  const punctuality = app.get(ReportPunctualityService);

  // A leadership account and a deployed official of Hà Nội (for scoped suggestions), signed in through the API.
  const password = `Bench-${randomBytes(9).toString('base64url')}`;
  const hash = await hashPassword(password);
  const users: Record<string, string> = {};
  for (const role of ['leadership', 'official', 'working_group'] as const) {
    const id = randomUUID();
    const username = `bench.${role.replace('_', '')}.${randomBytes(3).toString('hex')}`;
    await db.query(
      `INSERT INTO users (id, username, display_name, roles, unit_code, password_hash, must_change_password, active,
                          password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, false, true, now())`,
      [id, username, `Tài khoản đo hiệu năng ${role}`, [role], role === 'official' ? 'CCVC' : null, hash],
    );
    if (role === 'official') {
      const decision = randomUUID();
      await db.query(
        `INSERT INTO dispatch_decisions (id, number, signed_on, signer_title, period_start, period_end, purpose)
         VALUES ($1, $2, '2025-08-11', 'Bộ trưởng', '2025-01-01', '2099-12-31', 'Đo hiệu năng')`,
        [decision, `${1000 + Math.floor(Math.random() * 9000)}${Date.now() % 100000}/QĐ-BENCH`],
      );
      await db.query(
        `INSERT INTO deployments (id, decision_id, user_id, home_unit_code, province_code, period_start, period_end)
         VALUES ($1, $2, $3, 'CCVC', '01', '2025-01-01', '2099-12-31')`,
        [randomUUID(), decision, id],
      );
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await login.json()) as { accessToken: string };
    users[role] = body.accessToken;
    users[`${role}:id`] = id;
  }
  const actorOf = (role: 'leadership' | 'official'): AuthenticatedActor => ({
    userId: users[`${role}:id`],
    roles: [role],
    unitCode: role === 'official' ? 'CCVC' : null,
    provinceCodes: role === 'official' ? ['01'] : [],
    displayName: null,
  });

  // The labelled set as library entries (idempotent), so recall is measured on national data.
  const pairs = readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'guidance-pairs.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [field, question, query] = line.split('\t');
      return { field, question, query };
    });
  const pairIds = new Map<string, string>();
  for (const [index, pair] of pairs.entries()) {
    const response = await fetch(`${base}/api/guidance/lessons`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${users.working_group}` },
      body: JSON.stringify({
        question: pair.question,
        answer: `Hướng dẫn số ${index + 1}: thực hiện theo quy định hiện hành.`,
        field: pair.field,
        sourceReference: `bench-labelled#${index}`,
      }),
    });
    pairIds.set(pair.question, ((await response.json()) as { id: string }).id);
  }

  const timeHttp = async (pathAndQuery: string, token: string): Promise<{ ms: number; rows: number }> => {
    const started = performance.now();
    const response = await fetch(`${base}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as Record<string, unknown>;
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${pathAndQuery} → ${response.status} ${JSON.stringify(body)}`);
    const list = (body.rows ?? body.items ?? body.stints ?? body.guidance) as unknown[] | undefined;
    const extra = Array.isArray(body.similarOpenCases) ? body.similarOpenCases.length : 0;
    return { ms, rows: (list?.length ?? 1) + extra };
  };
  const timeSql = async (queries: { sql: string; values: unknown[] }[]): Promise<number> => {
    const started = performance.now();
    for (const query of queries) await db.query(query.sql, query.values);
    return performance.now() - started;
  };
  const results: Measured[] = [];
  const measure = async (
    endpoint: string,
    target: number,
    pathAndQuery: string,
    token: string,
    sql: () => { sql: string; values: unknown[] }[],
  ): Promise<void> => {
    if (ONLY && !ONLY.test(endpoint)) return;
    const http: number[] = [];
    const direct: number[] = [];
    let rows = 0;
    for (let run = 0; run < WARMUP + RUNS; run++) {
      // Interleaved, so both see the same cache and machine load.
      const h = await timeHttp(pathAndQuery, token);
      const s = await timeSql(sql());
      if (run >= WARMUP) {
        http.push(h.ms);
        direct.push(s);
        rows = h.rows;
      }
    }
    const m: Measured = {
      endpoint,
      target,
      p50: percentile(http, 0.5),
      p95: percentile(http, 0.95),
      rows,
      sqlP95: percentile(direct, 0.95),
      ratio: 0,
    };
    m.ratio = m.p95 / m.sqlP95;
    results.push(m);
    console.log(
      `${endpoint.padEnd(62)} p50 ${m.p50.toFixed(1).padStart(7)}  p95 ${m.p95.toFixed(1).padStart(7)}  rows ${String(rows).padStart(5)}  SQL p95 ${m.sqlP95.toFixed(1).padStart(7)}  ratio ${m.ratio.toFixed(2)}`,
    );
  };

  const leader = actorOf('leadership');
  const official = actorOf('official');
  const { rows: sample } = await db.query<{ case_id: string }>(
    `SELECT case_id FROM audit_cases WHERE breach_count > 0 ORDER BY case_id LIMIT 1`,
  );
  const filterSets: [string, Record<string, string>][] = [
    ['national', {}],
    ['province 01, one year', { provinceCode: '01', from: '2025-12-01', to: '2026-11-30' }],
  ];
  const loadBefore = loadavg();
  for (const figure of AUDIT_FIGURES) {
    for (const [label, filters] of filterSets) {
      const query = new URLSearchParams(filters).toString();
      // The same queries the endpoint runs (the rollup, or the per-case SQL), decided once up front.
      const plan = await audit.figureQueries(figure, filters, leader);
      await measure(
        `GET /api/audit/figures/${figure} (${label})`,
        150,
        `/api/audit/figures/${figure}?${query}`,
        users.leadership,
        () => plan.queries,
      );
    }
    const page = new URLSearchParams({ provinceCode: '01', limit: '50' }).toString();
    await measure(
      `GET /api/audit/figures/${figure}/cases (province 01)`,
      150,
      `/api/audit/figures/${figure}/cases?${page}`,
      users.leadership,
      () => [audit.drillDownSql(figure, { provinceCode: '01' }, leader, null, 50)],
    );
  }
  for (const [label, filters] of filterSets) {
    await measure(
      `GET /api/audit/figures/report-punctuality (${label})`,
      150,
      `/api/audit/figures/report-punctuality?${new URLSearchParams(filters).toString()}`,
      users.leadership,
      () => [punctuality.figureSql(filters, leader)],
    );
  }
  await measure(
    `GET /api/audit/figures/report-punctuality/reports (all)`,
    150,
    `/api/audit/figures/report-punctuality/reports?limit=50`,
    users.leadership,
    () => [punctuality.drillDownSql({}, leader, null, 50)],
  );
  await measure(`GET /api/audit/cases/:id`, 150, `/api/audit/cases/${sample[0].case_id}`, users.leadership, () => [
    {
      sql: `SELECT k.province_code, k.assigned_unit_code, k.title, c.* FROM cases k LEFT JOIN audit_cases c ON c.case_id = k.id WHERE k.id = $1`,
      values: [sample[0].case_id],
    },
    { sql: `SELECT * FROM audit_level_stints WHERE case_id = $1 ORDER BY stint_no`, values: [sample[0].case_id] },
  ]);
  const searchText = 'chinh quyen dia phuong xa moi hoi dong nhan dan';
  await measure(
    `GET /api/guidance?q=…`,
    100,
    `/api/guidance?${new URLSearchParams({ q: searchText }).toString()}`,
    users.official,
    () => [guidanceSearchSql(prepareQuery(searchText), { limit: 10 })],
  );
  const title = 'Bo tri cong chuc doi du sau sap xep xa';
  await measure(
    `GET /api/suggestions?title=…`,
    100,
    `/api/suggestions?${new URLSearchParams({ title, provinceCode: '01' }).toString()}`,
    users.official,
    () => [
      guidanceSearchSql(prepareQuery(title), { limit: 5 }),
      similarCasesSql(prepareQuery(title).folded, official, 10),
    ],
  );

  let found = 0;
  const misses: string[] = [];
  for (const pair of pairs) {
    const response = await fetch(`${base}/api/suggestions?${new URLSearchParams({ title: pair.query }).toString()}`, {
      headers: { Authorization: `Bearer ${users.official}` },
    });
    const body = (await response.json()) as { guidance: { id: string }[] };
    if (body.guidance.slice(0, 3).some((g) => g.id === pairIds.get(pair.question))) found += 1;
    else misses.push(pair.query);
  }
  const recall = found / pairs.length;
  const counts = await db.query<{ cases: string; events: string }>(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events`,
  );

  console.log('');
  console.log(`| endpoint | target p95 (ms) | p50 (ms) | p95 (ms) | rows | SQL p95 (ms) | ratio |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const m of results) {
    console.log(
      `| ${m.endpoint} | ${m.target} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.rows} | ${m.sqlP95.toFixed(1)} | ${m.ratio.toFixed(2)} |`,
    );
  }
  console.log('');
  const loadAfter = loadavg();
  const identityCache = process.env.AUTH_IDENTITY_CACHE_MS ?? '0';
  console.log(`data: ${counts.rows[0].cases} cases, ${counts.rows[0].events} events; ${RUNS} runs per endpoint`);
  console.log(
    `load average (1, 5, 15 min) before ${loadBefore.map((v) => v.toFixed(2)).join(', ')}, after ` +
      `${loadAfter.map((v) => v.toFixed(2)).join(', ')}; AUTH_IDENTITY_CACHE_MS=${identityCache}`,
  );
  console.log(
    `suggestions recall@3 on the labelled set: ${recall.toFixed(3)} (${found}/${pairs.length}); misses: ${misses.join(' | ')}`,
  );
  const output = process.env.BENCH_OUTPUT ?? path.join(process.cwd(), 'bench', 'results', 'audit-bench.json');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(
    output,
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        cases: Number(counts.rows[0].cases),
        events: Number(counts.rows[0].events),
        runs: RUNS,
        loadAverage: { before: loadBefore, after: loadAfter },
        identityCacheMs: Number(identityCache),
        recallAt3: recall,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`written ${output}`);
  await app.close();
  await db.end();
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
});
