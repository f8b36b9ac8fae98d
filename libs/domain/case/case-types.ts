/** The states of a case (DOMAIN.md §4). */
export const CASE_STATUSES = [
  'reported',
  'local_handling',
  'escalated',
  'awaiting_info',
  'answered',
  'resolved',
  'policy_proposed',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'reported',
  'local_handling',
  'escalated',
  'awaiting_info',
  'answered',
  'policy_proposed',
];

export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** The escalation chain, lowest first. */
export const ESCALATION_LEVELS = ['unit_head', 'working_group', 'leadership'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ROLES = ['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs an action. `system` is used for timers (reminders, automatic escalation). */
export interface Actor {
  userId: string;
  roles: Role[];
  /** Home unit of the person (a unit head answers escalations routed to this unit). */
  unitCode?: string | null;
  displayName?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', roles: [], unitCode: null, displayName: 'Hệ thống' };

export const CASE_EVENT_TYPES = [
  'case_reported',
  'local_handling_started',
  'case_escalated',
  'information_requested',
  'information_provided',
  'escalation_answered',
  'escalation_forwarded',
  'assignee_changed',
  'deadline_reminder',
  'deadline_breached',
  'overdue_renotified',
  'case_resolved',
  'policy_proposed',
  'policy_decided',
  'case_withdrawn',
  'case_merged',
  'duplicate_merged_in',
  'case_reopened',
  'case_closed',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** A signed-in person as the API sees them: their roles, home unit and the provinces of their current deployments. */
export interface AuthenticatedActor extends Actor {
  displayName: string | null;
  unitCode: string | null;
  /** Provinces of the official's current deployment(s); empty for other roles. */
  provinceCodes: string[];
}
