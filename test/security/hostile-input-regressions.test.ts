import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session } from '../support/auth';
import {
  pgClient,
  startApi,
  startWorker,
  temporalClient,
  testConfig,
  validCase,
  type RunningApi,
} from '../support/stack';
import { raiseCase } from './case-fixtures';

/**
 * The requests the fuzz suite (fuzz.test.ts) found failing, kept as named examples so that a regression says what
 * broke. Each one used to answer 500, or was accepted and then wedged its case workflow.
 */
describe('hostile input that used to break the API', () => {
  const config = { ...testConfig(), slaPolicySet: 'default' };
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let official: Session;
  let admin: Session;
  let caseId: string;

  beforeAll(async () => {
    [api, worker, db, temporal] = await Promise.all([
      startApi(config),
      startWorker(config),
      pgClient(),
      temporalClient(),
    ]);
    [official, admin] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
      asRole(api.url, db, 'admin'),
    ]);
    caseId = await raiseCase(api.url, official);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end(), temporal?.close()]);
  });

  const workflowsOnQueue = async () =>
    (await temporal.client.workflow.count(`TaskQueue = '${config.temporal.taskQueue}'`)).count;
  const eventCount = async (id: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id])).rows[0].n;
  /** Raw JSON text, so that escapes such as \ud800 reach the server exactly as written. */
  const postJson = (path: string, session: Session | null, json: string) => {
    const call = request(api.url).post(path).set('Content-Type', 'application/json');
    return (session ? call.set(session.authHeader) : call).send(json);
  };
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['NUL', 'Tiêu đề \\u0000 có ký tự NUL'],
    ['an unpaired surrogate', 'Tiêu đề \\ud800 lẻ cặp'],
  ])(
    'a case title with %s is refused with 400 (it was accepted with 201, then the workflow retried the event insert forever)',
    async (_name, title) => {
      const before = await workflowsOnQueue();
      const body = JSON.stringify({ ...validCase, priority: 'low', title: 'TITLE' }).replace('TITLE', title);
      const response = await postJson('/api/cases', official, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'title', code: 'isStorableText' })],
      });
      expect(await workflowsOnQueue()).toBe(before);
    },
  );

  it.each([
    ['NUL', 'Hướng dẫn \\u0000'],
    ['an unpaired surrogate', 'Hướng dẫn \\udfff'],
  ])(
    'an action text with %s is refused at once (it was accepted, the event never recorded, and the API answered 503 CASE_ACTION_UNCONFIRMED after 20 s)',
    async (_name, note) => {
      const events = await eventCount(caseId);
      const started = Date.now();
      const response = await postJson(`/api/cases/${caseId}/handle-locally`, official, `{"note":"${note}"}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'note', code: 'isStorableText' })]);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await eventCount(caseId)).toBe(events);
      const kase = await request(api.url).get(`/api/cases/${caseId}`).set(official.authHeader).expect(200);
      expect(kase.body.status).toBe('reported');
    },
  );

  it.each([
    ['GET', '/api/users?q=%00', 'q'],
    ['GET', '/api/deployments?decision=a%00b', 'decision'],
    ['GET', '/api/sla/policies/a%00b', 'id'],
    ['GET', '/api/sla/calendars/a%00b/overrides', 'calendarId'],
    ['GET', '/api/reference/communes?q=x%00', 'q'],
  ])('NUL in a query or path parameter: %s %s answers 400, not 500', async (_method, path, field) => {
    const response = await request(api.url).get(path).set(admin.authHeader);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field, code: 'isStorableText' })]);
  });

  it('NUL in the username of a login answers 400, not 500 (it reached the failed-login counter query)', async () => {
    const response = await postJson('/api/auth/login', null, '{"username":"a\\u0000b","password":"x"}');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'username', code: 'isStorableText' })]);
  });

  it.each([
    ['/api/auth/login', () => null],
    ['/api/cases/{id}/withdraw', () => official],
    ['/api/sla/policies', () => admin],
  ])(
    'a body nested 3,000 levels deep: POST %s answers 400, not 500 (class-transformer overflowed the stack)',
    async (path, session) => {
      const response = await postJson(path.replace('{id}', caseId), session(), `{"x":${nested(3000)}}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'maxDepth' })]));
    },
  );

  it.each([
    ['-1', 'Date.parse reads it as the year 2001'],
    ['2025-02-30T00:00:00.000000Z', 'Date.parse rolls 30 February over to March'],
    ['0000-01-01T00:00:00.000000Z', 'PostgreSQL has no year 0'],
  ])('a notification cursor with the instant %s is 400, not 500 (%s)', async (instant) => {
    const cursor = Buffer.from(`${instant}|${randomUUID()}`).toString('base64url');
    const response = await request(api.url).get(`/api/notifications?cursor=${cursor}`).set(official.authHeader);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  // The access log keeps query parameter names cut to 64 UTF-16 units and percent-encodes them: a cut through an emoji
  // left half a surrogate pair, encodeURIComponent threw URIError inside the response's 'finish' listener, and the
  // uncaught exception took the whole API process down (here: "Test suite failed to run", URIError in access-log.ts).
  it('a query parameter name whose 64th character is half an emoji does not crash the API', async () => {
    const name = `x${'%F0%9F%92%A9'.repeat(40)}`;
    const first = await request(api.url).get(`/api/health?${name}=1`);
    expect(first.status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await request(api.url).get('/api/health').expect(200);
  });

  // The idempotency interceptor hashes the body before the validation pipe can refuse its depth; canonicalJson in
  // apps/api/src/idempotency/idempotency-key.ts recursed without a bound and overflowed the stack (500).
  it.each(['/api/cases', '/api/sla/policies', '/api/deployments/import'])(
    'a body nested 3,000 levels deep with an Idempotency-Key: POST %s answers 400, not 500',
    async (path) => {
      const session = path === '/api/cases' ? official : admin;
      const response = await postJson(path, session, `{"x":${nested(3000)}}`).set('Idempotency-Key', randomUUID());
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    },
  );
});
