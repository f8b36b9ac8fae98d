import {
  addHistogram,
  histogramPercentile,
  ROLLUP_FIGURES,
  ROLLUP_MAX_DIMENSIONS,
  rollupValuesSql,
  type RollupFigure,
} from '@libs/audit';
import type { AuditFigureName } from './audit-figures';
import type { AuditFilterQuery } from './dto/audit-filter.query';

/**
 * Reading figures from the rollup (`audit_rollups`, libs/audit/audit-rollups.ts). Whole months of the period come
 * from the rollup rows; the days at either end that do not make a whole month are bucketed the same way on the fly
 * from `audit_cases`, so counts stay exact and only duration percentiles are estimates (within 1%).
 */

/** With `precision=auto`, duration figures of at most this many cases are computed exactly per case instead. */
export const EXACT_PERCENTILES_MAX_CASES = 20_000;

export interface RollupRow {
  key: string;
  level: string;
  n: number;
  onTime: number;
  working: Record<string, number>;
  calendar: Record<string, number>;
}

/** Whether the rollup can answer this figure with these filters for an actor whose scope is "all cases". */
export function rollupCovers(name: AuditFigureName, filters: AuditFilterQuery): name is RollupFigure {
  return (
    (ROLLUP_FIGURES as readonly string[]).includes(name) &&
    filters.communeCode === undefined &&
    filters.officialUserId === undefined &&
    [filters.provinceCode, filters.field, filters.priority, filters.unitCode].filter((value) => value !== undefined)
      .length <= ROLLUP_MAX_DIMENSIONS
  );
}

const day = (value: string): Date => new Date(`${value}T00:00:00Z`);
const text = (value: Date): string => value.toISOString().slice(0, 10);
const monthStart = (value: Date): Date => new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), 1));
const addMonths = (value: Date, months: number): Date =>
  new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + months, 1));
const addDays = (value: Date, days: number): Date => new Date(value.getTime() + days * 86_400_000);

/** Whole months inside [from, to] (null bounds: open) and the partial-month day ranges left at the ends. */
export function splitPeriod(
  from: string | undefined,
  to: string | undefined,
): { months: { from: string | null; to: string | null } | null; edges: { from: string; to: string }[] } {
  const low = from === undefined ? null : day(from);
  const high = to === undefined ? null : day(to);
  if (low && high && low > high) return { months: null, edges: [] };
  const fullLow = low === null ? null : low.getUTCDate() === 1 ? low : addMonths(low, 1);
  const fullHigh = high === null ? null : addDays(high, 1).getUTCDate() === 1 ? monthStart(high) : addMonths(high, -1);
  if (fullLow && fullHigh && fullLow > fullHigh) return { months: null, edges: [{ from: from!, to: to! }] };
  const edges: { from: string; to: string }[] = [];
  if (low && fullLow && low < fullLow) edges.push({ from: from!, to: text(addDays(fullLow, -1)) });
  if (high && fullHigh && high >= addMonths(fullHigh, 1)) edges.push({ from: text(addMonths(fullHigh, 1)), to: to! });
  return {
    months: { from: fullLow && text(fullLow), to: fullHigh && text(fullHigh) },
    edges,
  };
}

