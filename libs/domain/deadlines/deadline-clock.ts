import type { EscalationLevel } from '../case/case-types';
import { WorkingCalendar, type WorkingCalendarConfig } from '../calendar';

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
