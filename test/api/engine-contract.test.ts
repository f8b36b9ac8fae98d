import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { createAccount, insertTestUnit } from '../support/signed-in';
import { pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';

/**
 * The engine contract as a client sees it (issue 7): a case is readable the moment it is created, every action is
 * safe to retry with its Idempotency-Key, opposite merges at once leave exactly one case, destinations must exist,
 * and the API says which actions the caller may take now.
 */
describe('the engine contract over HTTP', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let official: Session;
  let unitHead: Session;
  let workingGroup: Session;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    [official, unitHead, workingGroup] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
      asRole(api.url, db, 'unit_head', { unitCode: 'CCVC' }),
      asRole(api.url, db, 'working_group'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  const post = (session: Session, path: string, body: object, key?: string) => {
    const call = request(api.url).post(path).set(session.authHeader);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };
  const eventTypes = async (id: string) =>
    (
      await db.query<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1 ORDER BY sequence', [id])
    ).rows.map((row) => row.type);

  it('a case is readable, with its first event, as soon as POST /api/cases answers 201', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        post(official, '/api/cases', { ...validCase, title: `${validCase.title} (${index})` }).expect(201),
      ),
    );
    for (const response of created) {
      const id = response.body.id as string;
      // No waiting: the read right after the 201 sees the case.
      const kase = await request(api.url).get(`/api/cases/${id}`).set(official.authHeader).expect(200);
      expect(kase.body).toMatchObject({ id, status: 'reported', lastEventSequence: 1 });
      const events = await request(api.url).get(`/api/cases/${id}/events`).set(official.authHeader).expect(200);
      expect(events.body.map((event: { type: string }) => event.type)).toEqual(['case_reported']);
      expect(events.body[0].payload).toMatchObject({ title: expect.stringContaining(validCase.title) });
    }
  });

  it('an action is visible to the next read, and the allowed actions follow it', async () => {
    const id = await caseApi(api.url).raise(official);
    const before = await request(api.url).get(`/api/cases/${id}/actions`).set(official.authHeader).expect(200);
    const allowed = (body: { actions: { type: string; allowed: boolean }[] }) =>
      body.actions.filter((entry) => entry.allowed).map((entry) => entry.type);
    expect(allowed(before.body)).toEqual(['handle_locally', 'escalate', 'withdraw', 'merge']);
    const refused = before.body.actions.find((entry: { type: string }) => entry.type === 'answer');
    expect(refused).toMatchObject({ allowed: false, refusal: { code: 'ROLE_NOT_ALLOWED' }, path: 'answer' });
    expect(refused.refusal.messageVi).toMatch(/[ạảãáàâăđêôơư]/);

    await post(official, `/api/cases/${id}/escalate`, { target: 'unit_head', question: 'Hỏi?' }).expect(200);
    expect(await eventTypes(id)).toEqual(['case_reported', 'case_escalated']);
    const forHead = await request(api.url).get(`/api/cases/${id}/actions`).set(unitHead.authHeader).expect(200);
    expect(allowed(forHead.body)).toEqual(['request_info', 'answer', 'forward']);
    const forOfficial = await request(api.url).get(`/api/cases/${id}/actions`).set(official.authHeader).expect(200);
    expect(forOfficial.body.actions.find((entry: { type: string }) => entry.type === 'escalate').refusal.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('a retried action with the same Idempotency-Key is applied once and answered with its result', async () => {
    const id = await caseApi(api.url).raise(official);
    const key = `escalate-${id}`;
    const body = { target: 'working_group', question: 'Xin ý kiến?' };
    const first = await post(official, `/api/cases/${id}/escalate`, body, key).expect(200);
    const replay = await post(official, `/api/cases/${id}/escalate`, body, key).expect(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // The stored response is lost (e.g. the API died before saving it): Temporal's update id still holds.
    await db.query('DELETE FROM idempotency_keys WHERE user_id = $1', [official.user.id]);
    const retried = await post(official, `/api/cases/${id}/escalate`, body, key).expect(200);
    expect(retried.body).toEqual(first.body);
    expect(await eventTypes(id)).toEqual(['case_reported', 'case_escalated']);
    // The same key for another body is refused and changes nothing.
    const reused = await post(official, `/api/cases/${id}/escalate`, { ...body, question: 'Khác' }, key).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventTypes(id)).toEqual(['case_reported', 'case_escalated']);
  });

  it('two opposite merges at once: exactly one happens, the other is refused with a clear code', async () => {
    for (let round = 0; round < 4; round += 1) {
      const [a, b] = await Promise.all([caseApi(api.url).raise(official), caseApi(api.url).raise(official)]);
      const [intoB, intoA] = await Promise.all([
        post(workingGroup, `/api/cases/${a}/merge`, { intoCaseId: b }),
        post(workingGroup, `/api/cases/${b}/merge`, { intoCaseId: a }),
      ]);
      const statuses = [intoB.status, intoA.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = intoB.status === 409 ? intoB : intoA;
      expect(['MERGE_CONFLICT', 'MERGE_TARGET_CLOSED', 'MERGE_TARGET_BUSY']).toContain(loser.body.code);
      const rows = await db.query<{ id: string; status: string; merged_into_case_id: string | null }>(
        'SELECT id, status, merged_into_case_id FROM cases WHERE id = ANY ($1::uuid[])',
        [[a, b]],
      );
      const closed = rows.rows.filter((row) => row.status === 'closed');
      expect(closed).toHaveLength(1);
      const survivor = rows.rows.find((row) => row.status !== 'closed')!;
      expect(closed[0].merged_into_case_id).toBe(survivor.id);
      expect(await eventTypes(survivor.id)).toEqual(['case_reported', 'duplicate_merged_in']);
    }
  });

  it('forward and reassign refuse destinations that do not exist or cannot answer, and change nothing', async () => {
    const id = await caseApi(api.url).raise(official);
    await post(official, `/api/cases/${id}/escalate`, { target: 'unit_head', question: 'Hỏi?' }).expect(200);
    const noUnit = await post(unitHead, `/api/cases/${id}/forward`, { toUnitCode: 'KHONGCO', reason: 'x' }).expect(400);
    expect(noUnit.body.errors[0]).toMatchObject({ field: 'toUnitCode', code: 'unitExists' });

    const otherUnit = await insertTestUnit(db);
    const [clerk, foreignHead, member] = await Promise.all([
      createAccount(db, { roles: ['personnel'] }),
      createAccount(db, { roles: ['unit_head'], unitCode: otherUnit }),
      createAccount(db, { roles: ['working_group'] }),
    ]);
    const reassign = (assigneeUserId: string) =>
      post(workingGroup, `/api/cases/${id}/reassign`, { assigneeUserId, reason: 'Phân công' });
    expect((await reassign(clerk.userId).expect(400)).body.errors[0]).toMatchObject({
      field: 'assigneeUserId',
      code: 'mayAnswerAtLevel',
    });
    expect((await reassign(foreignHead.userId).expect(400)).body.errors[0].field).toBe('assigneeUserId');
    expect((await reassign('0b6b6f0e-9c1d-4c55-9e1a-0d5b7f0e9a11').expect(400)).body.errors[0]).toMatchObject({
      field: 'assigneeUserId',
      code: 'userExists',
    });
    expect(await eventTypes(id)).toEqual(['case_reported', 'case_escalated']);
    // A Working Group member may answer at the unit-head level (anyone above it may).
    await reassign(member.userId).expect(200);
    expect(await eventTypes(id)).toEqual(['case_reported', 'case_escalated', 'assignee_changed']);
  });
});
