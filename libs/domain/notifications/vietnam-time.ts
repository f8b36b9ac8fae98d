/**
 * Formats instants the way Vietnamese administrative texts write them, in Asia/Ho_Chi_Minh time. Vietnam has used
 * UTC+7 without daylight saving since 1975, so a fixed offset is exact and keeps the output independent of the
 * process time zone and of Intl data (the functions also run inside the deterministic workflow sandbox).
 */
const VIETNAM_UTC_OFFSET_MS = 7 * 3600_000;

interface VietnamClock {
  hh: string;
  mm: string;
  dd: string;
  month: string;
  yyyy: string;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function vietnamClock(instant: Date | string): VietnamClock {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant?.getTime?.();
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new RangeError(`Not a valid instant: ${String(instant)}`);
  }
  const local = new Date(ms + VIETNAM_UTC_OFFSET_MS);
  return {
    hh: pad(local.getUTCHours()),
    mm: pad(local.getUTCMinutes()),
    dd: pad(local.getUTCDate()),
    month: pad(local.getUTCMonth() + 1),
    yyyy: pad(local.getUTCFullYear(), 4),
  };
}

/** "16:30 ngày 05/01/2026" (Asia/Ho_Chi_Minh). */
export function formatVietnamDateTimeVi(instant: Date | string): string {
  const c = vietnamClock(instant);
  return `${c.hh}:${c.mm} ngày ${c.dd}/${c.month}/${c.yyyy}`;
}

/** "16:30 on 05/01/2026 (UTC+7)": the same clock reading for English readers, with the zone made explicit. */
export function formatVietnamDateTimeEn(instant: Date | string): string {
  const c = vietnamClock(instant);
  return `${c.hh}:${c.mm} on ${c.dd}/${c.month}/${c.yyyy} (UTC+7)`;
}
