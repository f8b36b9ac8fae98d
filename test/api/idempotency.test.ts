import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { caseIdForIdempotencyKey, requestBodyHash } from '../../apps/api/src/idempotency/idempotency-key';
import { asRole, createUser, type Session, type TestUser } from '../support/auth';
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

/**
 * Idempotency-Key on the create endpoints: a retry with the same key and body gets the first response and changes
 * nothing; another body is 422; a retry while the first runs is 409; for cases even a lost response (crash between
 * starting the workflow and storing the answer) cannot lead to a second workflow, because the id comes from the key.
 */
describe('Idempotency-Key on create endpoints', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let official: Session;
  let admin: Session;

  beforeAll(async () => {
    [api, worker, db, temporal] = await Promise.all([
      startApi(config),
      startWorker(config),
      pgClient(),
      temporalClient(),
    ]);
    official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
    admin = await asRole(api.url, db, 'admin');
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end(), temporal?.close()]);
  });

  const newKey = () => `key-${randomUUID()}`;
  const raise = (session: Session, key: string | null, body: object = validCase, url = api.url) => {
    const call = request(url).post('/api/cases').set(session.authHeader);
    return (key === null ? call : call.set('Idempotency-Key', key)).send(body);
  };
  const casesWithId = async (id: string) =>
    Number((await db.query('SELECT count(*) AS n FROM cases WHERE id = $1', [id])).rows[0].n);
  const casesRaisedBy = async (session: Session) =>
    Number(
      (await db.query('SELECT count(*) AS n FROM cases WHERE raised_by_user_id = $1', [session.user.id])).rows[0].n,
    );
  /** Every run of every workflow with this id (visibility is eventually consistent: wait until it lists one). */
  const workflowRuns = async (id: string) => {
    await eventually(async () =>
      (await temporal.client.workflow.count(`WorkflowId = '${id}'`)).count > 0 ? true : undefined,
    );
    const runs: string[] = [];
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${id}'` })) {
      runs.push(execution.runId);
    }
    return runs;
  };
  const projected = (id: string) => eventually(async () => ((await casesWithId(id)) === 1 ? true : undefined), 10000);

  it('answers a replay of POST /api/cases with the first response: one workflow, one row, same id', async () => {
    const key = newKey();
    const first = await raise(official, key).expect(201);
    expect(first.body.id).toBe(caseIdForIdempotencyKey(official.user.id, key));
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await projected(first.body.id);

    // The same body with other key order and whitespace is the same request.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(validCase).reverse()), null, 2);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const replay = await request(api.url)
        .post('/api/cases')
        .set(official.authHeader)
        .set('Idempotency-Key', key)
        .set('Content-Type', 'application/json')
        .send(reordered)
        .expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    }
    expect(await casesWithId(first.body.id)).toBe(1);
    expect(await workflowRuns(first.body.id)).toHaveLength(1);
    const events = await db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [first.body.id]);
    expect(events.rows[0].n).toBe(1);
  });

  it('refuses the same key with another body (422) and changes nothing', async () => {
    const key = newKey();
    const first = await raise(official, key).expect(201);
    await projected(first.body.id);
    const before = await casesRaisedBy(official);
    const reused = await raise(official, key, { ...validCase, priority: 'urgent' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.body.message).toMatch(/Idempotency-Key/);
    const english = await raise(official, key, { ...validCase, title: 'Another question' })
      .set('Accept-Language', 'en')
      .expect(422);
    expect(english.body.message).toMatch(/different request/);
    expect(await casesRaisedBy(official)).toBe(before);
  });

  it('runs concurrent duplicates once: exactly one case, the others told it is in progress or replayed', async () => {
    const key = newKey();
    const before = await casesRaisedBy(official);
    const responses = await Promise.all(Array.from({ length: 8 }, () => raise(official, key)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((response) => response.body.id as string)).size).toBe(1);
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect(response.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      expect(response.headers['retry-after']).toBe('1');
    }
    const id = created[0].body.id as string;
    await projected(id);
    expect(await casesRaisedBy(official)).toBe(before + 1);
    expect(await workflowRuns(id)).toHaveLength(1);
    expect((await raise(official, key).expect(201)).body.id).toBe(id);
  });

  it('keeps keys per user: another official with the same key raises their own case', async () => {
    const key = newKey();
    const other = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
    const mine = await raise(official, key).expect(201);
    const theirs = await raise(other, key).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['longer than 200 characters', 'k'.repeat(201)],
    ['with a space', 'two words'],
    ['with a non-ASCII letter', 'kh\u00f3a-1'],
  ])('refuses a key that is %s with 400 naming the header', async (_what, key) => {
    const response = await raise(official, key).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('accepts a key of 200 visible ASCII characters', async () => {
    const key = `${randomBytes(8).toString('hex')}${'!~'.repeat(92)}`;
    expect(key).toHaveLength(200);
    await raise(official, key).expect(201);
  });

  it('does not remember failures: the same key works once the request is fixed', async () => {
    const key = newKey();
    const refused = await raise(official, key, { ...validCase, communeCode: '26732' }).expect(400);
    expect(refused.body.errors[0].field).toBe('communeCode');
    const fixed = await raise(official, key).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  describe('a lost response (crash between starting the workflow and storing the answer)', () => {
    let noWorkerApi: RunningApi;
    const junkUser = randomUUID();

    beforeAll(async () => {
      // An expired key of another user, to see the API delete it on its first idempotent request.
      await createUser(db, { roles: ['personnel'] }).then(async (user) => {
        await db.query(
          `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, claim_id, response_status,
                                         response_body, created_at, claimed_at, completed_at)
           VALUES ($1, 'old', 'POST', '/api/cases', $2, $3, 201, '\\x00', now() - interval '25 hours',
                   now() - interval '25 hours', now() - interval '25 hours')`,
          [user.id, requestBodyHash({}), junkUser],
        );
      });
      // No worker on this API's task queue: its workflows start but nothing is recorded, so nothing is confirmed.
      noWorkerApi = await startApi(testConfig({ updateTimeoutMs: 1500 }));
    });

    afterAll(async () => {
      await noWorkerApi?.close();
    });

    it('a raise no worker confirms answers 503; its retry attaches to the same workflow; another body is refused', async () => {
      const key = newKey();
      const id = caseIdForIdempotencyKey(official.user.id, key);
      const first = await raise(official, key, validCase, noWorkerApi.url).expect(503);
      expect(first.body.code).toBe('CASE_ACTION_UNCONFIRMED');
      expect(await workflowRuns(id)).toHaveLength(1);
      expect(await casesWithId(id)).toBe(0);
      // Errors are not remembered, so the retry reaches Temporal again: the same run, no second workflow.
      await raise(official, key, validCase, noWorkerApi.url).expect(503);
      expect(await workflowRuns(id)).toHaveLength(1);

      const other = await raise(official, key, { ...validCase, priority: 'low' }, noWorkerApi.url).expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await workflowRuns(id)).toHaveLength(1);

      // The API deleted the expired key on its first idempotent request.
      await eventually(async () => {
        const { rows } = await db.query('SELECT 1 FROM idempotency_keys WHERE claim_id = $1', [junkUser]);
        return rows.length === 0 ? true : undefined;
      });
    });

    it('answers 201 with the same case when the stored response is gone', async () => {
      const key = newKey();
      const first = await raise(official, key).expect(201);
      await db.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [official.user.id, key]);
      const retried = await raise(official, key).expect(201);
      expect(retried.body).toEqual(first.body);
      expect(await workflowRuns(first.body.id)).toHaveLength(1);
      expect(await casesWithId(first.body.id)).toBe(1);
    });

    it('takes over a claim abandoned by a crashed request, but not one still running', async () => {
      const key = newKey();
      const first = await raise(official, key).expect(201);
      await db.query(
        `UPDATE idempotency_keys SET completed_at = NULL, response_status = NULL, response_body = NULL,
                claimed_at = now() WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      const running = await raise(official, key).expect(409);
      expect(running.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

      await db.query(
        `UPDATE idempotency_keys SET claimed_at = now() - interval '10 minutes' WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      const retried = await raise(official, key).expect(201);
      expect(retried.body.id).toBe(first.body.id);
      expect(await workflowRuns(first.body.id)).toHaveLength(1);
      const replay = await raise(official, key).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    });

    it('takes over at once a claim whose owning API process is gone (its presence lock is free)', async () => {
      const key = newKey();
      const first = await raise(official, key).expect(201);
      // The live API's own claims name its instance, whose lock it holds: still running, 409.
      const { rows } = await db.query<{ owner_instance: number }>(
        `SELECT owner_instance FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      expect(rows[0].owner_instance).toBeGreaterThan(0);
      await db.query(
        `UPDATE idempotency_keys SET completed_at = NULL, response_status = NULL, response_body = NULL,
                claimed_at = now() WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      expect((await raise(official, key).expect(409)).body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      // An instance nobody holds the lock of: a process that died a moment ago.
      const held = await db.query<{ objid: number }>(
        `SELECT objid::bigint AS objid FROM pg_locks WHERE locktype = 'advisory' AND classid = 1766200::oid`,
      );
      let gone = 1;
      while (held.rows.some((row) => Number(row.objid) === gone)) gone += 1;
      await db.query(`UPDATE idempotency_keys SET owner_instance = $3 WHERE user_id = $1 AND key = $2`, [
        official.user.id,
        key,
        gone,
      ]);
      const retried = await raise(official, key).expect(201);
      expect(retried.body.id).toBe(first.body.id);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await workflowRuns(first.body.id)).toHaveLength(1);
    });

    it('answers from the case row when the key has expired, and refuses another body', async () => {
      const key = newKey();
      const first = await raise(official, key).expect(201);
      await projected(first.body.id);
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      const again = await raise(official, key).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1 AND key = $2`,
        [official.user.id, key],
      );
      await raise(official, key, { ...validCase, title: 'Một câu hỏi khác' }).expect(422);
      expect(await workflowRuns(first.body.id)).toHaveLength(1);
    });
  });

  describe('the admin create endpoints', () => {
    const run = randomBytes(3).toString('hex');
    let calendarId: string;
    let decisionNumber: string;
    let deployable: TestUser;

    beforeAll(async () => {
      calendarId = `idem-${run}`;
      await db.query(
        `INSERT INTO working_calendars (id, name_vi, name_en, config)
         SELECT $1, 'Lịch kiểm thử', 'Test calendar', config FROM working_calendars WHERE id = 'vn-civil-service'`,
        [calendarId],
      );
      decisionNumber = `${parseInt(run, 16)}/QĐ-IDEM`;
      await request(api.url)
        .post('/api/dispatch-decisions')
        .set(admin.authHeader)
        .send({
          number: decisionNumber,
          signedOn: '2025-08-11',
          signerTitle: 'Bộ trưởng Bộ Nội vụ',
          periodStart: '2025-08-20',
          periodEnd: '2025-10-20',
        })
        .expect(201);
      deployable = await createUser(db, { roles: ['official'], provinceCodes: [] });
    });

    const endpoints: [string, () => string, () => object, () => object][] = [
      [
        'POST /api/users',
        () => '/api/users',
        () => ({ username: `idem.${run}`, displayName: 'Người Kiểm Thử', roles: ['personnel'] }),
        () => ({ username: `idem.other.${run}`, displayName: 'Người Khác', roles: ['personnel'] }),
      ],
      [
        'POST /api/dispatch-decisions',
        () => '/api/dispatch-decisions',
        () => ({
          number: `${parseInt(run, 16) + 1}/QĐ-IDEM`,
          signedOn: '2025-08-11',
          signerTitle: 'Bộ trưởng',
          periodStart: '2025-08-20',
          periodEnd: '2025-10-20',
        }),
        () => ({
          number: `${parseInt(run, 16) + 2}/QĐ-IDEM`,
          signedOn: '2025-08-11',
          signerTitle: 'Bộ trưởng',
          periodStart: '2025-08-20',
          periodEnd: '2025-10-20',
        }),
      ],
      [
        'POST /api/deployments',
        () => '/api/deployments',
        () => ({ decisionNumber, username: deployable.username, homeUnitCode: 'CCVC', provinceCode: '46' }),
        () => ({ decisionNumber, username: deployable.username, homeUnitCode: 'CCVC', provinceCode: '48' }),
      ],
      [
        'POST /api/deployments/import',
        () => '/api/deployments/import',
        () => ({
          csv:
            'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end\n' +
            `${decisionNumber},idem.import.${run},Người Nhập Khẩu,CCVC,01,2025-08-20,2025-10-20\n`,
        }),
        () => ({ csv: 'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end\n' }),
      ],
      [
        'POST /api/sla/policies',
        () => '/api/sla/policies',
        () => ({ policySet: `idem-${run}`, priority: 'urgent', allowanceSeconds: 3600 }),
        () => ({ policySet: `idem-${run}`, priority: 'high', allowanceSeconds: 3600 }),
      ],
      [
        'POST /api/sla/calendars/:id/overrides',
        () => `/api/sla/calendars/${calendarId}/overrides`,
        () => ({ date: '2027-02-08', kind: 'day_off', noteVi: 'Nghỉ bù' }),
        () => ({ date: '2027-02-09', kind: 'day_off', noteVi: 'Nghỉ bù' }),
      ],
    ];

    it.each(endpoints)('%s: a replay gets the first response, another body 422', async (_name, path, body, other) => {
      const key = newKey();
      const post = (payload: object) =>
        request(api.url).post(path()).set(admin.authHeader).set('Idempotency-Key', key).send(payload);
      const first = await post(body());
      expect([200, 201]).toContain(first.status);
      const replay = await post(body());
      expect(replay.status).toBe(first.status);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      const reused = await post(other()).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // Without the key the endpoint behaves as before (here: its own duplicate rules, or a change).
      const plain = await request(api.url).post(path()).set(admin.authHeader).send(body());
      expect(plain.headers['idempotent-replayed']).toBeUndefined();
    });

    it('replays a one-time password without keeping it readable in the database', async () => {
      const key = newKey();
      const body = { username: `idem.secret.${run}`, displayName: 'Người Bí Mật', roles: ['personnel'] };
      const post = () =>
        request(api.url).post('/api/users').set(admin.authHeader).set('Idempotency-Key', key).send(body);
      const first = await post().expect(201);
      const password = first.body.oneTimePassword as string;
      expect(typeof password).toBe('string');
      expect((await post().expect(201)).body.oneTimePassword).toBe(password);
      const stored = await db.query<{ response_body: Buffer }>(
        'SELECT response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [admin.user.id, key],
      );
      expect(stored.rows[0].response_body.includes(Buffer.from(password))).toBe(false);
      const users = await db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [body.username]);
      expect(users.rows[0].n).toBe(1);
    });

    it('treats an expired key as new', async () => {
      const key = newKey();
      const post = (priority: string) =>
        request(api.url)
          .post('/api/sla/policies')
          .set(admin.authHeader)
          .set('Idempotency-Key', key)
          .send({ policySet: `idem-exp-${run}`, priority, allowanceSeconds: 3600 });
      await post('urgent').expect(201);
      await post('low').expect(422);
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1 AND key = $2`,
        [admin.user.id, key],
      );
      const fresh = await post('low').expect(201);
      expect(fresh.body.priority).toBe('low');
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    });

    it('applies to the named endpoints only after the role checks (a refused caller claims nothing)', async () => {
      const key = newKey();
      await request(api.url)
        .post('/api/users')
        .set(official.authHeader)
        .set('Idempotency-Key', key)
        .send({ username: `x.${run}`, displayName: 'X', roles: ['personnel'] })
        .expect(403);
      const { rows } = await db.query('SELECT 1 FROM idempotency_keys WHERE user_id = $1 AND key = $2', [
        official.user.id,
        key,
      ]);
      expect(rows).toEqual([]);
    });
  });
});
