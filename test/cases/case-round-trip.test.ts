import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { Client as PgClient } from 'pg';
import { caseStateQuery } from '@libs/contracts';
import { asRole, type SignedIn, type TestUser } from '../support/auth';
import {
  eventually,
  pgClient,
  startApi,
  startWorker,
  temporalClient,
  testConfig,
  validCase,
  type RunningApi,
} from '../support/stack';

describe('raising a case: API → Temporal → worker → PostgreSQL', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;
  let official: SignedIn & { user: TestUser };

  beforeAll(async () => {
    [api, worker, temporal, db] = await Promise.all([
      startApi(config),
      startWorker(config),
      temporalClient(),
      pgClient(),
    ]);
    official = await asRole(api.url, db, 'official', { provinceCodes: ['01', '79'] });
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), temporal?.close(), db?.end()]);
  });

  it('starts a workflow whose id is the case id and makes the case and its first event readable within a second', async () => {
    const created = await request(api.url).post('/api/cases').set(official.authHeader).send(validCase).expect(201);
    const id: string = created.body.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body).toEqual({ id, status: 'reported', href: `/api/cases/${id}` });
    const requestId = created.headers['x-request-id'];

    const acceptedAt = Date.now();
    const kase = await eventually(
      async () => {
        const response = await request(api.url).get(`/api/cases/${id}`).set(official.authHeader);
        return response.status === 200 ? response.body : undefined;
      },
      1000,
      20,
    );
    expect(Date.now() - acceptedAt).toBeLessThan(1000);
    expect(kase).toMatchObject({
      id,
      title: validCase.title,
      provinceCode: '01',
      communeCode: '00004',
      field: 'civil_service',
      priority: 'high',
      status: 'reported',
      lastEventSequence: 1,
    });

    const events = await request(api.url).get(`/api/cases/${id}/events`).set(official.authHeader).expect(200);
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({
      sequence: 1,
      type: 'case_reported',
      actorUserId: official.user.id,
      actorRoles: ['official'],
      requestId,
      payload: { title: validCase.title, communeCode: '00004' },
    });

    const handle = temporal.client.workflow.getHandle(id);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(config.temporal.taskQueue);
    expect(description.typedSearchAttributes.get({ name: 'ProvinceCode', type: 'KEYWORD' } as never)).toBe('01');
    const state = await handle.query(caseStateQuery);
    expect(state.model.lifecycle.status).toBe('reported');
    expect(state.model.lastEventSequence).toBe(1);
  });

  it('finds the case in Temporal visibility by its search attributes', async () => {
    const created = await request(api.url)
      .post('/api/cases')
      .set(official.authHeader)
      .send({ ...validCase, provinceCode: '79', communeCode: '26732' })
      .expect(201);
    const found = await eventually(
      async () => {
        for await (const execution of temporal.client.workflow.list({
          query: `CommuneCode = '26732' AND CaseStatus = 'reported' AND WorkflowId = '${created.body.id}'`,
        })) {
          return execution.workflowId;
        }
        return undefined;
      },
      10000,
      200,
    );
    expect(found).toBe(created.body.id);
  });

  it('answers 404 with a stable code for an unknown or malformed case id', async () => {
    for (const id of ['8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00', 'not-a-uuid', "1' OR '1'='1"]) {
      const response = await request(api.url)
        .get(`/api/cases/${encodeURIComponent(id)}`)
        .set(official.authHeader)
        .expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND' });
      await request(api.url)
        .get(`/api/cases/${encodeURIComponent(id)}/events`)
        .set(official.authHeader)
        .expect(404);
    }
    const count = await db.query('SELECT count(*)::int AS n FROM cases');
    expect(count.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('serves the OpenAPI document and UI', async () => {
    const json = await request(api.url).get('/api/docs-json').expect(200);
    expect(json.body.paths['/api/cases'].post).toBeDefined();
    expect(json.body.paths['/api/cases/{id}/events'].get).toBeDefined();
    expect(json.body.paths['/api/health'].get).toBeDefined();
    expect(json.body.components.schemas.CreateCaseDto.required).toEqual(
      expect.arrayContaining(['title', 'description', 'provinceCode', 'communeCode', 'field', 'priority']),
    );
    const ui = await request(api.url).get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
