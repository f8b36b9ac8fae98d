import type { CasePriority, EscalationLevel } from '@libs/domain';
import type { WorkingCalendarConfig } from '@libs/domain/calendar';

/** Which answer-target policy applies when a case starts a level (read by an activity, so replay is deterministic). */
export interface ResolveSlaPolicyInput {
  field: string;
  priority: CasePriority;
  level: EscalationLevel;
  /** Named set of policies; `default` in production, a fast set in tests. */
  policySet: string;
}

export interface SlaPolicyDecision {
  /** Id of the policy row chosen (recorded on the events of the level). */
  policyId: string;
  /** Working time allowed for an answer at this level, in milliseconds of working time. */
  allowanceMs: number;
  /** Fractions of the allowance at which reminders go out, ascending, e.g. [0.5, 0.9]. */
  reminderFractions: number[];
  /** Working time between re-notifications once the top level is overdue (default one working day). */
  renotifyIntervalMs: number;
  /** The working calendar the deadline counts in, with the admins' override table. */
  calendar: WorkingCalendarConfig;
}
