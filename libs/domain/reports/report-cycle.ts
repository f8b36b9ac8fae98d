/**
 * The weekly reporting cycle of a deployment (DOMAIN.md §6): every cycle has a data window ending at a cut-off, a
 * draft-ready time, a due time, reminder times and the time after which an unsubmitted report counts as missing.
 *
 * Two schedule kinds produce the same cycle list:
 * - `weekly` (the real rule): cut-offs on a weekday grid in local time (default Thursday 24:00), draft and due on
 *   later weekday times (default Friday 07:00 and 16:00). A due time on a day off of the working calendar moves to
 *   the last working day before it, and the cut-off and draft-ready time move back by the same number of days, so
 *   a draft never covers data after the time it is due.
 * - `compressed` (tests and demos): cycles of `cycleMs` counted from the deployment's start, with offsets after each
 *   cut-off. A calendar day of the deployment period lasts `cycleMs / 7`, so a 21-day deployment has three cycles.
 *
 * Pure functions of their arguments: usable in workflows (given workflow time) and in the API.
 */
import { MS_PER_DAY, jdnFromIsoDate, isoDateFromJdn, isoWeekdayOfJdn, UNIX_EPOCH_JDN } from '../calendar/civil-date';
import type { WorkingCalendar } from '../calendar/working-calendar';

export interface WeekdayTime {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** Local 'HH:mm'; '24:00' is the end of that day. */
  time: string;
}

export interface WeeklyReportSchedule {
  kind: 'weekly';
  cutoff: WeekdayTime;
  draftReady: WeekdayTime;
  due: WeekdayTime;
  /** Reminders this many minutes before the due time (only those after the draft is ready are sent). */
  reminderMinutesBeforeDue: number[];
  /** The final summary report is due this many working days after the last day of the deployment, at the due time. */
  finalReportWorkingDays: number;
}

export interface CompressedReportSchedule {
  kind: 'compressed';
  /** Length of one cycle ("week"), ms. */
  cycleMs: number;
  draftReadyAfterCutoffMs: number;
  dueAfterCutoffMs: number;
  reminderMsBeforeDue: number[];
  /** The final summary report is due this long after the end of the deployment. */
  finalReportAfterEndMs: number;
}

export type ReportSchedule = WeeklyReportSchedule | CompressedReportSchedule;

/** Decision 878/QĐ-BNV's rule: data to Thursday 24:00, draft Friday 07:00, due Friday 16:00; final report 5 working days. */
export const DEFAULT_REPORT_SCHEDULE: Readonly<WeeklyReportSchedule> = Object.freeze({
  kind: 'weekly',
  cutoff: { isoWeekday: 4, time: '24:00' },
  draftReady: { isoWeekday: 5, time: '07:00' },
  due: { isoWeekday: 5, time: '16:00' },
  reminderMinutesBeforeDue: [240, 60],
  finalReportWorkingDays: 5,
});

export const WEEK_MS = 7 * MS_PER_DAY;

/** The instants of one deployment's period: from the start of its first day to the end of its last (local time). */
export interface DeploymentSpan {
  startsAt: number;
  endsAt: number;
}

export interface ReportCycle {
  /** 1-based week number within the deployment. */
  index: number;
  /** Data window [windowStart, windowEnd). */
  windowStart: string;
  windowEnd: string;
  draftReadyAt: string;
  dueAt: string;
  /** Unsubmitted after this, the report is missing (the next cycle's cut-off). */
  missingAt: string;
  reminderAt: string[];
}

export interface FinalReportPlan {
  windowStart: string;
  windowEnd: string;
  dueAt: string;
}

export interface ReportPlan {
  span: { startsAt: string; endsAt: string };
  cycles: ReportCycle[];
  finalReport: FinalReportPlan;
}

export class ReportScheduleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportScheduleError';
  }
}

const TIME = /^(\d{2}):(\d{2})$/;

