import { vietnamPublicHolidays } from './vietnam-holidays';
import {
  ALWAYS_WORKING_CALENDAR,
  DEFAULT_WORKING_CALENDAR,
  WORKING_DAY_MS,
  WorkingCalendar,
  type WorkingCalendarConfig,
} from './working-calendar';

const HOUR = 3600_000;
/** An instant given as Viet Nam local time 'YYYY-MM-DDTHH:mm[:ss.sss]'. */
const vn = (local: string) => new Date(`${local}${local.length === 16 ? ':00' : ''}+07:00`);
/** Viet Nam local time of an instant, 'YYYY-MM-DD HH:mm' (seconds appended when not zero), for readable failures. */
const local = (instant: Date) => {
  const text = new Date(instant.getTime() + 7 * HOUR).toISOString();
  const seconds = text.slice(16, 23);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === ':00.000' ? '' : seconds}`;
};

/** Illustrative 2025 Tết arrangement: Monday 27/1 off, made up on Saturday 8/2. */
const WITH_MAKE_UP_SATURDAY: WorkingCalendarConfig = {
  ...DEFAULT_WORKING_CALENDAR,
  id: 'vn-civil-service-2025',
  overrides: [
    { date: '2025-01-27', kind: 'day_off', noteVi: 'Nghỉ hoán đổi Tết Ất Tỵ', noteEn: 'Swapped day off for Tết' },
    { date: '2025-02-08', kind: 'working_day', noteVi: 'Làm bù cho ngày 27/01/2025', noteEn: 'Make-up for 27 Jan' },
  ],
};

describe('WorkingCalendar configs', () => {
  it('defines the civil-service default and the always-working test calendar as plain data', () => {
    expect(DEFAULT_WORKING_CALENDAR).toEqual({
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
    expect(ALWAYS_WORKING_CALENDAR.alwaysWorking).toBe(true);
    for (const config of [DEFAULT_WORKING_CALENDAR, ALWAYS_WORKING_CALENDAR, WITH_MAKE_UP_SATURDAY]) {
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    }
    expect(WORKING_DAY_MS).toBe(8 * HOUR);
  });

  it('freezes the shared defaults so no caller can change them for everyone', () => {
    expect(Object.isFrozen(DEFAULT_WORKING_CALENDAR)).toBe(true);
    expect(Object.isFrozen(DEFAULT_WORKING_CALENDAR.workingPeriods[0])).toBe(true);
    expect(() => DEFAULT_WORKING_CALENDAR.overrides.push({ date: '2025-01-02', kind: 'day_off' })).toThrow(TypeError);
  });

  it('behaves identically when rebuilt from the JSON of its config (activity → workflow hand-off)', () => {
    const original = new WorkingCalendar(WITH_MAKE_UP_SATURDAY);
    const copy = new WorkingCalendar(JSON.parse(JSON.stringify(original.config)) as WorkingCalendarConfig);
    const start = vn('2025-01-24T16:00');
    expect(copy.addWorkingTime(start, 3 * WORKING_DAY_MS)).toEqual(original.addWorkingTime(start, 3 * WORKING_DAY_MS));
  });

  it('copies the config, so later changes to the caller object have no effect', () => {
    const config = structuredClone(WITH_MAKE_UP_SATURDAY);
    const calendar = new WorkingCalendar(config);
    config.overrides.length = 0;
    config.workingWeekdays.push(7);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-09')).toBe(false);
  });

  it.each<[string, Partial<WorkingCalendarConfig>, RegExp]>([
    ['offset', { utcOffsetMinutes: 24 * 60 }, /utcOffsetMinutes/],
    ['fractional offset', { utcOffsetMinutes: 420.5 }, /utcOffsetMinutes/],
    ['weekday', { workingWeekdays: [0, 1] }, /ISO weekday/],
    ['time', { workingPeriods: [{ start: '8:00', end: '12:00' }] }, /HH:mm/],
    ['minutes', { workingPeriods: [{ start: '08:60', end: '12:00' }] }, /HH:mm/],
    ['24:00 start', { workingPeriods: [{ start: '24:00', end: '24:00' }] }, /HH:mm/],
    ['empty period', { workingPeriods: [{ start: '12:00', end: '12:00' }] }, /end after it starts/],
    [
      'overlap',
      {
        workingPeriods: [
          { start: '08:00', end: '12:30' },
          { start: '12:00', end: '17:00' },
        ],
      },
      /overlap/,
    ],
    ['override date', { overrides: [{ date: '2025-02-30', kind: 'day_off' }] }, /no such day/],
    ['override kind', { overrides: [{ date: '2025-02-03', kind: 'holiday' as 'day_off' }] }, /Invalid override kind/],
    [
      'duplicate override',
      {
        overrides: [
          { date: '2025-02-03', kind: 'day_off' },
          { date: '2025-02-03', kind: 'working_day' },
        ],
      },
      /Duplicate/,
    ],
  ])('rejects an invalid %s', (_name, patch, message) => {
    expect(() => new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, ...patch })).toThrow(message);
  });

  it('accepts a period ending at 24:00 and periods given out of order', () => {
    const calendar = new WorkingCalendar({
      ...DEFAULT_WORKING_CALENDAR,
      workingPeriods: [
        { start: '20:00', end: '24:00' },
        { start: '08:00', end: '12:00' },
      ],
    });
    expect(local(calendar.addWorkingTime(vn('2025-03-03T11:00'), 2 * HOUR))).toBe('2025-03-03 21:00');
    expect(local(calendar.addWorkingTime(vn('2025-03-03T20:00'), 4 * HOUR))).toBe('2025-03-04 00:00');
  });
});

describe('WorkingCalendar days', () => {
  const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
  const withOverrides = new WorkingCalendar(WITH_MAKE_UP_SATURDAY);

  it('treats Monday–Friday as working and the weekend as rest', () => {
    expect(['2025-03-03', '2025-03-07'].map((d) => calendar.isWorkingDay(d))).toEqual([true, true]);
    expect(['2025-03-08', '2025-03-09'].map((d) => calendar.isWorkingDay(d))).toEqual([false, false]);
    expect(calendar.dayInfo('2025-03-08')).toEqual({
      working: false,
      reasonVi: 'Ngày nghỉ hằng tuần',
      reasonEn: 'Weekly rest day',
    });
    expect(calendar.dayInfo('2025-03-03')).toEqual({ working: true });
  });

  it('treats holidays and substitute days as days off', () => {
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false);
    expect(calendar.dayInfo('2026-02-17')).toEqual({
      working: false,
      reasonVi: 'Tết Nguyên đán (mùng 1 Tết)',
      reasonEn: 'Lunar New Year (day 1)',
    });
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.dayInfo('2026-04-27').reasonEn).toMatch(/^Substitute day off for Hung Kings/);
    expect(calendar.isWorkingDay('2026-04-28')).toBe(true);
  });

  it('lets overrides win over holidays and weekdays', () => {
    expect(withOverrides.isWorkingDay('2025-01-27')).toBe(false);
    expect(withOverrides.dayInfo('2025-01-27')).toEqual({
      working: false,
      reasonVi: 'Nghỉ hoán đổi Tết Ất Tỵ',
      reasonEn: 'Swapped day off for Tết',
    });
    expect(withOverrides.isWorkingDay('2025-02-08')).toBe(true);
    expect(withOverrides.dayInfo('2025-02-08').reasonEn).toBe('Make-up for 27 Jan');

    const holidayWorked = new WorkingCalendar({
      ...DEFAULT_WORKING_CALENDAR,
      overrides: [
        { date: '2025-02-03', kind: 'working_day' },
        { date: '2025-03-04', kind: 'day_off' },
      ],
    });
    expect(holidayWorked.dayInfo('2025-02-03')).toEqual({
      working: true,
      reasonVi: 'Ngày làm việc theo điều chỉnh lịch (làm bù)',
      reasonEn: 'Working day by calendar override (make-up day)',
    });
    expect(holidayWorked.dayInfo('2025-03-04')).toEqual({
      working: false,
      reasonVi: 'Ngày nghỉ theo điều chỉnh lịch',
      reasonEn: 'Day off by calendar override',
    });
  });

  it('returns a copy from dayInfo so callers cannot poison the cache', () => {
    const info = calendar.dayInfo('2025-03-03');
    info.working = false;
    expect(calendar.isWorkingDay('2025-03-03')).toBe(true);
  });

  it('lists statutory holidays with its own working week and National Day rule', () => {
    expect(calendar.holidays(2026)).toEqual(vietnamPublicHolidays(2026));
    const after = new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, nationalDayAdjacentDay: 'after' });
    expect(after.holidays(2026).map((h) => h.date)).toContain('2026-09-03');
    expect(after.isWorkingDay('2026-09-03')).toBe(false);
    expect(after.isWorkingDay('2026-09-01')).toBe(true);
    const noHolidays = new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, publicHolidays: false });
    expect(noHolidays.holidays(2026)).toEqual([]);
    expect(noHolidays.isWorkingDay('2026-02-17')).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => calendar.isWorkingDay('2025-3-3')).toThrow(RangeError);
    expect(() => calendar.dayInfo('2025-02-29')).toThrow(RangeError);
  });
});

describe('WorkingCalendar instants', () => {
  const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);

  it('knows which instants are working time (periods are [start, end))', () => {
    const working = (t: string) => calendar.isWorkingInstant(vn(t));
    expect(working('2025-03-04T07:59:59.999')).toBe(false);
    expect(working('2025-03-04T08:00')).toBe(true);
    expect(working('2025-03-04T11:59:59.999')).toBe(true);
    expect(working('2025-03-04T12:00')).toBe(false);
    expect(working('2025-03-04T13:00')).toBe(true);
    expect(working('2025-03-04T17:00')).toBe(false);
    expect(working('2025-03-08T10:00')).toBe(false); // Saturday
    expect(working('2026-02-18T10:00')).toBe(false); // Tết
  });

  it('moves to the next working instant', () => {
    const next = (t: string) => local(calendar.nextWorkingInstant(vn(t)));
    expect(next('2025-03-04T08:00')).toBe('2025-03-04 08:00');
    expect(next('2025-03-04T16:59:59.999')).toBe('2025-03-04 16:59:59.999');
    expect(next('2025-03-04T06:15')).toBe('2025-03-04 08:00');
    expect(next('2025-03-04T12:00')).toBe('2025-03-04 13:00');
    expect(next('2025-03-04T17:00')).toBe('2025-03-05 08:00');
    expect(next('2025-03-07T17:30')).toBe('2025-03-10 08:00');
    expect(next('2025-03-09T10:00')).toBe('2025-03-10 08:00');
    expect(next('2026-02-13T17:00')).toBe('2026-02-23 08:00'); // over the Tết 2026 break
  });

  it('rejects invalid dates', () => {
    expect(() => calendar.isWorkingInstant(new Date(NaN))).toThrow(RangeError);
    expect(() => calendar.nextWorkingInstant(new Date('nope'))).toThrow(RangeError);
  });
});

describe('WorkingCalendar.addWorkingTime', () => {
  const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
  const add = (start: string, ms: number, cal = calendar) => local(cal.addWorkingTime(vn(start), ms));

  it('ends a one-day allowance at the end of the day it started (Monday 08:00 → Monday 17:00)', () => {
    expect(add('2025-03-03T08:00', WORKING_DAY_MS)).toBe('2025-03-03 17:00');
  });

  it('lands exactly on the end of the morning period rather than after lunch', () => {
    expect(add('2025-03-04T08:00', 4 * HOUR)).toBe('2025-03-04 12:00');
    expect(add('2025-03-04T08:00', 4 * HOUR + 1)).toBe('2025-03-04 13:00:00.001');
  });

  it('carries a deadline that starts Friday afternoon over the weekend', () => {
    expect(add('2025-03-07T15:00', WORKING_DAY_MS)).toBe('2025-03-10 15:00');
    expect(add('2025-03-07T15:00', 2 * HOUR)).toBe('2025-03-07 17:00');
    expect(add('2025-03-07T15:00', 2 * HOUR + 60_000)).toBe('2025-03-10 08:01');
    expect(add('2025-03-07T14:30', 3 * WORKING_DAY_MS)).toBe('2025-03-12 14:30');
  });

  it('adds five working days over a plain week', () => {
    expect(add('2025-03-03T08:00', 5 * WORKING_DAY_MS)).toBe('2025-03-07 17:00');
    expect(add('2025-03-03T10:00', 5 * WORKING_DAY_MS)).toBe('2025-03-10 10:00');
  });

  it('starts counting at the next working instant when started outside working hours', () => {
    expect(add('2025-03-04T06:30', HOUR)).toBe('2025-03-04 09:00'); // before 08:00
    expect(add('2025-03-04T12:00', HOUR)).toBe('2025-03-04 14:00'); // lunch, at its start
    expect(add('2025-03-04T12:30', HOUR)).toBe('2025-03-04 14:00'); // lunch
    expect(add('2025-03-04T18:00', HOUR)).toBe('2025-03-05 09:00'); // after 17:00
    expect(add('2025-03-04T17:00', WORKING_DAY_MS)).toBe('2025-03-05 17:00'); // exactly at closing
    expect(add('2025-03-09T10:00', 4 * HOUR)).toBe('2025-03-10 12:00'); // Sunday
    expect(add('2025-03-08T23:59', WORKING_DAY_MS)).toBe('2025-03-10 17:00'); // Saturday night
  });

  it('skips the Tết 2026 holidays (16–20 February) and the weekends around them', () => {
    expect(add('2026-02-13T10:00', 2 * WORKING_DAY_MS)).toBe('2026-02-24 10:00');
    expect(add('2026-02-12T08:00', 5 * WORKING_DAY_MS)).toBe('2026-02-25 17:00');
    expect(add('2026-02-18T09:00', HOUR)).toBe('2026-02-23 09:00'); // started during Tết
  });

  it('counts a make-up Saturday override as a working day', () => {
    const swapped = new WorkingCalendar(WITH_MAKE_UP_SATURDAY);
    expect(add('2025-02-07T15:00', WORKING_DAY_MS, swapped)).toBe('2025-02-08 15:00');
    expect(add('2025-02-07T13:00', 6 * HOUR, swapped)).toBe('2025-02-08 10:00');
    expect(add('2025-02-07T15:00', WORKING_DAY_MS)).toBe('2025-02-10 15:00'); // same start without the override
    // The swapped Monday 27/1 is skipped too: Friday 16:00 + 2 h → after Tết and its substitute Monday 3/2.
    expect(add('2025-01-24T16:00', 2 * HOUR, swapped)).toBe('2025-02-04 09:00');
  });

  it('returns the next working instant for a zero allowance and rejects bad allowances', () => {
    expect(add('2025-03-09T10:00', 0)).toBe('2025-03-10 08:00');
    expect(add('2025-03-04T10:00', 0)).toBe('2025-03-04 10:00');
    expect(() => calendar.addWorkingTime(vn('2025-03-04T10:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(vn('2025-03-04T10:00'), NaN)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(vn('2025-03-04T10:00'), Infinity)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(new Date(NaN), 1)).toThrow(RangeError);
  });

  it('rounds fractional milliseconds', () => {
    expect(calendar.addWorkingTime(vn('2025-03-04T10:00'), 0.4)).toEqual(vn('2025-03-04T10:00'));
    expect(calendar.addWorkingTime(vn('2025-03-04T10:00'), 1.6)).toEqual(vn('2025-03-04T10:00:00.002'));
  });

  it('handles long allowances by walking days, not minutes', () => {
    const start = vn('2025-01-02T08:00');
    const end = calendar.addWorkingTime(start, 2000 * WORKING_DAY_MS);
    expect(local(end).slice(0, 4)).toBe('2032');
    expect(calendar.workingTimeBetween(start, end)).toBe(2000 * WORKING_DAY_MS);
  });

  it('fails loudly on a calendar without any working time', () => {
    const never = new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, id: 'never', workingWeekdays: [] });
    expect(() => never.addWorkingTime(vn('2025-03-04T10:00'), HOUR)).toThrow(/no working time/);
    expect(() => never.nextWorkingInstant(vn('2025-03-04T10:00'))).toThrow(/no working time/);
    expect(never.workingTimeBetween(vn('2025-01-01T00:00'), vn('2026-01-01T00:00'))).toBe(0);
  });
});

describe('WorkingCalendar.workingTimeBetween', () => {
  const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
  const between = (from: string, to: string) => calendar.workingTimeBetween(vn(from), vn(to));

  it('measures working time in [from, to)', () => {
    expect(between('2025-03-07T15:00', '2025-03-10T15:00')).toBe(WORKING_DAY_MS);
    expect(between('2025-03-04T11:00', '2025-03-04T14:00')).toBe(2 * HOUR);
    expect(between('2025-03-03T00:00', '2025-03-10T00:00')).toBe(5 * WORKING_DAY_MS);
    expect(between('2025-03-08T00:00', '2025-03-09T23:59')).toBe(0);
    expect(between('2026-02-13T08:00', '2026-02-23T08:00')).toBe(WORKING_DAY_MS); // only Friday before Tết
  });

  it('returns 0 when to is not after from', () => {
    expect(between('2025-03-04T10:00', '2025-03-04T10:00')).toBe(0);
    expect(between('2025-03-05T10:00', '2025-03-04T10:00')).toBe(0);
  });

  it('counts a whole year of 2026 as its working days', () => {
    const workingDays = (() => {
      let count = 0;
      for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
        if (calendar.isWorkingDay(new Date(d).toISOString().slice(0, 10))) count++;
      }
      return count;
    })();
    // 261 weekdays in 2026, minus 11 weekday holidays and the substitute Monday 27/4.
    expect(workingDays).toBe(261 - 11);
    expect(between('2026-01-01T00:00', '2027-01-01T00:00')).toBe(workingDays * WORKING_DAY_MS);
  });
});

describe('WorkingCalendar with other offsets and process time zones', () => {
  it('applies the configured offset, not the process time zone', () => {
    const utc = new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, id: 'utc', utcOffsetMinutes: 0 });
    expect(utc.addWorkingTime(new Date('2025-03-03T08:00:00Z'), WORKING_DAY_MS)).toEqual(
      new Date('2025-03-03T17:00:00Z'),
    );
    const newYork = new WorkingCalendar({ ...DEFAULT_WORKING_CALENDAR, id: 'est', utcOffsetMinutes: -300 });
    // 02:00 UTC on Monday is still Sunday 21:00 at UTC−5.
    expect(newYork.nextWorkingInstant(new Date('2025-03-03T02:00:00Z'))).toEqual(new Date('2025-03-03T13:00:00Z'));
  });

  it('gives the same answers whatever TZ the process runs in', () => {
    const saved = process.env.TZ;
    const results: string[] = [];
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
        results.push(
          [
            calendar.addWorkingTime(vn('2026-02-13T10:00'), 2 * WORKING_DAY_MS).toISOString(),
            calendar.nextWorkingInstant(vn('2025-03-09T23:30')).toISOString(),
            String(calendar.isWorkingDay('2026-04-27')),
          ].join(' '),
        );
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe('2026-02-24T03:00:00.000Z 2025-03-10T01:00:00.000Z false');
  });
});

describe('always-working calendar', () => {
  const calendar = new WorkingCalendar(ALWAYS_WORKING_CALENDAR);

  it('counts every instant, including nights, weekends and Tết', () => {
    const tetNight = vn('2026-02-17T03:00'); // Tuesday, Tết day 1, 03:00
    expect(calendar.addWorkingTime(tetNight, 1500)).toEqual(new Date(tetNight.getTime() + 1500));
    expect(calendar.addWorkingTime(tetNight, 0)).toEqual(tetNight);
    expect(calendar.workingTimeBetween(tetNight, new Date(tetNight.getTime() + 2500))).toBe(2500);
    expect(calendar.workingTimeBetween(tetNight, new Date(tetNight.getTime() - 2500))).toBe(0);
    expect(calendar.isWorkingInstant(vn('2025-03-09T23:59'))).toBe(true);
    expect(calendar.nextWorkingInstant(tetNight)).toEqual(tetNight);
    expect(calendar.isWorkingDay('2026-02-17')).toBe(true);
    expect(calendar.dayInfo('2025-03-08')).toEqual({ working: true });
    expect(calendar.holidays(2026)).toEqual([]);
  });

  it('ignores overrides, weekdays and periods when alwaysWorking is set', () => {
    const strict = new WorkingCalendar({
      ...DEFAULT_WORKING_CALENDAR,
      alwaysWorking: true,
      overrides: [{ date: '2025-03-04', kind: 'day_off' }],
    });
    expect(strict.isWorkingDay('2025-03-04')).toBe(true);
    expect(strict.addWorkingTime(vn('2025-03-04T20:00'), 1000)).toEqual(vn('2025-03-04T20:00:01'));
  });
});
