/**
 * Rollup read model of the audit figures across cases (`audit_rollups`), kept beside `audit_cases` and
 * `audit_level_stints` so national and provincial figures never aggregate a million rows per request.
 *
 * Grain: figure × month the case was **raised** (UTC+7) × province × field × priority × unit × the figure's level and
 * key × (for durations) a histogram bucket, with every combination of province / field / priority / unit also
 * stored rolled up as '*' (a CUBE), so any set of those filters reads at most one row per month, key and bucket.
 * A unit that is absent is stored as ''.
 *
 * - Counts (cases, stints, on time, automatic escalations) are exact.
 * - Durations (time to first answer, to resolution, working and calendar) are counted in fixed log-spaced buckets:
 *   bucket 0 holds 0 ms, bucket b ≥ 1 holds [1.02^(b−1), 1.02^b) ms, −1 a missing value. A median or p90 read from
 *   it interpolates like `percentile_cont` between the order statistics, each estimated by its bucket's geometric
 *   middle: **within 1% of the exact value** (the bucket's half-width on a log scale, √1.02 − 1 ≈ 0.995%).
 *
 * Every row is additive, so the projector keeps it incrementally: before replacing a batch's cases it subtracts
 * their current contribution, afterwards adds the new one, and drops rows that reach zero — the same arithmetic a
 * rebuild does in one pass, which is why a rebuilt rollup equals the incremental one (tested).
 */

export const ROLLUP_BUCKET_RATIO = 1.02;
/** Relative tolerance of a duration percentile read from the rollup (stated in the API docs). */
export const ROLLUP_PERCENTILE_TOLERANCE = 0.01;
export const ROLLUP_FIGURES = ['first-answer', 'resolution', 'compliance', 'auto-escalations'] as const;
export type RollupFigure = (typeof ROLLUP_FIGURES)[number];

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The bucket of a duration in ms (SQL; the same function `audit_duration_bucket` the migration creates). */
export const bucketSql = (value: string): string => `audit_duration_bucket(${value})`;

/** The estimate a bucket stands for (its geometric middle; 0 for bucket 0). */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return Math.max(1, Math.pow(ROLLUP_BUCKET_RATIO, bucket - 0.5));
}

/**
 * `percentile_cont(fraction)` estimated from a histogram (bucket → count, missing values excluded): the order
 * statistics around the position are each replaced by their bucket's value, then interpolated linearly.
 */
export function histogramPercentile(histogram: Map<number, number>, fraction: number): number | null {
  const buckets = [...histogram.entries()].filter(([bucket, n]) => bucket >= 0 && n > 0).sort((x, y) => x[0] - y[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1][0]);
  };
  const low = at(lo);
  const value = lo === hi ? low : low + (position - lo) * (at(hi) - low);
  return Math.round(value);
}

/**
 * One row per contribution (not yet rolled up) of the cases selected by `casesFrom` (a FROM item aliased `c` over
 * `audit_cases`): figure, month, province_code, field, priority, unit_code, level, key, metric, bucket, n, on_time.
 * Which rows take part and how level and unit apply follow the figure definitions (apps/api/src/audit).
 */
