import type { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { loadTemporalSecurityConfig, type AppConfig } from '@libs/config';
import { asRole } from '../support/auth';
import { caseApi } from '../support/case-api';
import { repositoryRoot } from '../support/dist';
import { pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';
import { TlsTerminatingProxy } from '../support/tls-proxy';

/**
 * The API and the worker reach Temporal through a TLS-terminating proxy that requires client certificates (mTLS),
 * with certificates made by the deployment's own script (docker/temporal/generate-certs.sh), configured through the
 * same environment variables as production.
 */
describe('Temporal over mutual TLS', () => {
  const certs = mkdtempSync(path.join(os.tmpdir(), 'case-engine-certs-'));
  let proxy: TlsTerminatingProxy;
  let db: PgClient;
  const running: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    execFileSync('bash', [path.join(repositoryRoot, 'docker/temporal/generate-certs.sh'), certs]);
    const [host, port] = process.env.TEMPORAL_ADDRESS!.split(':');
    proxy = new TlsTerminatingProxy(host, Number(port), {
      key: readFileSync(path.join(certs, 'server.key')),
      cert: readFileSync(path.join(certs, 'server.pem')),
      clientCa: readFileSync(path.join(certs, 'ca.pem')),
    });
    await proxy.start();
    db = await pgClient();
  });

  afterAll(async () => {
    for (const item of running.reverse()) await item.close();
    await db?.end();
    await proxy?.stop();
  });

  /** The suite's config with TEMPORAL_ADDRESS at the proxy and the TLS variables set as an operator would. */
  function viaProxy(env: NodeJS.ProcessEnv, taskQueue?: string): AppConfig {
    const base = testConfig(taskQueue ? { taskQueue } : {});
    return {
      ...base,
      temporal: {
        ...base.temporal,
        // By IP, so the certificate's name is checked through TEMPORAL_TLS_SERVER_NAME.
        address: `127.0.0.1:${proxy.port}`,
        security: loadTemporalSecurityConfig(env, 'production'),
      },
    };
  }
  const mtls = () => ({
    TEMPORAL_TLS_CA_FILE: path.join(certs, 'ca.pem'),
    TEMPORAL_TLS_CERT_FILE: path.join(certs, 'client.pem'),
    TEMPORAL_TLS_KEY_FILE: path.join(certs, 'client.key'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
  });
  async function api(config: AppConfig): Promise<RunningApi> {
    const started = await startApi(config);
    running.push(started);
    return started;
  }

  it('raises a case end to end: the API starts the workflow and the worker runs it, both over mTLS', async () => {
    const config = viaProxy(mtls());
    const worker: INestApplicationContext = await startWorker(config);
    running.push(worker);
    const server = await api(config);
    await request(server.url).get('/api/health').expect(200);
    const official = await asRole(server.url, db, 'official', { provinceCodes: ['01'] });
    const id = await caseApi(server.url).raise(official);
    const response = await request(server.url).get(`/api/cases/${id}`).set(official.authHeader).expect(200);
    expect(response.body.status).toBe('reported');
    expect(proxy.accepted).toBeGreaterThanOrEqual(2);
  });

  it('is refused by the server without a client certificate, or when the server name does not match', async () => {
    const { TEMPORAL_TLS_CERT_FILE: _cert, TEMPORAL_TLS_KEY_FILE: _key, ...noClientCert } = mtls();
    const withoutCertificate = await api(viaProxy(noClientCert));
    const refused = await request(withoutCertificate.url).get('/api/health').expect(503);
    expect(refused.body.checks).toEqual({ postgres: { status: 'up' }, temporal: { status: 'down' } });

    const wrongName = await api(viaProxy({ ...mtls(), TEMPORAL_TLS_SERVER_NAME: 'not-temporal.example' }));
    expect((await request(wrongName.url).get('/api/health').expect(503)).body.checks.temporal.status).toBe('down');
  });
});
