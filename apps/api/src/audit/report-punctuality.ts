import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService } from '@libs/database';
import type { AuthenticatedActor } from '@libs/domain';
import { caseScopeSql } from '../auth/case-scope';
import { CaseCursorCodec, type CursorScope } from '../cases/case-list-cursor';
import { ApiError } from '../common/api-error';
import { AUDIT_PAGE_DEFAULT, type AuditDrillDownQuery, type AuditFilterQuery } from './dto/audit-filter.query';

/**
 * Weekly-report punctuality (DOMAIN.md §6–7): the share of weekly reports submitted by their due time. Read from
 * the reports the deployment workflows keep (`reports`, one row per deployment and cycle) — a few thousand rows a
 * year nationally, so it is aggregated per request like the backlog.
 */
export const REPORT_PUNCTUALITY = {
  name: 'report-punctuality',
  titleVi: 'Tỷ lệ nộp báo cáo tuần đúng hạn, theo tỉnh và theo công chức',
  titleEn: 'Weekly-report punctuality, per province and per official',
  definitionVi:
    'Mỗi báo cáo tuần (chưa bị huỷ) đã đến hạn nộp tính một lần, theo ngày hạn nộp (UTC+7) trong kỳ. Đúng hạn: nộp ' +
    'lần đầu không muộn hơn hạn nộp. Muộn: nộp sau hạn nhưng trước mốc chốt số liệu kỳ sau, hoặc chưa nộp và chưa ' +
    'qua mốc đó. Thiếu: chưa nộp khi qua mốc chốt kỳ sau (nộp sau mốc đó vẫn tính là thiếu). Tỷ lệ = đúng hạn / số ' +
    'báo cáo. Khoá "all" (toàn bộ), "province:…" (tỉnh của đợt tăng cường), "official:…" (công chức). Bộ lọc tỉnh ' +
    'và công chức áp dụng cho đợt tăng cường; các bộ lọc khác không áp dụng.',
  definitionEn:
    'Each weekly report (not cancelled) whose due time has passed counts once, by its due date (UTC+7) in the ' +
    'period. On time: first submitted no later than the due time. Late: submitted after it but before the next ' +
    'cut-off, or not submitted and that cut-off not yet passed. Missing: not submitted by the next cut-off (one ' +
    'submitted afterwards still counts as missing). Punctuality = on time / reports. Keys "all", "province:…" (the ' +
    'deployment\'s province), "official:…" (the deployed official). The province and official filters apply to the ' +
    'deployment; the other filters do not apply.',
} as const;

export interface PunctualityRow {
  key: string;
  reports: number;
  onTime: number;
  late: number;
  missing: number;
  punctuality: number;
  casesHref: string;
  reportsHref: string;
}

export interface PunctualityReport {
  reportId: string;
  deploymentId: string;
  officialUserId: string;
  officialName: string;
  provinceCode: string;
  cycleIndex: number;
  windowStart: string;
  windowEnd: string;
  dueAt: string;
  missingAt: string | null;
  firstSubmittedAt: string | null;
  punctuality: 'on_time' | 'late' | 'missing';
  href: string;
}

const STATE = `CASE
  WHEN r.first_submitted_at IS NOT NULL AND r.first_submitted_at <= r.due_at THEN 'on_time'
  WHEN r.first_submitted_at IS NOT NULL
    THEN CASE WHEN r.missing_at IS NULL OR r.first_submitted_at <= r.missing_at THEN 'late' ELSE 'missing' END
  WHEN r.missing_at IS NULL OR now() <= r.missing_at THEN 'late' ELSE 'missing' END`;
const FILTER_KEYS = ['from', 'to', 'provinceCode', 'officialUserId'] as const;
const exactInstant = (sql: string): string => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