export function rollupValuesSql(casesFrom: string): string {
  const month = `(date_trunc('month', c.raised_at AT TIME ZONE '+07'))::date`;
  const dims = `${month} AS month, c.province_code, c.field, c.priority`;
  return `
    SELECT 'first-answer'::text AS figure, ${dims}, coalesce(c.unit_code, '') AS unit_code,
           coalesce(c.first_answer_level, '') AS level, coalesce(c.first_answer_level, 'unknown') AS key,
           m.metric, ${bucketSql('m.value')} AS bucket, 1 AS n, 0 AS on_time
      FROM ${casesFrom}
      CROSS JOIN LATERAL (VALUES ('working', c.first_answer_working_ms), ('calendar', c.first_answer_calendar_ms))
           AS m(metric, value)
     WHERE c.first_answer_at IS NOT NULL
    UNION ALL
    SELECT 'resolution', ${dims}, coalesce(c.unit_code, ''), coalesce(c.max_level, ''), coalesce(c.max_level, 'none'),
           m.metric, ${bucketSql('m.value')}, 1, 0
      FROM ${casesFrom}
      CROSS JOIN LATERAL (VALUES ('working', c.resolution_working_ms), ('calendar', c.resolution_calendar_ms))
           AS m(metric, value)
     WHERE c.resolved_at IS NOT NULL
    UNION ALL
    SELECT 'compliance', ${dims}, coalesce(s.unit_code, ''), s.level, k.key, 'count', 0, 1,
           (s.answered_on_time IS TRUE AND s.breached_at IS NULL)::int
      FROM ${casesFrom}
      JOIN audit_level_stints s ON s.case_id = c.case_id
      CROSS JOIN LATERAL (SELECT 'level:' || s.level AS key
                          UNION ALL SELECT 'unit:' || s.unit_code WHERE s.level = 'unit_head' AND s.unit_code IS NOT NULL) k
     WHERE (s.answered_on_time IS NOT NULL OR s.breached_at IS NOT NULL)
    UNION ALL
    SELECT 'auto-escalations', ${dims}, coalesce(c.unit_code, ''), s.level,
           coalesce(s.from_level, 'unknown') || '>' || s.level, 'count', 0, 1, 0
      FROM ${casesFrom}
      JOIN audit_level_stints s ON s.case_id = c.case_id
     WHERE s.started_via = 'automatic'`;
}

/** The rolled-up rows (CUBE over province, field, priority, unit) of the cases `casesFrom` selects. */
export function rollupRowsSql(casesFrom: string, sign: 1 | -1 = 1): string {
  const star = (column: string): string => `CASE WHEN grouping(${column}) = 1 THEN '*' ELSE ${column} END`;
  return `
    SELECT figure, month, ${star('province_code')} AS province_code, ${star('field')} AS field,
           ${star('priority')} AS priority, ${star('unit_code')} AS unit_code, level, key, metric, bucket,
           (${sign} * sum(n))::int AS n, (${sign} * sum(on_time))::int AS on_time
      FROM (${rollupValuesSql(casesFrom)}) v
     GROUP BY figure, month, level, key, metric, bucket, CUBE (province_code, field, priority, unit_code)`;
}

const COLUMNS = 'figure, month, province_code, field, priority, unit_code, level, key, metric, bucket, n, on_time';

async function addContribution(db: Queryable, caseIds: string[], sign: 1 | -1): Promise<void> {
  await db.query(
    `INSERT INTO audit_rollups (${COLUMNS})
     ${rollupRowsSql('(SELECT * FROM audit_cases WHERE case_id = ANY($1::uuid[])) c', sign)}
     ON CONFLICT (figure, province_code, field, priority, unit_code, month, level, key, metric, bucket)
     DO UPDATE SET n = audit_rollups.n + EXCLUDED.n, on_time = audit_rollups.on_time + EXCLUDED.on_time`,
    [caseIds],
  );
}

/**
 * Runs `replace` (which rewrites these cases' audit rows) with the rollup kept in step: the cases' current
 * contribution is subtracted before, the new one added after, and rows left at zero are dropped. Call inside the
 * transaction that replaces the rows.
 */
export async function withRollupsUpdated<T>(db: Queryable, caseIds: string[], replace: () => Promise<T>): Promise<T> {
  if (caseIds.length === 0) return replace();
  await addContribution(db, caseIds, -1);
  const result = await replace();
  await addContribution(db, caseIds, 1);
  await db.query(`DELETE FROM audit_rollups WHERE n = 0`);
  return result;
}

/** Recomputes the whole rollup from the per-case read models (part of `npm run audit:rebuild`). */
export async function rebuildAuditRollups(db: Queryable): Promise<number> {
  await db.query(`DELETE FROM audit_rollups`);
  const result = (await db.query(
    `WITH inserted AS (INSERT INTO audit_rollups (${COLUMNS}) ${rollupRowsSql('audit_cases c')} RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
  )) as { n: number }[];
  return result[0].n;
}
