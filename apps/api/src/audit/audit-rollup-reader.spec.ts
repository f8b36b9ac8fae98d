import { bucketValue, histogramPercentile, ROLLUP_BUCKET_RATIO } from '@libs/audit';
import { splitPeriod } from './audit-rollup-reader';

/** The bucket of a value as audit_duration_bucket computes it in SQL. */
const bucketOf = (value: number): number =>
  value <= 0 ? 0 : 1 + Math.floor(Math.log(value) / Math.log(ROLLUP_BUCKET_RATIO));

/** percentile_cont as PostgreSQL defines it. */
const exact = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return Math.round(sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]));
};

describe('rollup percentiles', () => {
  it('every bucket value is within 1% of every value in the bucket', () => {
    for (let value = 1; value < 1e11; value = Math.ceil(value * 1.37)) {
      const estimate = bucketValue(bucketOf(value));
      expect(Math.abs(estimate - value) / value).toBeLessThanOrEqual(0.01);
    }
  });

  it('medians and p90 from a histogram stay within 1% of percentile_cont', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.round(Math.exp(random() * 22)));
      const histogram = new Map<number, number>();
      for (const value of values) histogram.set(bucketOf(value), (histogram.get(bucketOf(value)) ?? 0) + 1);
      histogram.set(-1, 3); // missing values are ignored
      for (const fraction of [0.5, 0.9]) {
        const truth = exact(values, fraction);
        const estimate = histogramPercentile(histogram, fraction)!;
        expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(truth * 0.01 + 1);
      }
    }
    expect(histogramPercentile(new Map([[-1, 4]]), 0.5)).toBeNull();
    expect(histogramPercentile(new Map([[0, 2]]), 0.9)).toBe(0);
  });
});

describe('splitPeriod', () => {
  it('takes whole months from the rollup and the partial ends from the per-case rows', () => {
    expect(splitPeriod('2025-12-01', '2026-11-30')).toEqual({
      months: { from: '2025-12-01', to: '2026-11-01' },
      edges: [],
    });
    expect(splitPeriod('2026-03-10', '2026-05-20')).toEqual({
      months: { from: '2026-04-01', to: '2026-04-01' },
      edges: [
        { from: '2026-03-10', to: '2026-03-31' },
        { from: '2026-05-01', to: '2026-05-20' },
      ],
    });
    expect(splitPeriod('2026-04-05', '2026-04-25')).toEqual({
      months: null,
      edges: [{ from: '2026-04-05', to: '2026-04-25' }],
    });
    expect(splitPeriod('2026-04-05', '2026-05-02')).toEqual({
      months: null,
      edges: [{ from: '2026-04-05', to: '2026-05-02' }],
    });
    expect(splitPeriod(undefined, '2024-02-29')).toEqual({ months: { from: null, to: '2024-02-01' }, edges: [] });
    expect(splitPeriod('2026-01-15', undefined)).toEqual({
      months: { from: '2026-02-01', to: null },
      edges: [{ from: '2026-01-15', to: '2026-01-31' }],
    });
    expect(splitPeriod(undefined, undefined)).toEqual({ months: { from: null, to: null }, edges: [] });
    expect(splitPeriod('2026-05-01', '2026-04-01')).toEqual({ months: null, edges: [] });
  });
});