function localMs(time: string, field: string): number {
  const match = TIME.exec(time);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new ReportScheduleError(field, `${field}: "${time}" is not a local time HH:mm (00:00–24:00)`);
  }
  return (hours * 60 + minutes) * 60_000;
}

/** Offset of a weekday time from the start of the week (Monday 00:00), ms. */
function weekOffset(point: WeekdayTime, field: string): number {
  if (!Number.isInteger(point.isoWeekday) || point.isoWeekday < 1 || point.isoWeekday > 7) {
    throw new ReportScheduleError(field, `${field}.isoWeekday must be 1 (Monday) … 7 (Sunday)`);
  }
  return (point.isoWeekday - 1) * MS_PER_DAY + localMs(point.time, `${field}.time`);
}

/** Checks a schedule and returns the problems (field, English message); empty when usable. */
export function reportScheduleProblems(schedule: ReportSchedule): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const check = (ok: boolean, field: string, message: string): void => {
    if (!ok) problems.push({ field, message });
  };
  const positive = (value: number): boolean => Number.isFinite(value) && value >= 0;
  if (schedule.kind === 'weekly') {
    try {
      const cutoff = weekOffset(schedule.cutoff, 'cutoff');
      let draft = weekOffset(schedule.draftReady, 'draftReady');
      let due = weekOffset(schedule.due, 'due');
      while (draft < cutoff) draft += WEEK_MS;
      while (due < draft) due += WEEK_MS;
      check(due - cutoff < WEEK_MS, 'due', 'the due time must come within a week after the cut-off');
    } catch (error) {
      if (!(error instanceof ReportScheduleError)) throw error;
      problems.push({ field: error.field, message: error.message });
    }
    check(
      schedule.reminderMinutesBeforeDue.every((value) => positive(value)),
      'reminderMinutesBeforeDue',
      'reminders must be non-negative numbers of minutes',
    );
    check(
      Number.isInteger(schedule.finalReportWorkingDays) && schedule.finalReportWorkingDays >= 0,
      'finalReportWorkingDays',
      'must be a whole number of working days ≥ 0',
    );
  } else {
    check(Number.isInteger(schedule.cycleMs) && schedule.cycleMs >= 7_000, 'cycleMs', 'must be at least 7000 ms');
    check(positive(schedule.draftReadyAfterCutoffMs), 'draftReadyAfterCutoffMs', 'must be ≥ 0');
    check(
      positive(schedule.dueAfterCutoffMs) && schedule.dueAfterCutoffMs >= schedule.draftReadyAfterCutoffMs,
      'dueAfterCutoffMs',
      'must not be before the draft is ready',
    );
    check(schedule.dueAfterCutoffMs < schedule.cycleMs, 'dueAfterCutoffMs', 'must be shorter than a cycle');
    check(schedule.reminderMsBeforeDue.every(positive), 'reminderMsBeforeDue', 'must be ≥ 0');
    check(positive(schedule.finalReportAfterEndMs), 'finalReportAfterEndMs', 'must be ≥ 0');
  }
  return problems;
}

/**
 * The instants of a deployment's period. Weekly schedules: 00:00 of the first day to 24:00 of the last, local time.
 * Compressed schedules: from `startedAt` (when the run began), one calendar day lasting `cycleMs / 7`.
 */
