import type { EscalationLevel } from '../case/case-types';
import { DEFAULT_WORKING_CALENDAR, WORKING_DAY_MS, WorkingCalendar, type WorkingCalendarConfig } from '../calendar';

/** The answer-target policy a level runs under (chosen once, when the level starts). */
export interface DeadlinePolicy {
  policyId: string;
  /** Working time allowed for an answer, in milliseconds of working time. */
  allowanceMs: number;
  /** Fractions of the allowance at which reminders go out, e.g. [0.5, 0.9]. */
  reminderFractions: number[];
  /** Working time between re-notifications once the top level is overdue. */
  renotifyIntervalMs: number;
  calendar: WorkingCalendarConfig;
}

/**
 * The answer clock of one escalation level. It counts working time only, can be paused (awaiting information) and
 * resumed with the time that was left. Plain data, so it survives continue-as-new and is readable in a query.
 */
export interface DeadlineClock {
  level: EscalationLevel;
  policy: DeadlinePolicy;
  levelStartedAt: string;
  /** When the clock last (re)started; null while paused. */
  anchorAt: string | null;
  /** Working time consumed before anchorAt. */
  consumedBeforeAnchorMs: number;
  /** The deadline in force; null while paused. */
  dueAt: string | null;
  remindersSent: number[];
  breachedAt: string | null;
  nextRenoticeAt: string | null;
  renoticeCount: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function calendarOf(clock: DeadlineClock): WorkingCalendar {
  return new WorkingCalendar(clock.policy.calendar);
}

export function startDeadline(level: EscalationLevel, policy: DeadlinePolicy, nowMs: number): DeadlineClock {
  const calendar = new WorkingCalendar(policy.calendar);
  return {
    level,
    policy,
    levelStartedAt: iso(nowMs),
    anchorAt: iso(nowMs),
    consumedBeforeAnchorMs: 0,
    dueAt: calendar.addWorkingTime(new Date(nowMs), policy.allowanceMs).toISOString(),
    remindersSent: [],
    breachedAt: null,
    nextRenoticeAt: null,
    renoticeCount: 0,
  };
}

/** Working time consumed so far (up to `nowMs` while running). */
export function consumedWorkingMs(clock: DeadlineClock, nowMs: number): number {
  if (clock.anchorAt === null) return clock.consumedBeforeAnchorMs;
  return clock.consumedBeforeAnchorMs + calendarOf(clock).workingTimeBetween(new Date(clock.anchorAt), new Date(nowMs));
}

/** Working time left before the deadline (0 once it has passed). */
export function remainingWorkingMs(clock: DeadlineClock, nowMs: number): number {
  return Math.max(0, clock.policy.allowanceMs - consumedWorkingMs(clock, nowMs));
}

/** Stops the clock: the working time used so far is kept, the deadline is suspended. */
export function pauseDeadline(clock: DeadlineClock, nowMs: number): DeadlineClock {
  if (clock.anchorAt === null) return clock;
  return { ...clock, consumedBeforeAnchorMs: consumedWorkingMs(clock, nowMs), anchorAt: null, dueAt: null };
}

/** Restarts the clock with the working time that was left when it paused. */
export function resumeDeadline(clock: DeadlineClock, nowMs: number): DeadlineClock {
  if (clock.anchorAt !== null) return clock;
  const remaining = Math.max(0, clock.policy.allowanceMs - clock.consumedBeforeAnchorMs);
  return {
    ...clock,
    anchorAt: iso(nowMs),
    dueAt: calendarOf(clock).addWorkingTime(new Date(nowMs), remaining).toISOString(),
  };
}

/**
 * When the clock reaches `fraction` of the allowance (a reminder), as epoch ms; null while paused. The instant may
 * already be past (the reminder is due).
 */
export function fractionInstant(clock: DeadlineClock, fraction: number): number | null {
  if (clock.anchorAt === null) return null;
  const target = Math.round(clock.policy.allowanceMs * fraction) - clock.consumedBeforeAnchorMs;
  const anchor = Date.parse(clock.anchorAt);
  if (target <= 0) return anchor;
  return calendarOf(clock).addWorkingTime(new Date(anchor), target).getTime();
}

/** Working days allowed per priority when no stored policy matches (DOMAIN.md §5 defaults). */
export const STATUTORY_ALLOWANCE_DAYS: Readonly<Record<'urgent' | 'high' | 'normal' | 'low', number>> = {
  urgent: 1,
  high: 2,
  normal: 3,
  low: 5,
};

/**
 * The policy a case falls back to when the policy table has no match (a misconfiguration): the statutory defaults on
 * the default calendar, so a case never stalls for want of a deadline. The id says it was the fallback.
 */
export function statutoryFallbackPolicy(priority: keyof typeof STATUTORY_ALLOWANCE_DAYS): DeadlinePolicy {
  return {
    policyId: `statutory-fallback.${priority}`,
    allowanceMs: STATUTORY_ALLOWANCE_DAYS[priority] * WORKING_DAY_MS,
    reminderFractions: [0.5, 0.9],
    renotifyIntervalMs: WORKING_DAY_MS,
    calendar: DEFAULT_WORKING_CALENDAR,
  };
}
