// Shared fixtures for the lifecycle specs (not exported from index.ts).
import { type Actor, SYSTEM_ACTOR } from '../case/case-types';
import { type CaseAction, type CaseActionType, type LifecycleState } from './lifecycle-types';

export const NOW = '2025-09-10T09:00:00+07:00';
export const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;

/** ISO instant `days` days before NOW (UTC form, so offsets are exercised too). */
export function daysBeforeNow(days: number, extraMs = 0): string {
  return new Date(NOW_MS - days * DAY_MS - extraMs).toISOString();
}

export const ACTORS = {
  owner: { userId: 'u-official-hn', roles: ['official'], unitCode: 'CQDP' },
  otherOfficial: { userId: 'u-official-hcm', roles: ['official'], unitCode: 'CCVC' },
  unitHead: { userId: 'u-head-cqdp', roles: ['unit_head'], unitCode: 'CQDP' },
  otherUnitHead: { userId: 'u-head-ccvc', roles: ['unit_head'], unitCode: 'CCVC' },
  workingGroup: { userId: 'u-wg-1', roles: ['working_group'] },
  leadership: { userId: 'u-leader-1', roles: ['leadership'] },
  personnel: { userId: 'u-personnel-1', roles: ['personnel'] },
  admin: { userId: 'u-admin-1', roles: ['admin'] },
  system: SYSTEM_ACTOR,
  // Holds both roles but did not raise the case: official-only actions must still be refused.
  officialAndWorkingGroup: { userId: 'u-multi-1', roles: ['official', 'working_group'] },
} satisfies Record<string, Actor>;
export type ActorName = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

export function makeState(overrides: Partial<LifecycleState> = {}): LifecycleState {
  return {
    status: 'reported',
    level: null,
    escalationTarget: null,
    ownerUserId: ACTORS.owner.userId,
    provinceCode: '01',
    assignedUnitCode: 'CQDP',
    assigneeUserId: null,
    answeredLevel: null,
    closeReason: null,
    resolvedAt: null,
    closedAt: null,
    mergedIntoCaseId: null,
    ...overrides,
  };
}

/** One representative state per status (and per level / close reason where they change the answer). */
export const STATES = {
  reported: makeState(),
  localHandling: makeState({ status: 'local_handling' }),
  escalatedUnitHead: makeState({ status: 'escalated', level: 'unit_head', escalationTarget: 'unit_head' }),
  escalatedWorkingGroup: makeState({
    status: 'escalated',
    level: 'working_group',
    escalationTarget: 'working_group',
    assigneeUserId: 'u-wg-2',
  }),
  escalatedLeadership: makeState({ status: 'escalated', level: 'leadership', escalationTarget: 'unit_head' }),
  awaitingInfoUnitHead: makeState({ status: 'awaiting_info', level: 'unit_head', escalationTarget: 'unit_head' }),
  awaitingInfoWorkingGroup: makeState({
    status: 'awaiting_info',
    level: 'working_group',
    escalationTarget: 'working_group',
  }),
  awaitingInfoLeadership: makeState({ status: 'awaiting_info', level: 'leadership', escalationTarget: 'unit_head' }),
  answeredUnitHead: makeState({
    status: 'answered',
    level: 'unit_head',
    escalationTarget: 'unit_head',
    answeredLevel: 'unit_head',
  }),
  answeredLeadership: makeState({
    status: 'answered',
    level: 'leadership',
    escalationTarget: 'working_group',
    answeredLevel: 'leadership',
  }),
  resolvedTransient: makeState({ status: 'resolved', resolvedAt: daysBeforeNow(1) }),
  policyProposed: makeState({ status: 'policy_proposed' }),
  closedResolvedRecently: makeState({
    status: 'closed',
    closeReason: 'resolved',
    resolvedAt: daysBeforeNow(5),
    closedAt: daysBeforeNow(5),
  }),
  closedResolvedLongAgo: makeState({
    status: 'closed',
    closeReason: 'resolved',
    resolvedAt: daysBeforeNow(40),
    closedAt: daysBeforeNow(40),
  }),
  closedWithdrawn: makeState({ status: 'closed', closeReason: 'withdrawn', closedAt: daysBeforeNow(2) }),
  closedMerged: makeState({
    status: 'closed',
    closeReason: 'merged',
    closedAt: daysBeforeNow(2),
    mergedIntoCaseId: 'case-0',
  }),
  closedPolicyDecided: makeState({ status: 'closed', closeReason: 'policy_decided', closedAt: daysBeforeNow(2) }),
} satisfies Record<string, LifecycleState>;
export type StateName = keyof typeof STATES;
export const STATE_NAMES = Object.keys(STATES) as StateName[];

/** A well-formed payload of `type` that is valid whenever the action is allowed at all in `state`. */
export function sampleAction(type: CaseActionType, state: LifecycleState): CaseAction {
  switch (type) {
    case 'handle_locally':
      return { type, note: 'Hướng dẫn UBND xã áp dụng Nghị định 33/2023/NĐ-CP.' };
    case 'escalate':
      return { type, target: 'unit_head', question: 'Xã có được bố trí thêm công chức địa chính không?' };
    case 'request_info':
      return { type, question: 'Đề nghị gửi văn bản của UBND xã.' };
    case 'provide_info':
      return { type, information: 'Đã đính kèm Công văn số 12/UBND.' };
    case 'answer':
      return { type, text: 'Thực hiện theo Điều 5 Nghị định 33/2023/NĐ-CP.', publishAsGuidance: true };
    case 'forward':
      switch (state.level) {
        case 'unit_head':
          return { type, toUnitCode: 'CCVC', reason: 'Thuộc lĩnh vực công chức, viên chức.' };
        case 'working_group':
        case null:
          return { type, toLevel: 'leadership', reason: 'Cần ý kiến Lãnh đạo Bộ.' };
        case 'leadership':
          return { type, toLevel: 'leadership', reason: 'Không có cấp cao hơn.' };
      }
      break;
    case 'reassign':
      return { type, assigneeUserId: 'u-wg-3' };
    case 'resolve':
      return { type, outcome: 'Xã đã bố trí đủ công chức.' };
    case 'propose_policy':
      return { type, proposal: 'Sửa đổi quy định về số lượng công chức cấp xã.' };
    case 'decide_policy':
      return { type, decision: 'accepted' };
    case 'withdraw':
      return { type, reason: 'Xã đã tự giải quyết.' };
    case 'merge':
      return { type, intoCaseId: 'case-0', caseId: 'case-1' };
    case 'reopen':
      return { type, reason: 'Vướng mắc phát sinh trở lại.' };
  }
}
