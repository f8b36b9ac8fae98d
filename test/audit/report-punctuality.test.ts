import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, createUser, type Session, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';
import { vn } from './audit-fixture';

/**
 * Weekly-report punctuality against report rows written by hand, in a year no other suite uses (the shared
 * database holds other deployments' reports). Expected figures are counted by hand in the comments.
 */
describe('audit: weekly-report punctuality', () => {
  const config = testConfig();
  const year = 1990 + (randomBytes(1)[0] % 30);
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  let api: RunningApi;
  let db: PgClient;
  let leadership: Session;
  let official: Session;
  let hanoi: TestUser;
  let hcm: TestUser;
  const reportIds: Record<string, string> = {};

  const addReport = async (
    name: string,
    user: TestUser,
    cycle: number,
    due: string,
    missing: string | null,
    submitted: string | null,
    extra: { kind?: string; cancelled?: boolean } = {},
  ): Promise<void> => {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM deployments WHERE user_id = $1`, [user.id]);
    const id = randomUUID();
    reportIds[name] = id;
    await db.query(
      `INSERT INTO reports (id, deployment_id, kind, cycle_index, window_start, window_end, draft_ready_at, due_at,
                            missing_at, cancelled_at, status, first_submitted_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz - interval '7 days', $5::timestamptz - interval '16 hours',
               $5::timestamptz - interval '9 hours', $5, $6, $7, $8, $9)`,
      [
        id,
        rows[0].id,
        extra.kind ?? 'weekly',
        cycle,
        due,
        missing,
        extra.cancelled ? due : null,
        submitted ? 'submitted' : 'draft',
        submitted,
      ],
    );
  };

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    [leadership, official] = await Promise.all([asRole(api.url, db, 'leadership'), asRole(api.url, db, 'official')]);
    hanoi = await createUser(db, { roles: ['official'], provinceCodes: ['01'] });
    hcm = await createUser(db, { roles: ['official'], provinceCodes: ['79'] });
    const friday = (month: string, day: string): string => vn(`${year}-${month}-${day}T16:00:00`);
    const nextCutOff = (month: string, day: string): string => vn(`${year}-${month}-${day}T00:00:00`);
    // Hà Nội: on time (15:59 for 16:00), late (Friday 18:00, before the cut-off), missing (never submitted),
    // missing (submitted after the next cut-off); a cancelled one and the final report do not count.
    await addReport('h1', hanoi, 1, friday('03', '08'), nextCutOff('03', '15'), vn(`${year}-03-08T15:59:00`));
    await addReport('h2', hanoi, 2, friday('03', '15'), nextCutOff('03', '22'), vn(`${year}-03-15T18:00:00`));
    await addReport('h3', hanoi, 3, friday('03', '22'), nextCutOff('03', '29'), null);
    await addReport('h4', hanoi, 4, friday('03', '29'), nextCutOff('04', '05'), vn(`${year}-04-06T09:00:00`));
    await addReport('h5', hanoi, 5, friday('04', '05'), nextCutOff('04', '12'), null, { cancelled: true });
    await addReport('hf', hanoi, 0, friday('04', '12'), null, null, { kind: 'final' });
    // Not due yet: outside every figure.
    await addReport('hn', hanoi, 9, new Date(Date.now() + 86_400_000).toISOString(), null, null);
    // Hồ Chí Minh: on time exactly at 16:00; late (not submitted, no cut-off after the last week).
    await addReport('c1', hcm, 1, friday('03', '08'), nextCutOff('03', '15'), friday('03', '08'));
    await addReport('c2', hcm, 2, friday('03', '15'), null, null);
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
  });

  const get = (path: string, query: Record<string, string>, session: Session = leadership) =>
    request(api.url).get(`/api/audit/figures/${path}`).query(query).set(session.authHeader);

  it('counts on time, late and missing weekly reports per province and official, with a definition', async () => {
    const response = await get('report-punctuality', period);
    expect(response.status).toBe(200);
    expect(response.body.definitionEn).toContain('Punctuality = on time / reports');
    expect(response.body.definitionVi).toContain('đúng hạn');
    const rows = response.body.rows.map(({ casesHref: _c, reportsHref: _r, ...row }: Record<string, unknown>) => row);
    const officials = [hanoi.id, hcm.id].sort();
    const byOfficial = {
      [hanoi.id]: { reports: 4, onTime: 1, late: 1, missing: 2, punctuality: 0.25 },
      [hcm.id]: { reports: 2, onTime: 1, late: 1, missing: 0, punctuality: 0.5 },
    };
    expect(rows).toEqual([
      { key: 'all', reports: 6, onTime: 2, late: 2, missing: 2, punctuality: 0.3333 },
      { key: 'province:01', ...byOfficial[hanoi.id] },
      { key: 'province:79', ...byOfficial[hcm.id] },
      ...officials.map((id) => ({ key: `official:${id}`, ...byOfficial[id] })),
    ]);
    const one = await get('report-punctuality', { officialUserId: hanoi.id });
    // Without a period: the same four reports (the one not yet due never counts).
    expect(one.body.rows[0]).toMatchObject({ key: 'all', reports: 4, onTime: 1, late: 1, missing: 2 });
  });

  it('drills down to exactly the reports of a row, page by page, and exports CSV', async () => {
    const first = await get('report-punctuality/reports', { ...period, key: 'province:01', limit: '3' });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { reportId: string }) => item.reportId)).toEqual([
      reportIds.h1,
      reportIds.h2,
      reportIds.h3,
    ]);
    expect(first.body.items.map((item: { punctuality: string }) => item.punctuality)).toEqual([
      'on_time',
      'late',
      'missing',
    ]);
    const second = await get('report-punctuality/reports', {
      ...period,
      key: 'province:01',
      limit: '3',
      cursor: first.body.nextCursor,
    });
    expect(
      second.body.items.map((item: { reportId: string; punctuality: string }) => [item.reportId, item.punctuality]),
    ).toEqual([[reportIds.h4, 'missing']]);
    expect(second.body.nextCursor).toBeNull();
    const figure = await get('report-punctuality', period);
    const href = figure.body.rows.find((row: { key: string }) => row.key === `official:${hcm.id}`).reportsHref;
    const drilled = await request(api.url).get(href).set(leadership.authHeader);
    expect(drilled.body.items.map((item: { reportId: string }) => item.reportId)).toEqual([reportIds.c1, reportIds.c2]);

    const csv = await get('report-punctuality/reports', { ...period, key: 'all', format: 'csv' }).buffer(true);
    expect(csv.headers['content-type']).toContain('text/csv');
    const bytes = Buffer.from(csv.text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',')[0]).toBe('reportId');
    expect(lines).toHaveLength(1 + 6);
    const figureCsv = await get('report-punctuality', { ...period, format: 'csv' }).buffer(true);
    expect(figureCsv.text.replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(/^all,6,2,2,2,0\.3333,/);
  });

  it('refuses officials, unknown keys and a cursor from other filters', async () => {
    expect((await get('report-punctuality', period, official)).status).toBe(403);
    const bad = await get('report-punctuality/reports', { ...period, key: 'unit:X' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['key']);
    const first = await get('report-punctuality/reports', { ...period, key: 'all', limit: '1' });
    const other = await get('report-punctuality/reports', { key: 'all', limit: '1', cursor: first.body.nextCursor });
    expect(other.status).toBe(400);
  });
});
