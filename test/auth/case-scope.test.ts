import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { addDays, vietnamDate } from '@libs/identity';
import { asRole, type Session, type SignedIn } from '../support/auth';
import { eventually, pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';

describe('who may raise and read which cases', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let hanoiOfficial: Session;
  let hcmOfficial: Session;
  let unitHead: Session;
  let caseId: string;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    [hanoiOfficial, hcmOfficial, unitHead] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'], displayName: 'Phạm Ngọc Lan' }),
      asRole(api.url, db, 'official', { provinceCodes: ['79'] }),
      asRole(api.url, db, 'unit_head', { unitCode: 'TLBHXH' }),
    ]);
    const created = await request(api.url).post('/api/cases').set(hanoiOfficial.authHeader).send(validCase).expect(201);
    caseId = created.body.id;
    await eventually(async () =>
      (await request(api.url).get(`/api/cases/${caseId}`).set(hanoiOfficial.authHeader)).status === 200
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  const read = (session: SignedIn, id = caseId) =>
    Promise.all([
      request(api.url).get(`/api/cases/${id}`).set(session.authHeader),
      request(api.url).get(`/api/cases/${id}/events`).set(session.authHeader),
    ]);

  it('records the signed-in official as the raiser', async () => {
    const [kase, events] = await read(hanoiOfficial);
    expect(kase.body.raisedByUserId).toBe(hanoiOfficial.user.id);
    expect(events.body[0]).toMatchObject({
      type: 'case_reported',
      actorUserId: hanoiOfficial.user.id,
      actorRoles: ['official'],
    });
  });

  it('lets an official raise cases only in a province of a current deployment', async () => {
    const elsewhere = await request(api.url)
      .post('/api/cases')
      .set(hanoiOfficial.authHeader)
      .send({ ...validCase, provinceCode: '79', communeCode: '26732' })
      .expect(403);
    expect(elsewhere.body.code).toBe('PROVINCE_NOT_IN_DEPLOYMENT');
    expect(elsewhere.body.message).toMatch(/tỉnh/);

    const today = vietnamDate();
    const finished = await asRole(api.url, db, 'official', {
      provinceCodes: ['01'],
      deploymentPeriod: { start: addDays(today, -90), end: addDays(today, -1) },
    });
    const late = await request(api.url).post('/api/cases').set(finished.authHeader).send(validCase).expect(403);
    expect(late.body.code).toBe('PROVINCE_NOT_IN_DEPLOYMENT');
    const profile = await request(api.url).get('/api/auth/me').set(finished.authHeader).expect(200);
    expect(profile.body.provinceCodes).toEqual([]);

    const upcoming = await asRole(api.url, db, 'official', {
      provinceCodes: ['01'],
      deploymentPeriod: { start: addDays(today, 1), end: addDays(today, 60) },
    });
    await request(api.url).post('/api/cases').set(upcoming.authHeader).send(validCase).expect(403);
  });

  it('answers an official outside the case’s provinces exactly as for an unknown case', async () => {
    const [kase, events] = await read(hcmOfficial);
    const [unknownCase, unknownEvents] = await read(hcmOfficial, '8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00');
    for (const [response, unknown] of [
      [kase, unknownCase],
      [events, unknownEvents],
    ]) {
      expect(response.status).toBe(404);
      const { requestId: _a, ...body } = response.body;
      const { requestId: _b, ...unknownBody } = unknown.body;
      expect(body).toEqual(unknownBody);
      expect(body.code).toBe('CASE_NOT_FOUND');
    }
  });

  it('lets a unit head read the case once it is routed to their unit', async () => {
    expect((await read(unitHead)).map((response) => response.status)).toEqual([404, 404]);
    await db.query(`UPDATE cases SET assigned_unit_code = 'TLBHXH' WHERE id = $1`, [caseId]);
    expect((await read(unitHead)).map((response) => response.status)).toEqual([200, 200]);
    const otherUnit = await asRole(api.url, db, 'unit_head', { unitCode: 'CCVC' });
    expect((await read(otherUnit)).map((response) => response.status)).toEqual([404, 404]);
  });

  it.each(['working_group', 'leadership', 'personnel', 'admin'] as const)('lets %s read every case', async (role) => {
    const session = await asRole(api.url, db, role);
    const [kase, events] = await read(session);
    expect(kase.status).toBe(200);
    expect(kase.body.id).toBe(caseId);
    expect(events.status).toBe(200);
  });

  it('gives a person with several roles the union of their scopes', async () => {
    const both = await asRole(api.url, db, 'official', {
      provinceCodes: ['79'],
      extraRoles: ['unit_head'],
      unitCode: 'TLBHXH',
    });
    expect((await read(both)).map((response) => response.status)).toEqual([200, 200]);
  });
});
