import { type CaseStatus, type EscalationLevel } from '../case/case-types';

/** Who the official may ask first (DOMAIN.md §2, task 3): their unit head or the Working Group, never leadership. */
export const ESCALATION_TARGETS = ['unit_head', 'working_group'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const CLOSE_REASONS = ['resolved', 'withdrawn', 'merged', 'policy_decided'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const POLICY_DECISIONS = ['accepted', 'rejected', 'needs_study'] as const;
export type PolicyDecision = (typeof POLICY_DECISIONS)[number];

/** Longest accepted free-text field, in Unicode code points. */
export const MAX_TEXT_LENGTH = 20000;

/** The part of a case that decides what may happen next. */
export interface LifecycleState {
  status: CaseStatus;
  /** Current escalation level when escalated / awaiting_info / answered; null otherwise. */
  level: EscalationLevel | null;
  /** Who the official asked in the latest escalation. */
  escalationTarget: EscalationTarget | null;
  /** The deployed official responsible for the case (raised it). */
  ownerUserId: string;
  provinceCode: string;
  /** Unit routed to when level = unit_head. Kept (not cleared) at higher levels: it is only read at unit_head. */
  assignedUnitCode: string | null;
  /** Optional named assignee (the Working Group may change it); cleared whenever a new level starts. */
  assigneeUserId: string | null;
  answeredLevel: EscalationLevel | null;
  closeReason: CloseReason | null;
  /** ISO instant; set only while closeReason = 'resolved'. */
  resolvedAt: string | null;
  /** ISO instant until which a resolved case may be reopened (from its policy set); absent on 0.1.0 state: 30 days. */
  reopenUntil?: string | null;
  closedAt: string | null;
  mergedIntoCaseId: string | null;
}

export type CaseAction =
  | { type: 'handle_locally'; note: string }
  | { type: 'escalate'; target: EscalationTarget; question: string }
  | { type: 'request_info'; question: string }
  | { type: 'provide_info'; information: string }
  | { type: 'answer'; text: string; legalBasis?: string; publishAsGuidance: boolean }
  | { type: 'forward'; toLevel?: EscalationLevel; toUnitCode?: string; reason: string }
  | { type: 'reassign'; assigneeUserId: string; unitCode?: string; reason?: string }
  | { type: 'resolve'; outcome: string }
  | { type: 'propose_policy'; proposal: string }
  | { type: 'decide_policy'; decision: PolicyDecision; note?: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'merge'; intoCaseId: string; caseId: string /* the case being merged */ }
  | { type: 'reopen'; reason: string };
export type CaseActionType = CaseAction['type'];

// A Record forces the compiler to flag a missing or extra action type; its key order is the display order.
const ACTION_TYPE_SET: Record<CaseActionType, true> = {
  handle_locally: true,
  escalate: true,
  request_info: true,
  provide_info: true,
  answer: true,
  forward: true,
  reassign: true,
  resolve: true,
  propose_policy: true,
  decide_policy: true,
  withdraw: true,
  merge: true,
  reopen: true,
};
export const CASE_ACTION_TYPES: readonly CaseActionType[] = Object.keys(ACTION_TYPE_SET) as CaseActionType[];

export function isCaseActionType(value: unknown): value is CaseActionType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTION_TYPE_SET, value);
}

/** Stable refusal codes: clients and tests match on these, never on the messages. */
export const REFUSAL_CODES = [
  'INVALID_INPUT',
  'MERGE_INTO_SELF',
  'CASE_CLOSED',
  'ROLE_NOT_ALLOWED',
  'INVALID_TRANSITION',
  'CASE_NOT_ESCALATED',
  'ALREADY_ANSWERED',
  'CASE_NOT_AWAITING_INFO',
  'REOPEN_WINDOW_EXPIRED',
  'NOT_CASE_OWNER',
  'NOT_ASSIGNED_LEVEL',
  'INVALID_FORWARD',
  'MERGE_TARGET_CLOSED',
  'MERGE_TARGET_BUSY',
  'MERGE_CONFLICT',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  messageVi: string;
  messageEn: string;
  /** The offending action field (or `nowIso`) for INVALID_INPUT, MERGE_INTO_SELF and INVALID_FORWARD. */
  field?: string;
}
