import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { ENCRYPTED_ENCODING } from '@libs/temporal/payload-codec';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { dataPayloadsIn, rawHistory } from '../support/raw-history';
import { pgClient, startApi, startWorker, temporalClient, testConfig, type RunningApi } from '../support/stack';

const WEB_UI = 'http://127.0.0.1:8233';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const fromB64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

/** The codec server protocol the Temporal Web UI and CLI speak (README, "Case data in Temporal"). */
describe('the Temporal codec endpoint', () => {
  const config = { ...testConfig(), http: { ...testConfig().http, corsOrigins: [WEB_UI] } };
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let plain: Awaited<ReturnType<typeof temporalClient>>;
  let official: Session;
  let workingGroup: Session;
  let admin: Session;
  let storedPayloads: { metadata: Record<string, string>; data: string }[];

  beforeAll(async () => {
    [api, worker, db, plain] = await Promise.all([
      startApi(config),
      startWorker(config),
      pgClient(),
      temporalClient(undefined, { encrypted: false }),
    ]);
    [official, workingGroup, admin] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'admin'),
    ]);
    const id = await caseApi(api.url).raise(official, { title: 'Tiêu đề giải mã qua codec' });
    // As the Web UI sends them: proto3 JSON, every bytes field base64.
    storedPayloads = dataPayloadsIn(await rawHistory(plain.client, id)).map(({ payload }) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data!).toString('base64'),
    }));
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end(), plain?.close()]);
  });

  const decode = (body: object) => request(api.url).post('/api/temporal-codec/decode').send(body);

  it('answers 401 without a token and 403 to an official', async () => {
    const unauthenticated = await decode({ payloads: storedPayloads }).expect(401);
    expect(unauthenticated.body.code).toBe('UNAUTHENTICATED');
    const forbidden = await decode({ payloads: storedPayloads }).set(official.authHeader).expect(403);
    expect(forbidden.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('decodes the stored case payloads for the Working Group; payloads it did not encrypt come back as they are', async () => {
    expect(storedPayloads.every((payload) => fromB64(payload.metadata.encoding) === ENCRYPTED_ENCODING)).toBe(true);
    const foreign = { metadata: { encoding: b64('json/plain') }, data: b64('"plain"') };
    const response = await decode({ payloads: [...storedPayloads, foreign] })
      .set(workingGroup.authHeader)
      .set('X-Namespace', 'default')
      .expect(200);
    const payloads = response.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(payloads).toHaveLength(storedPayloads.length + 1);
    expect(payloads.map((payload) => fromB64(payload.metadata.encoding))).not.toContain(ENCRYPTED_ENCODING);
    expect(payloads.map((payload) => fromB64(payload.data)).join('\n')).toContain('Tiêu đề giải mã qua codec');
    expect(payloads.at(-1)).toEqual(foreign);
  });

  it('encodes for admins only, and what it encodes decodes again', async () => {
    const payload = { metadata: { encoding: b64('json/plain') }, data: b64('{"note":"từ Web UI"}') };
    await request(api.url)
      .post('/api/temporal-codec/encode')
      .set(workingGroup.authHeader)
      .send({ payloads: [payload] })
      .expect(403);
    const encoded = await request(api.url)
      .post('/api/temporal-codec/encode')
      .set(admin.authHeader)
      .send({ payloads: [payload] })
      .expect(200);
    expect(fromB64(encoded.body.payloads[0].metadata.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(fromB64(encoded.body.payloads[0].data)).not.toContain('từ Web UI');
    const decoded = await decode(encoded.body).set(workingGroup.authHeader).expect(200);
    expect(decoded.body.payloads).toEqual([payload]);
  });

  it('names the field of a payload that is not base64', async () => {
    const response = await decode({ payloads: [{ metadata: { encoding: 'not base64!' }, data: '' }] })
      .set(workingGroup.authHeader)
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.errors)).toContain('payloads.0.metadata.encoding');
  });

  it("lets the Web UI's page call it across origins with its X-Namespace header", async () => {
    const preflight = await request(api.url)
      .options('/api/temporal-codec/decode')
      .set('Origin', WEB_UI)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(WEB_UI);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);
  });
});
