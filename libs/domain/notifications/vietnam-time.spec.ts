import { formatVietnamDateTimeEn, formatVietnamDateTimeVi } from './vietnam-time';

describe('formatVietnamDateTime', () => {
  it('writes Asia/Ho_Chi_Minh wall-clock time the administrative way', () => {
    expect(formatVietnamDateTimeVi('2026-01-05T09:30:00Z')).toBe('16:30 ngày 05/01/2026');
    expect(formatVietnamDateTimeEn('2026-01-05T09:30:00Z')).toBe('16:30 on 05/01/2026 (UTC+7)');
  });

  it('moves to the next local day after 17:00 UTC, and across the new year', () => {
    expect(formatVietnamDateTimeVi('2025-12-31T16:59:00Z')).toBe('23:59 ngày 31/12/2025');
    expect(formatVietnamDateTimeVi('2025-12-31T17:00:00Z')).toBe('00:00 ngày 01/01/2026');
  });

  it('accepts Date objects and ISO strings with offsets alike', () => {
    const instant = new Date(Date.UTC(2026, 1, 16, 1, 5));
    expect(formatVietnamDateTimeVi(instant)).toBe('08:05 ngày 16/02/2026');
    expect(formatVietnamDateTimeVi('2026-02-16T08:05:00+07:00')).toBe('08:05 ngày 16/02/2026');
  });

  it('pads the year and never depends on the process time zone (fixed offset, no Intl)', () => {
    expect(formatVietnamDateTimeVi('0999-03-04T00:00:00Z')).toBe('07:00 ngày 04/03/0999');
  });

  it('refuses what is not an instant', () => {
    expect(() => formatVietnamDateTimeVi('next Friday')).toThrow(RangeError);
    expect(() => formatVietnamDateTimeVi(new Date(NaN))).toThrow(RangeError);
  });
});
