/** Dates and times as officials read them: dd/mm/yyyy and 24-hour time, always in Viet Nam time (UTC+7). */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | Date): Record<string, string> {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
}

/** `05/01/2026`. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year}`;
}

/** `05/01/2026 14:30`. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A calendar date from the API (`2025-08-20`) as `20/08/2025`. */
export function formatIsoDay(value: string | null | undefined): string {
  if (!value) return '';
  const [year, month, day] = value.split('-');
  return `${day}/${month}/${year}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A working day of the default calendar: 08:00–12:00 and 13:00–17:00. */
const WORKING_DAY = 8 * HOUR;

export type Urgency = 'overdue' | 'critical' | 'soon' | 'comfortable' | 'paused' | 'none';

export interface DeadlineUnits {
  days: string;
  hours: string;
  minutes: string;
}

/** Working time as people say it: "1 ngày 3 giờ", "5 giờ", "45 phút" (days of 8 working hours). */
export function workingDuration(ms: number, units: DeadlineUnits): string {
  const total = Math.max(0, Math.round(Math.abs(ms) / MINUTE)) * MINUTE;
  const days = Math.floor(total / WORKING_DAY);
  const hours = Math.floor((total % WORKING_DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const out: string[] = [];
  if (days > 0) out.push(units.days.replace('{n}', String(days)));
  if (hours > 0) out.push(units.hours.replace('{n}', String(hours)));
  if (days === 0 && (minutes > 0 || out.length === 0)) out.push(units.minutes.replace('{n}', String(minutes)));
  return out.join(' ');
}

/** How pressing a deadline is, from the working time left: overdue, under 2 working hours, under a working day. */
export function urgencyOf(workingTimeLeftMs: number | null, paused: boolean): Urgency {
  if (workingTimeLeftMs === null) return 'none';
  if (paused) return 'paused';
  if (workingTimeLeftMs <= 0) return 'overdue';
  if (workingTimeLeftMs < 2 * HOUR) return 'critical';
  if (workingTimeLeftMs < WORKING_DAY) return 'soon';
  return 'comfortable';
}
