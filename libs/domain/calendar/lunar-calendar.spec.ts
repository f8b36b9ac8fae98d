import { formatIsoDate, gregorianFromJdn, jdnFromGregorian } from './civil-date';
import {
  LUNAR_CALENDAR_MAX_YEAR,
  LUNAR_CALENDAR_MIN_YEAR,
  apparentSunLongitude,
  deltaTSeconds,
  leapMonthOfLunarYear,
  lunarMonthLength,
  lunarToSolar,
  newMoonLocalJdn,
  solarLongitudeCrossingJd,
  solarToLunar,
  trueNewMoonJde,
} from './lunar-calendar';

const iso = (lunarYear: number, month: number, day: number, leap = false) =>
  formatIsoDate(lunarToSolar(lunarYear, month, day, leap));
/** UT instant of a Julian Date as an ISO string, to compare with published event times. */
const jdToIso = (jd: number) => new Date(Math.round((jd - 2440587.5) * 86_400_000)).toISOString();

describe('lunar calendar: astronomy', () => {
  it('reproduces Meeus example 49.a (new moon of 1977 February, k = -283)', () => {
    expect(trueNewMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  it('places new moons within a couple of minutes of published times', () => {
    // Published UT times: 2025-01-29 12:36, 2026-02-17 12:01, 2030-02-02 16:07.
    const ut = (k: number) => trueNewMoonJde(k) - deltaTSeconds(2000 + k / 12.37) / 86400;
    const minutesOff = (k: number, isoUt: string) => Math.abs(Date.parse(jdToIso(ut(k))) - Date.parse(isoUt)) / 60_000;
    expect(minutesOff(310, '2025-01-29T12:36:00Z')).toBeLessThan(2);
    expect(minutesOff(323, '2026-02-17T12:01:00Z')).toBeLessThan(2);
    expect(minutesOff(372, '2030-02-02T16:07:00Z')).toBeLessThan(2);
  });

  it('finds the December solstice of 2025 (21 Dec, 15:03 UT) within a few minutes', () => {
    const jd = solarLongitudeCrossingJd(270, jdnFromGregorian(2025, 12, 21));
    expect(Math.abs(Date.parse(jdToIso(jd)) - Date.parse('2025-12-21T15:03:00Z'))).toBeLessThan(10 * 60_000);
    expect(apparentSunLongitude(jd)).toBeCloseTo(270, 6);
  });

  it('keeps ΔT in a plausible range over the supported years', () => {
    expect(deltaTSeconds(2025)).toBeGreaterThan(60);
    expect(deltaTSeconds(2025)).toBeLessThan(80);
    for (let y = LUNAR_CALENDAR_MIN_YEAR; y <= LUNAR_CALENDAR_MAX_YEAR; y++) {
      expect(Math.abs(deltaTSeconds(y))).toBeLessThan(600);
    }
  });
});

describe('lunar calendar: Tết and Giỗ Tổ Hùng Vương', () => {
  it.each([
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i is %s', (year, expected) => {
    expect(iso(year, 1, 1)).toBe(expected);
    expect(solarToLunar(...(expected.split('-').map(Number) as [number, number, number]))).toEqual({
      year,
      month: 1,
      day: 1,
      isLeapMonth: false,
    });
  });

  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương (10/3) %i is %s', (year, expected) => {
    expect(iso(year, 3, 10)).toBe(expected);
  });

  it('gives Tết for every year 2025–2035', () => {
    const tet = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [2025 + i, iso(2025 + i, 1, 1)]));
    expect(tet).toEqual({
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      // 2030-02-02, not the Chinese New Year date 2030-02-03: see the next test.
      2030: '2030-02-02',
      2031: '2031-01-23',
      2032: '2032-02-11',
      2033: '2033-01-31',
      2034: '2034-02-19',
      2035: '2035-02-08',
    });
  });

  it('puts Tết 2030 on 2 February because the new moon is at 23:07 in UTC+7 (00:07 on 3 February in UTC+8)', () => {
    const newMoon = Date.parse(jdToIso(trueNewMoonJde(372) - deltaTSeconds(2030.1) / 86400));
    const utc7 = new Date(newMoon + 7 * 3600_000).toISOString();
    const utc8 = new Date(newMoon + 8 * 3600_000).toISOString();
    expect(utc7.slice(0, 13)).toBe('2030-02-02T23');
    expect(utc8.slice(0, 13)).toBe('2030-02-03T00');
    expect(formatIsoDate(gregorianFromJdn(newMoonLocalJdn(372)))).toBe('2030-02-02');
  });

  it('reproduces past Vietnamese Tết dates, including years that differ from the Chinese calendar', () => {
    expect(iso(1968, 1, 1)).toBe('1968-01-29'); // North Viet Nam had moved to UTC+7; the South celebrated on 30 January
    expect(iso(1985, 1, 1)).toBe('1985-01-21'); // China: 1985-02-20
    expect(iso(2007, 1, 1)).toBe('2007-02-17'); // China: 2007-02-18
    expect(iso(2053, 1, 1)).toBe('2053-02-18'); // China: 2053-02-19
    const known: Record<number, string> = {
      2000: '2000-02-05',
      2010: '2010-02-14',
      2015: '2015-02-19',
      2020: '2020-01-25',
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
    };
    for (const [year, date] of Object.entries(known)) expect(iso(Number(year), 1, 1)).toBe(date);
  });

  it('has a 29-day last month (no "30 Tết") for every lunar year ending 2025–2032', () => {
    for (let tetYear = 2025; tetYear <= 2032; tetYear++) expect(lunarMonthLength(tetYear - 1, 12)).toBe(29);
    expect(lunarMonthLength(2023 - 1, 12)).toBe(30);
    expect(lunarMonthLength(2033 - 1, 12)).toBe(30);
  });
});

