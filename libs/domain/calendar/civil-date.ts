/**
 * Proleptic Gregorian date helpers built on Julian Day Numbers (JDN). Plain integers make day arithmetic,
 * weekdays and lunar conversions simple, and avoid any dependence on the process time zone.
 */

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

/** JDN of 1970-01-01, the day of the Unix epoch. */
export const UNIX_EPOCH_JDN = 2440588;
export const MS_PER_DAY = 86_400_000;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapGregorianYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInGregorianMonth(year: number, month: number): number {
  if (month === 2) return isLeapGregorianYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidGregorianDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInGregorianMonth(year, month)
  );
}

/** Julian Day Number (the integer JD of the day's noon) of a Gregorian date. */
export function jdnFromGregorian(year: number, month: number, day: number): number {
  // Shift the year to start in March so the leap day is the last day of the shifted year.
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

export function gregorianFromJdn(jdn: number): SolarDate {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    year: 100 * b + d - 4800 + Math.floor(m / 10),
    month: m + 3 - 12 * Math.floor(m / 10),
    day: e - Math.floor((153 * m + 2) / 5) + 1,
  };
}

/** ISO weekday of a JDN: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOfJdn(jdn: number): number {
  return (((jdn % 7) + 7) % 7) + 1;
}

export function formatIsoDate(date: SolarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Strict 'YYYY-MM-DD' parser; throws on malformed or impossible dates so bad config fails loudly. */
export function parseIsoDate(value: string): SolarDate {
  const match = typeof value === 'string' ? ISO_DATE_PATTERN.exec(value) : null;
  if (!match) throw new RangeError(`Invalid date '${String(value)}': expected YYYY-MM-DD`);
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!isValidGregorianDate(date.year, date.month, date.day)) {
    throw new RangeError(`Invalid date '${value}': no such day`);
  }
  return date;
}

export function jdnFromIsoDate(value: string): number {
  const { year, month, day } = parseIsoDate(value);
  return jdnFromGregorian(year, month, day);
}

export function isoDateFromJdn(jdn: number): string {
  return formatIsoDate(gregorianFromJdn(jdn));
}