@Injectable()
export class ReportPunctualityService {
  private readonly cursors: CaseCursorCodec;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CaseCursorCodec(config.auth.jwtSecret ?? '');
  }

  private where(filters: AuditFilterQuery, actor: AuthenticatedActor, values: unknown[]): string[] {
    const add = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const where = [`r.kind = 'weekly'`, 'r.cancelled_at IS NULL', 'r.due_at < now()'];
    // Report figures are for readers who see every case; a restricted scope sees none here.
    if (caseScopeSql(actor, 'k').condition !== 'TRUE') where.push('FALSE');
    if (filters.from !== undefined)
      where.push(`r.due_at >= (${add(filters.from)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
    if (filters.to !== undefined)
      where.push(`r.due_at < ((${add(filters.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
    if (filters.provinceCode !== undefined) where.push(`d.province_code = ${add(filters.provinceCode)}`);
    if (filters.officialUserId !== undefined) where.push(`d.user_id = ${add(filters.officialUserId)}::uuid`);
    return where;
  }

  /** The figure's SQL (also run directly by the benchmark). */
  figureSql(filters: AuditFilterQuery, actor: AuthenticatedActor): { sql: string; values: unknown[] } {
    const values: unknown[] = [];
    const where = this.where(filters, actor, values);
    return {
      sql: `SELECT g.key, count(*)::int AS reports,
                   count(*) FILTER (WHERE g.state = 'on_time')::int AS on_time,
                   count(*) FILTER (WHERE g.state = 'late')::int AS late,
                   count(*) FILTER (WHERE g.state = 'missing')::int AS missing,
                   round(count(*) FILTER (WHERE g.state = 'on_time')::numeric / count(*), 4)::float8 AS punctuality,
                   min(g.rank) AS rank
              FROM (SELECT ${STATE} AS state, d.province_code, d.user_id FROM reports r
                      JOIN deployments d ON d.id = r.deployment_id WHERE ${where.join(' AND ')}) x
             CROSS JOIN LATERAL (VALUES ('all', 1, x.state), ('province:' || x.province_code, 2, x.state),
                                        ('official:' || x.user_id, 3, x.state)) AS g(key, rank, state)
             GROUP BY g.key ORDER BY min(g.rank), g.key`,
      values,
    };
  }

  async figure(filters: AuditFilterQuery, actor: AuthenticatedActor) {
    const { sql, values } = this.figureSql(filters, actor);
    const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
    return {
      figure: REPORT_PUNCTUALITY.name,
      titleVi: REPORT_PUNCTUALITY.titleVi,
      titleEn: REPORT_PUNCTUALITY.titleEn,
      definitionVi: REPORT_PUNCTUALITY.definitionVi,
      definitionEn: REPORT_PUNCTUALITY.definitionEn,
      rows: rows.map((row): PunctualityRow => {
        const href = drillHref(String(row.key), filters);
        return {
          key: String(row.key),
          reports: Number(row.reports),
          onTime: Number(row.on_time),
          late: Number(row.late),
          missing: Number(row.missing),
          punctuality: Number(row.punctuality),
          casesHref: href,
          reportsHref: href,
        };
      }),
      computedFrom: 'reports' as const,
      percentileTolerance: null,
    };
  }

  drillDownSql(
    query: AuditDrillDownQuery,
    actor: AuthenticatedActor,
    after: { dueAt: string; id: string } | null,
    limit: number,
  ): { sql: string; values: unknown[] } {
    const values: unknown[] = [];
    const add = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const where = this.where(query, actor, values);
    const key = query.key ?? 'all';
    if (key.startsWith('province:')) where.push(`d.province_code = ${add(key.slice('province:'.length))}`);
    else if (key.startsWith('official:')) where.push(`d.user_id::text = ${add(key.slice('official:'.length))}`);
    else if (key !== 'all') {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', [
        {
          field: 'key',
          code: 'unknown_key',
          messages: {
            vi: 'key phải là "all", "province:<mã tỉnh>" hoặc "official:<mã người dùng>"',
            en: 'key must be "all", "province:<code>" or "official:<user id>"',
          },
        },
      ]);
    }
    if (after) where.push(`(r.due_at, r.id) > (${add(after.dueAt)}::timestamptz, ${add(after.id)}::uuid)`);
    return {
      sql: `SELECT r.id, r.deployment_id, d.user_id, u.display_name, d.province_code, r.cycle_index, r.window_start,
                   r.window_end, r.due_at, r.missing_at, r.first_submitted_at, ${STATE} AS state,
                   ${exactInstant('r.due_at')} AS due_at_exact
              FROM reports r JOIN deployments d ON d.id = r.deployment_id JOIN users u ON u.id = d.user_id
             WHERE ${where.join(' AND ')}
             ORDER BY r.due_at, r.id LIMIT ${add(limit + 1)}`,
      values,
    };
  }

  async drillDown(query: AuditDrillDownQuery, actor: AuthenticatedActor) {
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    const scope: CursorScope = { sort: 'raisedAt', order: 'asc', filters: fingerprint(query) };
    const after = query.cursor === undefined ? null : this.cursors.decode(scope, query.cursor);
    const { sql, values } = this.drillDownSql(
      query,
      actor,
      after ? { dueAt: String(after.keys[0]), id: after.id } : null,
      limit,
    );
    const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      figure: REPORT_PUNCTUALITY.name,
      key: query.key ?? 'all',
      items: page.map(reportItem),
      nextCursor: last ? this.cursors.encode(scope, { keys: [String(last.due_at_exact)], id: String(last.id) }) : null,
    };
  }

  async drillDownAll(query: AuditDrillDownQuery, actor: AuthenticatedActor, max = 100_000) {
    const items: PunctualityReport[] = [];
    let after: { dueAt: string; id: string } | null = null;
    while (items.length < max) {
      const { sql, values } = this.drillDownSql(query, actor, after, 5000);
      const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
      items.push(...rows.slice(0, 5000).map(reportItem));
      if (rows.length <= 5000) break;
      after = { dueAt: String(rows[4999].due_at_exact), id: String(rows[4999].id) };
    }
    return items;
  }
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

function reportItem(row: Record<string, unknown>): PunctualityReport {
  return {
    reportId: String(row.id),
    deploymentId: String(row.deployment_id),
    officialUserId: String(row.user_id),
    officialName: String(row.display_name),
    provinceCode: String(row.province_code),
    cycleIndex: Number(row.cycle_index),
    windowStart: iso(row.window_start)!,
    windowEnd: iso(row.window_end)!,
    dueAt: iso(row.due_at)!,
    missingAt: iso(row.missing_at),
    firstSubmittedAt: iso(row.first_submitted_at),
    punctuality: row.state as PunctualityReport['punctuality'],
    href: `/api/reports/${String(row.id)}`,
  };
}

function filterEntries(filters: AuditFilterQuery): [string, string][] {
  return FILTER_KEYS.flatMap((key) => (filters[key] === undefined ? [] : [[key, String(filters[key])]]));
}

function drillHref(key: string, filters: AuditFilterQuery): string {
  return `/api/audit/figures/report-punctuality/reports?${new URLSearchParams([...filterEntries(filters), ['key', key]]).toString()}`;
}

function fingerprint(query: AuditDrillDownQuery): string {
  return createHash('sha256')
    .update(JSON.stringify(['report-punctuality', query.key ?? 'all', filterEntries(query)]))
    .digest('base64url')
    .slice(0, 22);
}
