import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type SignedIn, type TestUser } from '../support/auth';
import { freePort } from '../support/ports';
import { pgClient, startApi, testConfig, validCase, type RunningApi } from '../support/stack';
import { CapturedLog } from './log-capture';

/**
 * The API's JSON log as an operator reads it: every line written while a request is handled carries that request's
 * id (and the user, once signed in), and each request ends with one access line that leaves query values out.
 */
describe('request logging', () => {
  const log = new CapturedLog('api', 'debug');
  let api: RunningApi;
  let healthyApi: RunningApi;
  let db: PgClient;
  let official: SignedIn & { user: TestUser };

  beforeAll(async () => {
    // Temporal is unreachable for this API (a port nothing listens on): raising a case fails with a logged 503.
    const config = testConfig({ temporalAddress: `127.0.0.1:${await freePort()}` });
    [api, healthyApi, db] = await Promise.all([
      startApi({ ...config, temporal: { ...config.temporal, rpcTimeoutMs: 500 } }, { logger: log.logger }),
      startApi(testConfig(), { logger: log.logger }),
      pgClient(),
    ]);
    official = await asRole(api.url, db, 'official');
  });

  afterAll(async () => {
    await Promise.all([api?.close(), healthyApi?.close(), db?.end()]);
  });

  it('stamps every line of a failing request (error log and access line) with its request and user id', async () => {
    const requestId = `obs-${randomUUID()}`;
    const mark = log.raw.length;
    const response = await request(api.url)
      .post('/api/cases')
      .set(official.authHeader)
      .set('X-Request-Id', requestId)
      .send(validCase)
      .expect(503);
    expect(response.body).toMatchObject({ code: 'TEMPORAL_UNAVAILABLE', requestId });
    const access = await log.accessLineOf(requestId);

    const during = log.since(mark);
    const error = during.find((line) => line.level === 'error');
    expect(error).toMatchObject({
      process: 'api',
      context: 'HTTP',
      message: 'POST /api/cases → 503 TEMPORAL_UNAVAILABLE',
      requestId,
      userId: official.user.id,
      stack: expect.stringContaining('TemporalUnavailableError'),
    });
    expect(during.length).toBeGreaterThanOrEqual(2);
    for (const line of during) {
      expect({ line, requestId: line.requestId, userId: line.userId }).toEqual({
        line,
        requestId,
        userId: official.user.id,
      });
    }
    expect(access).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/api/cases',
      status: 503,
      durationMs: expect.any(Number),
      responseBytes: Number(response.headers['content-length']),
      userId: official.user.id,
    });
    expect(Date.parse(access.time)).not.toBeNaN();
  });

  it('logs query parameter names but never their values', async () => {
    const requestId = `obs-${randomUUID()}`;
    await request(api.url)
      .get('/api/notifications?search=Nguy%E1%BB%85n%20Th%E1%BB%8B%20Lan&phone=0912345678&unread=true')
      .set(official.authHeader)
      .set('X-Request-Id', requestId);
    const access = await log.accessLineOf(requestId);
    expect(access.path).toBe('/api/notifications?search&phone&unread');
    expect(access.message).toMatch(/^GET \/api\/notifications\?search&phone&unread \d{3} /);
    const everything = log.raw.join('');
    expect(everything).not.toContain('0912345678');
    expect(everything).not.toMatch(/Nguy(ễ|%E1%BB%85)n/);
  });

  it('names the signed-in user on a successful login, and never the password', async () => {
    const requestId = `obs-${randomUUID()}`;
    await request(api.url)
      .post('/api/auth/login')
      .set('X-Request-Id', requestId)
      .send({ username: official.user.username, password: official.user.password })
      .expect(200);
    expect(await log.accessLineOf(requestId)).toMatchObject({
      path: '/api/auth/login',
      status: 200,
      userId: official.user.id,
    });
    expect(log.raw.join('')).not.toContain(official.user.password);
  });

  it('gives requests refused before routing (body too large) their id too', async () => {
    const requestId = `obs-${randomUUID()}`;
    await request(api.url)
      .post('/api/cases')
      .set(official.authHeader)
      .set('X-Request-Id', requestId)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...validCase, description: 'x'.repeat(300 * 1024) }))
      .expect(413);
    expect(await log.accessLineOf(requestId)).toMatchObject({ status: 413, level: 'info' });
  });

  it('logs successful health checks at debug level, failing ones at info', async () => {
    const healthy = `obs-${randomUUID()}`;
    await request(healthyApi.url).get('/api/health').set('X-Request-Id', healthy).expect(200);
    expect(await log.accessLineOf(healthy)).toMatchObject({ path: '/api/health', status: 200, level: 'debug' });

    // Temporal is down for the other API: a failing probe is news.
    const failing = `obs-${randomUUID()}`;
    await request(api.url).get('/api/health').set('X-Request-Id', failing).expect(503);
    expect(await log.accessLineOf(failing)).toMatchObject({ path: '/api/health', status: 503, level: 'info' });
  });
});
