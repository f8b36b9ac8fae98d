import type { CaseEventBody } from '@libs/contracts/case-events';
import type { NotificationAudience, NotificationKind } from '@libs/contracts/notifications';
import type { Actor, CasePriority, CaseStatus, EscalationLevel } from '../case/case-types';
import type { DeadlineClock, DeadlinePolicy } from '../deadlines/deadline-clock';
import type { LifecycleState } from '../lifecycle/lifecycle-types';
import type { NotificationText } from '../notifications/notification-texts';

/**
 * What a case runs under besides its answer targets: read from its policy set when the case opens (an activity), so
 * tests and demos use a fast set instead of knobs in the workflow input.
 */
export interface CaseSettings {
  policySet: string;
  /** How long a resolved case may be reopened. */
  reopenWindowMs: number;
  /** Continue-as-new once the run's history passes this many events. */
  historyEventLimit: number;
}

export const DEFAULT_REOPEN_WINDOW_MS = 30 * 24 * 3600_000;
export const DEFAULT_HISTORY_EVENT_LIMIT = 5000;

/** The unit a case is routed to, with the names the notification texts use. */
export interface RoutedUnit {
  code: string;
  nameVi: string;
  nameEn: string;
}

/** How many merged duplicates a case remembers by id (to answer a repeated merge); the count is kept in full. */
export const RECENT_DUPLICATES_KEPT = 50;

/**
 * Everything the case workflow knows about a case, and all it carries through continue-as-new. Bounded: no list grows
 * with the number of events (the event log in PostgreSQL is the history); the description is only in the first event.
 */
export interface CaseModel {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: CasePriority;
  lifecycle: LifecycleState;
  deadline: DeadlineClock | null;
  breachCount: number;
  /** Sequence number of the last event planned (events are numbered from 1). */
  lastEventSequence: number;
  /** The question of the escalation in force; an answer carries it (the guidance library's question). */
  question: string | null;
  unit: RoutedUnit | null;
  /** Set while this case waits for the case it is being merged into to accept it. */
  pendingMergeInto: string | null;
  recentDuplicates: string[];
  duplicateCount: number;
  settings: CaseSettings;
}

/** What the official raised. */
export interface CaseOpening {
  caseId: string;
  title: string;
  description: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: CasePriority;
  raisedBy: Actor;
  raisedAt: string;
}

export interface PlannedNotification {
  kind: NotificationKind;
  audience: NotificationAudience;
  text: NotificationText;
}

/** One event to append to the log, with the notifications it causes; written in one transaction by an activity. */
export interface PlannedEvent {
  sequence: number;
  occurredAt: string;
  actor: Actor;
  body: CaseEventBody;
  /** Deadline in force after the event (an answer keeps the one it was given under). */
  deadlineAt: string | null;
  policyId: string | null;
  statusAfter: CaseStatus;
  levelAfter: EscalationLevel | null;
  notifications: PlannedNotification[];
}

/** What should happen: the model after it, and the events (in order) that record it. */
export interface CasePlan {
  model: CaseModel;
  events: PlannedEvent[];
}

/** What a new level needs from the database before the case can move (an activity fetches it). */
export interface LevelNeeds {
  level: EscalationLevel;
  /** Route to the unit responsible for this field (escalation to the unit head). */
  routeField?: string;
  /** Route to this unit (forward to another unit); refused when it is not an active Ministry unit. */
  unitCode?: string;
}

export interface PreparedLevel {
  policy: DeadlinePolicy;
  unit: RoutedUnit | null;
}

/** The projection columns that change over a case's life (the `cases` row); the rest come from the first event. */
export interface CaseProjection {
  status: CaseStatus;
  escalationLevel: EscalationLevel | null;
  escalationTarget: 'unit_head' | 'working_group' | null;
  assignedUnitCode: string | null;
  assigneeUserId: string | null;
  /** Deadline in force; null when none runs or while paused. */
  answerDeadline: string | null;
  /** Working time left while the clock is paused (awaiting information). */
  deadlineRemainingMs: number | null;
  slaPolicyId: string | null;
  breachCount: number;
  closedAt: string | null;
  closeReason: 'resolved' | 'withdrawn' | 'merged' | 'policy_decided' | null;
  resolvedAt: string | null;
  reopenUntil: string | null;
  mergedIntoCaseId: string | null;
}
