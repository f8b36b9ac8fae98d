import type { Actor } from '../case/case-types';
import { DEFAULT_WORKING_CALENDAR } from '../calendar';
import type { DeadlinePolicy } from '../deadlines/deadline-clock';
import type { CaseAction } from '../lifecycle/lifecycle-types';
import type { CaseModel, CasePlan, PreparedLevel } from './case-model';
import {
  actionNeeds,
  caseFinished,
  caseProjection,
  nextWakeAt,
  planAction,
  planDuplicateRecorded,
  planMergeAbandoned,
  planMergeClose,
  planMergeStart,
  planOpening,
  planTimers,
  refuseAction,
  refuseDuplicate,
  reserveDuplicate,
  timerNeeds,
} from './case-planner';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const official: Actor = { userId: 'u-official', roles: ['official'], unitCode: 'CQDP', displayName: 'Nguyễn Văn An' };
const unitHead: Actor = { userId: 'u-head', roles: ['unit_head'], unitCode: 'CCVC', displayName: 'Lê Văn Cường' };
const workingGroup: Actor = { userId: 'u-wg', roles: ['working_group'], unitCode: 'TCCB', displayName: 'Hoàng Văn Em' };
const leadership: Actor = { userId: 'u-lead', roles: ['leadership'], unitCode: null, displayName: 'Vũ Thị Giang' };

/** Monday 8 September 2025, 09:00 in Hà Nội: a working morning. */
const MONDAY_9 = Date.parse('2025-09-08T09:00:00+07:00');

function policy(id: string, allowanceMs: number, calendar = DEFAULT_WORKING_CALENDAR): DeadlinePolicy {
  return { policyId: id, allowanceMs, reminderFractions: [0.5, 0.9], renotifyIntervalMs: 8 * HOUR, calendar };
}

/** Eight working hours (one working day) at every level, on the civil-service calendar. */
const ONE_DAY: PreparedLevel = { policy: policy('test.one-day', 8 * HOUR), unit: null };
const ROUTED: PreparedLevel = {
  ...ONE_DAY,
  unit: { code: 'CCVC', nameVi: 'Vụ Công chức - Viên chức', nameEn: 'CCVC' },
};

const SETTINGS = { policySet: 'test', reopenWindowMs: 30 * DAY, historyEventLimit: 5000 };

function opened(now = MONDAY_9): CaseModel {
  return planOpening(
    {
      caseId: '5b0c3c4e-8f87-4a4b-9d4e-6d1f0c1e2a33',
      title: 'Bố trí công chức dôi dư',
      description: 'Xã mới hình thành từ ba xã cũ.',
      provinceCode: '01',
      communeCode: '00004',
      field: 'civil_service',
      priority: 'normal',
      raisedBy: official,
      raisedAt: new Date(now).toISOString(),
    },
    SETTINGS,
    now,
  ).model;
}

/** Applies an action the way the workflow does: refuse, or plan with what its needs would fetch. */
function act(model: CaseModel, actor: Actor, action: CaseAction, now: number, prepared = ROUTED): CasePlan {
  const refusal = refuseAction(model, action, actor, now);
  if (refusal) throw new Error(`refused: ${refusal.code}`);
  return planAction(model, { actor, action }, now, actionNeeds(model, action) ? prepared : null);
}

const types = (plan: CasePlan) => plan.events.map((event) => event.body.type);

/** Runs every timer due up to `until`, the way the workflow's loop does, and returns the events recorded. */
function runClock(
  model: CaseModel,
  until: number,
  prepared = ONE_DAY,
): { model: CaseModel; events: CasePlan['events'] } {
  const events: CasePlan['events'] = [];
  let current = model;
  for (let wake = nextWakeAt(current); wake !== null && wake <= until; wake = nextWakeAt(current)) {
    const plan = planTimers(current, wake, timerNeeds(current, wake) ? prepared : null);
    events.push(...plan.events);
    current = plan.model;
    if (plan.events.length === 0) break;
  }
  return { model: current, events };
}

