import {
  MS_PER_DAY,
  UNIX_EPOCH_JDN,
  daysInGregorianMonth,
  formatIsoDate,
  gregorianFromJdn,
  isLeapGregorianYear,
  isValidGregorianDate,
  isoDateFromJdn,
  isoWeekdayOfJdn,
  jdnFromGregorian,
  jdnFromIsoDate,
  parseIsoDate,
} from './civil-date';

describe('civil-date', () => {
  it('computes Julian Day Numbers of reference dates', () => {
    expect(jdnFromGregorian(2000, 1, 1)).toBe(2451545);
    expect(jdnFromGregorian(1970, 1, 1)).toBe(UNIX_EPOCH_JDN);
    expect(jdnFromGregorian(1582, 10, 15)).toBe(2299161); // first day of the Gregorian calendar
    expect(jdnFromGregorian(2024, 3, 1) - jdnFromGregorian(2024, 2, 28)).toBe(2); // leap day
  });

  it('round-trips every day from 1800 to 2200 and agrees with the Unix epoch day count', () => {
    for (let jdn = jdnFromGregorian(1800, 1, 1); jdn <= jdnFromGregorian(2200, 12, 31); jdn++) {
      const { year, month, day } = gregorianFromJdn(jdn);
      if (jdnFromGregorian(year, month, day) !== jdn) throw new Error(`round trip failed at ${jdn}`);
    }
    const sample = jdnFromGregorian(2031, 7, 19);
    expect(isoDateFromJdn(sample)).toBe(new Date((sample - UNIX_EPOCH_JDN) * MS_PER_DAY).toISOString().slice(0, 10));
  });

  it('gives ISO weekdays (1 = Monday … 7 = Sunday)', () => {
    expect(isoWeekdayOfJdn(jdnFromGregorian(2025, 1, 1))).toBe(3); // Wednesday
    expect(isoWeekdayOfJdn(jdnFromGregorian(2026, 2, 17))).toBe(2); // Tuesday
    expect(isoWeekdayOfJdn(jdnFromGregorian(2028, 1, 1))).toBe(6); // Saturday
    expect(isoWeekdayOfJdn(jdnFromGregorian(2029, 9, 2))).toBe(7); // Sunday
    expect(isoWeekdayOfJdn(jdnFromGregorian(2025, 3, 3))).toBe(1); // Monday
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2025, 2100].map(isLeapGregorianYear)).toEqual([false, true, true, false, false]);
    expect(daysInGregorianMonth(2028, 2)).toBe(29);
    expect(daysInGregorianMonth(2027, 2)).toBe(28);
    expect(daysInGregorianMonth(2025, 4)).toBe(30);
    expect(daysInGregorianMonth(2025, 12)).toBe(31);
    expect(isValidGregorianDate(2025, 2, 29)).toBe(false);
    expect(isValidGregorianDate(2025, 13, 1)).toBe(false);
    expect(isValidGregorianDate(2025, 1, 1.5)).toBe(false);
  });

  it('parses and formats strict YYYY-MM-DD dates', () => {
    expect(parseIsoDate('2026-02-17')).toEqual({ year: 2026, month: 2, day: 17 });
    expect(formatIsoDate({ year: 987, month: 3, day: 4 })).toBe('0987-03-04');
    expect(isoDateFromJdn(jdnFromIsoDate('2030-12-31'))).toBe('2030-12-31');
    for (const bad of ['2025-02-29', '2025-1-01', '2025/01/01', '2025-01-01T00:00', '', '2025-00-10']) {
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
    }
  });
});
