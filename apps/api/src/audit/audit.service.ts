import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService } from '@libs/database';
import { loadCalendars, ROLLUP_PERCENTILE_TOLERANCE } from '@libs/audit';
import { runningStint, type AuthenticatedActor, type LevelStint } from '@libs/domain';
import { caseScopeSql, isCaseInScope } from '../auth/case-scope';
import { CaseCursorCodec, type CursorScope } from '../cases/case-list-cursor';
import { ApiError } from '../common/api-error';
import {
  COMPLIANCE_BY_UNIT_KEY,
  FIGURE_DEFINITIONS,
  type AuditFigureDefinition,
  type AuditFigureName,
} from './audit-figures';
import {
  EXACT_PERCENTILES_MAX_CASES,
  readRollupRows,
  rollupCaseCount,
  rollupCovers,
  rollupFigureRows,
  rollupSql,
} from './audit-rollup-reader';
import { AUDIT_PAGE_DEFAULT, type AuditDrillDownQuery, type AuditFilterQuery } from './dto/audit-filter.query';

export interface FigureRow {
  key: string;
  [value: string]: string | number | null;
}

export interface FigureResult {
  figure: AuditFigureName;
  titleVi: string;
  titleEn: string;
  definitionVi: string;
  definitionEn: string;
  rows: (FigureRow & { casesHref: string })[];
  /** Where the figure was read: the rollup (`audit_rollups`) or the per-case read models. */
  computedFrom: 'rollup' | 'cases';
  /** Relative tolerance of the medians and p90 (0.01 when read from the rollup's histograms); null when exact. */
  percentileTolerance: number | null;
}

export interface DrillDownCase {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: string;
  status: string;
  raisedAt: string;
  raisedByUserId: string;
  currentLevel: string | null;
  maxLevel: string | null;
  unitCode: string | null;
  firstAnswerWorkingMs: number | null;
  resolutionWorkingMs: number | null;
  breachCount: number;
  autoEscalationCount: number;
  href: string;
}

export interface DrillDownPage {
  figure: AuditFigureName;
  key: string | null;
  items: DrillDownCase[];
  nextCursor: string | null;
}

const FILTER_KEYS = [
  'from',
  'to',
  'provinceCode',
  'communeCode',
  'field',
  'unitCode',
  'officialUserId',
  'priority',
  'level',
] as const;

const exactInstant = (sql: string): string => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Positional SQL parameters collected while a query is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Audit figures, their drill-downs and the per-case audit, read from the projector's read models. Every query starts
 * from the actor's case scope (auth/case-scope.ts) and the same filter conditions, so a figure's row count and its
 * drill-down always agree.
 */
