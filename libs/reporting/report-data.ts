/**
 * The queries behind reports, shared by the deployment activities (drafts) and the reports API (views, exports,
 * roll-up, evaluation), so a figure is computed one way everywhere.
 */
import { readCaseEventRow, type CaseEventRow, type TypedCaseEvent } from '@libs/contracts';
import {
  ALWAYS_WORKING_CALENDAR,
  DEFAULT_WORKING_CALENDAR,
  type CalendarOverride,
  type WorkingCalendarConfig,
} from '@libs/domain/calendar';
import {
  computePeriodReport,
  computeWindowReport,
  DEFAULT_REPORT_SCHEDULE,
  reportScheduleProblems,
  type PeriodReport,
  type ReportSchedule,
  type WindowReport,
} from '@libs/domain/reports';

/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

async function rows<T>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, parameters)) as T[];
}

export interface DeploymentRecord {
  id: string;
  decisionId: string;
  decisionNumber: string;
  userId: string;
  username: string;
  displayName: string;
  homeUnitCode: string;
  homeUnitName: string;
  provinceCode: string;
  provinceName: string;
  periodStart: string;
  periodEnd: string;
  schedule: ReportSchedule;
}

export async function findDeployment(db: Queryable, deploymentId: string): Promise<DeploymentRecord | null> {
  const found = await rows<{
    id: string;
    decision_id: string;
    decision_number: string;
    user_id: string;
    username: string;
    display_name: string;
    home_unit_code: string;
    home_unit_name: string;
    province_code: string;
    province_name: string;
    period_start: string;
    period_end: string;
    report_schedule: ReportSchedule | null;
  }>(
    db,
    `SELECT d.id, d.decision_id, dd.number AS decision_number, d.user_id, u.username, u.display_name,
            d.home_unit_code, mu.name_vi AS home_unit_name, d.province_code, p.name AS province_name,
            d.period_start::text AS period_start, d.period_end::text AS period_end, dd.report_schedule
       FROM deployments d
       JOIN dispatch_decisions dd ON dd.id = d.decision_id
       JOIN users u ON u.id = d.user_id
       JOIN ministry_units mu ON mu.code = d.home_unit_code
       JOIN provinces p ON p.code = d.province_code
      WHERE d.id = $1`,
    [deploymentId],
  );
  const row = found[0];
  if (!row) return null;
  return {
    id: row.id,
    decisionId: row.decision_id,
    decisionNumber: row.decision_number,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    homeUnitCode: row.home_unit_code,
    homeUnitName: row.home_unit_name,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    schedule: usableSchedule(row.report_schedule),
  };
}

/** A decision's stored schedule, or the default weekly rule when none (or an unusable one) is stored. */
export function usableSchedule(stored: ReportSchedule | null): ReportSchedule {
  if (
    stored &&
    (stored.kind === 'weekly' || stored.kind === 'compressed') &&
    reportScheduleProblems(stored).length === 0
  ) {
    return stored;
  }
  return { ...DEFAULT_REPORT_SCHEDULE };
}

/** The calendar a schedule runs on: the stored civil-service calendar (with overrides) or its built-in default. */
export async function reportCalendar(db: Queryable, schedule: ReportSchedule): Promise<WorkingCalendarConfig> {
  if (schedule.kind === 'compressed') return { ...ALWAYS_WORKING_CALENDAR, overrides: [] };
  const found = await rows<{ config: Omit<WorkingCalendarConfig, 'id' | 'overrides'>; overrides: CalendarOverride[] }>(
    db,
    `SELECT c.config,
            coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                               'date', o.date::text, 'kind', o.kind, 'noteVi', o.note_vi, 'noteEn', o.note_en))
                               ORDER BY o.date)
                        FROM calendar_overrides o WHERE o.calendar_id = c.id), '[]'::json) AS overrides
       FROM working_calendars c WHERE c.id = $1`,
    [DEFAULT_WORKING_CALENDAR.id],
  );
  const row = found[0];
  if (!row) return { ...DEFAULT_WORKING_CALENDAR, overrides: [] };
  return {
    id: DEFAULT_WORKING_CALENDAR.id,
    utcOffsetMinutes: row.config.utcOffsetMinutes,
    workingWeekdays: row.config.workingWeekdays,
    workingPeriods: row.config.workingPeriods,
    publicHolidays: row.config.publicHolidays,
    overrides: row.overrides,
  };
}

/**
 * Every event of the cases in a deployment's scope: the cases its official raised for its province. Events of any
 * time are returned; the figure functions pick the window.
 */
export async function deploymentCaseEvents(
  db: Queryable,
  scope: { userId: string; provinceCode: string },
): Promise<TypedCaseEvent[]> {
  const found = await rows<CaseEventRow>(
    db,
    `SELECT e.* FROM case_events e
       JOIN cases c ON c.id = e.case_id
      WHERE c.raised_by_user_id = $1 AND c.province_code = $2
      ORDER BY e.case_id, e.sequence`,
    [scope.userId, scope.provinceCode],
  );
  return found.map(readCaseEventRow);
}

export interface SupportRequestSummary {
  id: string;
  title: string;
  status: string;
  createdAt: string;
  answer: string | null;
}

/** Support requests of a deployment made before `at` and not answered by then (section IV). */
export async function openSupportRequests(
  db: Queryable,
  deploymentId: string,
  at: string,
): Promise<SupportRequestSummary[]> {
  const found = await rows<{ id: string; title: string; status: string; created_at: Date; answer: string | null }>(
    db,
    `SELECT id, title, CASE WHEN answered_at IS NOT NULL AND answered_at < $2 THEN 'answered'
                            WHEN forwarded_at IS NOT NULL AND forwarded_at < $2 THEN 'forwarded'
                            WHEN acknowledged_at IS NOT NULL AND acknowledged_at < $2 THEN 'acknowledged'
                            ELSE 'submitted' END AS status,
            created_at, answer
       FROM support_requests
      WHERE deployment_id = $1 AND created_at < $2 AND (answered_at IS NULL OR answered_at >= $2)
      ORDER BY created_at, id`,
    [deploymentId, at],
  );
  return found.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    answer: null,
  }));
}

export type WeeklyDraft = WindowReport & { supportRequests: SupportRequestSummary[] };
export type FinalDraft = PeriodReport & { supportRequests: SupportRequestSummary[] };

/** The figures of a report's window, from the event log (the same result whenever it is recomputed). */
export async function computeDraft(
  db: Queryable,
  deployment: Pick<DeploymentRecord, 'id' | 'userId' | 'provinceCode'>,
  kind: 'weekly' | 'final',
  window: { from: string; to: string },
): Promise<WeeklyDraft | FinalDraft> {
  const events = await deploymentCaseEvents(db, deployment);
  const supportRequests = await openSupportRequests(db, deployment.id, window.to);
  const figures =
    kind === 'weekly'
      ? computeWindowReport(events, window.from, window.to)
      : computePeriodReport(events, window.from, window.to);
  return { ...figures, supportRequests };
}
