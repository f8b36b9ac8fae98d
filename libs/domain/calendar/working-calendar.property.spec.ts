import fc from 'fast-check';
import {
  ALWAYS_WORKING_CALENDAR,
  DEFAULT_WORKING_CALENDAR,
  WORKING_DAY_MS,
  WorkingCalendar,
  type WorkingCalendarConfig,
} from './working-calendar';

const MINUTE = 60_000;
const FROM = Date.parse('2025-01-01T00:00:00+07:00');
const TO = Date.parse('2036-01-01T00:00:00+07:00');

const CONFIGS: WorkingCalendarConfig[] = [
  DEFAULT_WORKING_CALENDAR,
  {
    ...DEFAULT_WORKING_CALENDAR,
    id: 'vn-with-overrides',
    overrides: [
      { date: '2025-01-27', kind: 'day_off' },
      { date: '2025-02-08', kind: 'working_day' },
      { date: '2026-02-13', kind: 'day_off' },
      { date: '2026-02-28', kind: 'working_day' },
      { date: '2030-02-06', kind: 'working_day' },
      { date: '2033-12-31', kind: 'working_day' },
    ],
  },
  {
    id: 'six-day-utc',
    utcOffsetMinutes: 0,
    workingWeekdays: [1, 2, 3, 4, 5, 6],
    workingPeriods: [
      { start: '07:30', end: '11:30' },
      { start: '12:15', end: '16:45' },
      { start: '22:00', end: '24:00' },
    ],
    publicHolidays: true,
    overrides: [],
    nationalDayAdjacentDay: 'after',
  },
];
const calendars = CONFIGS.map((config) => new WorkingCalendar(config));

/** Random instants, half of them on whole half-hours so exact period boundaries are hit often. */
const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO - 1 }),
  fc.integer({ min: 0, max: Math.floor((TO - FROM) / (30 * MINUTE)) - 1 }).map((n) => FROM + n * 30 * MINUTE),
);
/** Allowances up to ten working days, half of them whole half-hours. */
const allowance = fc.oneof(
  fc.integer({ min: 0, max: 10 * WORKING_DAY_MS }),
  fc.integer({ min: 0, max: 160 }).map((n) => n * 30 * MINUTE),
);
const calendar = fc.constantFrom(...calendars);
const runs = { numRuns: 400 };

describe('WorkingCalendar properties (2025–2035, allowances up to 10 working days)', () => {
  it('workingTimeBetween(start, addWorkingTime(start, ms)) === ms', () => {
    fc.assert(
      fc.property(calendar, instant, allowance, (cal, start, ms) => {
        const deadline = cal.addWorkingTime(new Date(start), ms);
        expect(deadline.getTime()).toBeGreaterThanOrEqual(start);
        expect(cal.workingTimeBetween(new Date(start), deadline)).toBe(ms);
      }),
      runs,
    );
  });

  it('returns the earliest such instant: the millisecond before a positive deadline is working time', () => {
    fc.assert(
      fc.property(calendar, instant, allowance, (cal, start, ms) => {
        fc.pre(ms > 0);
        const deadline = cal.addWorkingTime(new Date(start), ms);
        expect(cal.isWorkingInstant(new Date(deadline.getTime() - 1))).toBe(true);
      }),
      runs,
    );
  });

  it('addWorkingTime(start, workingTimeBetween(start, end)) never passes end', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 30 * 86_400_000 }), (cal, start, span) => {
        const end = new Date(start + span);
        const worked = cal.workingTimeBetween(new Date(start), end);
        fc.pre(worked > 0);
        const deadline = cal.addWorkingTime(new Date(start), worked);
        expect(deadline.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(cal.workingTimeBetween(deadline, end)).toBe(0);
      }),
      runs,
    );
  });

  it('composes: adding a then b equals adding a + b (b > 0)', () => {
    fc.assert(
      fc.property(calendar, instant, allowance, allowance, (cal, start, a, b) => {
        fc.pre(b > 0);
        const stepwise = cal.addWorkingTime(cal.addWorkingTime(new Date(start), a), b);
        expect(stepwise).toEqual(cal.addWorkingTime(new Date(start), a + b));
      }),
      runs,
    );
  });

  it('is monotonic in the allowance and additive over intervals', () => {
    fc.assert(
      fc.property(calendar, instant, allowance, allowance, (cal, start, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const first = cal.addWorkingTime(new Date(start), small);
        const second = cal.addWorkingTime(new Date(start), large);
        expect(first.getTime()).toBeLessThanOrEqual(second.getTime());
        const total = cal.workingTimeBetween(new Date(start), second);
        expect(cal.workingTimeBetween(new Date(start), first) + cal.workingTimeBetween(first, second)).toBe(total);
      }),
      runs,
    );
  });

  it('nextWorkingInstant is working time, never earlier than the input, with no working time in between', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, start) => {
        const next = cal.nextWorkingInstant(new Date(start));
        expect(next.getTime()).toBeGreaterThanOrEqual(start);
        expect(cal.isWorkingInstant(next)).toBe(true);
        expect(cal.workingTimeBetween(new Date(start), next)).toBe(0);
        expect(cal.isWorkingInstant(new Date(start))).toBe(next.getTime() === start);
      }),
      runs,
    );
  });

  it('the always-working calendar is plain millisecond arithmetic', () => {
    const always = new WorkingCalendar(ALWAYS_WORKING_CALENDAR);
    fc.assert(
      fc.property(instant, allowance, (start, ms) => {
        expect(always.addWorkingTime(new Date(start), ms).getTime()).toBe(start + ms);
        expect(always.workingTimeBetween(new Date(start), new Date(start + ms))).toBe(ms);
      }),
      runs,
    );
  });
});
