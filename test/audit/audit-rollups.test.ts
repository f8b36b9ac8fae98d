import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectUntilCaughtUp, rebuildAuditModels, ROLLUP_PERCENTILE_TOLERANCE } from '@libs/audit';
import { createDataSource } from '@libs/database';
import { asRole, type Session } from '../support/auth';
import { communesOf } from '../support/case-api';
import { eventually, pgClient, startApi, testConfig, type RunningApi } from '../support/stack';
import { appendEvents, HOUR, insertCaseRow, type FixtureCase, type FixtureEvent } from './audit-fixture';

/**
 * The rollup read model (`audit_rollups`): kept incrementally by the projector, equal to a rebuild, and giving the
 * same figures as the exact per-case SQL — counts exactly, medians and p90 within the stated 1%. The suite's cases
 * are raised in March–May of a year no other suite uses, so the period filter isolates them in the shared database.
 */
describe('audit rollups: incremental, rebuilt, and against the exact figures', () => {
  const config = testConfig();
  const tag = `r${randomBytes(4).toString('hex')}`;
  const year = 1990 + (randomBytes(1)[0] % 30);
  const official = randomUUID();
  let api: RunningApi;
  let db: PgClient;
  let dataSource: DataSource;
  let leadership: Session;
  let kases: { kase: FixtureCase; phaseOne: number }[] = [];

  // A small deterministic generator, so a failure can be replayed from the seed printed with it.
  let seed = Number(process.env.AUDIT_ROLLUP_SEED ?? randomBytes(4).readUInt32LE(0));
  const seedUsed = seed;
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const at = (base: number, hours: number): string => new Date(base + hours * HOUR).toISOString();

  const calendar = { reminderPercents: [50, 90], calendarId: 'vn-civil-service', allowanceMs: 16 * HOUR };
  const escalated = (when: string, level: string, unitCode: string | null, deadline: string): FixtureEvent => ({
    type: 'case_escalated',
    at: when,
    statusAfter: 'escalated',
    levelAfter: level,
    deadlineAt: deadline,
    policyId: 'default.normal',
    payload: { automatic: false, target: level, level, question: `Câu hỏi ${tag}?`, unitCode, ...calendar },
  });
  const answered = (when: string, level: string, deadline: string): FixtureEvent => ({
    type: 'escalation_answered',
    at: when,
    statusAfter: 'answered',
    levelAfter: level,
    deadlineAt: deadline,
    payload: { text: `Trả lời ${tag}.`, legalBasis: null, publishAsGuidance: false, level, question: null },
  });
  const resolved = (when: string): FixtureEvent => ({
    type: 'case_resolved',
    at: when,
    statusAfter: 'resolved',
    payload: { outcome: 'Đã giải quyết.', reopenUntil: null },
  });

  /** One case of one of four shapes; `phaseOne` events are projected first, the rest later. */
  function makeCase(index: number, communes: Record<string, string>): { kase: FixtureCase; phaseOne: number } {
    const provinceCode = pick(['01', '79']);
    const field = pick(['civil_service', 'local_government', 'records_archives']);
    const priority = pick(['urgent', 'high', 'normal', 'low']);
    const unit = pick(['AUDIT_R1', 'AUDIT_R2']);
    const month = 3 + Math.floor(random() * 3);
    const dayOfMonth = 1 + Math.floor(random() * 28);
    const base = Date.parse(
      `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}T08:00:00+07:00`,
    );
    const r = (lo: number, hi: number): number => lo + Math.round(random() * (hi - lo) * 10) / 10;
    const title = `Vụ việc ${index} ${tag}`;
    const events: FixtureEvent[] = [
      {
        type: 'case_reported',
        at: at(base, 0),
        statusAfter: 'reported',
        payload: { title, description: 'Kiểm tra bảng tổng hợp.', provinceCode, communeCode: communes[provinceCode] },
      },
    ];
    const shape = index % 4;
    const t1 = r(0.5, 30);
    const deadline = at(base, 1 + 24);
    let phaseOne = 2;
    if (shape === 0 || shape === 3) {
      const t2 = t1 + r(1, 200);
      events.push(escalated(at(base, t1), 'unit_head', unit, deadline), answered(at(base, t2), 'unit_head', deadline));
      events.push(resolved(at(base, t2 + r(0.2, 40))));
      if (shape === 3) {
        // Resolved, then reopened and escalated again: its resolution and highest level change later.
        phaseOne = events.length;
        const t3 = t2 + r(50, 100);
        const late = at(base, t3 + 48);
        events.push(
          { type: 'case_reopened', at: at(base, t3), statusAfter: 'reported', payload: { reason: 'Phát sinh mới.' } },
          escalated(at(base, t3 + 1), 'working_group', null, late),
          answered(at(base, t3 + r(2, 90)), 'working_group', late),
          resolved(at(base, t3 + r(91, 120))),
        );
      }
    } else if (shape === 1) {
      const breach = t1 + 24;
      const later = at(base, breach + 48);
      events.push(
        escalated(at(base, t1), 'unit_head', unit, at(base, breach)),
        {
          type: 'deadline_breached',
          at: at(base, breach),
          statusAfter: 'escalated',
          levelAfter: 'unit_head',
          deadlineAt: at(base, breach),
          payload: { level: 'unit_head', escalatedTo: 'working_group' },
        },
        {
          type: 'case_escalated',
          at: at(base, breach),
          statusAfter: 'escalated',
          levelAfter: 'working_group',
          deadlineAt: later,
          policyId: 'default.normal',
          payload: {
            automatic: true,
            reason: 'deadline_missed',
            fromLevel: 'unit_head',
            level: 'working_group',
            unitCode: null,
            ...calendar,
          },
        },
        answered(at(base, breach + r(1, 80)), 'working_group', later),
        resolved(at(base, breach + r(81, 160))),
      );
      phaseOne = 3;
    } else {
      events.push(
        {
          type: 'local_handling_started',
          at: at(base, 1),
          statusAfter: 'local_handling',
          payload: { note: 'Tại chỗ.' },
        },
        resolved(at(base, r(2, 300))),
      );
    }
    for (const event of events) event.actor ??= official;
    events[0].payload = { ...events[0].payload, field, priority };
    const communeCode = communes[provinceCode];
    return { kase: { id: randomUUID(), title, provinceCode, communeCode, field, priority, events }, phaseOne };
  }

  const period = { from: `${year}-03-01`, to: `${year}-05-31` };
  const rollupSnapshot = async (): Promise<unknown[]> =>
    (
      await db.query(
        `SELECT * FROM audit_rollups WHERE month BETWEEN $1::date AND $2::date
          ORDER BY figure, province_code, field, priority, unit_code, month, level, key`,
        [period.from, period.to],
      )
    ).rows;
  const figure = (name: string, query: Record<string, string>) =>
    request(api.url).get(`/api/audit/figures/${name}`).query(query).set(leadership.authHeader);
  const project = async (): Promise<void> => {
    await eventually(async () => {
      await projectUntilCaughtUp(dataSource);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_cases a JOIN cases k ON k.id = a.case_id
          WHERE a.case_id = ANY($1::uuid[]) AND a.last_sequence = k.last_event_sequence`,
        [kases.map((k) => k.kase.id)],
      );
      return rows[0].n === kases.length ? true : undefined;
    }, 30000);
  };

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2 });
    await dataSource.initialize();
    leadership = await asRole(api.url, db, 'leadership');
    const communes = { '01': (await communesOf(db, '01', 1))[0], '79': (await communesOf(db, '79', 1))[0] };
    kases = Array.from({ length: 120 }, (_, index) => makeCase(index, communes));
    for (const { kase, phaseOne } of kases) {
      await insertCaseRow(db, kase, official);
      await db.query(`UPDATE cases SET last_event_sequence = $2 WHERE id = $1`, [kase.id, phaseOne]);
      await appendEvents(db, kase, 1, phaseOne);
    }
    await project();
    for (const { kase, phaseOne } of kases) {
      await appendEvents(db, kase, phaseOne + 1, 99);
      await db.query(`UPDATE cases SET last_event_sequence = $2 WHERE id = $1`, [kase.id, kase.events.length]);
    }
    await project();
  }, 120000);

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    await db?.end();
  });

  it(`keeps the rollup incrementally, equal to a rebuild (seed ${seedUsed})`, async () => {
    const incremental = await rollupSnapshot();
    // Every case counts once in the national first-answer or resolution rows it belongs to.
    const counted = await db.query<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM audit_rollups WHERE month BETWEEN $1::date AND $2::date
          AND figure = 'resolution' AND province_code = '*' AND field = '*' AND priority = '*'
          AND unit_code = '*'`,
      [period.from, period.to],
    );
    const resolved = await db.query<{ n: number; statuses: string[] }>(
      `SELECT count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS n, array_agg(DISTINCT status) AS statuses
         FROM audit_cases WHERE case_id = ANY($1::uuid[])`,
      [kases.map((k) => k.kase.id)],
    );
    expect({ rollup: counted.rows[0].n, cases: resolved.rows[0] }).toEqual({
      rollup: kases.length,
      cases: { n: kases.length, statuses: expect.any(Array) },
    });
    await rebuildAuditModels(dataSource);
    expect(await rollupSnapshot()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(50);
  });

  const filterSets: Record<string, string>[] = [
    period,
    { ...period, provinceCode: '01' },
    { ...period, field: 'civil_service' },
    { ...period, priority: 'high', provinceCode: '79' },
    { ...period, field: 'local_government', unitCode: 'AUDIT_R2' },
    { ...period, unitCode: 'AUDIT_R1' },
    { ...period, level: 'working_group' },
    // Partial months at both ends: whole April from the rollup, the edges from the per-case rows.
    { from: `${year}-03-10`, to: `${year}-05-20` },
    { from: `${year}-04-05`, to: `${year}-04-25`, provinceCode: '01' },
  ];

  it.each(['first-answer', 'resolution', 'compliance', 'auto-escalations'])(
    '%s from the rollup matches the exact per-case figure (counts exactly, percentiles within 1%)',
    async (name) => {
      for (const filters of filterSets) {
        const [rollup, exact] = await Promise.all([
          figure(name, { ...filters, precision: 'rollup' }),
          figure(name, { ...filters, precision: 'exact' }),
        ]);
        expect([rollup.status, exact.status]).toEqual([200, 200]);
        expect(rollup.body.computedFrom).toBe('rollup');
        expect(exact.body.computedFrom).toBe('cases');
        const durations = name === 'first-answer' || name === 'resolution';
        expect(rollup.body.percentileTolerance).toBe(durations ? ROLLUP_PERCENTILE_TOLERANCE : null);
        const keys = (body: { rows: { key: string }[] }): string[] => body.rows.map((row) => row.key);
        expect(keys(rollup.body)).toEqual(keys(exact.body));
        expect(exact.body.rows.length).toBeGreaterThan(0);
        for (const [index, row] of (exact.body.rows as Record<string, unknown>[]).entries()) {
          const estimate = rollup.body.rows[index] as Record<string, unknown>;
          expect(estimate.casesHref).toBe(row.casesHref);
          for (const [column, value] of Object.entries(row)) {
            if (column.endsWith('Ms') && typeof value === 'number') {
              const error = Math.abs((estimate[column] as number) - value);
              expect({ filters, column, error }).toEqual({
                filters,
                column,
                error: error <= value * ROLLUP_PERCENTILE_TOLERANCE + 1 ? error : -1,
              });
            } else {
              expect({ filters, column, value: estimate[column] }).toEqual({ filters, column, value });
            }
          }
        }
      }
    },
  );

  it('auto precision: small cohorts are computed exactly, and filters the rollup lacks use the per-case rows', async () => {
    const small = await figure('first-answer', period);
    expect(small.body.computedFrom).toBe('cases');
    expect(small.body.percentileTolerance).toBeNull();
    const counts = await figure('compliance', period);
    expect(counts.body.computedFrom).toBe('rollup');
    const threeFilters = {
      ...period,
      provinceCode: '01',
      field: 'civil_service',
      priority: 'high',
      precision: 'rollup',
    };
    expect((await figure('compliance', threeFilters)).body.computedFrom).toBe('cases');
    const byOfficial = await figure('compliance', { ...period, officialUserId: official, precision: 'rollup' });
    expect(byOfficial.body.computedFrom).toBe('cases');
    expect(byOfficial.body.rows).toEqual(
      counts.body.rows.map((row: Record<string, unknown>) => ({
        ...row,
        casesHref: expect.stringContaining(`officialUserId=${official}`),
      })),
    );
  });
});
