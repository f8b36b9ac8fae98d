import { defineQuery } from '@temporalio/workflow';
import type { Actor, CaseEventType, CasePriority, CaseStatus, EscalationLevel } from '@libs/domain';

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
  assignedUnitCode: string | null;
  assigneeUserId: string | null;
  answerDeadline: string | null;
  raisedByUserId: string;
  raisedAt: string;
  closedAt: string | null;
}

export interface CaseWorkflowState {
  snapshot: CaseSnapshot;
  /** Sequence number of the last event the workflow recorded (events are numbered from 1). */
  lastEventSequence: number;
}

export const caseStateQuery = defineQuery<CaseWorkflowState>('caseState');

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
