import { type Actor, OPEN_CASE_STATUSES } from '../case/case-types';
import { applyAction, checkAction } from './lifecycle';
import { type CaseAction, type LifecycleState, POLICY_DECISIONS } from './lifecycle-types';
import { ACTORS, daysBeforeNow, makeState, NOW, STATES } from './lifecycle.fixtures';

interface Row {
  name: string;
  state: LifecycleState;
  action: CaseAction;
  actor: Actor;
  expected: Partial<LifecycleState>;
}

// Every row of the DOMAIN.md §4 action table, performed by someone who may do it, with the resulting state.
const ROWS: Row[] = [
  {
    name: 'handle locally: reported → local_handling (owner)',
    state: STATES.reported,
    action: { type: 'handle_locally', note: 'Đã hướng dẫn trực tiếp.' },
    actor: ACTORS.owner,
    expected: { status: 'local_handling' },
  },
  {
    name: 'escalate to unit head from reported',
    state: STATES.reported,
    action: { type: 'escalate', target: 'unit_head', question: 'Câu hỏi?' },
    actor: ACTORS.owner,
    expected: { status: 'escalated', level: 'unit_head', escalationTarget: 'unit_head' },
  },
  {
    name: 'escalate to working group from local_handling',
    state: STATES.localHandling,
    action: { type: 'escalate', target: 'working_group', question: 'Câu hỏi?' },
    actor: ACTORS.owner,
    expected: { status: 'escalated', level: 'working_group', escalationTarget: 'working_group' },
  },
  {
    name: 'escalate again from answered starts again at the target and forgets the old answer level',
    state: { ...STATES.answeredLeadership, assigneeUserId: 'u-leader-2' },
    action: { type: 'escalate', target: 'unit_head', question: 'Câu hỏi tiếp theo?' },
    actor: ACTORS.owner,
    expected: {
      status: 'escalated',
      level: 'unit_head',
      escalationTarget: 'unit_head',
      answeredLevel: null,
      assigneeUserId: null,
    },
  },
  {
    name: 'request info by the assigned unit head',
    state: STATES.escalatedUnitHead,
    action: { type: 'request_info', question: 'Gửi thêm văn bản?' },
    actor: ACTORS.unitHead,
    expected: { status: 'awaiting_info' },
  },
  {
    name: 'request info by the working group at unit-head level (anyone above)',
    state: STATES.escalatedUnitHead,
    action: { type: 'request_info', question: 'Gửi thêm văn bản?' },
    actor: ACTORS.workingGroup,
    expected: { status: 'awaiting_info' },
  },
  {
    name: 'request info by leadership at leadership level',
    state: STATES.escalatedLeadership,
    action: { type: 'request_info', question: 'Gửi thêm văn bản?' },
    actor: ACTORS.leadership,
    expected: { status: 'awaiting_info' },
  },
  {
    name: 'provide info: awaiting_info → escalated at the same level',
    state: STATES.awaitingInfoWorkingGroup,
    action: { type: 'provide_info', information: 'Đã gửi.' },
    actor: ACTORS.owner,
    expected: { status: 'escalated', level: 'working_group' },
  },
  {
    name: 'answer by the assigned unit head',
    state: STATES.escalatedUnitHead,
    action: { type: 'answer', text: 'Trả lời.', legalBasis: 'Luật CBCC 2025', publishAsGuidance: false },
    actor: ACTORS.unitHead,
    expected: { status: 'answered', answeredLevel: 'unit_head' },
  },
  {
    name: 'answer by the working group at unit-head level records the escalation level',
    state: STATES.escalatedUnitHead,
    action: { type: 'answer', text: 'Trả lời.', publishAsGuidance: true },
    actor: ACTORS.workingGroup,
    expected: { status: 'answered', answeredLevel: 'unit_head' },
  },
  {
    name: 'answer by leadership at working-group level',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'answer', text: 'Trả lời.', publishAsGuidance: true },
    actor: ACTORS.leadership,
    expected: { status: 'answered', answeredLevel: 'working_group' },
  },
  {
    name: 'answer by leadership at leadership level',
    state: STATES.escalatedLeadership,
    action: { type: 'answer', text: 'Trả lời.', publishAsGuidance: false },
    actor: ACTORS.leadership,
    expected: { status: 'answered', answeredLevel: 'leadership' },
  },
  {
    name: 'forward to another unit at unit-head level',
    state: { ...STATES.escalatedUnitHead, assigneeUserId: 'u-head-cqdp' },
    action: { type: 'forward', toUnitCode: ' CCVC ', reason: 'Sai lĩnh vực.' },
    actor: ACTORS.unitHead,
    expected: { status: 'escalated', level: 'unit_head', assignedUnitCode: 'CCVC', assigneeUserId: null },
  },
  {
    name: 'forward to another unit naming the unit-head level explicitly',
    state: STATES.escalatedUnitHead,
    action: { type: 'forward', toLevel: 'unit_head', toUnitCode: 'PC', reason: 'Cần ý kiến pháp chế.' },
    actor: ACTORS.workingGroup,
    expected: { level: 'unit_head', assignedUnitCode: 'PC' },
  },
  {
    name: 'forward from unit head up to the working group keeps the unit for the record',
    state: STATES.escalatedUnitHead,
    action: { type: 'forward', toLevel: 'working_group', reason: 'Vượt thẩm quyền.' },
    actor: ACTORS.unitHead,
    expected: { status: 'escalated', level: 'working_group', assignedUnitCode: 'CQDP' },
  },
  {
    name: 'forward from unit head straight to leadership',
    state: STATES.escalatedUnitHead,
    action: { type: 'forward', toLevel: 'leadership', reason: 'Cần quyết định của Bộ trưởng.' },
    actor: ACTORS.unitHead,
    expected: { level: 'leadership' },
  },
  {
    name: 'forward from the working group to leadership clears the named assignee',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'forward', toLevel: 'leadership', reason: 'Cần ý kiến Lãnh đạo Bộ.' },
    actor: ACTORS.workingGroup,
    expected: { status: 'escalated', level: 'leadership', assigneeUserId: null },
  },
  {
    name: 'reassign while escalated changes assignee and unit',
    state: STATES.escalatedUnitHead,
    action: { type: 'reassign', assigneeUserId: 'u-head-ccvc', unitCode: 'CCVC', reason: 'Đúng lĩnh vực.' },
    actor: ACTORS.workingGroup,
    expected: { status: 'escalated', assigneeUserId: 'u-head-ccvc', assignedUnitCode: 'CCVC' },
  },
  {
    name: 'reassign while awaiting info keeps the unit when none is given',
    state: STATES.awaitingInfoWorkingGroup,
    action: { type: 'reassign', assigneeUserId: 'u-wg-3' },
    actor: ACTORS.workingGroup,
    expected: { status: 'awaiting_info', assigneeUserId: 'u-wg-3', assignedUnitCode: 'CQDP' },
  },
  {
    name: 'resolve from local_handling closes at once with closeReason resolved',
    state: STATES.localHandling,
    action: { type: 'resolve', outcome: 'Đã xong.' },
    actor: ACTORS.owner,
    expected: { status: 'closed', closeReason: 'resolved', resolvedAt: NOW, closedAt: NOW, level: null },
  },
  {
    name: 'resolve from answered keeps the answer level and clears the current level',
    state: STATES.answeredUnitHead,
    action: { type: 'resolve', outcome: 'Đã áp dụng ý kiến chỉ đạo.' },
    actor: ACTORS.owner,
    expected: {
      status: 'closed',
      closeReason: 'resolved',
      resolvedAt: NOW,
      closedAt: NOW,
      level: null,
      answeredLevel: 'unit_head',
    },
  },
  {
    name: 'propose policy by the owner from local_handling',
    state: STATES.localHandling,
    action: { type: 'propose_policy', proposal: 'Đề xuất sửa đổi.' },
    actor: ACTORS.owner,
    expected: { status: 'policy_proposed', level: null },
  },
  {
    name: 'propose policy by the working group from escalated ends the escalation',
    state: STATES.escalatedWorkingGroup,
    action: { type: 'propose_policy', proposal: 'Đề xuất sửa đổi.' },
    actor: ACTORS.workingGroup,
    expected: { status: 'policy_proposed', level: null },
  },
  {
    name: 'propose policy by the owner from answered',
    state: STATES.answeredUnitHead,
    action: { type: 'propose_policy', proposal: 'Đề xuất sửa đổi.' },
    actor: ACTORS.owner,
    expected: { status: 'policy_proposed', level: null, answeredLevel: 'unit_head' },
  },
  ...POLICY_DECISIONS.map((decision): Row => ({
    name: `decide policy (${decision}) closes with policy_decided`,
    state: STATES.policyProposed,
    action: { type: 'decide_policy', decision, note: 'Ghi chú.' },
    actor: ACTORS.leadership,
    expected: { status: 'closed', closeReason: 'policy_decided', closedAt: NOW, resolvedAt: null },
  })),
  ...OPEN_CASE_STATUSES.map((status): Row => ({
    name: `withdraw from ${status}`,
    state: makeState({ status, level: status === 'escalated' ? 'working_group' : null }),
    action: { type: 'withdraw', reason: 'Không còn cần thiết.' },
    actor: ACTORS.owner,
    expected: { status: 'closed', closeReason: 'withdrawn', closedAt: NOW, level: null },
  })),
  ...OPEN_CASE_STATUSES.map((status): Row => ({
    name: `merge by the working group from ${status}`,
    state: makeState({ status }),
    action: { type: 'merge', intoCaseId: ' case-0 ', caseId: 'case-1' },
    actor: ACTORS.workingGroup,
    expected: { status: 'closed', closeReason: 'merged', mergedIntoCaseId: 'case-0', closedAt: NOW },
  })),
  ...OPEN_CASE_STATUSES.map((status): Row => ({
    name: `merge by the owning official from ${status}`,
    state: makeState({ status }),
    action: { type: 'merge', intoCaseId: 'case-0', caseId: 'case-1' },
    actor: ACTORS.owner,
    expected: { status: 'closed', closeReason: 'merged', mergedIntoCaseId: 'case-0', closedAt: NOW },
  })),
  {
    name: 'reopen a recently resolved case → local_handling, closure fields cleared',
    state: STATES.closedResolvedRecently,
    action: { type: 'reopen', reason: 'Phát sinh lại.' },
    actor: ACTORS.owner,
    expected: {
      status: 'local_handling',
      closeReason: null,
      resolvedAt: null,
      reopenUntil: null,
      closedAt: null,
      level: null,
    },
  },
];

