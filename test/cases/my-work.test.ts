import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { DEFAULT_WORKING_CALENDAR, WorkingCalendar } from '@libs/domain/calendar';
import { signedWorkingTimeLeftMs } from '@libs/domain/deadlines';
import { asRole, type Session } from '../support/auth';
import { caseApi, type CaseApi } from '../support/case-api';
import { eventually, pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';
import { insertTestUnit } from '../support/signed-in';

interface WorkItem {
  id: string;
  status: string;
  escalationLevel: string | null;
  assignedUnitCode: string | null;
  assigneeUserId: string | null;
  answerDeadline: string | null;
  deadlineRemainingMs: number | null;
  raisedByUserId: string;
  workingTimeLeftMs: number | null;
  deadlinePaused: boolean;
}

interface MyWork {
  toAnswer: WorkItem[];
  needsMyInput: WorkItem[];
  myOpenCases: WorkItem[];
  totals: { toAnswer: number; needsMyInput: number; myOpenCases: number };
}

const HOUR = 3600_000;

/**
 * GET /api/my-work. The suite runs its cases under a policy set of its own: real answer targets (1–5 working days in
 * the civil-service calendar), so the order and the working time left are stable, plus a 2-second target for the
 * `youth` field on the always-working calendar, to have a case overdue at the top level.
 */
describe('my work: what waits on each person', () => {
  const suffix = randomBytes(4).toString('hex');
  const policySet = `my-work-${suffix}`;
  const config = { ...testConfig(), slaPolicySet: policySet };
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let cases: CaseApi;
  let testUnit: string;
  let official: Session;
  let unitHead: Session;
  let workingGroup: Session;
  let otherMember: Session;
  let leadership: Session;
  let personnel: Session;
  const ids: Record<string, string> = {};

  const myWork = async (session: Session): Promise<MyWork> =>
    (await request(api.url).get('/api/my-work').set(session.authHeader).expect(200)).body as MyWork;
  const own = (items: WorkItem[]): string[] => {
    const suite = new Set(Object.values(ids));
    return items.map((item) => item.id).filter((id) => suite.has(id));
  };

  beforeAll(async () => {
    db = await pgClient();
    await db.query(
      `INSERT INTO sla_policies (id, policy_set, field, priority, level, allowance_seconds, renotify_seconds,
                                 calendar_id, updated_by)
       VALUES ($1 || '.urgent', $1, NULL, 'urgent', NULL, 28800, 28800, 'vn-civil-service', 'test'),
              ($1 || '.high', $1, NULL, 'high', NULL, 57600, 28800, 'vn-civil-service', 'test'),
              ($1 || '.normal', $1, NULL, 'normal', NULL, 86400, 28800, 'vn-civil-service', 'test'),
              ($1 || '.low', $1, NULL, 'low', NULL, 144000, 28800, 'vn-civil-service', 'test'),
              ($1 || '.youth', $1, 'youth', 'urgent', NULL, 2, 3600, 'always-working', 'test')`,
      [policySet],
    );
    [api, worker] = await Promise.all([startApi(config), startWorker(config)]);
    cases = caseApi(api.url);
    testUnit = await insertTestUnit(db);
    official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
    unitHead = await asRole(api.url, db, 'unit_head', { unitCode: testUnit });
    workingGroup = await asRole(api.url, db, 'working_group');
    otherMember = await asRole(api.url, db, 'working_group');
    leadership = await asRole(api.url, db, 'leadership');
    personnel = await asRole(api.url, db, 'personnel');

    const raise = (key: string, priority: string, field = 'civil_service') =>
      cases.raise(official, { title: `Việc của tôi ${key} ${suffix}`, priority, field }).then((id) => (ids[key] = id));
    await Promise.all(
      [
        ['unitUrgent', 'urgent'],
        ['unitHigh', 'high'],
        ['unitPaused', 'low'],
        ['assignedByName', 'high'],
        ['groupNormal', 'normal'],
        ['groupUrgent', 'urgent'],
        ['groupPaused', 'high'],
        ['forwardedUp', 'normal'],
        ['proposal', 'normal'],
        ['answered', 'high'],
        ['reported', 'low'],
        ['withdrawn', 'low'],
        ['overdueTop', 'urgent', 'youth'],
      ].map(([key, priority, field]) => raise(key, priority, field)),
    );

    const escalate = (key: string, target: 'unit_head' | 'working_group') =>
      cases.act(official, ids[key], 'escalate', { target, question: 'Xin ý kiến chỉ đạo.' });
    const toTestUnit = (key: string) =>
      cases.act(workingGroup, ids[key], 'forward', { toUnitCode: testUnit, reason: 'Thuộc đơn vị kiểm thử.' });
    for (const key of ['unitUrgent', 'unitHigh', 'unitPaused']) {
      await escalate(key, 'unit_head');
      await toTestUnit(key);
    }
    await cases.act(unitHead, ids.unitPaused, 'request-info', { question: 'Gửi thêm hồ sơ.' });
    await escalate('assignedByName', 'unit_head');
    await cases.act(workingGroup, ids.assignedByName, 'reassign', { assigneeUserId: otherMember.user.id });
    for (const key of ['groupNormal', 'groupUrgent', 'groupPaused', 'forwardedUp', 'answered', 'overdueTop']) {
      await escalate(key, 'working_group');
    }
    await cases.act(workingGroup, ids.groupPaused, 'request-info', { question: 'Gửi thêm hồ sơ.' });
    await cases.act(workingGroup, ids.forwardedUp, 'forward', { toLevel: 'leadership', reason: 'Cần Lãnh đạo Bộ.' });
    await cases.act(workingGroup, ids.answered, 'answer', { text: 'Thực hiện như sau.', publishAsGuidance: false });
    await cases.act(official, ids.proposal, 'handle-locally', { note: 'Đang hướng dẫn.' });
    await cases.act(official, ids.proposal, 'propose-policy', { proposal: 'Sửa Nghị định.' });
    await cases.act(official, ids.withdrawn, 'withdraw', { reason: 'Xã đã tự giải quyết.' });
  }, 60000);

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  it('gives a unit head the escalations routed to their unit, soonest deadline first, paused last', async () => {
    const before = new Date();
    const work = await myWork(unitHead);
    const after = new Date();
    expect(work.toAnswer.map((item) => item.id)).toEqual([ids.unitUrgent, ids.unitHigh, ids.unitPaused]);
    expect(work.totals).toEqual({ toAnswer: 3, needsMyInput: 0, myOpenCases: 0 });
    expect(work.needsMyInput).toEqual([]);
    expect(work.myOpenCases).toEqual([]);
    for (const item of work.toAnswer) {
      expect(item).toMatchObject({ escalationLevel: 'unit_head', assignedUnitCode: testUnit });
    }

    // Working time left in the civil-service calendar of the policy: at most the allowance, counted from now.
    const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
    const [urgent, high, paused] = work.toAnswer;
    for (const [item, allowance] of [
      [urgent, 8 * HOUR],
      [high, 16 * HOUR],
    ] as const) {
      const deadline = new Date(item.answerDeadline!);
      expect(item.deadlinePaused).toBe(false);
      expect(item.workingTimeLeftMs).toBeLessThanOrEqual(signedWorkingTimeLeftMs(calendar, before, deadline));
      expect(item.workingTimeLeftMs).toBeGreaterThanOrEqual(signedWorkingTimeLeftMs(calendar, after, deadline));
      expect(item.workingTimeLeftMs).toBeGreaterThan(allowance - 5 * 60_000);
      expect(item.workingTimeLeftMs).toBeLessThanOrEqual(allowance);
    }
    expect(paused).toMatchObject({ status: 'awaiting_info', answerDeadline: null, deadlinePaused: true });
    expect(paused.workingTimeLeftMs).toBe(paused.deadlineRemainingMs);
    expect(paused.workingTimeLeftMs).toBeGreaterThan(40 * HOUR - 5 * 60_000);
  });

  it('gives the Working Group its level and what was assigned to a member by name', async () => {
    // The youth case passes through this level within seconds; the leadership test follows it.
    const passing = (items: WorkItem[]) => own(items).filter((id) => id !== ids.overdueTop);
    const work = await myWork(workingGroup);
    expect(passing(work.toAnswer)).toEqual([ids.groupUrgent, ids.groupNormal, ids.groupPaused]);
    for (const item of work.toAnswer) {
      expect(item.escalationLevel === 'working_group' || item.assigneeUserId === workingGroup.user.id).toBe(true);
      expect(['escalated', 'awaiting_info']).toContain(item.status);
    }
    expect(work.totals.toAnswer).toBe(work.toAnswer.length);
    expect(work.myOpenCases).toEqual([]);

    const member = await myWork(otherMember);
    expect(passing(member.toAnswer)).toEqual([ids.groupUrgent, ids.assignedByName, ids.groupNormal, ids.groupPaused]);
    const assigned = member.toAnswer.find((item) => item.id === ids.assignedByName);
    expect(assigned).toMatchObject({ escalationLevel: 'unit_head', assigneeUserId: otherMember.user.id });
  });

  it('gives leadership the top level (overdue first, in negative working time) and policy proposals', async () => {
    const work = await eventually(
      async () => {
        const current = await myWork(leadership);
        const top = current.toAnswer.find((item) => item.id === ids.overdueTop);
        return top && top.workingTimeLeftMs !== null && top.workingTimeLeftMs < 0 ? current : undefined;
      },
      20000,
      250,
    );
    expect(own(work.toAnswer)).toEqual([ids.overdueTop, ids.forwardedUp, ids.proposal]);
    const [overdue, forwarded, proposal] = work.toAnswer.filter((item) => own([item]).length === 1);
    // Always-working calendar: the negative value is simply the time since the deadline.
    const sinceDeadline = Date.now() - Date.parse(overdue.answerDeadline!);
    expect(-overdue.workingTimeLeftMs!).toBeLessThanOrEqual(sinceDeadline + 1000);
    expect(overdue).toMatchObject({ status: 'escalated', escalationLevel: 'leadership', deadlinePaused: false });
    expect(forwarded.workingTimeLeftMs).toBeGreaterThan(0);
    expect(proposal).toMatchObject({ status: 'policy_proposed', workingTimeLeftMs: null, deadlinePaused: false });
  });

  it('gives an official their open cases and, separately, what needs their input', async () => {
    const work = await myWork(official);
    expect(work.toAnswer).toEqual([]);
    const needs = work.needsMyInput.map((item) => item.id);
    expect([...needs].sort()).toEqual([ids.unitPaused, ids.groupPaused, ids.answered].sort());
    expect(needs[2]).toBe(ids.answered); // paused clocks first, then answers to apply
    const open = new Set(work.myOpenCases.map((item) => item.id));
    expect(open.size).toBe(12);
    expect(open.has(ids.withdrawn)).toBe(false);
    expect(open.has(ids.reported)).toBe(true);
    expect(work.myOpenCases.every((item) => item.raisedByUserId === official.user.id)).toBe(true);
    expect(work.totals).toEqual({ toAnswer: 0, needsMyInput: 3, myOpenCases: 12 });
    // Soonest deadline first here too.
    const urgentIndex = work.myOpenCases.findIndex((item) => item.id === ids.unitUrgent);
    const lowIndex = work.myOpenCases.findIndex((item) => item.id === ids.reported);
    expect(urgentIndex).toBeLessThan(lowIndex);
  });

  it('gives a person with several roles the union, and other roles empty lists', async () => {
    const both = await asRole(api.url, db, 'official', {
      provinceCodes: ['01'],
      extraRoles: ['unit_head'],
      unitCode: testUnit,
    });
    const ownCase = await cases.raise(both, { title: `Vụ việc của người hai vai trò ${suffix}` });
    const work = await myWork(both);
    expect(work.toAnswer.map((item) => item.id)).toEqual([ids.unitUrgent, ids.unitHigh, ids.unitPaused]);
    expect(work.myOpenCases.map((item) => item.id)).toEqual([ownCase]);
    expect(work.needsMyInput).toEqual([]);

    const groupAndLeadership = await asRole(api.url, db, 'working_group', { extraRoles: ['leadership'] });
    const union = await myWork(groupAndLeadership);
    expect(own(union.toAnswer)).toEqual(
      expect.arrayContaining([ids.groupUrgent, ids.groupNormal, ids.groupPaused, ids.forwardedUp, ids.proposal]),
    );

    expect(await myWork(personnel)).toEqual({
      toAnswer: [],
      needsMyInput: [],
      myOpenCases: [],
      totals: { toAnswer: 0, needsMyInput: 0, myOpenCases: 0 },
    });
  });

  it('limits each group and refuses a bad limit', async () => {
    const work = (await request(api.url).get('/api/my-work?limit=1').set(official.authHeader).expect(200))
      .body as MyWork;
    expect(work.myOpenCases).toHaveLength(1);
    expect(work.totals.myOpenCases).toBe(12);
    const refused = await request(api.url).get('/api/my-work?limit=0').set(official.authHeader).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors[0].field).toBe('limit');
    await request(api.url).get('/api/my-work').expect(401);
  });
});
