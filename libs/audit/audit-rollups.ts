/**
 * Rollup read model of the audit figures across cases (`audit_rollups`), kept beside `audit_cases` and
 * `audit_level_stints` so national and provincial figures never aggregate a million rows per request.
 *
 * Grain: figure × month the case was **raised** (UTC+7) × the figure's level and key × every set of at most two of
 * province / field / priority / unit (the others stored rolled up as '*'), so a query with up to two of those
 * filters reads at most one row per month and key. A unit that is absent is stored as ''. Each row holds the
 * count, the on-time count and, for durations, two histograms (working, calendar) as jsonb {bucket: count}.
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

/** Adds a jsonb histogram ({bucket: count}) into a map. */
export function addHistogram(into: Map<number, number>, histogram: Record<string, number> | null): void {
  for (const [bucket, n] of Object.entries(histogram ?? {}))
    into.set(Number(bucket), (into.get(Number(bucket)) ?? 0) + n);
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
 * `audit_cases`): figure, month, province_code, field, priority, unit_code, level, key, working_bucket,
 * calendar_bucket, on_time. Which rows take part and how level and unit apply follow the figure definitions
 * (apps/api/src/audit).
 */
export function rollupValuesSql(casesFrom: string): string {
  const month = `(date_trunc('month', c.raised_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date`;
  const dims = `${month} AS month, c.province_code, c.field, c.priority`;
  return `
    SELECT 'first-answer'::text AS figure, ${dims}, coalesce(c.unit_code, '') AS unit_code,
           coalesce(c.first_answer_level, '') AS level, coalesce(c.first_answer_level, 'unknown') AS key,
           ${bucketSql('c.first_answer_working_ms')} AS working_bucket,
           ${bucketSql('c.first_answer_calendar_ms')} AS calendar_bucket, 0 AS on_time
      FROM ${casesFrom}
     WHERE c.first_answer_at IS NOT NULL
    UNION ALL
    SELECT 'resolution', ${dims}, coalesce(c.unit_code, ''), coalesce(c.max_level, ''), coalesce(c.max_level, 'none'),
           ${bucketSql('c.resolution_working_ms')}, ${bucketSql('c.resolution_calendar_ms')}, 0
      FROM ${casesFrom}
     WHERE c.resolved_at IS NOT NULL
    UNION ALL
    SELECT 'compliance', ${dims}, coalesce(s.unit_code, ''), s.level, k.key, NULL, NULL,
           (s.answered_on_time IS TRUE AND s.breached_at IS NULL)::int
      FROM ${casesFrom}
      JOIN audit_level_stints s ON s.case_id = c.case_id
      CROSS JOIN LATERAL (SELECT 'level:' || s.level AS key
                          UNION ALL SELECT 'unit:' || s.unit_code WHERE s.level = 'unit_head' AND s.unit_code IS NOT NULL) k
     WHERE (s.answered_on_time IS NOT NULL OR s.breached_at IS NOT NULL)
    UNION ALL
    SELECT 'auto-escalations', ${dims}, coalesce(c.unit_code, ''), s.level,
           coalesce(s.from_level, 'unknown') || '>' || s.level, NULL, NULL, 0
      FROM ${casesFrom}
      JOIN audit_level_stints s ON s.case_id = c.case_id
     WHERE s.started_via = 'automatic'`;
}

/**
 * The filter dimensions stored rolled up: every set of at most two of province, field, priority and unit. A query
 * with three or more of them is narrow enough for the per-case rows (and a full cube would hold about as many rows
 * as cases).
 */
export const ROLLUP_GROUPING_SETS = [
  [],
  ['province_code'],
  ['field'],
  ['priority'],
  ['unit_code'],
  ['province_code', 'field'],
  ['province_code', 'priority'],
  ['province_code', 'unit_code'],
  ['field', 'priority'],
  ['field', 'unit_code'],
  ['priority', 'unit_code'],
] as const;
export const ROLLUP_MAX_DIMENSIONS = 2;

/** The rolled-up rows (the grouping sets above) of the cases `casesFrom` selects, counted with `sign`. */
export function rollupRowsSql(casesFrom: string, sign: 1 | -1 = 1): string {
  const star = (column: string): string => `CASE WHEN grouping(${column}) = 1 THEN '*' ELSE ${column} END`;
  const sets = ROLLUP_GROUPING_SETS.map((set) => `(${set.join(', ')})`).join(', ');
  return `
    SELECT figure, month, ${star('province_code')} AS province_code, ${star('field')} AS field,
           ${star('priority')} AS priority, ${star('unit_code')} AS unit_code, level, key,
           (${sign} * count(*))::int AS n, (${sign} * sum(on_time))::int AS on_time,
           audit_histogram(working_bucket, ${sign}) AS working, audit_histogram(calendar_bucket, ${sign}) AS calendar
      FROM (${rollupValuesSql(casesFrom)}) v
     GROUP BY figure, month, level, key, GROUPING SETS (${sets})`;
}

const COLUMNS = 'figure, month, province_code, field, priority, unit_code, level, key, n, on_time, working, calendar';

async function addContribution(db: Queryable, caseIds: string[], sign: 1 | -1): Promise<void> {
  await db.query(
    `INSERT INTO audit_rollups (${COLUMNS})
     ${rollupRowsSql('(SELECT * FROM audit_cases WHERE case_id = ANY($1::uuid[])) c', sign)}
     ON CONFLICT (figure, province_code, field, priority, unit_code, month, level, key)
     DO UPDATE SET n = audit_rollups.n + EXCLUDED.n, on_time = audit_rollups.on_time + EXCLUDED.on_time,
                   working = audit_histogram_add(audit_rollups.working, EXCLUDED.working),
                   calendar = audit_histogram_add(audit_rollups.calendar, EXCLUDED.calendar)`,
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