describe('every action-table row: allowed for the right actor, with the resulting state', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const state = Object.freeze({ ...row.state });
    expect(checkAction(state, row.action, row.actor, NOW)).toBeNull();
    const next = applyAction(state, row.action, row.actor, NOW);
    expect(next).toEqual({ ...row.state, ...row.expected });
    expect(next).not.toBe(state);
  });

  it('covers every action type', () => {
    const covered = new Set(ROWS.map((r) => r.action.type));
    expect(covered.size).toBe(13);
  });
});

describe('applyAction purity', () => {
  it('does not mutate its input and gives the same answer twice', () => {
    const state = Object.freeze(makeState({ status: 'escalated', level: 'unit_head' }));
    const action: CaseAction = { type: 'forward', toLevel: 'working_group', reason: 'Lý do.' };
    const a = applyAction(state, action, ACTORS.unitHead, NOW);
    const b = applyAction(state, action, ACTORS.unitHead, NOW);
    expect(a).toEqual(b);
    expect(state.level).toBe('unit_head');
  });

  it('a full journey: raise → local → escalate → info round-trip → forward → answer → resolve → reopen', () => {
    const steps: [CaseAction, Actor][] = [
      [{ type: 'handle_locally', note: 'Thử xử lý.' }, ACTORS.owner],
      [{ type: 'escalate', target: 'unit_head', question: 'Hỏi.' }, ACTORS.owner],
      [{ type: 'request_info', question: 'Cần thêm?' }, ACTORS.unitHead],
      [{ type: 'provide_info', information: 'Đây.' }, ACTORS.owner],
      [{ type: 'forward', toLevel: 'working_group', reason: 'Vượt thẩm quyền.' }, ACTORS.unitHead],
      [{ type: 'answer', text: 'Trả lời.', publishAsGuidance: true }, ACTORS.workingGroup],
      [{ type: 'resolve', outcome: 'Xong.' }, ACTORS.owner],
    ];
    let state = STATES.reported;
    for (const [action, actor] of steps) {
      expect(checkAction(state, action, actor, NOW)).toBeNull();
      state = applyAction(state, action, actor, NOW);
    }
    expect(state).toMatchObject({ status: 'closed', closeReason: 'resolved', answeredLevel: 'working_group' });
    const later = daysBeforeNow(-10); // ten days after NOW
    const reopen: CaseAction = { type: 'reopen', reason: 'Lại vướng.' };
    expect(checkAction(state, reopen, ACTORS.owner, later)).toBeNull();
    expect(applyAction(state, reopen, ACTORS.owner, later).status).toBe('local_handling');
  });
});