/** The one query that reads a figure from the rollup (plus the on-the-fly edges). */
export function rollupSql(name: RollupFigure, filters: AuditFilterQuery): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const add = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const figure = add(name);
  const { months, edges } = splitPeriod(filters.from, filters.to);
  const parts: string[] = [];
  if (months) {
    const where = [
      `r.figure = ${figure}`,
      `r.province_code = ${add(filters.provinceCode ?? '*')}`,
      `r.field = ${add(filters.field ?? '*')}`,
      `r.priority = ${add(filters.priority ?? '*')}`,
      `r.unit_code = ${add(filters.unitCode ?? '*')}`,
    ];
    if (months.from !== null) where.push(`r.month >= ${add(months.from)}::date`);
    if (months.to !== null) where.push(`r.month <= ${add(months.to)}::date`);
    if (filters.level !== undefined) where.push(`r.level = ${add(filters.level)}`);
    parts.push(`SELECT r.key, r.level, r.n, r.on_time, r.working, r.calendar FROM audit_rollups r
                 WHERE ${where.join(' AND ')}`);
  }
  if (edges.length > 0) {
    const cases = [
      `(${edges
        .map(
          (edge) =>
            `(c.raised_at >= (${add(edge.from)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AND ` +
            `c.raised_at < ((${add(edge.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))`,
        )
        .join(' OR ')})`,
    ];
    if (filters.provinceCode !== undefined) cases.push(`c.province_code = ${add(filters.provinceCode)}`);
    if (filters.field !== undefined) cases.push(`c.field = ${add(filters.field)}`);
    if (filters.priority !== undefined) cases.push(`c.priority = ${add(filters.priority)}`);
    const where = [`v.figure = ${figure}`];
    if (filters.unitCode !== undefined) where.push(`v.unit_code = ${add(filters.unitCode)}`);
    if (filters.level !== undefined) where.push(`v.level = ${add(filters.level)}`);
    const casesFrom = `(SELECT * FROM audit_cases c WHERE ${cases.join(' AND ')}) c`;
    parts.push(`SELECT v.key, v.level, count(*)::int AS n, sum(v.on_time)::int AS on_time,
                       audit_histogram(v.working_bucket, 1) AS working, audit_histogram(v.calendar_bucket, 1) AS calendar
                  FROM (${rollupValuesSql(casesFrom)}) v
                 WHERE ${where.join(' AND ')} GROUP BY v.key, v.level`);
  }
  if (parts.length === 0) {
    parts.push(`SELECT NULL::text AS key, NULL::text AS level, NULL::int AS n, NULL::int AS on_time,
      NULL::jsonb AS working, NULL::jsonb AS calendar WHERE FALSE`);
  }
  // Rows are merged per key in the API (a month's histograms are small; national reads are at most 24 × keys rows).
  return { sql: parts.join(' UNION ALL '), values };
}

export function readRollupRows(rows: Record<string, unknown>[]): RollupRow[] {
  return rows.map((row) => ({
    key: String(row.key),
    level: String(row.level),
    n: Number(row.n),
    onTime: Number(row.on_time),
    working: (row.working as Record<string, number> | null) ?? {},
    calendar: (row.calendar as Record<string, number> | null) ?? {},
  }));
}

/** Cases (first answer, resolution) behind the rollup rows read. */
export function rollupCaseCount(rows: RollupRow[]): number {
  return rows.reduce((sum, row) => sum + row.n, 0);
}

const LEVEL_RANK: Record<string, number> = { unit_head: 1, working_group: 2, leadership: 3 };
const rank = (level: string): number => LEVEL_RANK[level] ?? 4;
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The figure rows (same shape and order as the per-case SQL gives) from rollup rows. */
export function rollupFigureRows(
  name: RollupFigure,
  rows: RollupRow[],
): { key: string; [value: string]: string | number | null }[] {
  const groups = new Map<string, { level: string; rows: RollupRow[] }>();
  for (const row of rows) {
    const group = groups.get(row.key) ?? { level: row.level, rows: [] };
    group.rows.push(row);
    groups.set(row.key, group);
  }
  const ordered = (keys: string[]): string[] =>
    keys.sort((a, b) => rank(groups.get(a)!.level) - rank(groups.get(b)!.level) || byKey(a, b));
  if (name === 'first-answer' || name === 'resolution') {
    return ordered([...groups.keys()]).map((key) => {
      const working = new Map<number, number>();
      const calendar = new Map<number, number>();
      for (const row of groups.get(key)!.rows) {
        addHistogram(working, row.working);
        addHistogram(calendar, row.calendar);
      }
      return {
        key,
        cases: groups.get(key)!.rows.reduce((sum, row) => sum + row.n, 0),
        medianWorkingMs: histogramPercentile(working, 0.5),
        p90WorkingMs: histogramPercentile(working, 0.9),
        medianCalendarMs: histogramPercentile(calendar, 0.5),
        p90CalendarMs: histogramPercentile(calendar, 0.9),
      };
    });
  }
  const totals = (key: string): { n: number; onTime: number } =>
    groups.get(key)!.rows.reduce((sum, row) => ({ n: sum.n + row.n, onTime: sum.onTime + row.onTime }), {
      n: 0,
      onTime: 0,
    });
  if (name === 'auto-escalations') {
    return ordered([...groups.keys()]).map((key) => ({ key, escalations: totals(key).n }));
  }
  const levelKeys = ordered([...groups.keys()].filter((key) => key.startsWith('level:')));
  const unitKeys = [...groups.keys()].filter((key) => key.startsWith('unit:')).sort(byKey);
  return [...levelKeys, ...unitKeys].map((key) => {
    const { n, onTime } = totals(key);
    return { key, stints: n, onTime, late: n - onTime, compliance: Math.round((onTime / n) * 10000) / 10000 };
  });
}