export function deploymentSpan(
  schedule: ReportSchedule,
  period: { periodStart: string; periodEnd: string },
  utcOffsetMinutes: number,
  startedAt: number,
): DeploymentSpan {
  const days = jdnFromIsoDate(period.periodEnd) - jdnFromIsoDate(period.periodStart) + 1;
  if (days < 1) throw new ReportScheduleError('periodEnd', 'the period ends before it starts');
  if (schedule.kind === 'compressed') {
    return { startsAt: startedAt, endsAt: startedAt + Math.round((days * schedule.cycleMs) / 7) };
  }
  const startsAt = (jdnFromIsoDate(period.periodStart) - UNIX_EPOCH_JDN) * MS_PER_DAY - utcOffsetMinutes * 60_000;
  return { startsAt, endsAt: startsAt + days * MS_PER_DAY };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The cycles and the final report of a deployment. The last window is cut at the end of the period. */
export function planReports(schedule: ReportSchedule, span: DeploymentSpan, calendar: WorkingCalendar): ReportPlan {
  const problems = reportScheduleProblems(schedule);
  if (problems.length > 0) throw new ReportScheduleError(problems[0].field, problems[0].message);
  if (!(span.endsAt > span.startsAt)) throw new ReportScheduleError('periodEnd', 'the period ends before it starts');
  const raw = schedule.kind === 'weekly' ? weeklyCutoffs(schedule, span, calendar) : compressedCutoffs(schedule, span);
  const cycles: ReportCycle[] = raw.map((cycle, position) => {
    const windowStart = position === 0 ? span.startsAt : raw[position - 1].cutoff;
    const next = raw[position + 1];
    const reminders = cycle.reminderBeforeDue
      .map((before) => cycle.due - before)
      .filter((at) => at >= cycle.draftReady && at < cycle.due)
      .sort((a, b) => a - b);
    return {
      index: position + 1,
      windowStart: iso(windowStart),
      windowEnd: iso(Math.min(cycle.cutoff, span.endsAt)),
      draftReadyAt: iso(cycle.draftReady),
      dueAt: iso(cycle.due),
      missingAt: iso(next ? next.cutoff : cycle.cutoff + cycle.length),
      reminderAt: [...new Set(reminders)].map(iso),
    };
  });
  return {
    span: { startsAt: iso(span.startsAt), endsAt: iso(span.endsAt) },
    cycles,
    finalReport: {
      windowStart: iso(span.startsAt),
      windowEnd: iso(span.endsAt),
      dueAt: iso(finalReportDue(schedule, span, calendar)),
    },
  };
}

interface RawCycle {
  cutoff: number;
  draftReady: number;
  due: number;
  length: number;
  reminderBeforeDue: number[];
}

function compressedCutoffs(schedule: CompressedReportSchedule, span: DeploymentSpan): RawCycle[] {
  const cycles: RawCycle[] = [];
  for (let cutoff = span.startsAt + schedule.cycleMs; ; cutoff += schedule.cycleMs) {
    cycles.push({
      cutoff,
      draftReady: cutoff + schedule.draftReadyAfterCutoffMs,
      due: cutoff + schedule.dueAfterCutoffMs,
      length: schedule.cycleMs,
      reminderBeforeDue: schedule.reminderMsBeforeDue,
    });
    if (cutoff >= span.endsAt) break;
  }
  return cycles;
}

function weeklyCutoffs(schedule: WeeklyReportSchedule, span: DeploymentSpan, calendar: WorkingCalendar): RawCycle[] {
  const offsetMs = calendar.config.utcOffsetMinutes * 60_000;
  const cutoffOffset = weekOffset(schedule.cutoff, 'cutoff');
  let draftAfter = weekOffset(schedule.draftReady, 'draftReady') - cutoffOffset;
  while (draftAfter < 0) draftAfter += WEEK_MS;
  let dueAfter = weekOffset(schedule.due, 'due') - cutoffOffset;
  while (dueAfter < draftAfter) dueAfter += WEEK_MS;
  const reminderBeforeDue = schedule.reminderMinutesBeforeDue.map((minutes) => minutes * 60_000);

  // Local Monday 00:00 of the week containing the start; 1970-01-05 was a Monday.
  const startLocal = span.startsAt + offsetMs;
  const mondayEpoch = 4 * MS_PER_DAY;
  const weekStart = startLocal - ((((startLocal - mondayEpoch) % WEEK_MS) + WEEK_MS) % WEEK_MS);
  let regularCutoff = weekStart + cutoffOffset - offsetMs;
  if (regularCutoff <= span.startsAt) regularCutoff += WEEK_MS;

  const cycles: RawCycle[] = [];
  for (; ; regularCutoff += WEEK_MS) {
    const regularDue = regularCutoff + dueAfter;
    const shift = regularDue - previousWorkingDayAt(regularDue, calendar);
    const cutoff = regularCutoff - shift;
    cycles.push({
      cutoff,
      draftReady: cutoff + draftAfter,
      due: cutoff + dueAfter,
      length: WEEK_MS,
      reminderBeforeDue,
    });
    if (regularCutoff >= span.endsAt) break;
  }
  // A holiday shift may pull a cut-off before the start or before the previous one: such a cycle merges away.
  return cycles.filter(
    (cycle, index) => cycle.cutoff > span.startsAt && (index === 0 || cycle.cutoff > cycles[index - 1].cutoff),
  );
}

/** The same local time on the last working day on or before the instant's day. */
function previousWorkingDayAt(instant: number, calendar: WorkingCalendar): number {
  const offsetMs = calendar.config.utcOffsetMinutes * 60_000;
  let dayIndex = Math.floor((instant + offsetMs) / MS_PER_DAY);
  for (let steps = 0; steps < 60; steps += 1) {
    if (calendar.isWorkingDay(isoDateFromJdn(dayIndex + UNIX_EPOCH_JDN))) {
      return instant - (Math.floor((instant + offsetMs) / MS_PER_DAY) - dayIndex) * MS_PER_DAY;
    }
    dayIndex -= 1;
  }
  return instant;
}

function finalReportDue(schedule: ReportSchedule, span: DeploymentSpan, calendar: WorkingCalendar): number {
  if (schedule.kind === 'compressed') return span.endsAt + schedule.finalReportAfterEndMs;
  const offsetMs = calendar.config.utcOffsetMinutes * 60_000;
  // The last day of the period, then N working days after it, at the weekly due time of day.
  let jdn = Math.floor((span.endsAt - 1 + offsetMs) / MS_PER_DAY) + UNIX_EPOCH_JDN;
  let remaining = schedule.finalReportWorkingDays;
  while (remaining > 0) {
    jdn += 1;
    if (calendar.isWorkingDay(isoDateFromJdn(jdn))) remaining -= 1;
  }
  return (jdn - UNIX_EPOCH_JDN) * MS_PER_DAY - offsetMs + localMs(schedule.due.time, 'due.time');
}

/** Weekday of a local date, exported for tests and views. */
export function isoWeekdayOf(localDate: string): number {
  return isoWeekdayOfJdn(jdnFromIsoDate(localDate));
}

export type ReportPunctuality = 'not_due' | 'open' | 'on_time' | 'late' | 'missing';

/**
 * Punctuality of one report at `now`: `not_due` before its draft is ready; `open` while it may still be submitted
 * on time; `on_time` if first submitted by the due time; `late` if submitted after it but before the missing time,
 * or not yet submitted and past due; `missing` if not submitted by the missing time (a report submitted after that
 * stays counted as missing: it arrived after the next cut-off).
 */
export function classifyPunctuality(
  deadlines: { draftReadyAt: string; dueAt: string; missingAt: string | null },
  submittedAt: string | null,
  now: number,
): ReportPunctuality {
  const due = Date.parse(deadlines.dueAt);
  const missing = deadlines.missingAt === null ? Infinity : Date.parse(deadlines.missingAt);
  if (submittedAt !== null) {
    const at = Date.parse(submittedAt);
    if (at <= due) return 'on_time';
    return at <= missing ? 'late' : 'missing';
  }
  if (now < Date.parse(deadlines.draftReadyAt)) return 'not_due';
  if (now <= due) return 'open';
  return now <= missing ? 'late' : 'missing';
}

/** The cycle whose window contains the instant, or null. */
export function cycleAt(plan: ReportPlan, instant: number): ReportCycle | null {
  return (
    plan.cycles.find((cycle) => Date.parse(cycle.windowStart) <= instant && instant < Date.parse(cycle.windowEnd)) ??
    null
  );
}