@Injectable()
export class AuditService {
  private readonly cursors: CaseCursorCodec;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CaseCursorCodec(config.auth.jwtSecret ?? '');
  }

  /** The SQL of a figure (also run directly by the benchmark to compare with the endpoint). */
  figureSql(
    name: AuditFigureName,
    filters: AuditFilterQuery,
    actor: AuthenticatedActor,
  ): { sql: string; values: unknown[] }[] {
    const figure = FIGURE_DEFINITIONS[name];
    const keys = name === 'compliance' ? [figure.key, COMPLIANCE_BY_UNIT_KEY] : [figure.key];
    return keys.map((key) => {
      const params = new Params();
      const where = this.conditions(figure, filters, actor, params);
      if (key === COMPLIANCE_BY_UNIT_KEY) where.push(`s.level = 'unit_head'`, 's.unit_code IS NOT NULL');
      const from = this.fromClause(figure, actor);
      const order = key === COMPLIANCE_BY_UNIT_KEY ? 'key' : `min(${figure.order}), key`;
      return {
        sql: `SELECT ${key} AS key, ${figure.aggregates} ${from} WHERE ${where.join(' AND ')}
              GROUP BY 1 ORDER BY ${order}`,
        values: params.values,
      };
    });
  }

  /**
   * The queries the figure endpoint runs for these filters: the rollup when it covers them (scope "all", no
   * commune or official filter, `precision` not `exact`), and — for durations with `precision=auto` — the exact
   * per-case SQL instead when the cohort is small (at most EXACT_PERCENTILES_MAX_CASES cases).
   */
  async figureQueries(
    name: AuditFigureName,
    filters: AuditFilterQuery,
    actor: AuthenticatedActor,
  ): Promise<{ source: 'rollup' | 'cases'; queries: { sql: string; values: unknown[] }[]; rollup?: FigureRow[] }> {
    const precision = filters.precision ?? 'auto';
    const covered =
      precision !== 'exact' && rollupCovers(name, filters) && caseScopeSql(actor, 'k').condition === 'TRUE';
    if (!covered) return { source: 'cases', queries: this.figureSql(name, filters, actor) };
    const query = rollupSql(name, filters);
    const rows = readRollupRows(await this.database.ready.query<Record<string, unknown>[]>(query.sql, query.values));
    const durations = name === 'first-answer' || name === 'resolution';
    if (durations && precision === 'auto' && rollupCaseCount(rows) <= EXACT_PERCENTILES_MAX_CASES) {
      return { source: 'cases', queries: [query, ...this.figureSql(name, filters, actor)] };
    }
    return { source: 'rollup', queries: [query], rollup: rollupFigureRows(name, rows) };
  }

  async figure(name: AuditFigureName, filters: AuditFilterQuery, actor: AuthenticatedActor): Promise<FigureResult> {
    const figure = FIGURE_DEFINITIONS[name];
    const db = this.database.ready;
    const plan = await this.figureQueries(name, filters, actor);
    const rows: FigureRow[] = plan.rollup ?? [];
    if (plan.source === 'cases') {
      for (const query of this.figureSql(name, filters, actor)) {
        const result = await db.query<Record<string, unknown>[]>(query.sql, query.values);
        for (const row of result) {
          const out: FigureRow = { key: String(row.key) };
          for (const [column, value] of Object.entries(row)) {
            if (column === 'key') continue;
            out[camel(column)] =
              value instanceof Date ? value.toISOString() : typeof value === 'string' ? Number(value) : toNumber(value);
          }
          rows.push(out);
        }
      }
    }
    const approximate = plan.source === 'rollup' && (name === 'first-answer' || name === 'resolution');
    return {
      figure: name,
      titleVi: figure.titleVi,
      titleEn: figure.titleEn,
      definitionVi: figure.definitionVi,
      definitionEn: figure.definitionEn,
      rows: rows.map((row) => ({ ...row, casesHref: drillHref(name, row.key, filters) })),
      computedFrom: plan.source,
      percentileTolerance: approximate ? ROLLUP_PERCENTILE_TOLERANCE : null,
    };
  }

  /** The SQL of a drill-down page (also run directly by the benchmark). */
  drillDownSql(
    name: AuditFigureName,
    query: AuditDrillDownQuery,
    actor: AuthenticatedActor,
    after: { raisedAt: string; id: string } | null,
    limit: number,
  ): { sql: string; values: unknown[] } {
    const figure = FIGURE_DEFINITIONS[name];
    const params = new Params();
    let where: string[];
    if (figure.grain === 'stint') {
      const inner = this.conditions(figure, query, actor, params, { caseConditions: false });
      if (query.key !== undefined) {
        const byUnit = query.key.startsWith('unit:') && name === 'compliance';
        inner.push(`${byUnit ? COMPLIANCE_BY_UNIT_KEY : figure.key} = ${params.add(query.key)}`);
        if (byUnit) inner.push(`s.level = 'unit_head'`);
      }
      where = this.caseConditions(query, actor, params);
      where.push(`EXISTS (SELECT 1 FROM audit_level_stints s WHERE s.case_id = c.case_id AND ${inner.join(' AND ')})`);
    } else {
      where = this.conditions(figure, query, actor, params);
      if (query.key !== undefined) where.push(`${figure.key} = ${params.add(query.key)}`);
    }
    if (after)
      where.push(
        `(c.raised_at, c.case_id) > (${params.add(after.raisedAt)}::timestamptz, ${params.add(after.id)}::uuid)`,
      );
    return {
      sql: `SELECT c.*, k.title, ${exactInstant('c.raised_at')} AS raised_at_exact
              FROM audit_cases c JOIN cases k ON k.id = c.case_id
             WHERE ${where.join(' AND ')}
             ORDER BY c.raised_at, c.case_id LIMIT ${params.add(limit + 1)}`,
      values: params.values,
    };
  }

  async drillDown(
    name: AuditFigureName,
    query: AuditDrillDownQuery,
    actor: AuthenticatedActor,
  ): Promise<DrillDownPage> {
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    const scope: CursorScope = { sort: 'raisedAt', order: 'asc', filters: drillFingerprint(name, query) };
    const after = query.cursor === undefined ? null : this.cursors.decode(scope, query.cursor);
    const { sql, values } = this.drillDownSql(
      name,
      query,
      actor,
      after ? { raisedAt: String(after.keys[0]), id: after.id } : null,
      limit,
    );
    const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      figure: name,
      key: query.key ?? null,
      items: page.map(drillCase),
      nextCursor: last
        ? this.cursors.encode(scope, { keys: [String(last.raised_at_exact)], id: String(last.case_id) })
        : null,
    };
  }

  /** Every page of a drill-down (CSV export), bounded. */
  async drillDownAll(name: AuditFigureName, query: AuditDrillDownQuery, actor: AuthenticatedActor, max = 100_000) {
    const items: DrillDownCase[] = [];
    let after: { raisedAt: string; id: string } | null = null;
    while (items.length < max) {
      const { sql, values } = this.drillDownSql(name, query, actor, after, 5000);
      const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
      items.push(...rows.slice(0, 5000).map(drillCase));
      if (rows.length <= 5000) break;
      const last = rows[4999];
      after = { raisedAt: String(last.raised_at_exact), id: String(last.case_id) };
    }
    return items;
  }

  /** The audit of one case: its stints with durations (running ones up to now), deadlines, waits and breaches. */
  async caseAudit(caseId: string, actor: AuthenticatedActor): Promise<CaseAuditView> {
    const db = this.database.ready;
    const cases = await db.query<Record<string, unknown>[]>(
      `SELECT k.province_code, k.assigned_unit_code, k.title, c.*
         FROM cases k LEFT JOIN audit_cases c ON c.case_id = k.id WHERE k.id = $1`,
      [caseId],
    );
    const kase = cases[0];
    if (
      !kase ||
      !isCaseInScope(actor, {
        provinceCode: String(kase.province_code),
        assignedUnitCode: (kase.assigned_unit_code as string | null) ?? null,
      })
    ) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    }
    if (kase.case_id === null) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'AUDIT_NOT_PROJECTED_YET');
    const stintRows = await db.query<Record<string, unknown>[]>(
      `SELECT * FROM audit_level_stints WHERE case_id = $1 ORDER BY stint_no`,
      [caseId],
    );
    const calendarOf = await loadCalendars(db);
    const now = new Date().toISOString();
    const stints = stintRows.map((row) => {
      const stint = stintFromRow(row);
      return runningStint(stint, now, calendarOf(stint.calendarId));
    });
    return {
      caseId,
      title: String(kase.title),
      provinceCode: String(kase.province_code),
      communeCode: String(kase.commune_code),
      field: String(kase.field),
      priority: String(kase.priority),
      status: String(kase.status),
      raisedAt: iso(kase.raised_at)!,
      firstEscalatedAt: iso(kase.first_escalated_at),
      firstAnswerAt: iso(kase.first_answer_at),
      firstAnswerLevel: (kase.first_answer_level as string | null) ?? null,
      firstAnswerWorkingMs: toNumber(kase.first_answer_working_ms),
      firstAnswerCalendarMs: toNumber(kase.first_answer_calendar_ms),
      resolvedAt: iso(kase.resolved_at),
      resolutionWorkingMs: toNumber(kase.resolution_working_ms),
      resolutionCalendarMs: toNumber(kase.resolution_calendar_ms),
      closedAt: iso(kase.closed_at),
      closeReason: (kase.close_reason as string | null) ?? null,
      policyDecision: (kase.policy_decision as string | null) ?? null,
      breachCount: Number(kase.breach_count),
      autoEscalationCount: Number(kase.auto_escalation_count),
      infoWaitWorkingMs: stints.reduce((sum, stint) => sum + stint.infoWaitWorkingMs, 0),
      stints,
    };
  }

  private fromClause(figure: AuditFigureDefinition, actor: AuthenticatedActor): string {
    const base =
      figure.grain === 'stint'
        ? 'FROM audit_level_stints s JOIN audit_cases c ON c.case_id = s.case_id'
        : 'FROM audit_cases c';
    // The scope rule reads the case projection (province, unit routed to); everyone with audit access sees all,
    // so the join is only paid for a restricted scope.
    return caseScopeSql(actor, 'k').condition === 'TRUE' ? base : `${base} JOIN cases k ON k.id = c.case_id`;
  }

  private conditions(
    figure: AuditFigureDefinition,
    filters: AuditFilterQuery,
    actor: AuthenticatedActor,
    params: Params,
    options: { caseConditions?: boolean } = {},
  ): string[] {
    const where = options.caseConditions === false ? [] : this.caseConditions(filters, actor, params);
    where.push(figure.member);
    if (filters.level !== undefined) where.push(`${figure.levelColumn} = ${params.add(filters.level)}`);
    if (filters.unitCode !== undefined) where.push(`${figure.unitColumn} = ${params.add(filters.unitCode)}`);
    return where;
  }

  /** Scope and the filters on the case itself (`c`). */
  private caseConditions(filters: AuditFilterQuery, actor: AuthenticatedActor, params: Params): string[] {
    const scope = caseScopeSql(actor, 'k', params.values.length + 1);
    const where: string[] = [];
    if (scope.condition !== 'TRUE') {
      params.values.push(...scope.values);
      where.push(
        scope.condition === 'FALSE'
          ? 'FALSE'
          : `EXISTS (SELECT 1 FROM cases k WHERE k.id = c.case_id AND ${scope.condition})`,
      );
    }
    if (filters.from !== undefined)
      where.push(`c.raised_at >= (${params.add(filters.from)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
    if (filters.to !== undefined) {
      where.push(`c.raised_at < ((${params.add(filters.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
    }
    if (filters.provinceCode !== undefined) where.push(`c.province_code = ${params.add(filters.provinceCode)}`);
    if (filters.communeCode !== undefined) where.push(`c.commune_code = ${params.add(filters.communeCode)}`);
    if (filters.field !== undefined) where.push(`c.field = ${params.add(filters.field)}`);
    if (filters.officialUserId !== undefined) where.push(`c.raised_by_user_id = ${params.add(filters.officialUserId)}`);
    if (filters.priority !== undefined) where.push(`c.priority = ${params.add(filters.priority)}`);
    return where;
  }
}

export interface CaseAuditView {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: string;
  status: string;
  raisedAt: string;
  firstEscalatedAt: string | null;
  firstAnswerAt: string | null;
  firstAnswerLevel: string | null;
  firstAnswerWorkingMs: number | null;
  firstAnswerCalendarMs: number | null;
  resolvedAt: string | null;
  resolutionWorkingMs: number | null;
  resolutionCalendarMs: number | null;
  closedAt: string | null;
  closeReason: string | null;
  policyDecision: string | null;
  breachCount: number;
  autoEscalationCount: number;
  infoWaitWorkingMs: number;
  stints: LevelStint[];
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value as string).toISOString();
}

function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function stintFromRow(row: Record<string, unknown>): LevelStint {
  return {
    stintNo: Number(row.stint_no),
    level: row.level as LevelStint['level'],
    unitCode: (row.unit_code as string | null) ?? null,
    startedVia: row.started_via as LevelStint['startedVia'],
    fromLevel: (row.from_level as LevelStint['fromLevel']) ?? null,
    startedAt: iso(row.started_at)!,
    endedAt: iso(row.ended_at),
    endReason: (row.end_reason as LevelStint['endReason']) ?? null,
    policyId: (row.policy_id as string | null) ?? null,
    allowanceMs: toNumber(row.allowance_ms),
    calendarId: String(row.calendar_id),
    initialDeadlineAt: iso(row.initial_deadline_at),
    deadlineAt: iso(row.deadline_at),
    calendarMs: toNumber(row.calendar_ms),
    workingMs: toNumber(row.working_ms),
    infoWaitCalendarMs: Number(row.info_wait_calendar_ms),
    infoWaitWorkingMs: Number(row.info_wait_working_ms),
    heldCalendarMs: toNumber(row.held_calendar_ms),
    heldWorkingMs: toNumber(row.held_working_ms),
    infoRequests: Number(row.info_requests),
    waitingSince: iso(row.waiting_since),
    breachedAt: iso(row.breached_at),
    answeredAt: iso(row.answered_at),
    answeredOnTime: (row.answered_on_time as boolean | null) ?? null,
  };
}

function drillCase(row: Record<string, unknown>): DrillDownCase {
  const caseId = String(row.case_id);
  return {
    caseId,
    title: String(row.title),
    provinceCode: String(row.province_code),
    communeCode: String(row.commune_code),
    field: String(row.field),
    priority: String(row.priority),
    status: String(row.status),
    raisedAt: iso(row.raised_at)!,
    raisedByUserId: String(row.raised_by_user_id),
    currentLevel: (row.current_level as string | null) ?? null,
    maxLevel: (row.max_level as string | null) ?? null,
    unitCode: (row.unit_code as string | null) ?? null,
    firstAnswerWorkingMs: toNumber(row.first_answer_working_ms),
    resolutionWorkingMs: toNumber(row.resolution_working_ms),
    breachCount: Number(row.breach_count),
    autoEscalationCount: Number(row.auto_escalation_count),
    href: `/api/audit/cases/${caseId}`,
  };
}

function filterEntries(filters: AuditFilterQuery): [string, string][] {
  return FILTER_KEYS.flatMap((key) => (filters[key] === undefined ? [] : [[key, String(filters[key])]]));
}

function drillHref(name: AuditFigureName, key: string, filters: AuditFilterQuery): string {
  const query = new URLSearchParams([...filterEntries(filters), ['key', key]]);
  return `/api/audit/figures/${name}/cases?${query.toString()}`;
}

function drillFingerprint(name: AuditFigureName, query: AuditDrillDownQuery): string {
  return createHash('sha256')
    .update(JSON.stringify([name, query.key ?? null, filterEntries(query)]))
    .digest('base64url')
    .slice(0, 22);
}
