import { ALWAYS_WORKING_CALENDAR, DEFAULT_WORKING_CALENDAR, WORKING_DAY_MS } from '../calendar';
import {
  consumedWorkingMs,
  fractionInstant,
  pauseDeadline,
  remainingWorkingMs,
  resumeDeadline,
  startDeadline,
  statutoryFallbackPolicy,
  type DeadlinePolicy,
} from './deadline-clock';

const HOUR = 3600_000;
/** Vietnam local time (UTC+7) as epoch ms. */
const vn = (iso: string): number => Date.parse(`${iso}+07:00`);

const twoDays: DeadlinePolicy = {
  policyId: 'default-high',
  allowanceMs: 2 * WORKING_DAY_MS,
  reminderFractions: [0.5, 0.9],
  renotifyIntervalMs: WORKING_DAY_MS,
  calendar: DEFAULT_WORKING_CALENDAR,
};

describe('deadline clock', () => {
  it('counts working time only: 2 working days from Friday 15:00 is Tuesday 15:00', () => {
    const clock = startDeadline('unit_head', twoDays, vn('2026-11-27T15:00:00'));
    expect(clock.dueAt).toBe(new Date(vn('2026-12-01T15:00:00')).toISOString());
    expect(clock.levelStartedAt).toBe(new Date(vn('2026-11-27T15:00:00')).toISOString());
  });

  it('puts the 50% and 90% reminders at the right working instants', () => {
    const clock = startDeadline('unit_head', twoDays, vn('2026-11-23T08:00:00')); // Monday
    expect(fractionInstant(clock, 0.5)).toBe(vn('2026-11-23T17:00:00'));
    // 90% of 16 h = 14.4 h: Monday 8 h + Tuesday 6.4 h → 08:00 + 4 h + lunch + 2.4 h = 15:24.
    expect(fractionInstant(clock, 0.9)).toBe(vn('2026-11-24T15:24:00'));
  });

  it('pauses with the time used and resumes with the time left', () => {
    const start = vn('2026-11-23T08:00:00');
    let clock = startDeadline('working_group', twoDays, start);
    clock = pauseDeadline(clock, vn('2026-11-23T11:00:00')); // 3 working hours used
    expect(clock.dueAt).toBeNull();
    expect(consumedWorkingMs(clock, vn('2026-11-30T11:00:00'))).toBe(3 * HOUR); // paused: nothing more counts
    expect(remainingWorkingMs(clock, vn('2026-11-30T11:00:00'))).toBe(13 * HOUR);
    expect(fractionInstant(clock, 0.5)).toBeNull();

    clock = resumeDeadline(clock, vn('2026-11-25T13:00:00')); // Wednesday after lunch
    // 13 working hours from Wed 13:00: Wed 4 h, Thu 8 h, Fri 1 h → Friday 09:00.
    expect(clock.dueAt).toBe(new Date(vn('2026-11-27T09:00:00')).toISOString());
    // 50% = 8 h; 3 h were used, 5 h more: Wed 4 h + Thu 1 h → Thursday 09:00.
    expect(fractionInstant(clock, 0.5)).toBe(vn('2026-11-26T09:00:00'));
  });

  it('treats a reminder whose share was used up before a pause as due at once on resume', () => {
    let clock = startDeadline('unit_head', twoDays, vn('2026-11-23T08:00:00'));
    clock = pauseDeadline(clock, vn('2026-11-23T17:00:00')); // 8 h = 50% used
    clock = resumeDeadline(clock, vn('2026-11-24T08:00:00'));
    expect(fractionInstant(clock, 0.5)).toBe(vn('2026-11-24T08:00:00'));
  });

  it('pausing or resuming twice changes nothing', () => {
    const clock = startDeadline('unit_head', twoDays, vn('2026-11-23T08:00:00'));
    const paused = pauseDeadline(clock, vn('2026-11-23T09:00:00'));
    expect(pauseDeadline(paused, vn('2026-11-23T10:00:00'))).toBe(paused);
    const resumed = resumeDeadline(paused, vn('2026-11-23T10:00:00'));
    expect(resumeDeadline(resumed, vn('2026-11-23T11:00:00'))).toBe(resumed);
  });

  it('runs in seconds on the always-working test calendar', () => {
    const fast: DeadlinePolicy = { ...twoDays, allowanceMs: 4000, calendar: ALWAYS_WORKING_CALENDAR };
    const now = Date.parse('2026-11-28T23:59:58Z');
    const clock = startDeadline('leadership', fast, now);
    expect(Date.parse(clock.dueAt!)).toBe(now + 4000);
    expect(fractionInstant(clock, 0.5)).toBe(now + 2000);
    expect(remainingWorkingMs(clock, now + 5000)).toBe(0);
  });
});

describe('statutory fallback policy', () => {
  it('gives the DOMAIN.md §5 allowances in working days on the default calendar', () => {
    expect(statutoryFallbackPolicy('urgent')).toMatchObject({
      policyId: 'statutory-fallback.urgent',
      allowanceMs: WORKING_DAY_MS,
    });
    expect(statutoryFallbackPolicy('low').allowanceMs).toBe(5 * WORKING_DAY_MS);
    expect(statutoryFallbackPolicy('normal').calendar).toBe(DEFAULT_WORKING_CALENDAR);
    expect(statutoryFallbackPolicy('high').reminderFractions).toEqual([0.5, 0.9]);
  });
});
