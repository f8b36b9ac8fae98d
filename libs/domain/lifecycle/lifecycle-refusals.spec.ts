import { type Actor } from '../case/case-types';
import { applyAction, checkAction } from './lifecycle';
import { mergeConflict, mergeTargetBusy, mergeTargetClosed } from './lifecycle-messages';
import { type CaseAction, type LifecycleState, REFUSAL_CODES, type RefusalCode } from './lifecycle-types';
import { ACTORS, makeState, NOW, STATES } from './lifecycle.fixtures';

interface Scenario {
  name: string;
  state: LifecycleState;
  action: CaseAction;
  actor: Actor;
  code: RefusalCode;
  field?: string;
}

const ANSWER: CaseAction = { type: 'answer', text: 'Trả lời.', publishAsGuidance: false };

const SCENARIOS: Scenario[] = [
  {
    name: 'blank note',
    state: STATES.reported,
    action: { type: 'handle_locally', note: '   ' },
    actor: ACTORS.owner,
    code: 'INVALID_INPUT',
    field: 'note',
  },
  {
    name: 'escalation target outside the enum',
    state: STATES.reported,
    action: { type: 'escalate', target: 'leadership' as never, question: 'Hỏi?' },
    actor: ACTORS.owner,
    code: 'INVALID_INPUT',
    field: 'target',
  },
  {
    name: 'merge a case into itself',
    state: STATES.reported,
    action: { type: 'merge', intoCaseId: 'case-1', caseId: ' case-1 ' },
    actor: ACTORS.workingGroup,
    code: 'MERGE_INTO_SELF',
    field: 'intoCaseId',
  },
  {
    name: 'withdraw a closed case',
    state: STATES.closedWithdrawn,
    action: { type: 'withdraw', reason: 'Rút.' },
    actor: ACTORS.owner,
    code: 'CASE_CLOSED',
  },
  {
    name: 'answer a case that is resolved and being closed',
    state: STATES.resolvedTransient,
    action: ANSWER,
    actor: ACTORS.leadership,
    code: 'CASE_CLOSED',
  },
  {
    name: 'an official tries to answer',
    state: STATES.escalatedUnitHead,
    action: ANSWER,
    actor: ACTORS.owner,
    code: 'ROLE_NOT_ALLOWED',
  },
  {
    name: 'personnel tries to withdraw',
    state: STATES.reported,
    action: { type: 'withdraw', reason: 'Rút.' },
    actor: ACTORS.personnel,
    code: 'ROLE_NOT_ALLOWED',
  },
  {
    name: 'the working group tries to decide policy',
    state: STATES.policyProposed,
    action: { type: 'decide_policy', decision: 'rejected' },
    actor: ACTORS.workingGroup,
    code: 'ROLE_NOT_ALLOWED',
  },
  {
    name: 'handle locally after escalating',
    state: STATES.escalatedUnitHead,
    action: { type: 'handle_locally', note: 'Ghi chú.' },
    actor: ACTORS.owner,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'resolve straight from reported',
    state: STATES.reported,
    action: { type: 'resolve', outcome: 'Xong.' },
    actor: ACTORS.owner,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'reopen a withdrawn case',
    state: STATES.closedWithdrawn,
    action: { type: 'reopen', reason: 'Mở lại.' },
    actor: ACTORS.owner,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'reopen an open case',
    state: STATES.localHandling,
    action: { type: 'reopen', reason: 'Mở lại.' },
    actor: ACTORS.owner,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'answer a case that was never escalated',
    state: STATES.localHandling,
    action: ANSWER,
    actor: ACTORS.workingGroup,
    code: 'CASE_NOT_ESCALATED',
  },
  {
    name: 'answer while waiting for information',
    state: STATES.awaitingInfoUnitHead,
    action: ANSWER,
    actor: ACTORS.unitHead,
    code: 'CASE_NOT_ESCALATED',
  },
  {
    name: 'request information on an answered case',
    state: STATES.answeredUnitHead,
    action: { type: 'request_info', question: 'Hỏi?' },
    actor: ACTORS.unitHead,
    code: 'CASE_NOT_ESCALATED',
  },
  {
    name: 'forward a case in local handling',
    state: STATES.localHandling,
    action: { type: 'forward', toLevel: 'leadership', reason: 'Lý do.' },
    actor: ACTORS.workingGroup,
    code: 'CASE_NOT_ESCALATED',
  },
  {
    name: 'answer an answered escalation',
    state: STATES.answeredUnitHead,
    action: ANSWER,
    actor: ACTORS.workingGroup,
    code: 'ALREADY_ANSWERED',
  },
  {
    name: 'provide information nobody asked for',
    state: STATES.escalatedUnitHead,
    action: { type: 'provide_info', information: 'Thông tin.' },
    actor: ACTORS.owner,
    code: 'CASE_NOT_AWAITING_INFO',
  },
  {
    name: 'reopen after 40 days',
    state: STATES.closedResolvedLongAgo,
    action: { type: 'reopen', reason: 'Mở lại.' },
    actor: ACTORS.owner,
    code: 'REOPEN_WINDOW_EXPIRED',
  },
  {
    name: 'reopen when resolvedAt is missing',
    state: makeState({ status: 'closed', closeReason: 'resolved', resolvedAt: null }),
    action: { type: 'reopen', reason: 'Mở lại.' },
    actor: ACTORS.owner,
    code: 'REOPEN_WINDOW_EXPIRED',
  },
  {
    name: 'another official escalates',
    state: STATES.reported,
    action: { type: 'escalate', target: 'unit_head', question: 'Hỏi?' },
    actor: ACTORS.otherOfficial,
    code: 'NOT_CASE_OWNER',
  },
  {
    name: 'an official who is also in the working group, not the owner, resolves',
    state: STATES.localHandling,
    action: { type: 'resolve', outcome: 'Xong.' },
    actor: ACTORS.officialAndWorkingGroup,
    code: 'NOT_CASE_OWNER',
  },
  {
    name: 'another official merges',
    state: STATES.reported,
    action: { type: 'merge', intoCaseId: 'case-0', caseId: 'case-1' },
    actor: ACTORS.otherOfficial,
    code: 'NOT_CASE_OWNER',
  },
  {
    name: 'the head of another unit answers',
    state: STATES.escalatedUnitHead,
    action: ANSWER,
    actor: ACTORS.otherUnitHead,
    code: 'NOT_ASSIGNED_LEVEL',
  },
  {
    name: 'a unit head answers at working-group level',
    state: STATES.escalatedWorkingGroup,
    action: ANSWER,
    actor: ACTORS.unitHead,
    code: 'NOT_ASSIGNED_LEVEL',
  },
  {
    name: 'the working group answers at leadership level',
    state: STATES.escalatedLeadership,
    action: ANSWER,
    actor: ACTORS.workingGroup,
    code: 'NOT_ASSIGNED_LEVEL',
  },
  {
    name: 'a unit head with no unit answers when no unit is routed',
    state: makeState({ status: 'escalated', level: 'unit_head', assignedUnitCode: null }),
    action: ANSWER,
    actor: { userId: 'u-head-x', roles: ['unit_head'], unitCode: null },
    code: 'NOT_ASSIGNED_LEVEL',
  },
  {
    name: 'forward down from the working group to a unit head',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'forward', toLevel: 'unit_head', toUnitCode: 'CCVC', reason: 'Lý do.' },
    actor: ACTORS.workingGroup,
    code: 'INVALID_FORWARD',
    field: 'toLevel',
  },
  {
    name: 'forward to the same unit',
    state: STATES.escalatedUnitHead,
    action: { type: 'forward', toUnitCode: 'CQDP', reason: 'Lý do.' },
    actor: ACTORS.unitHead,
    code: 'INVALID_FORWARD',
    field: 'toUnitCode',
  },
  {
    name: 'forward to the unit-head level without naming a unit',
    state: STATES.escalatedUnitHead,
    action: { type: 'forward', toLevel: 'unit_head', reason: 'Lý do.' },
    actor: ACTORS.unitHead,
    code: 'INVALID_FORWARD',
    field: 'toUnitCode',
  },
  {
    name: 'forward to the working group while already there',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'forward', toLevel: 'working_group', reason: 'Lý do.' },
    actor: ACTORS.workingGroup,
    code: 'INVALID_FORWARD',
    field: 'toLevel',
  },
  {
    name: 'forward to a unit while at working-group level (level omitted)',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'forward', toUnitCode: 'CCVC', reason: 'Lý do.' },
    actor: ACTORS.workingGroup,
    code: 'INVALID_FORWARD',
    field: 'toUnitCode',
  },
  {
    name: 'forward from the top level',
    state: STATES.escalatedLeadership,
    action: { type: 'forward', toLevel: 'leadership', reason: 'Lý do.' },
    actor: ACTORS.leadership,
    code: 'INVALID_FORWARD',
    field: 'toLevel',
  },
];

