import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { isCalendarDate } from './sla-validators';
import { CreateSlaPolicyDto } from './sla-policy.dto';

describe('SLA DTO validators', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    for (const good of ['2026-02-16', '2024-02-29', '2000-02-29', '1900-01-01', '2200-12-31']) {
      expect(isCalendarDate(good)).toBe(true);
    }
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '16/02/2026',
      '2026-2-16',
      '1899-12-31',
      20260216,
      null,
    ]) {
      expect(isCalendarDate(bad)).toBe(false);
    }
  });

  it('accepts ascending reminder fractions strictly between 0 and 1, and nothing else', async () => {
    const errorsFor = async (reminderFractions: unknown) =>
      (
        await validate(
          plainToInstance(CreateSlaPolicyDto, { policySet: 'default', allowanceSeconds: 60, reminderFractions }),
        )
      ).map((error) => error.property);
    expect(await errorsFor([0.5, 0.9])).toEqual([]);
    expect(await errorsFor([])).toEqual([]);
    for (const bad of [
      [0.9, 0.5],
      [0.5, 0.5],
      [0, 0.5],
      [0.5, 1],
      ['0.5'],
      [NaN],
      0.5,
      Array.from({ length: 11 }, (_, i) => (i + 1) / 12),
    ]) {
      expect(await errorsFor(bad)).toEqual(['reminderFractions']);
    }
  });
});