describe('case plans', () => {
  it('raising records case_reported with the description, which the model does not keep', () => {
    const plan = planOpening(
      {
        caseId: 'c1',
        title: 'T',
        description: 'Mô tả dài',
        provinceCode: '01',
        communeCode: '00004',
        field: 'civil_service',
        priority: 'high',
        raisedBy: official,
        raisedAt: new Date(MONDAY_9).toISOString(),
      },
      SETTINGS,
      MONDAY_9,
    );
    expect(types(plan)).toEqual(['case_reported']);
    expect(plan.events[0]).toMatchObject({ sequence: 1, statusAfter: 'reported', notifications: [] });
    expect(JSON.stringify(plan.model)).not.toContain('Mô tả dài');
  });

  it('escalation to the unit head routes to the unit, starts the clock and tells the unit', () => {
    const model = opened();
    expect(actionNeeds(model, { type: 'escalate', target: 'unit_head', question: 'Hỏi?' })).toEqual({
      level: 'unit_head',
      routeField: 'civil_service',
    });
    const plan = act(model, official, { type: 'escalate', target: 'unit_head', question: 'Hỏi?' }, MONDAY_9);
    expect(types(plan)).toEqual(['case_escalated']);
    const [event] = plan.events;
    expect(event.body.payload).toMatchObject({
      automatic: false,
      level: 'unit_head',
      unitCode: 'CCVC',
      question: 'Hỏi?',
    });
    // One working day from Monday 09:00 is Tuesday 09:00.
    expect(event.deadlineAt).toBe(new Date(Date.parse('2025-09-09T09:00:00+07:00')).toISOString());
    expect(event.notifications).toHaveLength(1);
    expect(event.notifications[0]).toMatchObject({
      kind: 'escalation_received',
      audience: { roles: ['unit_head'], unitCode: 'CCVC' },
    });
    expect(plan.model.lifecycle.assignedUnitCode).toBe('CCVC');
  });

  it('reminds at 50% and 90%, then escalates automatically at every level, then re-notifies daily at the top', () => {
    let model = act(opened(), official, { type: 'escalate', target: 'unit_head', question: 'Hỏi?' }, MONDAY_9).model;
    const { model: after, events } = runClock(model, MONDAY_9 + 10 * DAY);
    model = after;
    const kinds = events.map((event) => event.body.type);
    expect(kinds.slice(0, 11)).toEqual([
      'deadline_reminder',
      'deadline_reminder',
      'deadline_breached',
      'case_escalated',
      'deadline_reminder',
      'deadline_reminder',
      'deadline_breached',
      'case_escalated',
      'deadline_reminder',
      'deadline_reminder',
      'deadline_breached',
    ]);
    // Then one re-notice per working day (8 working hours) until someone answers.
    expect(kinds.slice(11).every((kind) => kind === 'overdue_renotified')).toBe(true);
    expect(kinds.length - 11).toBeGreaterThanOrEqual(4);
    const escalations = events.filter((event) => event.body.type === 'case_escalated');
    expect(escalations.map((event) => event.levelAfter)).toEqual(['working_group', 'leadership']);
    expect(escalations.every((event) => event.body.type === 'case_escalated' && event.body.payload.automatic)).toBe(
      true,
    );
    expect(model.breachCount).toBe(3);
    expect(model.lifecycle.level).toBe('leadership');
    // The top level never stops: a re-notice stays due.
    expect(nextWakeAt(model)).not.toBeNull();
    const topBreach = events[10];
    expect(topBreach.body.payload).toEqual({ level: 'leadership', escalatedTo: null });
    // The sequence numbers are consecutive after the escalation (event 2).
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 3));
  });

  it('a deadline that crosses Tết waits for the holiday to end', () => {
    // Friday 13 February 2026, 16:00: Tết 2026 (17/02) closes offices from Monday 16 to Friday 20 February.
    const friday = Date.parse('2026-02-13T16:00:00+07:00');
    const plan = act(opened(friday), official, { type: 'escalate', target: 'working_group', question: 'Hỏi?' }, friday);
    const due = Date.parse(plan.events[0].deadlineAt!);
    expect(due).toBe(Date.parse('2026-02-23T16:00:00+07:00')); // 1 h on Friday, 7 h on the first day back
    // Nothing is due over the holiday: the 50% reminder comes on the first working morning.
    expect(nextWakeAt(plan.model)).toBe(Date.parse('2026-02-23T11:00:00+07:00'));
  });

  it('pauses the clock while awaiting information and resumes with the working time that was left', () => {
    let model = act(opened(), official, { type: 'escalate', target: 'unit_head', question: 'Hỏi?' }, MONDAY_9).model;
    const paused = act(model, unitHead, { type: 'request_info', question: 'Gửi quyết định.' }, MONDAY_9 + 2 * HOUR);
    expect(paused.events[0].body.payload).toMatchObject({ remainingMs: 6 * HOUR, level: 'unit_head' });
    expect(caseProjection(paused.model, MONDAY_9 + 2 * HOUR)).toMatchObject({
      status: 'awaiting_info',
      answerDeadline: null,
      deadlineRemainingMs: 6 * HOUR,
    });
    expect(paused.events[0].notifications[0]).toMatchObject({
      kind: 'information_requested',
      audience: { userIds: ['u-official'] },
    });
    expect(nextWakeAt(paused.model)).toBeNull(); // nothing is due while paused
    model = paused.model;
    // Information comes a week later, Monday 09:00: six working hours left → 16:00 the same day.
    const resumed = act(model, official, { type: 'provide_info', information: 'Đã gửi.' }, MONDAY_9 + 7 * DAY);
    expect(resumed.events[0].deadlineAt).toBe(new Date(MONDAY_9 + 7 * DAY + 7 * HOUR).toISOString());
  });

  it('pause and resume at any point keep the working time used, lunch not counted', () => {
    const cases: [pauseAfterMs: number, usedMs: number][] = [
      [0, 0],
      [HOUR, HOUR],
      [3 * HOUR, 3 * HOUR],
      [3.5 * HOUR, 3 * HOUR], // 12:30, lunch
      [5 * HOUR, 4 * HOUR], // 14:00
      [9 * HOUR, 7 * HOUR], // 18:00: the working day (from 09:00) is over
    ];
    for (const [pauseAfter, used] of cases) {
      let model = act(
        opened(),
        official,
        { type: 'escalate', target: 'working_group', question: 'Hỏi?' },
        MONDAY_9,
      ).model;
      model = act(model, workingGroup, { type: 'request_info', question: 'Thêm?' }, MONDAY_9 + pauseAfter).model;
      expect(caseProjection(model, MONDAY_9 + pauseAfter).deadlineRemainingMs).toBe(8 * HOUR - used);
    }
  });

  it('an answer ends the clock, carries the question and notifies the official', () => {
    let model = act(
      opened(),
      official,
      { type: 'escalate', target: 'unit_head', question: 'Bố trí thế nào?' },
      MONDAY_9,
    ).model;
    const plan = act(
      model,
      unitHead,
      { type: 'answer', text: 'Theo vị trí việc làm.', legalBasis: 'NĐ 33/2023', publishAsGuidance: true },
      MONDAY_9 + HOUR,
    );
    expect(plan.events[0].body.payload).toEqual({
      text: 'Theo vị trí việc làm.',
      legalBasis: 'NĐ 33/2023',
      publishAsGuidance: true,
      level: 'unit_head',
      question: 'Bố trí thế nào?',
    });
    expect(plan.events[0].policyId).toBe('test.one-day');
    expect(nextWakeAt(plan.model)).toBeNull();
    model = plan.model;
    const resolved = act(model, official, { type: 'resolve', outcome: 'Xong.' }, MONDAY_9 + 2 * HOUR);
    expect(types(resolved)).toEqual(['case_resolved', 'case_closed']);
    expect(resolved.events[0].body.payload).toMatchObject({
      reopenUntil: new Date(MONDAY_9 + 2 * HOUR + 30 * DAY).toISOString(),
    });
  });

  it('forward starts a fresh allowance at the new unit; reassign names the assignee who is told', () => {
    let model = act(opened(), official, { type: 'escalate', target: 'unit_head', question: 'Hỏi?' }, MONDAY_9).model;
    const forward: CaseAction = { type: 'forward', toUnitCode: 'TCBC', reason: 'Thuộc thẩm quyền Vụ TCBC.' };
    expect(actionNeeds(model, forward)).toEqual({ level: 'unit_head', unitCode: 'TCBC' });
    const tcbc: PreparedLevel = { ...ONE_DAY, unit: { code: 'TCBC', nameVi: 'Vụ Tổ chức - Biên chế', nameEn: 'TCBC' } };
    const forwarded = act(model, unitHead, forward, MONDAY_9 + 4 * HOUR, tcbc);
    expect(forwarded.events[0].body.payload).toMatchObject({
      fromUnitCode: 'CCVC',
      toUnitCode: 'TCBC',
      toLevel: 'unit_head',
    });
    expect(forwarded.model.deadline!.levelStartedAt).toBe(new Date(MONDAY_9 + 4 * HOUR).toISOString());
    model = forwarded.model;
    model = act(model, official, { type: 'withdraw', reason: 'x' }, MONDAY_9 + 5 * HOUR).model;
    expect(caseFinished(model, MONDAY_9 + 5 * HOUR)).toBe(true);

    let wg = act(opened(), official, { type: 'escalate', target: 'working_group', question: 'Hỏi?' }, MONDAY_9).model;
    const reassigned = act(
      wg,
      workingGroup,
      { type: 'reassign', assigneeUserId: 'u-wg-2', reason: 'Phụ trách lĩnh vực' },
      MONDAY_9,
    );
    expect(reassigned.events[0].notifications[0]).toMatchObject({
      kind: 'case_reassigned',
      audience: { userIds: ['u-wg-2'] },
    });
    wg = reassigned.model;
    // Reminders now go to the named assignee only.
    const { events } = runClock(wg, MONDAY_9 + 5 * HOUR);
    expect(events[0].notifications[0].audience).toEqual({ userIds: ['u-wg-2'] });
  });

  it('reopen is allowed inside the window and refused after it; the workflow finishes after the window', () => {
    let model = act(opened(), official, { type: 'handle_locally', note: 'Đang hướng dẫn.' }, MONDAY_9).model;
    model = act(model, official, { type: 'resolve', outcome: 'Xong.' }, MONDAY_9).model;
    const end = MONDAY_9 + 30 * DAY;
    expect(caseFinished(model, end)).toBe(false);
    expect(nextWakeAt(model)).toBe(end + 1);
    expect(refuseAction(model, { type: 'reopen', reason: 'Lại vướng.' }, official, end)).toBeNull();
    expect(refuseAction(model, { type: 'reopen', reason: 'Lại vướng.' }, official, end + 1)?.code).toBe(
      'REOPEN_WINDOW_EXPIRED',
    );
    expect(caseFinished(model, end + 1)).toBe(true);
    const reopened = act(model, official, { type: 'reopen', reason: 'Lại vướng.' }, end - HOUR);
    expect(reopened.model.lifecycle).toMatchObject({ status: 'local_handling', reopenUntil: null, resolvedAt: null });
  });

  it('a policy proposal goes to leadership, whose decision closes the case', () => {
    let model = act(opened(), official, { type: 'handle_locally', note: 'x' }, MONDAY_9).model;
    const proposed = act(model, official, { type: 'propose_policy', proposal: 'Sửa quy định.' }, MONDAY_9);
    expect(proposed.events[0].notifications[0].audience).toEqual({ roles: ['leadership'] });
    model = proposed.model;
    const decided = act(model, leadership, { type: 'decide_policy', decision: 'needs_study' }, MONDAY_9);
    expect(types(decided)).toEqual(['policy_decided', 'case_closed']);
    expect(decided.events[1].body.payload).toEqual({ closeReason: 'policy_decided', decision: 'needs_study' });
    expect(caseFinished(decided.model, MONDAY_9)).toBe(true);
  });

  describe('merges', () => {
    const a = { ...opened(), caseId: '11111111-1111-4111-8111-111111111111' };
    const b = { ...opened(), caseId: '22222222-2222-4222-8222-222222222222' };
    const merge = (into: string): CaseAction => ({ type: 'merge', intoCaseId: into, caseId: 'x' });

    it('the survivor accepts, records the duplicate once, and then the duplicate closes', () => {
      expect(refuseDuplicate(b, a.caseId)).toBeNull();
      const reserved = reserveDuplicate(b, a.caseId);
      expect(reserveDuplicate(reserved, a.caseId)).toBe(reserved);
      const recorded = planDuplicateRecorded(
        reserved,
        { caseId: a.caseId, title: a.title, actor: workingGroup },
        MONDAY_9,
      );
      expect(types(recorded)).toEqual(['duplicate_merged_in']);
      const closing = planMergeClose(
        planMergeStart(a, b.caseId),
        { actor: workingGroup, action: merge(b.caseId) as never },
        MONDAY_9,
      );
      expect(types(closing)).toEqual(['case_merged', 'case_closed']);
      expect(closing.model.lifecycle).toMatchObject({
        status: 'closed',
        closeReason: 'merged',
        mergedIntoCaseId: b.caseId,
      });
    });

    it('a closed survivor or one being merged elsewhere refuses', () => {
      const closed = act(b, official, { type: 'withdraw', reason: 'x' }, MONDAY_9).model;
      expect(refuseDuplicate(closed, a.caseId)?.code).toBe('MERGE_TARGET_CLOSED');
      expect(refuseDuplicate(planMergeStart(b, '33333333-3333-4333-8333-333333333333'), a.caseId)?.code).toBe(
        'MERGE_TARGET_BUSY',
      );
    });

    it('two opposite merges at once: exactly one goes ahead, the one into the lower id', () => {
      const aPending = planMergeStart(a, b.caseId); // A into B
      const bPending = planMergeStart(b, a.caseId); // B into A
      const bAcceptsA = refuseDuplicate(bPending, a.caseId) === null;
      const aAcceptsB = refuseDuplicate(aPending, b.caseId) === null;
      expect([bAcceptsA, aAcceptsB].filter(Boolean)).toHaveLength(1);
      expect(aAcceptsB).toBe(true); // A has the lower id: B merges into A
      expect(refuseDuplicate(bPending, a.caseId)?.code).toBe('MERGE_CONFLICT');
      expect(planMergeAbandoned(bPending).pendingMergeInto).toBeNull();
    });

    it('a case that took a duplicate in refuses to be merged into it', () => {
      const bWithA = reserveDuplicate(b, a.caseId);
      expect(refuseAction(bWithA, merge(a.caseId), workingGroup, MONDAY_9)?.code).toBe('MERGE_CONFLICT');
      expect(refuseAction(planMergeStart(b, a.caseId), merge(a.caseId), workingGroup, MONDAY_9)?.code).toBe(
        'MERGE_TARGET_BUSY',
      );
    });

    it('remembers a bounded number of duplicates by id, and counts them all', () => {
      let survivor = b;
      for (let index = 0; index < 120; index += 1) survivor = reserveDuplicate(survivor, `dup-${index}`);
      expect(survivor.recentDuplicates).toHaveLength(50);
      expect(survivor.duplicateCount).toBe(120);
    });
  });

  it('the model stays the same size however many times the top level is re-notified', () => {
    const always = { ...DEFAULT_WORKING_CALENDAR, id: 'always-working', alwaysWorking: true };
    const fast: PreparedLevel = { policy: { ...policy('fast', 1000, always), renotifyIntervalMs: 1000 }, unit: null };
    const model = act(
      opened(),
      official,
      { type: 'escalate', target: 'working_group', question: 'Hỏi?' },
      MONDAY_9,
      fast,
    ).model;
    const sizeOf = (current: CaseModel) => JSON.stringify(current).length;
    const early = runClock(model, MONDAY_9 + 100_000, fast).model;
    const late = runClock(early, MONDAY_9 + 10_100_000, fast).model;
    expect(late.lastEventSequence - early.lastEventSequence).toBeGreaterThanOrEqual(9000);
    expect(Math.abs(sizeOf(late) - sizeOf(early))).toBeLessThan(20);
  });
});
