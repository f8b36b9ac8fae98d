import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  ActionAvailability,
  CaseAction,
  CaseActionType,
  CasePriority,
  CaseStatus,
  EscalationLevel,
} from '@libs/domain';
import type {
  CaseModel,
  CaseProjection,
  CaseSettings,
  LevelNeeds,
  PlannedNotification,
  PreparedLevel,
} from '@libs/domain/case-plan';
import type { CaseEventBody } from './case-events';

/** What the API hands the case workflow when an official raises an issue. */
export interface CaseRaiseInput {
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
  /** Named policy set (answer targets, reopen window, history limit); `default` unless configured. */
  policySet?: string;
}

/** What a case carries into its next run when it continues as new: the model, and the recent action results. */
export interface CarriedCaseState {
  model: CaseModel;
  /** Results of the last actions by update id, so a retry after continue-as-new still applies at most once. */
  recentUpdates: [updateId: string, result: CaseActionResult][];
  runGeneration: number;
}

export interface CaseContinuedInput {
  continued: CarriedCaseState;
}

export type CaseWorkflowInput = CaseRaiseInput | CaseContinuedInput;

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
 * person before anything enters history; the refusal is an ApplicationFailure whose type is the stable code. The API
 * sends each with an update id derived from the caller's Idempotency-Key (or the request id), so a retry applies the
 * action at most once and gets its result.
 */
export const caseActionUpdates = Object.fromEntries(
  ACTION_TYPES.map((type) => [type, defineUpdate<CaseActionResult, [CaseActionRequest]>(updateName(type))]),
) as Record<CaseActionType, UpdateDefinition<CaseActionResult, [CaseActionRequest]>>;

/**
 * Sent with the start (update-with-start): completes once `case_reported` and the projection row are committed, so
 * the API answers 201 only when the case is readable.
 */
export const raiseCaseUpdate = defineUpdate<CaseActionResult>('raiseCase');

/** Sent by a duplicate's merge to the case it is merged into: the survivor accepts first, or refuses. */
export interface AcceptDuplicateRequest {
  duplicateCaseId: string;
  duplicateTitle: string;
  actor: Actor;
}
export const acceptDuplicateUpdate = defineUpdate<{ accepted: true }, [AcceptDuplicateRequest]>('acceptDuplicate');

/** The workflow's own view of the case (the Temporal Web UI's Queries tab shows it). */
export interface CaseWorkflowView {
  model: CaseModel;
  projection: CaseProjection;
  runGeneration: number;
}
export const caseStateQuery = defineQuery<CaseWorkflowView>('caseState');
export const allowedActionsQuery = defineQuery<ActionAvailability[], [Actor]>('allowedActions');

// ---- activities the case workflow calls ----------------------------------------------------------------------------

/** One event as the recording activity writes it. */
export type RecordedCaseEvent = CaseEventBody & {
  sequence: number;
  occurredAt: string;
  actor: Pick<Actor, 'userId' | 'roles'>;
  deadlineAt: string | null;
  policyId: string | null;
  statusAfter: CaseStatus;
  levelAfter: EscalationLevel | null;
  requestId: string | null;
  notifications: PlannedNotification[];
};

/** The immutable columns of the projection, written once with the first event. */
export interface CaseOpeningRow {
  title: string;
  description: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: CasePriority;
  raisedByUserId: string;
  raisedAt: string;
}

/**
 * Appends events, moves the projection to the last of them and writes their notifications (and webhook outbox rows),
 * in one transaction keyed by (case id, sequence): a retry writes nothing twice and never rolls the projection back.
 */
export interface RecordCaseEventsInput {
  caseId: string;
  /** Only with the first event: creates the projection row. */
  opening?: CaseOpeningRow;
  events: RecordedCaseEvent[];
  /** The mutable projection columns after the last event. */
  projection: CaseProjection;
  /** Return this policy set's case settings (the first event reads them in the same round trip). */
  settingsOf?: string;
}

export interface RecordCaseEventsResult {
  /** Events newly written (0 for a retry of a committed attempt). */
  recorded: number;
  settings: CaseSettings | null;
}

/** The unit and answer-target policy a new level starts with. */
export interface PrepareLevelInput extends LevelNeeds {
  field: string;
  priority: CasePriority;
  policySet: string;
}
export type PrepareLevelResult = PreparedLevel;

export interface AcceptDuplicateInput extends AcceptDuplicateRequest {
  survivorCaseId: string;
  /** With the duplicate's id it makes the survivor's update id: a retried activity is applied once. */
  attemptKey: string;
}
