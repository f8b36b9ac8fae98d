import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { caseInput, fastPolicySet, startCase } from '../support/cases';
import {
  eventually,
  pgClient,
  startApi,
  startWorker,
  temporalClient,
  testConfig,
  type RunningApi,
} from '../support/stack';

/**
 * The lifecycle through HTTP: every action is an endpoint, refusals come back as 400/403/409 with the workflow's
 * stable code and words, and the timeline shows the stages.
 */
describe('case actions over HTTP', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let official: Session;
  let unitHead: Session;
  let workingGroup: Session;
  let leadership: Session;
  let personnel: Session;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    [official, unitHead, workingGroup, leadership, personnel] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
      asRole(api.url, db, 'unit_head', { unitCode: 'CCVC' }),
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'leadership'),
      asRole(api.url, db, 'personnel'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  const raise = (): Promise<string> => caseApi(api.url).raise(official);

  const post = (session: Session, id: string, action: string, body: object) =>
    request(api.url).post(`/api/cases/${id}/${action}`).set(session.authHeader).send(body);

  it('escalates, answers and resolves; the timeline shows each stage with its deadline', async () => {
    const id = await raise();
    const escalated = await post(official, id, 'escalate', {
      target: 'unit_head',
      question: 'Bố trí công chức dôi dư thế nào?',
    }).expect(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', level: 'unit_head', eventSequence: 2 });
    expect(Date.parse(escalated.body.answerDeadline)).toBeGreaterThan(Date.now());

    const kase = await request(api.url).get(`/api/cases/${id}`).set(unitHead.authHeader).expect(200);
    expect(kase.body).toMatchObject({ status: 'escalated', assignedUnitCode: 'CCVC', slaPolicyId: expect.any(String) });

    await post(unitHead, id, 'answer', { text: 'Bố trí theo vị trí việc làm.', publishAsGuidance: true }).expect(200);
    await post(official, id, 'resolve', { outcome: 'Xã đã bố trí xong.' }).expect(200);

    const timeline = await request(api.url).get(`/api/cases/${id}/timeline`).set(official.authHeader).expect(200);
    expect(timeline.body.stages.map((stage: { status: string }) => stage.status)).toEqual([
      'reported',
      'escalated',
      'answered',
      'closed',
    ]);
    const escalatedStage = timeline.body.stages[1];
    expect(escalatedStage).toMatchObject({
      level: 'unit_head',
      endedBeforeDeadline: true,
      deadlineAt: escalated.body.answerDeadline,
    });
    expect(escalatedStage.durationMs).toBeGreaterThanOrEqual(0);
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toEqual([
      'case_reported',
      'case_escalated',
      'escalation_answered',
      'case_resolved',
      'case_closed',
    ]);
  });

  it('maps refusals: 403 for the wrong role, 409 for the wrong state, 400 for bad input, all with stable codes', async () => {
    const id = await raise();
    const wrongState = await post(unitHead, id, 'answer', { text: 'x', publishAsGuidance: false });
    // Not yet routed to any unit: the unit head does not even see the case.
    expect(wrongState.status).toBe(404);

    const notEscalated = await post(workingGroup, id, 'answer', { text: 'x', publishAsGuidance: false }).expect(409);
    expect(notEscalated.body.code).toBe('CASE_NOT_ESCALATED');
    expect(notEscalated.body.message).toMatch(/\S/);

    const wrongRole = await post(personnel, id, 'escalate', { target: 'unit_head', question: 'x' }).expect(403);
    expect(wrongRole.body.code).toBe('ROLE_NOT_ALLOWED');

    const english = await post(official, id, 'resolve', { outcome: 'x' }).set('Accept-Language', 'en').expect(409);
    expect(english.body.code).toBe('INVALID_TRANSITION');
    expect(english.body.message).toMatch(/[a-z]/);

    const badInput = await post(official, id, 'escalate', { target: 'leadership', question: '' }).expect(400);
    expect(badInput.body.code).toBe('VALIDATION_FAILED');
    expect(badInput.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['question', 'target']);

    const events = await request(api.url).get(`/api/cases/${id}/events`).set(official.authHeader).expect(200);
    expect(events.body).toHaveLength(1); // nothing refused was recorded
  });

  it('two answers at once: one 200, the other 409 ALREADY_ANSWERED', async () => {
    const id = await raise();
    await post(official, id, 'escalate', { target: 'unit_head', question: 'Hỏi.' }).expect(200);
    const [first, second] = await Promise.all([
      post(unitHead, id, 'answer', { text: 'Trả lời của đơn vị.', publishAsGuidance: false }),
      post(workingGroup, id, 'answer', { text: 'Trả lời của Tổ công tác.', publishAsGuidance: false }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect([first.body.code, second.body.code]).toContain('ALREADY_ANSWERED');
  });

  it('merges a duplicate into a visible open case, and refuses an unknown target', async () => {
    const survivor = await raise();
    const duplicate = await raise();
    const unknown = await post(workingGroup, duplicate, 'merge', {
      intoCaseId: '0b5f6c1e-0000-4000-8000-000000000000',
    }).expect(400);
    expect(unknown.body.code).toBe('MERGE_TARGET_NOT_FOUND');
    await post(workingGroup, duplicate, 'merge', { intoCaseId: survivor }).expect(200);
    const merged = await request(api.url).get(`/api/cases/${duplicate}`).set(official.authHeader).expect(200);
    expect(merged.body).toMatchObject({ status: 'closed', closeReason: 'merged', mergedIntoCaseId: survivor });
    const again = await post(official, duplicate, 'withdraw', { reason: 'x' }).expect(409);
    expect(again.body.code).toBe('CASE_CLOSED');
  });

  it('routes policy proposals to leadership, who decide them', async () => {
    const id = await raise();
    await post(official, id, 'handle-locally', { note: 'Đang hướng dẫn.' }).expect(200);
    await post(official, id, 'propose-policy', { proposal: 'Bổ sung quy định.' }).expect(200);
    const notLeadership = await post(workingGroup, id, 'decide-policy', { decision: 'accepted' }).expect(403);
    expect(notLeadership.body.code).toBe('ROLE_NOT_ALLOWED');
    await post(leadership, id, 'decide-policy', { decision: 'rejected', note: 'Chưa phù hợp.' }).expect(200);
    const kase = await request(api.url).get(`/api/cases/${id}`).set(official.authHeader).expect(200);
    expect(kase.body).toMatchObject({ status: 'closed', closeReason: 'policy_decided' });
  });

  it('refuses a reopen after the window with 409 REOPEN_WINDOW_EXPIRED once the workflow has completed', async () => {
    const { client, close } = await temporalClient();
    try {
      const raisedBy = { userId: official.user.id, roles: official.user.roles, unitCode: official.user.unitCode };
      const policySet = await fastPolicySet({ name: 'fast-reopen-1s', reopenWindowSeconds: 1 });
      const input = caseInput(raisedBy, { policySet });
      const handle = await startCase(client, config.temporal.taskQueue, input);
      await eventually(async () =>
        (await request(api.url).get(`/api/cases/${input.caseId}`).set(official.authHeader)).status === 200
          ? true
          : undefined,
      );
      await post(official, input.caseId, 'handle-locally', { note: 'Đã hướng dẫn.' }).expect(200);
      await post(official, input.caseId, 'resolve', { outcome: 'Xong.' }).expect(200);
      await handle.result(); // the reopen window (shortened for the test) has passed
      const refused = await post(official, input.caseId, 'reopen', { reason: 'Phát sinh mới.' }).expect(409);
      expect(refused.body.code).toBe('REOPEN_WINDOW_EXPIRED');
    } finally {
      await close();
    }
  });

  it('answers 404 for an unknown case and 401 without a token', async () => {
    await post(official, '3f0c1e2a-1111-4222-8333-444455556666', 'withdraw', { reason: 'x' }).expect(404);
    await request(api.url)
      .post('/api/cases/3f0c1e2a-1111-4222-8333-444455556666/withdraw')
      .send({ reason: 'x' })
      .expect(401);
  });
});
