/**
 * Working-time arithmetic for escalation deadlines. The calendar is built from plain JSON data so an activity can
 * load it (admin-edited overrides included) and hand it to a workflow; every computation is pure and uses explicit
 * UTC offsets, never the process time zone or the wall clock, so Temporal replays stay deterministic.
 */
import { MS_PER_DAY, UNIX_EPOCH_JDN, gregorianFromJdn, isoWeekdayOfJdn, jdnFromIsoDate } from './civil-date';
import { type Holiday, type NationalDayAdjacentRule, vietnamPublicHolidays } from './vietnam-holidays';

export interface WorkingPeriod {
  /** 'HH:mm' local time, inclusive. */
  start: string;
  /** 'HH:mm' local time, exclusive; '24:00' is allowed for a period running to midnight. */
  end: string;
}

export interface CalendarOverride {
  /** Local date, YYYY-MM-DD. */
  date: string;
  kind: 'day_off' | 'working_day';
  noteVi?: string;
  noteEn?: string;
}

export interface WorkingCalendarConfig {
  /** e.g. 'vn-civil-service' */
  id: string;
  /** Offset of local time from UTC in minutes (420 for Asia/Ho_Chi_Minh, which has no DST). */
  utcOffsetMinutes: number;
  /** ISO weekdays 1 = Mon … 7 = Sun. */
  workingWeekdays: number[];
  /** Working periods of a working day in local time, non-overlapping. */
  workingPeriods: WorkingPeriod[];
  /** Apply the statutory public holidays and substitute days (Labour Code 2019, art. 111–112). */
  publicHolidays: boolean;
  /** Yearly table edited by admins: extra days off, make-up working Saturdays, the exact Tết days. Wins over rules. */
  overrides: CalendarOverride[];
  /** Test calendars: every instant is working time; weekdays, periods, holidays and overrides are ignored. */
  alwaysWorking?: boolean;
  /** Default day joined to National Day 2/9 when the yearly decision is not entered as overrides; 'auto' if unset. */
  nationalDayAdjacentDay?: NationalDayAdjacentRule;
}

export interface WorkingDayInfo {
  working: boolean;
  reasonVi?: string;
  reasonEn?: string;
}

/** One working day of allowance = 8 working hours. */
export const WORKING_DAY_MS = 8 * 3600_000;

