import 'reflect-metadata';
import { Client } from 'pg';
import { rebuildAuditModels } from '@libs/audit';
import { createDataSource, runMigrations } from '@libs/database';
import { ReferenceImporter } from '@libs/reference/import/reference-importer';
import { ensureDatabase } from '../postgres';

/**
 * `npm run bench:generate`: a national data set for the audit and guidance benchmark, in a fresh database
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/case_engine_bench).
 *
 * BENCH_CASES (default 1,100,000) cases over the two years before BENCH_END (default 2026-11-30), spread over all
 * current communes, with the event mix the case workflow writes (local handling, escalations with reminders,
 * information rounds, automatic escalations after missed deadlines, forwards, top-level breaches with daily
 * re-notices, policy proposals and decisions, withdrawals, open cases) — about 9.7 events per case. Cases and
 * events are produced inside PostgreSQL (generate_series + INSERT … SELECT); the audit read models are then built
 * by the same code as `npm run audit:rebuild`. Prints the rate of each phase.
 */

const SCENARIOS = `
-- scenario, share (per mille), steps: type:status:level:hours after raise[:flag]
-- flags: p = answer published as guidance, a = automatic escalation, f = forwarded
local      200 case_reported:reported::0 local_handling_started:local_handling::2 case_resolved:resolved::30 case_closed:closed::30
unit       350 case_reported:reported::0 local_handling_started:local_handling::1 case_escalated:escalated:unit_head:3 deadline_reminder:escalated:unit_head:15 information_requested:awaiting_info:unit_head:16 information_provided:escalated:unit_head:30 information_requested:awaiting_info:unit_head:34 information_provided:escalated:unit_head:40 deadline_reminder:escalated:unit_head:44 escalation_answered:answered:unit_head:46:p case_resolved:resolved::60 case_closed:closed::60
breach     150 case_reported:reported::0 case_escalated:escalated:unit_head:1 deadline_reminder:escalated:unit_head:13 deadline_reminder:escalated:unit_head:23 deadline_breached:escalated:unit_head:25 case_escalated:escalated:working_group:25:a deadline_reminder:escalated:working_group:37 deadline_reminder:escalated:working_group:47 escalation_answered:answered:working_group:48 case_resolved:resolved::70 case_closed:closed::70
policy     100 case_reported:reported::0 case_escalated:escalated:working_group:2 deadline_reminder:escalated:working_group:14 escalation_forwarded:escalated:leadership:20:f deadline_reminder:escalated:leadership:26 deadline_reminder:escalated:leadership:30 escalation_answered:answered:leadership:31 policy_proposed:policy_proposed::40 policy_decided:policy_proposed::120 case_closed:closed::120
top        100 case_reported:reported::0 case_escalated:escalated:working_group:1 deadline_reminder:escalated:working_group:13 deadline_reminder:escalated:working_group:23 deadline_breached:escalated:working_group:25 case_escalated:escalated:leadership:25:a deadline_reminder:escalated:leadership:37 deadline_reminder:escalated:leadership:47 deadline_breached:escalated:leadership:49 overdue_renotified:escalated:leadership:73 overdue_renotified:escalated:leadership:97 overdue_renotified:escalated:leadership:121 escalation_answered:answered:leadership:130:p case_resolved:resolved::150 case_closed:closed::150
withdrawn   50 case_reported:reported::0 local_handling_started:local_handling::1 case_escalated:escalated:unit_head:4 case_withdrawn:closed::10 case_closed:closed::10
open        50 case_reported:reported::0 case_escalated:escalated:unit_head:1 deadline_reminder:escalated:unit_head:13
`;

interface Step {
  scenario: string;
  step: number;
  type: string;
  status: string;
  level: string | null;
  hours: number;
  flag: string;
}

