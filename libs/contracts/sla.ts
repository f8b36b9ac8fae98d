import type { CasePriority, EscalationLevel } from '@libs/domain';
import type { DeadlinePolicy } from '@libs/domain/deadlines';

/** Which answer-target policy applies when a case starts a level (read by an activity, so replay is deterministic). */
export interface ResolveSlaPolicyInput {
  field: string;
  priority: CasePriority;
  level: EscalationLevel;
  /** Named set of policies; `default` in production, a fast set in tests. */
  policySet: string;
}

/** The policy chosen for a level: its id, the working-time allowance, reminders and the calendar (with overrides). */
export type SlaPolicyDecision = DeadlinePolicy;
