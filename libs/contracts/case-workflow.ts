import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  CaseAction,
  CaseActionType,
  CaseEventType,
  CasePriority,
  CaseStatus,
  CloseReason,
  EscalationLevel,
  EscalationTarget,
  LifecycleState,
} from '@libs/domain';
import type { DeadlineClock } from '@libs/domain/deadlines';

/** What the API hands the case workflow when an official raises an issue. */
export interface CaseWorkflowInput {
  caseId: string;
  title: string;
  description: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: CasePriority;
  raisedBy: Actor;
  /** ISO instant the API accepted the request. */
  raisedAt: string;
  requestId?: string | null;
  /** Named set of answer-target policies (`default`; tests use a fast set). */
  policySet?: string;
  /** Continue-as-new once history passes this many events (tests lower it). */
  historyEventLimit?: number;
  /** How long a resolved case stays reopenable (30 days; tests shorten it). */
  reopenWindowMs?: number;
  /** Set when the workflow continues as new: the state it carries over. */
  carriedState?: CaseWorkflowState;
}

/** The case as the workflow sees it; also the shape of the projection row it keeps in PostgreSQL. */
export interface CaseSnapshot {
  caseId: string;
  title: string;
  description: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: CasePriority;
  status: CaseStatus;
  escalationLevel: EscalationLevel | null;
  escalationTarget: EscalationTarget | null;
  assignedUnitCode: string | null;
  assigneeUserId: string | null;
  /** Deadline in force for the current escalation level; null when none runs or while paused. */
  answerDeadline: string | null;
  /** Working time left when the clock is paused (awaiting information). */
  deadlineRemainingMs: number | null;
  slaPolicyId: string | null;
  /** Deadlines missed over the case's life (each automatic escalation or top-level breach). */
  breachCount: number;
  raisedByUserId: string;
  raisedAt: string;
  closedAt: string | null;
  closeReason: CloseReason | null;
  resolvedAt: string | null;
  mergedIntoCaseId: string | null;
}

/** The answer clock of the current escalation level (see libs/domain/deadlines). */
export type DeadlineState = DeadlineClock;

export interface TimelineEntry {
  sequence: number;
  type: CaseEventType;
  at: string;
  actorUserId: string;
  status: CaseStatus;
  level: EscalationLevel | null;
  deadlineAt: string | null;
  policyId: string | null;
}

export interface CaseWorkflowState {
  snapshot: CaseSnapshot;
  lifecycle: LifecycleState;
  deadline: DeadlineState | null;
  /** Sequence number of the last event the workflow recorded (events are numbered from 1). */
  lastEventSequence: number;
  /** Cases merged into this one as duplicates. */
  mergedCaseIds: string[];
  policySet: string;
  timeline: TimelineEntry[];
  /** How many times this case has continued as new (history kept small). */
  runGeneration: number;
  /** Names of the units the case was routed to, for the texts people read. */
  unitNames: Record<string, { vi: string; en: string }>;
}

/** One action on a case, by a person. */
export interface CaseActionRequest<A extends CaseAction = CaseAction> {
  actor: Actor;
  action: A;
  requestId?: string | null;
}

export interface CaseActionResult {
  status: CaseStatus;
  level: EscalationLevel | null;
  answerDeadline: string | null;
  /** The last event this action recorded. */
  eventSequence: number;
}

function updateName(type: CaseActionType): string {
  return type.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

const ACTION_TYPES: readonly CaseActionType[] = [
  'handle_locally',
  'escalate',
  'request_info',
  'provide_info',
  'answer',
  'forward',
  'reassign',
  'resolve',
  'propose_policy',
  'decide_policy',
  'withdraw',
  'merge',
  'reopen',
];

/**
 * One Temporal update per action of DOMAIN.md §4 (`handleLocally`, `escalate`, `answer`, …), so the caller learns at
 * once whether the action was accepted, and the history names what happened. Validators refuse wrong state, role or
 * person before anything enters history; the refusal is an ApplicationFailure whose type is the stable code.
 */
export const caseActionUpdates = Object.fromEntries(
  ACTION_TYPES.map((type) => [type, defineUpdate<CaseActionResult, [CaseActionRequest]>(updateName(type))]),
) as Record<CaseActionType, UpdateDefinition<CaseActionResult, [CaseActionRequest]>>;

export const caseStateQuery = defineQuery<CaseWorkflowState>('caseState');
export const allowedActionsQuery = defineQuery<CaseActionType[], [Actor]>('allowedActions');
export const timelineQuery = defineQuery<TimelineEntry[]>('timeline');

/** Sent by a case merged as a duplicate to the case it was merged into. */
export interface DuplicateMergedIn {
  caseId: string;
  title: string;
  actor: Actor;
}
export const duplicateMergedInSignal = defineSignal<[DuplicateMergedIn]>('duplicateMergedIn');

/** One entry of the append-only event log, written by the `recordCaseEvent` activity. */
export interface RecordCaseEventInput {
  caseId: string;
  /** Per-case sequence chosen by the workflow: with the case id it is the idempotency key. */
  sequence: number;
  type: CaseEventType;
  actor: Actor;
  occurredAt: string;
  payload: Record<string, unknown>;
  deadlineAt?: string | null;
  policyId?: string | null;
  requestId?: string | null;
  /** The projection after this event. */
  snapshot: CaseSnapshot;
}

export interface RecordCaseEventResult {
  /** False when the event was already recorded (a retry or a replay): nothing was written. */
  recorded: boolean;
}