function parseScenarios(): { shares: [string, number][]; steps: Step[] } {
  const shares: [string, number][] = [];
  const steps: Step[] = [];
  for (const line of SCENARIOS.split('\n')) {
    if (line.trim() === '' || line.startsWith('--')) continue;
    const [scenario, share, ...parts] = line.trim().split(/\s+/);
    shares.push([scenario, Number(share)]);
    parts.forEach((part, index) => {
      const [type, status, level, hours, flag] = part.split(':');
      steps.push({
        scenario,
        step: index + 1,
        type,
        status,
        level: level || null,
        hours: Number(hours),
        flag: flag ?? '',
      });
    });
  }
  return { shares, steps };
}

/** Issue titles: the kinds of questions officials raise (the labelled set's questions, varied per case). */
const TOPICS = [
  'Bố trí công chức dôi dư sau sắp xếp đơn vị hành chính cấp xã',
  'Thẩm quyền tuyển dụng công chức cấp xã sau khi bỏ cấp huyện',
  'Chế độ thôi việc đối với công chức xã không bố trí được sau sáp nhập',
  'Con dấu của xã mới được khắc và sử dụng từ ngày nào',
  'Trụ sở làm việc của xã mới khi ba xã cũ đều có trụ sở',
  'Hội đồng nhân dân xã mới tổ chức kỳ họp thứ nhất',
  'Phụ cấp chức vụ của phó chủ tịch xã khi không còn giữ chức',
  'Đóng bảo hiểm xã hội cho người hoạt động không chuyên trách',
  'Hồ sơ xác nhận người có công đang giải quyết dở ở huyện',
  'Hồ sơ, tài liệu lưu trữ của các xã cũ được chuyển về đâu',
  'Khen thưởng cho tập thể xã cũ đã giải thể',
  'Biên chế công chức của xã mới do ai giao',
  'Thành lập quỹ từ thiện cấp xã do cơ quan nào cấp phép',
  'Ranh giới giữa hai xã mới chưa rõ',
  'Đánh giá, xếp loại chất lượng công chức xã năm 2025',
  'Trung tâm phục vụ hành chính công cấp xã tổ chức ra sao',
];

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/case_engine_bench';
  const totalCases = Number(process.env.BENCH_CASES ?? 1_100_000);
  const end = process.env.BENCH_END ?? '2026-11-30';
  const started = Date.now();
  const phase = (name: string, since: number, count?: number, unit = 'rows'): void => {
    const seconds = (Date.now() - since) / 1000;
    const rate =
      count === undefined
        ? ''
        : ` — ${count.toLocaleString('en')} ${unit}, ${Math.round(count / seconds).toLocaleString('en')} ${unit}/s`;
    console.log(`${name}: ${seconds.toFixed(1)} s${rate}`);
  };

  if (await ensureDatabase(url)) console.log(`Created ${url}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  const existing = await client.query<{ present: boolean }>(
    `SELECT to_regclass('public.cases') IS NOT NULL AS present`,
  );
  if (existing.rows[0].present) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM cases`);
    if (Number(rows[0].n) > 0) {
      throw new Error(`${url} already holds ${rows[0].n} cases: the generator needs a fresh database (drop it first)`);
    }
  }
  await runMigrations(url);
  const refSource = createDataSource({ url, poolSize: 2 });
  await refSource.initialize();
  await new ReferenceImporter(refSource).importFromPackage();
  await refSource.destroy();
  phase('schema and reference data', started);

  const { shares, steps } = parseScenarios();
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`DROP TABLE IF EXISTS bench_steps, bench_shares, bench_communes, bench_topics`);
  await client.query(
    `CREATE UNLOGGED TABLE bench_steps (scenario text, step int, type text, status text, level text, hours numeric, flag text)`,
  );
  await client.query(
    `INSERT INTO bench_steps SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS r(scenario text, step int, type text, status text, level text, hours numeric, flag text)`,
    [JSON.stringify(steps)],
  );
  // Cumulative shares: a case's scenario is where its hash falls in [0, 1000).
  await client.query(`CREATE UNLOGGED TABLE bench_shares (scenario text, lo int, hi int)`);
  let lo = 0;
  for (const [scenario, share] of shares) {
    await client.query(`INSERT INTO bench_shares VALUES ($1, $2, $3)`, [scenario, lo, lo + share]);
    lo += share;
  }
  await client.query(
    `CREATE UNLOGGED TABLE bench_communes AS
       SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, province_code, name
         FROM communes WHERE retired_at IS NULL`,
  );
  const communeCount = Number(
    (await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_communes`)).rows[0].n,
  );
  await client.query(`CREATE UNLOGGED TABLE bench_topics (n int, title text)`);
  await client.query(`INSERT INTO bench_topics SELECT ordinality - 1, t FROM unnest($1::text[]) WITH ORDINALITY t`, [
    TOPICS,
  ]);
  const { rows: unitRows } = await client.query<{ code: string; unit: string }>(
    `SELECT code, responsible_unit_code AS unit FROM ministry_fields ORDER BY code`,
  );
  console.log(`${communeCount} communes, ${unitRows.length} fields, ${steps.length} scenario steps`);

  // Cases: raised on working days between 08:00 and 17:00 (UTC+7) across two years; the open ones recently.
  let since = Date.now();
  await client.query(`ALTER TABLE cases SET (autovacuum_enabled = false)`);
  await client.query(`ALTER TABLE case_events SET (autovacuum_enabled = false)`);
  await client.query(`DROP INDEX IF EXISTS ix_cases_search_trgm`);
  await client.query(
    `CREATE UNLOGGED TABLE bench_cases AS
     SELECT g AS n,
            md5('case' || g)::uuid AS id,
            (abs(hashint4(g)) % 1000) AS scenario_hash,
            m.code AS commune_code, m.province_code, m.name AS commune_name,
            f.code AS field, f.unit AS unit_code,
            (ARRAY['urgent','high','high','normal','normal','normal','low'])[1 + abs(hashint4(g + 7)) % 7] AS priority,
            md5('official' || m.province_code)::uuid::text AS raised_by,
            t.title,
            (($2::date - (abs(hashint4(g + 11)) % 730))::timestamp + make_interval(hours => 8 + abs(hashint4(g + 13)) % 9))
              AT TIME ZONE '+07' AS raised_at
       FROM generate_series(1, $1::int) g
       JOIN bench_communes m ON m.n = g % $3
       JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, responsible_unit_code AS unit FROM ministry_fields) f
         ON f.n = abs(hashint4(g + 3)) % $4
       JOIN bench_topics t ON t.n = abs(hashint4(g + 5)) % $5`,
    [totalCases, end, communeCount, unitRows.length, TOPICS.length],
  );
  await client.query(
    `UPDATE bench_cases c SET raised_at = $1::timestamptz - make_interval(hours => 2 + (c.n % 300))
      WHERE c.scenario_hash >= (SELECT lo FROM bench_shares WHERE scenario = 'open')`,
    [`${end}T09:00:00+07:00`],
  );
  await client.query(`ALTER TABLE bench_cases ADD COLUMN scenario text`);
  await client.query(
    `UPDATE bench_cases c SET scenario = s.scenario FROM bench_shares s WHERE c.scenario_hash >= s.lo AND c.scenario_hash < s.hi`,
  );
  phase('case plan', since, totalCases, 'cases');

  since = Date.now();
  await client.query(
    `INSERT INTO cases (id, title, description, province_code, commune_code, field, priority, status, escalation_level,
                        assigned_unit_code, raised_by_user_id, raised_at, closed_at, last_event_sequence, updated_at,
                        search_folded, breach_count)
     SELECT c.id, c.title || ' tại ' || c.commune_name, 'Vụ việc phát sinh sau sắp xếp: ' || c.title || '.',
            c.province_code, c.commune_code, c.field, c.priority, last.status, last.level,
            CASE WHEN c.scenario IN ('unit', 'breach', 'withdrawn', 'open') THEN c.unit_code END,
            c.raised_by, c.raised_at,
            CASE WHEN last.status = 'closed' THEN c.raised_at + make_interval(hours => last.hours::int) END,
            last.step, c.raised_at + make_interval(hours => last.hours::int),
            case_engine_fold(c.title || ' tại ' || c.commune_name || ' Vụ việc phát sinh sau sắp xếp: ' || c.title || '.'),
            CASE c.scenario WHEN 'breach' THEN 1 WHEN 'top' THEN 2 ELSE 0 END
       FROM bench_cases c
       JOIN LATERAL (SELECT * FROM bench_steps s WHERE s.scenario = c.scenario ORDER BY s.step DESC LIMIT 1) last ON true`,
  );
  phase('cases', since, totalCases, 'cases');

  since = Date.now();
  const policy = `jsonb_build_object('allowanceMs', 57600000, 'reminderPercents', jsonb_build_array(50, 90), 'calendarId', 'vn-civil-service')`;
  const inserted = await client.query(
    `INSERT INTO case_events (case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload, deadline_at,
                              policy_id, status_after, escalation_level_after)
     SELECT c.id, s.step, s.type,
            CASE WHEN s.type IN ('deadline_reminder', 'deadline_breached', 'overdue_renotified') OR s.flag = 'a' THEN 'system'
                 WHEN s.type IN ('escalation_answered', 'escalation_forwarded', 'policy_decided') THEN md5('answerer' || coalesce(s.level, 'x'))::uuid::text
                 ELSE c.raised_by END,
            '{}', c.raised_at + make_interval(secs => s.hours * 3600 + (c.n % 600)),
            CASE s.type
              WHEN 'case_reported' THEN jsonb_build_object('title', c.title || ' tại ' || c.commune_name,
                   'description', 'Vụ việc phát sinh sau sắp xếp: ' || c.title || '.', 'provinceCode', c.province_code,
                   'communeCode', c.commune_code, 'field', c.field, 'priority', c.priority)
              WHEN 'local_handling_started' THEN jsonb_build_object('note', 'Hướng dẫn tại chỗ')
              WHEN 'case_escalated' THEN
                CASE WHEN s.flag = 'a' THEN jsonb_build_object('automatic', true, 'reason', 'deadline_missed',
                     'fromLevel', CASE s.level WHEN 'leadership' THEN 'working_group' ELSE 'unit_head' END, 'level', s.level,
                     'unitCode', null) || ${policy}
                ELSE jsonb_build_object('automatic', false, 'target', s.level, 'level', s.level,
                     'question', c.title || '?', 'unitCode', CASE WHEN s.level = 'unit_head' THEN c.unit_code END) || ${policy} END
              WHEN 'information_requested' THEN jsonb_build_object('question', 'Đề nghị bổ sung số liệu', 'level', s.level, 'remainingMs', 28800000)
              WHEN 'information_provided' THEN jsonb_build_object('information', 'Đã bổ sung', 'level', s.level)
              WHEN 'escalation_answered' THEN jsonb_build_object('text', 'Hướng dẫn: ' || c.title || ' thực hiện theo quy định hiện hành.',
                   'legalBasis', 'Nghị định 33/2023/NĐ-CP', 'publishAsGuidance', s.flag = 'p' AND c.n % 50 = 0, 'level', s.level,
                   'question', c.title || '?')
              WHEN 'escalation_forwarded' THEN jsonb_build_object('fromLevel', 'working_group', 'toLevel', s.level,
                   'fromUnitCode', null, 'toUnitCode', null, 'reason', 'Vượt thẩm quyền') || ${policy}
              WHEN 'deadline_reminder' THEN jsonb_build_object('level', s.level, 'percent', CASE WHEN s.step % 2 = 0 THEN 50 ELSE 90 END)
              WHEN 'deadline_breached' THEN jsonb_build_object('level', s.level,
                   'escalatedTo', CASE s.level WHEN 'unit_head' THEN 'working_group' WHEN 'working_group' THEN 'leadership' END)
              WHEN 'overdue_renotified' THEN jsonb_build_object('level', s.level, 'overdueSince', null, 'renotice', s.step - 9)
              WHEN 'case_resolved' THEN jsonb_build_object('outcome', 'Đã giải quyết tại xã', 'reopenUntil', null)
              WHEN 'policy_proposed' THEN jsonb_build_object('proposal', 'Đề xuất sửa đổi quy định', 'fromStatus', 'answered')
              WHEN 'policy_decided' THEN jsonb_build_object('decision', (ARRAY['accepted', 'rejected', 'needs_study'])[1 + c.n % 3], 'note', null)
              WHEN 'case_withdrawn' THEN jsonb_build_object('reason', 'Đã tự giải quyết', 'fromStatus', 'escalated')
              WHEN 'case_closed' THEN jsonb_build_object('closeReason', CASE c.scenario WHEN 'policy' THEN 'policy_decided'
                   WHEN 'withdrawn' THEN 'withdrawn' ELSE 'resolved' END)
              ELSE '{}'::jsonb END,
            CASE WHEN s.level IS NOT NULL AND s.status IN ('escalated', 'answered')
                 THEN c.raised_at + make_interval(hours => (s.hours + 24)::int) END,
            CASE WHEN s.level IS NOT NULL THEN 'default.' || c.priority END,
            s.status, s.level
       FROM bench_cases c JOIN bench_steps s ON s.scenario = c.scenario
`,
  );
  const events = inserted.rowCount ?? 0;
  phase('events', since, events, 'events');

  since = Date.now();
  await client.query(
    `CREATE INDEX ix_cases_search_trgm ON cases USING gin (search_folded gin_trgm_ops) WHERE status <> 'closed'`,
  );
  await client.query(`ALTER TABLE cases RESET (autovacuum_enabled)`);
  await client.query(`ALTER TABLE case_events RESET (autovacuum_enabled)`);
  await client.query(`DROP TABLE bench_steps, bench_shares, bench_communes, bench_topics, bench_cases`);
  await client.query(`VACUUM ANALYZE cases`);
  await client.query(`VACUUM ANALYZE case_events`);
  phase('indexes and statistics', since);

  since = Date.now();
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'case-engine-bench-generate' });
  (dataSource.options.extra as Record<string, unknown>).statement_timeout = 0;
  await dataSource.initialize();
  const rebuilt = await rebuildAuditModels(dataSource, {
    chunkCases: 5000,
    onProgress: (cases) => {
      if (cases % 100_000 === 0) console.log(`  audit read models: ${cases.toLocaleString('en')} cases`);
    },
    onPhase: (name, seconds, rows) =>
      console.log(
        `  ${name === 'cases' ? 'per-case read models' : 'rollup (audit_rollups)'}: ${seconds.toFixed(1)} s — ` +
          `${rows.toLocaleString('en')} ${name === 'cases' ? 'cases' : 'rows'}, ` +
          `${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en')}/s`,
      ),
  });
  await dataSource.destroy();
  phase('audit read models (audit:rebuild)', since, rebuilt.cases, 'cases');
  await client.query(`VACUUM ANALYZE audit_cases`);
  await client.query(`VACUUM ANALYZE audit_level_stints`);
  await client.query(`VACUUM ANALYZE audit_rollups`);
  await client.query(`VACUUM ANALYZE guidance_entries`);
  const counts = await client.query<{ cases: string; events: string; communes: string; entries: string }>(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
            (SELECT count(DISTINCT commune_code) FROM cases) AS communes, (SELECT count(*) FROM guidance_entries) AS entries`,
  );
  await client.end();
  const c = counts.rows[0];
  console.log(
    `Done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${Number(c.cases).toLocaleString('en')} cases, ` +
      `${Number(c.events).toLocaleString('en')} events, ${c.communes} communes, ${c.entries} guidance entries`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
