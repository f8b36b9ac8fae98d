import { isValidGregorianDate, isoDateFromJdn, jdnFromIsoDate } from '@libs/domain/calendar';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving) at an instant. */
export function vietnamDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO date moved by whole days. */
export function addDays(isoDate: string, days: number): string {
  return isoDateFromJdn(jdnFromIsoDate(isoDate) + days);
}

/**
 * Reads a date written as YYYY-MM-DD or DD/MM/YYYY (as Vietnamese documents write it); null when it is neither
 * or names no real day (31/02/2025).
 */
export function parseCivilDate(input: string): string | null {
  const text = input.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let year: number, month: number, day: number;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return null;
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (!isValidGregorianDate(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
