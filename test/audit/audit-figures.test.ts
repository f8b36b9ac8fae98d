import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectUntilCaughtUp, rebuildAuditModels } from '@libs/audit';
import { createDataSource } from '@libs/database';
import { asRole, type Session } from '../support/auth';
import { communesOf } from '../support/case-api';
import { eventually, pgClient, startApi, testConfig, type RunningApi } from '../support/stack';
import { appendEvents, fixtureCases, HOUR, insertCaseRow, vn, type FixtureCase } from './audit-fixture';

/**
 * The audit read models and figures against a fixture written straight into case_events, with every expected
 * value worked out by hand (audit-fixture.ts). The run's database is shared with other suites, so figures are
 * filtered to this suite's official.
 */
describe('audit: projector, rebuild and figures', () => {
  const config = testConfig();
  const tag = `t${randomBytes(4).toString('hex')}`;
  const official = randomUUID();
  const answerer = randomUUID();
  let api: RunningApi;
  let db: PgClient;
  let dataSource: DataSource;
  let leadership: Session;
  let anOfficial: Session;
  let cases: { a: FixtureCase; b: FixtureCase; c: FixtureCase };

  const ids = (): string[] => [cases.a.id, cases.b.id, cases.c.id];
  /** Applies new events; another suite's worker may be applying them at the same moment, so wait for the result. */
  const project = async (lastSequences: number[]): Promise<void> => {
    await eventually(async () => {
      await projectUntilCaughtUp(dataSource, { batchEvents: 4 });
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_cases WHERE case_id = ANY($1::uuid[]) AND last_sequence = ANY($2::int[])`,
        [ids(), lastSequences],
      );
      return rows[0].n === 3 ? true : undefined;
    }, 20000);
  };
  const snapshot = async (): Promise<unknown> => {
    const caseRows = await db.query(`SELECT * FROM audit_cases WHERE case_id = ANY($1::uuid[]) ORDER BY case_id`, [
      ids(),
    ]);
    const stintRows = await db.query(
      `SELECT * FROM audit_level_stints WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, stint_no`,
      [ids()],
    );
    return { cases: caseRows.rows, stints: stintRows.rows };
  };
  const figure = (name: string, query: Record<string, string> = {}) =>
    request(api.url)
      .get(`/api/audit/figures/${name}`)
      .query({ officialUserId: official, ...query })
      .set(leadership.authHeader);
  const rowsOf = (body: { rows: Record<string, unknown>[] }): Record<string, Record<string, unknown>> =>
    Object.fromEntries(body.rows.map((row) => [row.key as string, row]));

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2 });
    await dataSource.initialize();
    [leadership, anOfficial] = await Promise.all([asRole(api.url, db, 'leadership'), asRole(api.url, db, 'official')]);
    const [hanoi] = await communesOf(db, '01', 1);
    const [hcm] = await communesOf(db, '79', 1);
    cases = fixtureCases(official, answerer, { hanoi, hcm }, tag);
    for (const kase of Object.values(cases)) await insertCaseRow(db, kase, official);
    // First half of every log, projected; then the rest — the projector must carry on from its checkpoint.
    for (const kase of Object.values(cases)) await appendEvents(db, kase, 1, 3);
    await project([2, 3]);
    for (const kase of Object.values(cases)) await appendEvents(db, kase, 4, 99);
    await project([cases.a.events.length, cases.b.events.length, cases.c.events.length]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    await db?.end();
  });

  it('rebuilding from the log gives exactly the incrementally projected rows', async () => {
    const incremental = await snapshot();
    await rebuildAuditModels(dataSource);
    expect(await snapshot()).toEqual(incremental);
  });

  it('per case: stints with working and calendar time, deadlines, information wait apart, breaches', async () => {
    const a = await request(api.url).get(`/api/audit/cases/${cases.a.id}`).set(leadership.authHeader).expect(200);
    expect(a.body).toMatchObject({
      status: 'closed',
      firstAnswerLevel: 'unit_head',
      firstAnswerCalendarMs: 54 * HOUR,
      firstAnswerWorkingMs: 13 * HOUR,
      resolutionCalendarMs: 74 * HOUR,
      resolutionWorkingMs: 26 * HOUR,
      breachCount: 0,
      autoEscalationCount: 0,
      infoWaitWorkingMs: 8 * HOUR,
    });
    expect(a.body.stints).toEqual([
      expect.objectContaining({
        level: 'unit_head',
        unitCode: 'AUDIT_U1',
        startedVia: 'manual',
        endReason: 'answered',
        initialDeadlineAt: vn('2026-11-26T09:00:00'),
        deadlineAt: vn('2026-11-27T09:00:00'),
        calendarMs: 54 * HOUR,
        workingMs: 21 * HOUR,
        infoWaitCalendarMs: 24 * HOUR,
        infoWaitWorkingMs: 8 * HOUR,
        heldCalendarMs: 30 * HOUR,
        heldWorkingMs: 13 * HOUR,
        infoRequests: 1,
        breachedAt: null,
        answeredOnTime: true,
      }),
    ]);

    const b = await request(api.url).get(`/api/audit/cases/${cases.b.id}`).set(leadership.authHeader).expect(200);
    expect(b.body).toMatchObject({
      firstAnswerLevel: 'leadership',
      firstAnswerCalendarMs: 78 * HOUR,
      firstAnswerWorkingMs: 29 * HOUR,
      breachCount: 1,
      autoEscalationCount: 1,
      policyDecision: 'accepted',
      resolutionWorkingMs: null,
    });
    const stints = b.body.stints as Record<string, unknown>[];
    expect(
      stints.map((s) => [s.level, s.startedVia, s.endReason, s.calendarMs, s.workingMs, s.answeredOnTime]),
    ).toEqual([
      ['unit_head', 'manual', 'auto_escalated', 33 * HOUR, 16 * HOUR, null],
      ['working_group', 'automatic', 'forwarded', 19 * HOUR, 4 * HOUR, null],
      ['leadership', 'forwarded', 'answered', 26 * HOUR, 9 * HOUR, false],
    ]);
    expect(stints[0].breachedAt).toBe(vn('2026-11-24T17:00:00'));
    expect(stints[1].fromLevel).toBe('unit_head');
  });

  it('time to first answer and to resolution per level (median, p90)', async () => {
    const first = rowsOf((await figure('first-answer').expect(200)).body);
    expect(first.unit_head).toMatchObject({ cases: 1, medianWorkingMs: 13 * HOUR, p90WorkingMs: 13 * HOUR });
    expect(first.leadership).toMatchObject({ cases: 1, medianWorkingMs: 29 * HOUR, medianCalendarMs: 78 * HOUR });
    const both = rowsOf((await figure('first-answer', { field: 'civil_service', priority: 'high' }).expect(200)).body);
    expect(Object.keys(both)).toEqual(['leadership']);

    const resolution = rowsOf((await figure('resolution').expect(200)).body);
    expect(Object.keys(resolution)).toEqual(['unit_head']);
    expect(resolution.unit_head).toMatchObject({ cases: 1, medianWorkingMs: 26 * HOUR, p90CalendarMs: 74 * HOUR });
  });

  it('deadline compliance per level and per unit, automatic escalations, backlog, policy proposals', async () => {
    const compliance = rowsOf((await figure('compliance').expect(200)).body);
    expect(compliance['level:unit_head']).toMatchObject({ stints: 2, onTime: 1, late: 1, compliance: 0.5 });
    expect(compliance['level:leadership']).toMatchObject({ stints: 1, onTime: 0, late: 1, compliance: 0 });
    expect(compliance['level:working_group']).toBeUndefined();
    expect(compliance['unit:AUDIT_U1']).toMatchObject({ stints: 1, compliance: 1 });
    expect(compliance['unit:AUDIT_U2']).toMatchObject({ stints: 1, compliance: 0 });

    const auto = rowsOf((await figure('auto-escalations').expect(200)).body);
    expect(auto).toEqual({ 'unit_head>working_group': expect.objectContaining({ escalations: 1 }) });

    const backlog = (await figure('backlog').expect(200)).body as { rows: Record<string, unknown>[] };
    // Raised 23/11/2026; its age bucket depends on today, its state does not.
    expect(backlog.rows).toHaveLength(1);
    expect(String(backlog.rows[0].key)).toMatch(/^local_handling\|/);
    expect(backlog.rows[0].cases).toBe(1);

    const proposals = rowsOf((await figure('policy-proposals').expect(200)).body);
    expect(proposals).toEqual({ accepted: expect.objectContaining({ cases: 1 }) });
  });

  it('every figure row drills down to exactly its cases, page by page, and exports CSV with a BOM', async () => {
    const compliance = (await figure('compliance').expect(200)).body as { rows: { key: string; casesHref: string }[] };
    const unitHead = compliance.rows.find((row) => row.key === 'level:unit_head')!;
    const first = await request(api.url).get(`${unitHead.casesHref}&limit=1`).set(leadership.authHeader).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(api.url)
      .get(`${unitHead.casesHref}&limit=1&cursor=${first.body.nextCursor as string}`)
      .set(leadership.authHeader)
      .expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([first.body.items[0].caseId, second.body.items[0].caseId].sort()).toEqual([cases.a.id, cases.b.id].sort());

    const u2 = await request(api.url)
      .get('/api/audit/figures/compliance/cases')
      .query({ officialUserId: official, key: 'unit:AUDIT_U2' })
      .set(leadership.authHeader)
      .expect(200);
    expect(u2.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([cases.b.id]);

    // A cursor from another query is refused.
    await request(api.url)
      .get('/api/audit/figures/compliance/cases')
      .query({ officialUserId: official, key: 'unit:AUDIT_U2', cursor: first.body.nextCursor as string })
      .set(leadership.authHeader)
      .expect(400)
      .expect((response) => expect(response.body.code).toBe('INVALID_CURSOR'));

    const csv = await request(api.url)
      .get('/api/audit/figures/first-answer/cases')
      .query({ officialUserId: official, format: 'csv' })
      .set(leadership.authHeader)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0].split(',')[0]).toBe('caseId');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain(`Bố trí công chức dôi dư ${tag}`);
  });

  it('refuses other roles, unknown figures and bad filters with clear errors', async () => {
    await request(api.url)
      .get('/api/audit/figures/backlog')
      .set(anOfficial.authHeader)
      .expect(403)
      .expect((response) => expect(response.body.code).toBe('ROLE_NOT_ALLOWED'));
    await request(api.url)
      .get('/api/audit/figures/nope')
      .set(leadership.authHeader)
      .expect(404)
      .expect((response) => expect(response.body.code).toBe('UNKNOWN_AUDIT_FIGURE'));
    const bad = await request(api.url)
      .get('/api/audit/figures/backlog')
      .query({ provinceCode: 'HN', level: 'minister' })
      .set(leadership.authHeader)
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['level', 'provinceCode']);
  });
});
