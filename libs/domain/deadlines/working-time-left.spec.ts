import { ALWAYS_WORKING_CALENDAR, DEFAULT_WORKING_CALENDAR, WorkingCalendar } from '../calendar';
import { signedWorkingTimeLeftMs } from './working-time-left';

const HOUR = 3600_000;
/** Vietnam local time (UTC+7). */
const vn = (iso: string): Date => new Date(`${iso}+07:00`);

describe('signedWorkingTimeLeftMs', () => {
  const civil = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);

  it('counts only working hours before the deadline (Friday 16:00 → Monday 09:00 is 2 h)', () => {
    expect(signedWorkingTimeLeftMs(civil, vn('2026-11-27T16:00:00'), vn('2026-11-30T09:00:00'))).toBe(2 * HOUR);
  });

  it('is negative by the working time elapsed since a missed deadline', () => {
    expect(signedWorkingTimeLeftMs(civil, vn('2026-11-30T09:00:00'), vn('2026-11-27T16:00:00'))).toBe(-2 * HOUR);
  });

  it('stays at zero over a weekend after a deadline missed at Friday 17:00', () => {
    expect(signedWorkingTimeLeftMs(civil, vn('2026-11-29T10:00:00'), vn('2026-11-27T17:00:00'))).toBe(0);
  });

  it('is plain elapsed time on an always-working calendar', () => {
    const always = new WorkingCalendar(ALWAYS_WORKING_CALENDAR);
    const now = new Date('2026-11-28T00:00:00Z');
    expect(signedWorkingTimeLeftMs(always, now, new Date(now.getTime() + 4000))).toBe(4000);
    expect(signedWorkingTimeLeftMs(always, now, new Date(now.getTime() - 4000))).toBe(-4000);
  });
});
