import type { WorkingCalendar } from '../calendar';

/**
 * Working time from `now` until `deadline` in the calendar of the policy in force; once the deadline has passed,
 * the working time elapsed since it, negated (−2 h = two working hours overdue). Non-working time counts for
 * nothing either way: a deadline missed on Friday 17:00 is 0 ms overdue all weekend.
 */
export function signedWorkingTimeLeftMs(calendar: WorkingCalendar, now: Date, deadline: Date): number {
  return deadline.getTime() >= now.getTime()
    ? calendar.workingTimeBetween(now, deadline)
    : 0 - calendar.workingTimeBetween(deadline, now);
}
