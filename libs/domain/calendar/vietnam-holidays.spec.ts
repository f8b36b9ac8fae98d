import { isoWeekdayOfJdn, jdnFromIsoDate } from './civil-date';
import { type Holiday, tetDate, vietnamPublicHolidays } from './vietnam-holidays';

const weekday = (date: string) => isoWeekdayOfJdn(jdnFromIsoDate(date));
const brief = (holidays: Holiday[]) => holidays.map((h) => `${h.date} ${h.kind}`);

describe('vietnamPublicHolidays', () => {
  it('lists the holidays of 2025 (Tết on Wednesday 29/1; its 4th day is a Saturday)', () => {
    expect(vietnamPublicHolidays(2025)).toEqual([
      { date: '2025-01-01', kind: 'holiday', nameVi: 'Tết Dương lịch', nameEn: "New Year's Day" },
      {
        date: '2025-01-28',
        kind: 'holiday',
        nameVi: 'Tết Nguyên đán (ngày cuối năm Âm lịch)',
        nameEn: 'Lunar New Year (last day of the lunar year)',
      },
      { date: '2025-01-29', kind: 'holiday', nameVi: 'Tết Nguyên đán (mùng 1 Tết)', nameEn: 'Lunar New Year (day 1)' },
      { date: '2025-01-30', kind: 'holiday', nameVi: 'Tết Nguyên đán (mùng 2 Tết)', nameEn: 'Lunar New Year (day 2)' },
      { date: '2025-01-31', kind: 'holiday', nameVi: 'Tết Nguyên đán (mùng 3 Tết)', nameEn: 'Lunar New Year (day 3)' },
      { date: '2025-02-01', kind: 'holiday', nameVi: 'Tết Nguyên đán (mùng 4 Tết)', nameEn: 'Lunar New Year (day 4)' },
      {
        date: '2025-02-03',
        kind: 'substitute',
        nameVi: 'Nghỉ bù Tết Nguyên đán (mùng 4 Tết) (1/2)',
        nameEn: 'Substitute day off for Lunar New Year (day 4) (2025-02-01)',
      },
      {
        date: '2025-04-07',
        kind: 'holiday',
        nameVi: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)',
        nameEn: 'Hung Kings Commemoration Day (10th day of the 3rd lunar month)',
      },
      {
        date: '2025-04-30',
        kind: 'holiday',
        nameVi: 'Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)',
        nameEn: 'Reunification Day',
      },
      { date: '2025-05-01', kind: 'holiday', nameVi: 'Ngày Quốc tế Lao động', nameEn: 'International Labour Day' },
      {
        date: '2025-09-01',
        kind: 'holiday',
        nameVi: 'Quốc khánh (ngày liền kề)',
        nameEn: 'National Day (adjacent day)',
      },
      { date: '2025-09-02', kind: 'holiday', nameVi: 'Quốc khánh', nameEn: 'National Day' },
    ]);
  });

  it('lists the holidays of 2026 (Giỗ Tổ on Sunday 26/4 gives Monday 27/4 off)', () => {
    const holidays = vietnamPublicHolidays(2026);
    expect(brief(holidays)).toEqual([
      '2026-01-01 holiday',
      '2026-02-16 holiday',
      '2026-02-17 holiday',
      '2026-02-18 holiday',
      '2026-02-19 holiday',
      '2026-02-20 holiday',
      '2026-04-26 holiday',
      '2026-04-27 substitute',
      '2026-04-30 holiday',
      '2026-05-01 holiday',
      '2026-09-01 holiday',
      '2026-09-02 holiday',
    ]);
    expect(holidays[7]).toEqual({
      date: '2026-04-27',
      kind: 'substitute',
      nameVi: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch) (26/4)',
      nameEn: 'Substitute day off for Hung Kings Commemoration Day (10th day of the 3rd lunar month) (2026-04-26)',
    });
    expect(holidays[1].nameVi).toBe('Tết Nguyên đán (ngày cuối năm Âm lịch)');
    expect(holidays[2].nameVi).toBe('Tết Nguyên đán (mùng 1 Tết)');
    expect(holidays[5].nameEn).toBe('Lunar New Year (day 4)');
  });

  it('gives substitutes in 2028 for 1/1 (Saturday), 30/4 (Sunday) and 2/9 (Saturday)', () => {
    expect([weekday('2028-01-01'), weekday('2028-04-30'), weekday('2028-09-02')]).toEqual([6, 7, 6]);
    const holidays = vietnamPublicHolidays(2028);
    const substitutes = holidays.filter((h) => h.kind === 'substitute');
    expect(brief(substitutes)).toEqual([
      '2028-01-03 substitute', // Monday after New Year's Day
      '2028-01-31 substitute', // Monday after Tết day 4 (Saturday 29/1)
      '2028-05-02 substitute', // Tuesday: Monday 1/5 is itself a holiday
      '2028-09-04 substitute', // Monday after National Day
    ]);
    expect(substitutes[2].nameEn).toBe('Substitute day off for Reunification Day (2028-04-30)');
    // 2/9 on Saturday: the adjacent day is Friday 1/9, so Friday–Monday are off.
    expect(brief(holidays.filter((h) => h.date >= '2028-09-01'))).toEqual([
      '2028-09-01 holiday',
      '2028-09-02 holiday',
      '2028-09-04 substitute',
    ]);
  });

  it('gives two substitutes when 30/4 and 1/5 fall on a weekend (2033)', () => {
    expect(brief(vietnamPublicHolidays(2033).filter((h) => h.date >= '2033-04-30' && h.date < '2033-06-01'))).toEqual([
      '2033-04-30 holiday',
      '2033-05-01 holiday',
      '2033-05-02 substitute',
      '2033-05-03 substitute',
    ]);
  });

  it('gives substitutes after the whole Tết block when Tết days fall on a weekend (2027)', () => {
    expect(brief(vietnamPublicHolidays(2027).filter((h) => h.date < '2027-03-01' && h.date > '2027-01-31'))).toEqual([
      '2027-02-05 holiday',
      '2027-02-06 holiday',
      '2027-02-07 holiday',
      '2027-02-08 holiday',
      '2027-02-09 holiday',
      '2027-02-10 substitute',
      '2027-02-11 substitute',
    ]);
  });

  it('joins 3/9 to National Day on a Sunday and gives the Tuesday as substitute (2029)', () => {
    expect(brief(vietnamPublicHolidays(2029).filter((h) => h.date >= '2029-09-01'))).toEqual([
      '2029-09-02 holiday',
      '2029-09-03 holiday',
      '2029-09-04 substitute',
    ]);
  });

  it.each([
    // [year, weekday of 2/9, expected adjacent day] — 2024, 2025 and 2021–2023 match the government's decisions.
    [2024, 1, '2024-09-03'],
    [2025, 2, '2025-09-01'],
    [2026, 3, '2026-09-01'],
    [2021, 4, '2021-09-03'],
    [2022, 5, '2022-09-01'],
    [2023, 6, '2023-09-01'],
    [2029, 7, '2029-09-03'],
  ])('auto rule: in %i (2/9 on ISO weekday %i) the adjacent day is %s', (year, isoWeekday, expected) => {
    expect(weekday(`${year}-09-02`)).toBe(isoWeekday);
    const adjacent = vietnamPublicHolidays(year).find((h) => h.nameEn === 'National Day (adjacent day)');
    expect(adjacent?.date).toBe(expected);
  });

  it('lets the caller force the day before or after 2/9', () => {
    const adjacent = (rule: 'before' | 'after') =>
      vietnamPublicHolidays(2026, { nationalDayAdjacentDay: rule }).find(
        (h) => h.nameVi === 'Quốc khánh (ngày liền kề)',
      )?.date;
    expect(adjacent('before')).toBe('2026-09-01');
    expect(adjacent('after')).toBe('2026-09-03');
  });

  it('uses the given working week for substitutes (six-day week: Saturday holidays are not lost)', () => {
    const sixDay = vietnamPublicHolidays(2028, { workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(brief(sixDay.filter((h) => h.kind === 'substitute'))).toEqual(['2028-05-02 substitute']);
    // 2/9 on a (working) Saturday: Friday 1/9 joins it, since Sunday 3/9 is already a rest day.
    expect(brief(sixDay.filter((h) => h.date >= '2028-09-01'))).toEqual(['2028-09-01 holiday', '2028-09-02 holiday']);
  });

  it('keeps its invariants for every year 2025–2035', () => {
    for (let year = 2025; year <= 2035; year++) {
      const holidays = vietnamPublicHolidays(year);
      const dates = holidays.map((h) => h.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
      const regular = holidays.filter((h) => h.kind === 'holiday');
      expect(regular).toHaveLength(11); // 1 + 5 + 1 + 1 + 1 + 2 days (Labour Code 2019, art. 112)
      const lostDays = regular.filter((h) => weekday(h.date) >= 6).length;
      const substitutes = holidays.filter((h) => h.kind === 'substitute');
      expect(substitutes).toHaveLength(lostDays);
      expect(substitutes.every((h) => weekday(h.date) <= 5)).toBe(true);
      expect(regular.find((h) => h.nameEn === 'Lunar New Year (day 1)')?.date).toBe(tetDate(year));
    }
  });
});
