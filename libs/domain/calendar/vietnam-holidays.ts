/**
 * Statutory public holidays of Viet Nam (Labour Code 2019, art. 112) and substitute days off (art. 111(3)).
 *
 * The Prime Minister fixes the exact Tết days and the day adjacent to National Day every year; the rules here are
 * the defaults, and the yearly decision is entered as calendar overrides (see WorkingCalendarConfig.overrides).
 */
import { formatIsoDate, gregorianFromJdn, isoDateFromJdn, isoWeekdayOfJdn, jdnFromGregorian } from './civil-date';
import { lunarToSolar } from './lunar-calendar';

export type HolidayKind = 'holiday' | 'substitute';

export interface Holiday {
  date: string;
  kind: HolidayKind;
  nameVi: string;
  nameEn: string;
}

/**
 * Which day joins 2 September (National Day):
 * - 'before' = 1 September, 'after' = 3 September;
 * - 'auto' (default) = prefer a candidate that is a working day (a holiday on a rest day is merely moved to a
 *   substitute day), then the one whose two-day block touches the weekly rest days, and 'before' on a tie.
 *   With a Monday–Friday week this reproduces the government's choices of 2021–2025: 2/9 on Mon → 3/9,
 *   Tue → 1/9, Wed → 1/9 (tie), Thu → 3/9, Fri → 1/9, Sat → 1/9 (+ substitute Mon 4/9), Sun → 3/9.
 */
export type NationalDayAdjacentRule = 'auto' | 'before' | 'after';

export interface PublicHolidayOptions {
  /** ISO weekdays (1 = Mon … 7 = Sun) that are working days; holidays on other days earn a substitute day. */
  workingWeekdays?: readonly number[];
  nationalDayAdjacentDay?: NationalDayAdjacentRule;
}

export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

interface HolidayDay {
  jdn: number;
  nameVi: string;
  nameEn: string;
}

function nationalDayAdjacentJdn(year: number, rule: NationalDayAdjacentRule, isWorking: (jdn: number) => boolean) {
  const nationalDay = jdnFromGregorian(year, 9, 2);
  const before = nationalDay - 1;
  const after = nationalDay + 1;
  if (rule === 'before') return before;
  if (rule === 'after') return after;
  const score = (candidate: number) => {
    const first = Math.min(candidate, nationalDay);
    const last = Math.max(candidate, nationalDay);
    const touchesRest = !isWorking(first - 1) || !isWorking(last + 1);
    return (isWorking(candidate) ? 2 : 0) + (touchesRest ? 1 : 0);
  };
  return score(after) > score(before) ? after : before;
}

function statutoryHolidayDays(year: number, options: PublicHolidayOptions, isWorking: (jdn: number) => boolean) {
  const days: HolidayDay[] = [];
  const add = (jdn: number, nameVi: string, nameEn: string) => days.push({ jdn, nameVi, nameEn });

  add(jdnFromGregorian(year, 1, 1), 'Tết Dương lịch', "New Year's Day");

  // Default Tết: the last day of the old lunar year and days 1–4 of the new one (the usual government choice).
  const tet = lunarToSolar(year, 1, 1);
  const tetJdn = jdnFromGregorian(tet.year, tet.month, tet.day);
  add(tetJdn - 1, 'Tết Nguyên đán (ngày cuối năm Âm lịch)', 'Lunar New Year (last day of the lunar year)');
  for (let i = 0; i < 4; i++) {
    add(tetJdn + i, `Tết Nguyên đán (mùng ${i + 1} Tết)`, `Lunar New Year (day ${i + 1})`);
  }

  const hungKings = lunarToSolar(year, 3, 10);
  add(
    jdnFromGregorian(hungKings.year, hungKings.month, hungKings.day),
    'Giỗ Tổ Hùng Vương (10/3 Âm lịch)',
    'Hung Kings Commemoration Day (10th day of the 3rd lunar month)',
  );
  add(
    jdnFromGregorian(year, 4, 30),
    'Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)',
    'Reunification Day',
  );
  add(jdnFromGregorian(year, 5, 1), 'Ngày Quốc tế Lao động', 'International Labour Day');
  add(jdnFromGregorian(year, 9, 2), 'Quốc khánh', 'National Day');
  add(
    nationalDayAdjacentJdn(year, options.nationalDayAdjacentDay ?? 'auto', isWorking),
    'Quốc khánh (ngày liền kề)',
    'National Day (adjacent day)',
  );
  return days.sort((a, b) => a.jdn - b.jdn);
}

/**
 * Public holidays and substitute days off of a Gregorian year, sorted by date. A holiday day lost to a weekly
 * rest day (or to another holiday on the same date) earns one substitute day on the next working day that is
 * neither a holiday nor already a substitute.
 */
export function vietnamPublicHolidays(year: number, options: PublicHolidayOptions = {}): Holiday[] {
  const weekdays = new Set(options.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS);
  const isWorkingWeekday = (jdn: number) => weekdays.has(isoWeekdayOfJdn(jdn));
  const days = statutoryHolidayDays(year, options, isWorkingWeekday);

  const holidayJdns = new Set(days.map((d) => d.jdn));
  const taken = new Set<number>();
  const result: { jdn: number; holiday: Holiday }[] = [];
  const seen = new Set<number>();
  for (const day of days) {
    const date = isoDateFromJdn(day.jdn);
    result.push({ jdn: day.jdn, holiday: { date, kind: 'holiday', nameVi: day.nameVi, nameEn: day.nameEn } });
    const lost = !isWorkingWeekday(day.jdn) || seen.has(day.jdn);
    seen.add(day.jdn);
    if (!lost || weekdays.size === 0) continue;
    let substitute = day.jdn + 1;
    while (!isWorkingWeekday(substitute) || holidayJdns.has(substitute) || taken.has(substitute)) substitute++;
    taken.add(substitute);
    const { day: d, month: m } = gregorianFromJdn(day.jdn);
    result.push({
      jdn: substitute,
      holiday: {
        date: isoDateFromJdn(substitute),
        kind: 'substitute',
        nameVi: `Nghỉ bù ${day.nameVi} (${d}/${m})`,
        nameEn: `Substitute day off for ${day.nameEn} (${date})`,
      },
    });
  }
  return result.sort((a, b) => a.jdn - b.jdn).map((r) => r.holiday);
}

/** ISO date of Tết (lunar 1/1) of a lunar year. */
export function tetDate(lunarYear: number): string {
  return formatIsoDate(lunarToSolar(lunarYear, 1, 1));
}
