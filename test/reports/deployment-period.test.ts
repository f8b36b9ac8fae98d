import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { addDays, vietnamDate } from '@libs/identity';
import { asRole, type Session } from '../support/auth';
import { eventually, pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';

jest.setTimeout(120_000);

interface Plan {
  cycles: { index: number; windowEnd: string; dueAt: string }[];
  finalReport: { dueAt: string };
  span: { endsAt: string };
}

/** The weekly rule on real dates: shortening, extending and ending early are updates the cycle follows. */
describe('deployment period changes (weekly schedule)', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let admin: Session;
  let official: Session;
  const today = vietnamDate();
  const decision = `${Math.floor(Math.random() * 90000) + 10000}/QĐ-BNV`;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    admin = await asRole(api.url, db, 'admin');
    official = await asRole(api.url, db, 'official', { provinceCodes: [] });
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  const post = (session: Session, path: string, body: object) =>
    request(api.url).post(path).set(session.authHeader).send(body);
  const history = async (id: string) =>
    (await request(api.url).get(`/api/deployments/${id}/history`).set(admin.authHeader).expect(200)).body as {
      run: { plan: Plan; schedule: { kind: string } } | null;
      events: { type: string; actorUserId: string; payload: Record<string, unknown> }[];
    };

  it('plans from the dates, catches up on past cycles, and follows shorten / extend / end early', async () => {
    await post(admin, '/api/dispatch-decisions', {
      number: decision,
      signedOn: addDays(today, -45),
      signerTitle: 'Bộ trưởng Bộ Nội vụ',
      periodStart: addDays(today, -40),
      periodEnd: addDays(today, 40),
    }).expect(201);
    const created = await post(admin, '/api/deployments', {
      decisionNumber: decision,
      username: official.user.username,
      homeUnitCode: 'CCVC',
      provinceCode: '01',
      periodStart: addDays(today, -30),
      periodEnd: addDays(today, 30),
    }).expect(201);
    const id = created.body.id as string;

    const started = await eventually(async () => {
      const body = await history(id);
      return body.run ? body : undefined;
    }, 15_000);
    expect(started.run!.schedule.kind).toBe('weekly');
    const cyclesBefore = started.run!.plan.cycles.length;
    expect(cyclesBefore).toBeGreaterThanOrEqual(9);

    // Cycles already over when the run started are drafted and marked at once: not submitted means missing.
    const reports = await eventually(
      async () => {
        const response = await request(api.url).get(`/api/deployments/${id}/reports`).set(official.authHeader);
        const list = response.body as {
          cycleIndex: number;
          kind: string;
          punctuality: string;
          missingMarkedAt: string | null;
        }[];
        return list.filter((report) => report.missingMarkedAt).length >= 2 ? list : undefined;
      },
      20_000,
      250,
    );
    expect(reports.find((report) => report.kind === 'weekly' && report.cycleIndex === 1)!.punctuality).toBe('missing');

    // Bad changes are refused and change nothing.
    await post(official, `/api/deployments/${id}/period`, {
      kind: 'shorten',
      periodEnd: addDays(today, 9),
      reason: 'x',
    }).expect(403);
    const notLonger = await post(admin, `/api/deployments/${id}/period`, {
      kind: 'extend',
      periodEnd: addDays(today, 10),
      reason: 'Kéo dài',
    }).expect(400);
    expect(notLonger.body.code).toBe('VALIDATION_FAILED');
    expect(notLonger.body.errors[0].field).toBe('periodEnd');
    const beyond = await post(admin, `/api/deployments/${id}/period`, {
      kind: 'extend',
      periodEnd: addDays(today, 41),
      reason: 'Kéo dài',
    }).expect(400);
    expect(beyond.body.errors[0].code).toBe('afterDecision');
    await post(admin, `/api/deployments/${id}/period`, { kind: 'shorten', reason: 'Rút ngắn' }).expect(400);
    await post(admin, `/api/deployments/${id}/period`, { kind: 'later', reason: 'x' }).expect(400);
    expect((await history(id)).run!.plan.cycles).toHaveLength(cyclesBefore);

    // Shorten: later cycles are cancelled, the final report moves, the history says who and why.
    const shortened = await post(admin, `/api/deployments/${id}/period`, {
      kind: 'shorten',
      periodEnd: addDays(today, 9),
      reason: 'Hoàn thành nhiệm vụ sớm',
    }).expect(200);
    expect(shortened.body.periodEnd).toBe(addDays(today, 9));
    expect(shortened.body.cycles).toBeLessThan(cyclesBefore);
    const { rows } = await db.query<{ period_end: string; cancelled: number }>(
      `SELECT d.period_end::text AS period_end,
              (SELECT count(*)::int FROM reports r WHERE r.deployment_id = d.id AND r.cancelled_at IS NOT NULL) AS cancelled
         FROM deployments d WHERE d.id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ period_end: addDays(today, 9), cancelled: cyclesBefore - shortened.body.cycles });
    const afterShorten = await history(id);
    const change = afterShorten.events.find((event) => event.type === 'deployment_period_changed')!;
    expect(change).toMatchObject({
      actorUserId: admin.user.id,
      payload: { kind: 'shorten', reason: 'Hoàn thành nhiệm vụ sớm', toPeriodEnd: addDays(today, 9) },
    });
    expect(afterShorten.run!.plan.finalReport.dueAt).toBe(shortened.body.finalReportDueAt);

    // Extend again: the cancelled cycles come back.
    const extended = await post(admin, `/api/deployments/${id}/period`, {
      kind: 'extend',
      periodEnd: addDays(today, 30),
      reason: 'Bộ yêu cầu kéo dài',
    }).expect(200);
    expect(extended.body.cycles).toBe(cyclesBefore);
    const revived = await db.query(`SELECT 1 FROM reports WHERE deployment_id = $1 AND cancelled_at IS NOT NULL`, [id]);
    expect(revived.rowCount).toBe(0);

    // End early: the period ends today.
    const ended = await post(admin, `/api/deployments/${id}/period`, {
      kind: 'end_early',
      reason: 'Điều động công tác khác',
    }).expect(200);
    expect(ended.body.periodEnd).toBe(today);
    const final = await history(id);
    expect(final.events.filter((event) => event.type === 'deployment_period_changed')).toHaveLength(3);
  });
});
