import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole } from '../support/auth';
import { eventually, pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';

/**
 * With no worker running, an action cannot be confirmed: the API must not hang, and must not claim that nothing
 * happened — Temporal keeps the update and applies it when a worker is back.
 */
describe('an action while no worker runs', () => {
  const config = testConfig({ updateTimeoutMs: 2000 });
  let api: RunningApi;
  let db: PgClient;
  let worker: INestApplicationContext | null = null;

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  it('answers 503 CASE_ACTION_UNCONFIRMED in bounded time, and the action is applied once a worker is back', async () => {
    const official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
    worker = await startWorker(config);
    const created = await request(api.url).post('/api/cases').set(official.authHeader).send(validCase).expect(201);
    const id = created.body.id as string;
    await eventually(async () =>
      (await request(api.url).get(`/api/cases/${id}`).set(official.authHeader)).status === 200 ? true : undefined,
    );
    await worker.close();
    worker = null;

    const started = Date.now();
    const response = await request(api.url)
      .post(`/api/cases/${id}/escalate`)
      .set(official.authHeader)
      .send({ target: 'working_group', question: 'Hỏi khi worker đang dừng.' })
      .expect(503);
    expect(response.body.code).toBe('CASE_ACTION_UNCONFIRMED');
    expect(Date.now() - started).toBeLessThan(10000);

    worker = await startWorker(config);
    const kase = await eventually(
      async () => {
        const current = await request(api.url).get(`/api/cases/${id}`).set(official.authHeader);
        return current.body.status === 'escalated' ? current.body : undefined;
      },
      20000,
      200,
    );
    expect(kase.escalationLevel).toBe('working_group');
    const events = await request(api.url).get(`/api/cases/${id}/events`).set(official.authHeader).expect(200);
    expect(events.body.map((event: { type: string }) => event.type)).toEqual(['case_reported', 'case_escalated']);
  }, 60000);
});
