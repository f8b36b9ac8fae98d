import { type Actor, ESCALATION_LEVELS, type EscalationLevel } from '../case/case-types';
import {
  allowedActions,
  applyDeadlineBreach,
  canAnswerAtLevel,
  checkAction,
  nextEscalationLevel,
  REOPEN_WINDOW_DAYS,
} from './lifecycle';
import { type CaseAction, type LifecycleState } from './lifecycle-types';
import { ACTORS, daysBeforeNow, makeState, NOW, STATES } from './lifecycle.fixtures';

describe('nextEscalationLevel', () => {
  it.each([
    ['unit_head', 'working_group'],
    ['working_group', 'leadership'],
    ['leadership', null],
  ] as const)('%s → %s', (level, next) => {
    expect(nextEscalationLevel(level)).toBe(next);
  });
});

describe('applyDeadlineBreach', () => {
  it('walks unit_head → working_group → leadership, then stays at the top', () => {
    let state: LifecycleState = { ...STATES.escalatedUnitHead, assigneeUserId: 'u-head-cqdp' };
    const seen: (EscalationLevel | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const result = applyDeadlineBreach(state);
      seen.push(result.escalatedTo);
      state = result.state;
    }
    expect(seen).toEqual(['working_group', 'leadership', null, null]);
    expect(state).toEqual({ ...STATES.escalatedUnitHead, level: 'leadership', assigneeUserId: null });
  });

  it('starts from the working group when the official asked it first', () => {
    const first = applyDeadlineBreach(STATES.escalatedWorkingGroup);
    expect(first.escalatedTo).toBe('leadership');
    expect(first.state).toMatchObject({ status: 'escalated', level: 'leadership', escalationTarget: 'working_group' });
    expect(first.state.assigneeUserId).toBeNull();
  });

  it('at the top returns the same state (the caller records and re-notifies)', () => {
    const result = applyDeadlineBreach(STATES.escalatedLeadership);
    expect(result).toEqual({ state: STATES.escalatedLeadership, escalatedTo: null });
    expect(result.state).toBe(STATES.escalatedLeadership);
  });

  it.each([
    'reported',
    'localHandling',
    'awaitingInfoUnitHead',
    'answeredUnitHead',
    'policyProposed',
    'closedResolvedRecently',
  ] as const)('does nothing in %s (no answer deadline running)', (name) => {
    expect(applyDeadlineBreach(STATES[name])).toEqual({ state: STATES[name], escalatedTo: null });
  });

  it('does not mutate its input', () => {
    const state = Object.freeze({ ...STATES.escalatedUnitHead });
    applyDeadlineBreach(state);
    expect(state.level).toBe('unit_head');
  });

  it('after a breach the new level may answer and the old one may not', () => {
    const { state } = applyDeadlineBreach(STATES.escalatedUnitHead);
    const answer: CaseAction = { type: 'answer', text: 'Trả lời.', publishAsGuidance: false };
    expect(checkAction(state, answer, ACTORS.unitHead, NOW)?.code).toBe('NOT_ASSIGNED_LEVEL');
    expect(checkAction(state, answer, ACTORS.workingGroup, NOW)).toBeNull();
  });
});

describe('canAnswerAtLevel', () => {
  const cases: [string, Actor, EscalationLevel, string | null, boolean][] = [
    ['assigned unit head at unit_head', ACTORS.unitHead, 'unit_head', 'CQDP', true],
    ['other unit head at unit_head', ACTORS.otherUnitHead, 'unit_head', 'CQDP', false],
    ['unit head when no unit is routed', ACTORS.unitHead, 'unit_head', null, false],
    [
      'unit head without a unit when no unit is routed',
      { userId: 'x', roles: ['unit_head'] },
      'unit_head',
      null,
      false,
    ],
    ['working group at unit_head', ACTORS.workingGroup, 'unit_head', 'CQDP', true],
    ['leadership at unit_head', ACTORS.leadership, 'unit_head', 'CQDP', true],
    ['official at unit_head (even of the same unit)', ACTORS.owner, 'unit_head', 'CQDP', false],
    ['unit head at working_group', ACTORS.unitHead, 'working_group', 'CQDP', false],
    ['working group at working_group', ACTORS.workingGroup, 'working_group', null, true],
    ['leadership at working_group', ACTORS.leadership, 'working_group', null, true],
    ['working group at leadership', ACTORS.workingGroup, 'leadership', null, false],
    ['leadership at leadership', ACTORS.leadership, 'leadership', null, true],
    ['personnel anywhere', ACTORS.personnel, 'unit_head', 'CQDP', false],
    ['the system actor', ACTORS.system, 'working_group', null, false],
  ];
  it.each(cases)('%s', (_name, actor, level, unit, expected) => {
    expect(canAnswerAtLevel(actor, level, unit)).toBe(expected);
  });

  it('a person holding unit_head and working_group roles answers at every level below leadership', () => {
    const both: Actor = { userId: 'u-both', roles: ['unit_head', 'working_group'], unitCode: 'CCVC' };
    expect(ESCALATION_LEVELS.map((l) => canAnswerAtLevel(both, l, 'CQDP'))).toEqual([true, true, false]);
  });
});

describe('reopen window', () => {
  const reopen: CaseAction = { type: 'reopen', reason: 'Vướng mắc phát sinh lại.' };
  const resolvedDaysAgo = (days: number, extraMs = 0) =>
    makeState({
      status: 'closed',
      closeReason: 'resolved',
      resolvedAt: daysBeforeNow(days, extraMs),
      closedAt: daysBeforeNow(days, extraMs),
    });

  it('is 30 days', () => {
    expect(REOPEN_WINDOW_DAYS).toBe(30);
  });

  it('allows reopening 29 days after resolution', () => {
    expect(checkAction(resolvedDaysAgo(29), reopen, ACTORS.owner, NOW)).toBeNull();
    expect(allowedActions(resolvedDaysAgo(29), ACTORS.owner, NOW)).toEqual(['reopen']);
  });

  it('refuses reopening 31 days after resolution', () => {
    expect(checkAction(resolvedDaysAgo(31), reopen, ACTORS.owner, NOW)?.code).toBe('REOPEN_WINDOW_EXPIRED');
    expect(allowedActions(resolvedDaysAgo(31), ACTORS.owner, NOW)).toEqual([]);
  });

  it('is inclusive at exactly 30 days and closes one millisecond later', () => {
    expect(checkAction(resolvedDaysAgo(30), reopen, ACTORS.owner, NOW)).toBeNull();
    expect(checkAction(resolvedDaysAgo(30, 1), reopen, ACTORS.owner, NOW)?.code).toBe('REOPEN_WINDOW_EXPIRED');
  });

  it('compares instants, whatever offsets the two times are written in', () => {
    // 29 days 23 hours in UTC+7 vs Z.
    const state = makeState({ status: 'closed', closeReason: 'resolved', resolvedAt: '2025-08-11T03:00:00Z' });
    expect(checkAction(state, reopen, ACTORS.owner, '2025-09-10T09:00:00+07:00')).toBeNull();
    expect(checkAction(state, reopen, ACTORS.owner, '2025-09-10T10:00:01+07:00')?.code).toBe('REOPEN_WINDOW_EXPIRED');
  });

  it('treats an unreadable resolvedAt as outside the window', () => {
    const state = makeState({ status: 'closed', closeReason: 'resolved', resolvedAt: 'hôm qua' });
    expect(checkAction(state, reopen, ACTORS.owner, NOW)?.code).toBe('REOPEN_WINDOW_EXPIRED');
  });
});
