import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, createUser, type Session } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

/**
 * The lessons learned of a final report (section "Bài học kinh nghiệm" of its latest submitted version) published
 * as a guidance entry, found by search without diacritics, idempotent, and refused for anything else.
 */
describe('guidance: lessons learned of final reports become entries', () => {
  const config = testConfig();
  const tag = `l${randomBytes(4).toString('hex')}`;
  let api: RunningApi;
  let db: PgClient;
  let workingGroup: Session;
  let official: Session;
  let finalId: string;
  let weeklyId: string;
  let draftFinalId: string;

  const insertReport = async (deploymentId: string, kind: string, cycle: number): Promise<string> => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO reports (id, deployment_id, kind, cycle_index, window_start, window_end, draft_ready_at, due_at,
                            status)
       VALUES ($1, $2, $3, $4, now() - interval '30 days', now() - interval '2 days', now() - interval '2 days',
               now() - interval '1 day', 'draft')`,
      [id, deploymentId, kind, cycle],
    );
    return id;
  };
  const addVersion = async (reportId: string, version: number, lessons: string, userId: string): Promise<void> => {
    await db.query(
      `INSERT INTO report_versions (report_id, version, document_number, narrative, figures, submitted_by,
                                    submitted_at)
       VALUES ($1, $2, $3, $4, '{}', $5, now())`,
      [reportId, version, `${version}/BC-${tag}`, JSON.stringify({ lessons, recommendations: 'Không.' }), userId],
    );
  };

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    [workingGroup, official] = await Promise.all([
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
    ]);
    const author = await createUser(db, { roles: ['official'], provinceCodes: ['79'] });
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM deployments WHERE user_id = $1`, [author.id]);
    finalId = await insertReport(rows[0].id, 'final', 0);
    weeklyId = await insertReport(rows[0].id, 'weekly', 1);
    const other = await createUser(db, { roles: ['official'], provinceCodes: ['01'] });
    const otherDeployment = await db.query<{ id: string }>(`SELECT id FROM deployments WHERE user_id = $1`, [other.id]);
    draftFinalId = await insertReport(otherDeployment.rows[0].id, 'final', 0);
    await addVersion(finalId, 1, 'Bản đầu.', author.id);
    await addVersion(
      finalId,
      2,
      `Tổ chức tiếp công dân tại trụ sở xã mới ngay tuần đầu giúp giảm khiếu nại ${tag}.`,
      author.id,
    );
    await addVersion(weeklyId, 1, 'Không áp dụng.', author.id);
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
  });

  const publish = (body: Record<string, unknown>, session: Session = workingGroup) =>
    request(api.url).post('/api/guidance/lessons/from-final-report').set(session.authHeader).send(body);

  it("publishes the latest version's lessons once, searchable without diacritics", async () => {
    const question = `Tiếp công dân ở xã mới sau sắp xếp ${tag}`;
    const first = await publish({ reportId: finalId, question, field: 'local_government' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      question,
      answer: `Tổ chức tiếp công dân tại trụ sở xã mới ngay tuần đầu giúp giảm khiếu nại ${tag}.`,
      field: 'local_government',
      sourceReference: `final-report:${finalId}`,
    });
    const again = await publish({ reportId: finalId, question: 'Khác' });
    expect(again.body.id).toBe(first.body.id);
    const found = await request(api.url)
      .get('/api/guidance')
      .query({ q: `tiep cong dan xa moi ${tag}` })
      .set(official.authHeader);
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).toContain(first.body.id);
  });

  it('refuses weekly reports, finals without a submitted version, unknown ids and officials', async () => {
    expect((await publish({ reportId: weeklyId, question: 'Q' })).status).toBe(404);
    expect((await publish({ reportId: randomUUID(), question: 'Q' })).status).toBe(404);
    const notSubmitted = await publish({ reportId: draftFinalId, question: 'Q' });
    expect([notSubmitted.status, notSubmitted.body.code]).toEqual([409, 'REPORT_NOT_READY']);
    const bad = await publish({ reportId: 'nope', question: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['question', 'reportId']);
    expect((await publish({ reportId: finalId, question: 'Q' }, official)).status).toBe(403);
  });
});