/** Scanning this many days without any working time means the calendar is unusable (not just a long holiday). */
const MAX_IDLE_DAYS = 400;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value as Record<string, unknown>).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_WORKING_CALENDAR: WorkingCalendarConfig = deepFreeze({
  id: 'vn-civil-service',
  utcOffsetMinutes: 420,
  workingWeekdays: [1, 2, 3, 4, 5],
  workingPeriods: [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  publicHolidays: true,
  overrides: [],
});

export const ALWAYS_WORKING_CALENDAR: WorkingCalendarConfig = deepFreeze({
  id: 'always-working',
  utcOffsetMinutes: 420,
  workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
  workingPeriods: [{ start: '00:00', end: '24:00' }],
  publicHolidays: false,
  overrides: [],
  alwaysWorking: true,
});

interface PeriodMs {
  startMs: number;
  endMs: number;
}

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

function parseLocalTime(value: string, allowMidnightEnd: boolean): number {
  const match = typeof value === 'string' ? TIME_PATTERN.exec(value) : null;
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  const valid = minutes < 60 && (hours < 24 || (allowMidnightEnd && hours === 24 && minutes === 0));
  if (!valid) throw new RangeError(`Invalid time '${String(value)}': expected HH:mm`);
  return (hours * 60 + minutes) * 60_000;
}

function instantMs(instant: Date, what: string): number {
  // Duck-typed rather than instanceof: a Date may come from another realm (vm sandboxes such as Temporal's).
  const ms = typeof instant?.getTime === 'function' ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
}

/** Position of an instant in local time: the local day (as days since 1970-01-01) and the ms into that day. */
interface LocalPosition {
  dayIndex: number;
  msInDay: number;
}

export class WorkingCalendar {
  readonly config: WorkingCalendarConfig;
  private readonly offsetMs: number;
  private readonly periods: readonly PeriodMs[];
  private readonly weekdays: ReadonlySet<number>;
  private readonly overrides = new Map<number, CalendarOverride>();
  private readonly holidaysByYear = new Map<number, Map<number, Holiday[]>>();
  private readonly dayInfoCache = new Map<number, WorkingDayInfo>();

  constructor(config: WorkingCalendarConfig) {
    // Copy so later mutation of the caller's object cannot change a calendar's answers mid-workflow.
    this.config = deepFreeze(copyConfig(config));
    const { utcOffsetMinutes, workingWeekdays, workingPeriods, overrides } = this.config;

    if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 18 * 60) {
      throw new RangeError(`Invalid utcOffsetMinutes ${utcOffsetMinutes}`);
    }
    this.offsetMs = utcOffsetMinutes * 60_000;

    for (const weekday of workingWeekdays) {
      if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
        throw new RangeError(`Invalid ISO weekday ${weekday}: expected 1 (Mon) to 7 (Sun)`);
      }
    }
    this.weekdays = new Set(workingWeekdays);

    const periods = workingPeriods
      .map((p) => ({ startMs: parseLocalTime(p.start, false), endMs: parseLocalTime(p.end, true) }))
      .sort((a, b) => a.startMs - b.startMs);
    periods.forEach((p, i) => {
      if (p.endMs <= p.startMs) throw new RangeError('Each working period must end after it starts');
      if (i > 0 && p.startMs < periods[i - 1].endMs) throw new RangeError('Working periods must not overlap');
    });
    this.periods = periods;

    for (const override of overrides) {
      if (override.kind !== 'day_off' && override.kind !== 'working_day') {
        throw new RangeError(`Invalid override kind '${String(override.kind)}' on ${override.date}`);
      }
      const jdn = jdnFromIsoDate(override.date);
      // Two rows for one date are ambiguous; refusing them surfaces the admin error instead of guessing.
      if (this.overrides.has(jdn)) throw new RangeError(`Duplicate calendar override for ${override.date}`);
      this.overrides.set(jdn, override);
    }
  }

  /** Whether a local date (YYYY-MM-DD) is a working day; overrides win over holidays and weekdays. */
  isWorkingDay(localDate: string): boolean {
    return this.dayInfoOfJdn(jdnFromIsoDate(localDate)).working;
  }

  dayInfo(localDate: string): WorkingDayInfo {
    return { ...this.dayInfoOfJdn(jdnFromIsoDate(localDate)) };
  }

  /** Statutory holidays and substitute days of a year under this calendar's working week (overrides not applied). */
  holidays(year: number): Holiday[] {
    if (!this.config.publicHolidays || this.config.alwaysWorking) return [];
    return this.computeHolidays(year);
  }

  isWorkingInstant(instant: Date): boolean {
    const ms = instantMs(instant, 'instant');
    if (this.config.alwaysWorking) return true;
    const { dayIndex, msInDay } = this.localPosition(ms);
    if (!this.isWorkingDayIndex(dayIndex)) return false;
    return this.periods.some((p) => p.startMs <= msInDay && msInDay < p.endMs);
  }

  /** The instant itself when it is working time, otherwise the start of the next working period. */
  nextWorkingInstant(instant: Date): Date {
    return this.addWorkingTime(instant, 0);
  }

  /**
   * The instant at which `workingMs` of working time has elapsed since `start`. Counting begins at the next working
   * instant; a deadline that consumes a period exactly ends at that period's end (Friday 15:00 + 8 h → Monday
   * 15:00; Monday 08:00 + 8 h → Monday 17:00). Zero returns the next working instant. Fractions of a ms are rounded.
   */
  addWorkingTime(start: Date, workingMs: number): Date {
    const startMs = instantMs(start, 'start');
    if (!Number.isFinite(workingMs) || workingMs < 0) {
      throw new RangeError(`workingMs must be a finite non-negative number, got ${workingMs}`);
    }
    let remaining = Math.round(workingMs);
    if (this.config.alwaysWorking) return new Date(startMs + remaining);

    let { dayIndex, msInDay } = this.localPosition(startMs);
    // Walk period by period; a day without any remaining working time is skipped in one step.
    for (let idleDays = 0; idleDays <= MAX_IDLE_DAYS; dayIndex++, msInDay = 0) {
      idleDays++;
      if (!this.isWorkingDayIndex(dayIndex)) continue;
      const dayStartUtc = dayIndex * MS_PER_DAY - this.offsetMs;
      for (const period of this.periods) {
        if (period.endMs <= msInDay) continue;
        const from = Math.max(period.startMs, msInDay);
        const available = period.endMs - from;
        if (remaining <= available) return new Date(dayStartUtc + from + remaining);
        remaining -= available;
        idleDays = 0;
      }
    }
    throw new RangeError(`Calendar '${this.config.id}' has no working time within ${MAX_IDLE_DAYS} days`);
  }

  /** Milliseconds of working time in [from, to); 0 when `to` is not after `from`. */
  workingTimeBetween(from: Date, to: Date): number {
    const fromMs = instantMs(from, 'from');
    const toMs = instantMs(to, 'to');
    if (toMs <= fromMs) return 0;
    if (this.config.alwaysWorking) return toMs - fromMs;

    const first = this.localPosition(fromMs).dayIndex;
    const last = this.localPosition(toMs).dayIndex;
    let total = 0;
    for (let dayIndex = first; dayIndex <= last; dayIndex++) {
      if (!this.isWorkingDayIndex(dayIndex)) continue;
      const dayStartUtc = dayIndex * MS_PER_DAY - this.offsetMs;
      for (const period of this.periods) {
        const overlap = Math.min(dayStartUtc + period.endMs, toMs) - Math.max(dayStartUtc + period.startMs, fromMs);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  private localPosition(ms: number): LocalPosition {
    const localMs = ms + this.offsetMs;
    const dayIndex = Math.floor(localMs / MS_PER_DAY);
    return { dayIndex, msInDay: localMs - dayIndex * MS_PER_DAY };
  }

  private isWorkingDayIndex(dayIndex: number): boolean {
    return this.dayInfoOfJdn(dayIndex + UNIX_EPOCH_JDN).working;
  }

  private dayInfoOfJdn(jdn: number): WorkingDayInfo {
    let info = this.dayInfoCache.get(jdn);
    if (info === undefined) {
      info = this.computeDayInfo(jdn);
      this.dayInfoCache.set(jdn, info);
    }
    return info;
  }

  private computeDayInfo(jdn: number): WorkingDayInfo {
    if (this.config.alwaysWorking) return { working: true };
    const override = this.overrides.get(jdn);
    if (override?.kind === 'working_day') {
      return {
        working: true,
        reasonVi: override.noteVi ?? 'Ngày làm việc theo điều chỉnh lịch (làm bù)',
        reasonEn: override.noteEn ?? 'Working day by calendar override (make-up day)',
      };
    }
    if (override?.kind === 'day_off') {
      return {
        working: false,
        reasonVi: override.noteVi ?? 'Ngày nghỉ theo điều chỉnh lịch',
        reasonEn: override.noteEn ?? 'Day off by calendar override',
      };
    }
    if (this.config.publicHolidays) {
      const holidays = this.holidaysOn(jdn);
      if (holidays.length > 0) {
        return {
          working: false,
          reasonVi: holidays.map((h) => h.nameVi).join('; '),
          reasonEn: holidays.map((h) => h.nameEn).join('; '),
        };
      }
    }
    if (!this.weekdays.has(isoWeekdayOfJdn(jdn))) {
      return { working: false, reasonVi: 'Ngày nghỉ hằng tuần', reasonEn: 'Weekly rest day' };
    }
    return { working: true };
  }

  private holidaysOn(jdn: number): Holiday[] {
    const year = gregorianFromJdn(jdn).year;
    let byDay = this.holidaysByYear.get(year);
    if (byDay === undefined) {
      byDay = new Map();
      for (const holiday of this.computeHolidays(year)) {
        const day = jdnFromIsoDate(holiday.date);
        byDay.set(day, [...(byDay.get(day) ?? []), holiday]);
      }
      this.holidaysByYear.set(year, byDay);
    }
    return byDay.get(jdn) ?? [];
  }

  private computeHolidays(year: number): Holiday[] {
    return vietnamPublicHolidays(year, {
      workingWeekdays: this.config.workingWeekdays,
      nationalDayAdjacentDay: this.config.nationalDayAdjacentDay,
    });
  }
}

/** Field-by-field copy: the config is known plain data, so no generic deep-clone machinery is needed. */
function copyConfig(config: WorkingCalendarConfig): WorkingCalendarConfig {
  return {
    ...config,
    workingWeekdays: [...config.workingWeekdays],
    workingPeriods: config.workingPeriods.map((p) => ({ ...p })),
    overrides: config.overrides.map((o) => ({ ...o })),
  };
}