describe('lunar calendar: leap months and conversions', () => {
  it('finds the leap months of recent and coming years', () => {
    const leaps = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [2017 + i, leapMonthOfLunarYear(2017 + i)]));
    expect(leaps).toEqual({
      2017: 6,
      2018: null,
      2019: null,
      2020: 4,
      2021: null,
      2022: null,
      2023: 2,
      2024: null,
      2025: 6,
      2026: null,
      2027: null,
      2028: 5,
      2029: null,
      2030: null,
      2031: 3,
      2032: null,
      2033: 11,
      2034: null,
      2035: null,
      2036: 6,
    });
  });

  it('converts dates around the leap 6th month of 2025', () => {
    expect(solarToLunar(2025, 6, 24)).toEqual({ year: 2025, month: 5, day: 29, isLeapMonth: false });
    expect(solarToLunar(2025, 6, 25)).toEqual({ year: 2025, month: 6, day: 1, isLeapMonth: false });
    expect(solarToLunar(2025, 7, 24)).toEqual({ year: 2025, month: 6, day: 30, isLeapMonth: false });
    expect(solarToLunar(2025, 7, 25)).toEqual({ year: 2025, month: 6, day: 1, isLeapMonth: true });
    expect(iso(2025, 6, 1, true)).toBe('2025-07-25');
    expect(iso(2025, 7, 15)).toBe('2025-09-06'); // Vu Lan
    expect(iso(2025, 8, 15)).toBe('2025-10-06'); // Tết Trung thu
  });

  it('handles the leap 11th month of 2033, which belongs to lunar year 2033', () => {
    const leapStart = lunarToSolar(2033, 11, 1, true);
    expect(solarToLunar(leapStart.year, leapStart.month, leapStart.day)).toEqual({
      year: 2033,
      month: 11,
      day: 1,
      isLeapMonth: true,
    });
    expect(formatIsoDate(leapStart) < iso(2033, 12, 1)).toBe(true);
    expect(iso(2033, 11, 1) < formatIsoDate(leapStart)).toBe(true);
  });

  it('maps the Gregorian days before Tết to months 11 and 12 of the previous lunar year', () => {
    expect(solarToLunar(2026, 2, 16)).toEqual({ year: 2025, month: 12, day: 29, isLeapMonth: false });
    expect(solarToLunar(2026, 1, 1)).toEqual({ year: 2025, month: 11, day: 13, isLeapMonth: false });
    expect(solarToLunar(2025, 12, 31)).toEqual({ year: 2025, month: 11, day: 12, isLeapMonth: false });
  });

  it('round-trips every day of 1800–2199 and numbers the months consistently', () => {
    let previous = solarToLunar(LUNAR_CALENDAR_MIN_YEAR, 1, 1);
    const first = jdnFromGregorian(LUNAR_CALENDAR_MIN_YEAR, 1, 2);
    const last = jdnFromGregorian(LUNAR_CALENDAR_MAX_YEAR, 12, 31);
    let failures = 0;
    for (let jdn = first; jdn <= last; jdn++) {
      const { year, month, day } = gregorianFromJdn(jdn);
      const lunar = solarToLunar(year, month, day);
      const back = lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.isLeapMonth);
      const roundTrips = back.year === year && back.month === month && back.day === day;
      let follows: boolean;
      if (lunar.day === 1) {
        const nextMonth = (previous.month % 12) + 1;
        follows =
          (previous.day === 29 || previous.day === 30) &&
          (lunar.isLeapMonth
            ? lunar.month === previous.month && !previous.isLeapMonth && lunar.year === previous.year
            : lunar.month === nextMonth && lunar.year === previous.year + (nextMonth === 1 ? 1 : 0));
      } else {
        follows =
          lunar.day === previous.day + 1 &&
          lunar.month === previous.month &&
          lunar.year === previous.year &&
          lunar.isLeapMonth === previous.isLeapMonth;
      }
      if (!roundTrips || !follows) failures++;
      previous = lunar;
    }
    expect(failures).toBe(0);
  });

  it('reports month lengths of 29 or 30 days', () => {
    for (let month = 1; month <= 12; month++) expect([29, 30]).toContain(lunarMonthLength(2026, month));
    expect(lunarMonthLength(2025, 6, true)).toBe(29);
  });

  it('rejects impossible lunar dates and unsupported years', () => {
    expect(() => lunarToSolar(2026, 6, 1, true)).toThrow(/no leap month 6/);
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(/has 29 days/);
    expect(() => lunarToSolar(2026, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2026, 1, 0)).toThrow(RangeError);
    expect(() => solarToLunar(2025, 2, 29)).toThrow(RangeError);
    expect(() => solarToLunar(LUNAR_CALENDAR_MAX_YEAR + 1, 1, 1)).toThrow(RangeError);
    expect(() => leapMonthOfLunarYear(1700)).toThrow(RangeError);
  });
});
