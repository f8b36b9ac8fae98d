import { formatDate, formatDateTime, formatIsoDay, urgencyOf, workingDuration } from './format';

const vi = { days: '{n} ngày', hours: '{n} giờ', minutes: '{n} phút' };
const HOUR = 3_600_000;

describe('console formatting', () => {
  it('writes dates as dd/mm/yyyy in Viet Nam time, whatever the machine zone', () => {
    // 17:30 UTC on 31/12 is already 00:30 on 01/01 in Ha Noi.
    expect(formatDate('2025-12-31T17:30:00Z')).toBe('01/01/2026');
    expect(formatDateTime('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
    expect(formatIsoDay('2025-08-20')).toBe('20/08/2025');
  });

  it('says working time in days of eight working hours, hours and minutes', () => {
    expect(workingDuration(5 * HOUR, vi)).toBe('5 giờ');
    expect(workingDuration(11 * HOUR, vi)).toBe('1 ngày 3 giờ');
    expect(workingDuration(45 * 60_000, vi)).toBe('45 phút');
    expect(workingDuration(-2 * HOUR, vi)).toBe('2 giờ');
    expect(workingDuration(0, vi)).toBe('0 phút');
  });

  it('colours by urgency: overdue, under two hours, under a day, paused', () => {
    expect(urgencyOf(-1, false)).toBe('overdue');
    expect(urgencyOf(HOUR, false)).toBe('critical');
    expect(urgencyOf(5 * HOUR, false)).toBe('soon');
    expect(urgencyOf(20 * HOUR, false)).toBe('comfortable');
    expect(urgencyOf(HOUR, true)).toBe('paused');
    expect(urgencyOf(null, false)).toBe('none');
  });
});