describe('every refusal code is produced', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const state = Object.freeze({ ...s.state });
    const refusal = checkAction(state, s.action, s.actor, NOW);
    expect(refusal?.code).toBe(s.code);
    if (s.field !== undefined) expect(refusal?.field).toBe(s.field);
    // Vietnamese first, with diacritics; English alongside; both say something different from the code.
    expect(refusal?.messageVi).toMatch(/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i);
    expect(refusal?.messageEn).toMatch(/^[\x20-\x7E’]+$/);
    expect(refusal?.messageVi).not.toBe(refusal?.messageEn);
  });

  // The merge refusals are the surviving case's answer, decided by the case plans (case-plan/case-planner.spec.ts).
  const SURVIVOR_CODES = ['MERGE_TARGET_CLOSED', 'MERGE_TARGET_BUSY', 'MERGE_CONFLICT'];

  it('covers all codes in REFUSAL_CODES (the merge refusals in the case-plan specs)', () => {
    expect(new Set(SCENARIOS.map((s) => s.code))).toEqual(
      new Set(REFUSAL_CODES.filter((code) => !SURVIVOR_CODES.includes(code))),
    );
  });

  it.each([
    ['MERGE_TARGET_CLOSED', mergeTargetClosed()],
    ['MERGE_TARGET_BUSY', mergeTargetBusy()],
    ['MERGE_CONFLICT', mergeConflict()],
  ])('%s names the field and says it in Vietnamese first', (code, refusal) => {
    expect(refusal).toMatchObject({ code, field: 'intoCaseId' });
    expect(refusal.messageVi).toMatch(/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i);
    expect(refusal.messageVi).not.toBe(refusal.messageEn);
  });
});

