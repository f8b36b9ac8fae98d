import { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { CASE_SEARCH_ATTRIBUTES } from '@libs/contracts';
import { asRole } from '../support/auth';
import { freePort } from '../support/ports';
import { eventually, pgClient, startApi, testConfig, validCase, type RunningApi } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { CapturedLog } from '../observability/log-capture';

describe('GET /api/health reports PostgreSQL and Temporal separately', () => {
  it('is 200 when both are up', async () => {
    const api = await startApi(testConfig());
    try {
      const response = await request(api.url).get('/api/health').expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.checks.postgres.status).toBe('up');
      expect(response.body.checks.temporal.status).toBe('up');
      // Only up/down per dependency: no latencies or driver messages for anyone who asks.
      expect(response.body.checks).toEqual({ postgres: { status: 'up' }, temporal: { status: 'up' } });
    } finally {
      await api.close();
    }
  });

  describe('when Temporal stops', () => {
    let temporal: TestWorkflowEnvironment | null = null;
    let api: RunningApi;

    beforeAll(async () => {
      temporal = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: process.env.TEMPORAL_CLI_PATH! },
          ip: '127.0.0.1',
          searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
          extraArgs: ['--headless', '--log-level', 'error'],
        },
      });
      api = await startApi(testConfig({ temporalAddress: temporal.address }));
    });

    afterAll(async () => {
      await api?.close();
      await temporal?.teardown();
    });

    it('answers 503 naming Temporal, and refuses new cases with 503 instead of hanging', async () => {
      await request(api.url).get('/api/health').expect(200);
      const db = await pgClient();
      const official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] }).finally(() => db.end());
      await temporal!.teardown();
      temporal = null;

      const started = Date.now();
      const health = await request(api.url).get('/api/health').expect(503);
      expect(health.body.status).toBe('unavailable');
      expect(health.body.checks.temporal.status).toBe('down');
      expect(health.body.checks.postgres.status).toBe('up');

      const refused = await request(api.url).post('/api/cases').set(official.authHeader).send(validCase).expect(503);
      expect(refused.body.code).toBe('TEMPORAL_UNAVAILABLE');
      expect(refused.body.message).toMatch(/Temporal/);
      expect(Date.now() - started).toBeLessThan(15000);
    });
  });

  describe('when PostgreSQL stops', () => {
    let proxy: TcpProxy;
    let api: RunningApi;
    const log = new CapturedLog('api', 'info');

    beforeAll(async () => {
      const target = new URL(process.env.DATABASE_URL!);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432), await freePort());
      const viaProxy = new URL(target);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      await proxy.start();
      api = await startApi(testConfig({ databaseUrl: viaProxy.toString() }), { logger: log.logger });
    });

    afterAll(async () => {
      await api?.close();
      await proxy?.stop();
    });

    it('answers 503 naming PostgreSQL, reads fail with 503, and it recovers when PostgreSQL is back', async () => {
      await request(api.url).get('/api/health').expect(200);
      const db = await pgClient();
      const reader = await asRole(api.url, db, 'working_group').finally(() => db.end());
      await proxy.stop();

      const mark = log.raw.length;
      const health = await request(api.url).get('/api/health').expect(503);
      expect(health.body.checks.postgres.status).toBe('down');
      expect(health.body.checks.temporal.status).toBe('up');
      // The reason stays out of the public answer (it names hosts and ports) and goes to the log instead.
      expect(health.body.checks.postgres).toEqual({ status: 'down' });
      expect(JSON.stringify(health.body)).not.toMatch(/ECONN|127\.0\.0\.1|timeout|terminated/i);
      const reason = log
        .since(mark)
        .find((line) => line.context === 'HealthService' && line.dependency === 'postgres' && line.level === 'warn');
      expect(reason).toMatchObject({
        message: expect.stringMatching(/postgres is down: \S+/),
        error: expect.any(String),
      });
      const read = await request(api.url)
        .get('/api/cases/8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00')
        .set(reader.authHeader)
        .expect(503);
      expect(read.body.code).toBe('DATABASE_UNAVAILABLE');

      await proxy.start();
      await eventually(
        async () => ((await request(api.url).get('/api/health')).status === 200 ? true : undefined),
        15000,
        250,
      );
    });
  });

  it('starts while PostgreSQL is down, reports it, and connects once it is up', async () => {
    const target = new URL(process.env.DATABASE_URL!);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432), await freePort());
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const api = await startApi(testConfig({ databaseUrl: viaProxy.toString() }));
    try {
      const health = await request(api.url).get('/api/health').expect(503);
      expect(health.body.checks.postgres.status).toBe('down');
      await proxy.start();
      await eventually(
        async () => ((await request(api.url).get('/api/health')).status === 200 ? true : undefined),
        15000,
        250,
      );
    } finally {
      await api.close();
      await proxy.stop();
    }
  });
});