describe('order of checks: input → closed → role → state → person → forward destination', () => {
  it('input beats closed', () => {
    const r = checkAction(STATES.closedWithdrawn, { type: 'withdraw', reason: '' }, ACTORS.personnel, NOW);
    expect(r?.code).toBe('INVALID_INPUT');
  });

  it('closed beats role', () => {
    expect(checkAction(STATES.closedMerged, ANSWER, ACTORS.personnel, NOW)?.code).toBe('CASE_CLOSED');
  });

  it('role beats state', () => {
    expect(checkAction(STATES.reported, ANSWER, ACTORS.owner, NOW)?.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('state beats person', () => {
    const action: CaseAction = { type: 'handle_locally', note: 'Ghi chú.' };
    expect(checkAction(STATES.answeredUnitHead, action, ACTORS.otherOfficial, NOW)?.code).toBe('INVALID_TRANSITION');
    expect(checkAction(STATES.answeredUnitHead, ANSWER, ACTORS.otherUnitHead, NOW)?.code).toBe('ALREADY_ANSWERED');
  });

  it('the reopen window is part of the state step, before the person step', () => {
    const action: CaseAction = { type: 'reopen', reason: 'Mở lại.' };
    expect(checkAction(STATES.closedResolvedLongAgo, action, ACTORS.otherOfficial, NOW)?.code).toBe(
      'REOPEN_WINDOW_EXPIRED',
    );
    expect(checkAction(STATES.closedResolvedRecently, action, ACTORS.otherOfficial, NOW)?.code).toBe('NOT_CASE_OWNER');
  });

  it('person beats a bad forward destination', () => {
    const action: CaseAction = { type: 'forward', toUnitCode: 'CQDP', reason: 'Lý do.' };
    expect(checkAction(STATES.escalatedUnitHead, action, ACTORS.otherUnitHead, NOW)?.code).toBe('NOT_ASSIGNED_LEVEL');
  });

  it('a closed case refuses everything but reopen with CASE_CLOSED, whoever asks', () => {
    const action: CaseAction = { type: 'escalate', target: 'unit_head', question: 'Hỏi?' };
    for (const actor of Object.values(ACTORS)) {
      expect(checkAction(STATES.closedResolvedRecently, action, actor, NOW)?.code).toBe('CASE_CLOSED');
    }
  });
});

describe('two people answering the same escalation at once', () => {
  it('both pass the pre-check, exactly one wins, the other is told it was already answered', () => {
    const state = STATES.escalatedUnitHead;
    expect(checkAction(state, ANSWER, ACTORS.unitHead, NOW)).toBeNull();
    expect(checkAction(state, ANSWER, ACTORS.workingGroup, NOW)).toBeNull();
    // The workflow applies signals one at a time; the second is checked against the winner's result.
    const afterWinner = applyAction(state, ANSWER, ACTORS.unitHead, NOW);
    const loser = checkAction(afterWinner, ANSWER, ACTORS.workingGroup, NOW);
    expect(loser?.code).toBe('ALREADY_ANSWERED');
    expect(loser?.messageVi).toContain('đã được Thủ trưởng đơn vị trả lời');
    expect(loser?.messageEn).toContain('already been answered by the head of unit');
  });
});

describe('messages', () => {
  it('name the assigned unit for a unit head of another unit', () => {
    const r = checkAction(STATES.escalatedUnitHead, ANSWER, ACTORS.otherUnitHead, NOW);
    expect(r?.messageVi).toContain('Thủ trưởng đơn vị CQDP');
    expect(r?.messageEn).toContain('head of unit CQDP');
  });

  it('say what to do when the role is missing', () => {
    const r = checkAction(STATES.policyProposed, { type: 'decide_policy', decision: 'accepted' }, ACTORS.admin, NOW);
    expect(r?.messageVi).toBe(
      'Bạn không có quyền quyết định về đề xuất chính sách: thao tác này chỉ dành cho Lãnh đạo Bộ. Nếu bạn cần quyền này, hãy liên hệ quản trị hệ thống.',
    );
  });

  it('list the states an action starts from', () => {
    const r = checkAction(STATES.reported, { type: 'resolve', outcome: 'Xong.' }, ACTORS.owner, NOW);
    expect(r?.messageVi).toContain('“đang xử lý tại chỗ”, “đã có ý kiến trả lời”');
    expect(r?.messageEn).toContain('being handled locally, answered');
  });
});
