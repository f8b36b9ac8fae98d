import { HttpStatus, Injectable } from '@nestjs/common';
import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertEvent } from '@libs/reporting/deployment-events';
import {
  changeDeploymentPeriodUpdate,
  DEPLOYMENT_ALREADY_ENDED,
  DEPLOYMENT_PERIOD_INVALID,
  deploymentWorkflowId,
  type ChangeDeploymentPeriodResult,
  type DeploymentEventType,
} from '@libs/contracts/deployment-workflow';
import { DatabaseService } from '@libs/database';
import type { AuthenticatedActor, Role } from '@libs/domain';
import {
  classifyPunctuality,
  reportScheduleProblems,
  type ReportSchedule,
  type ReportPunctuality,
  type WeeklyFigures,
} from '@libs/domain/reports';
import { writeReportVersion } from '@libs/reporting/report-writes';
import {
  computeDraft,
  deploymentCaseEvents,
  findDeployment,
  type DeploymentRecord,
  type FinalDraft,
  type Queryable,
  type WeeklyDraft,
} from '@libs/reporting/report-data';
import { computePeriodReport } from '@libs/domain/reports';
import { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed } from '../common/field-errors';
import { TemporalClientService } from '../temporal/temporal-client.service';
import {
  NARRATIVE_SECTIONS,
  type ChangePeriodDto,
  type CreateSupportRequestDto,
  type ReportNarrativeDto,
} from './dto/report.dto';

const READ_ALL: readonly Role[] = ['personnel', 'leadership', 'working_group', 'admin'];

export interface ReportRow {
  id: string;
  deployment_id: string;
  kind: 'weekly' | 'final';
  cycle_index: number;
  window_start: Date;
  window_end: Date;
  draft_ready_at: Date;
  due_at: Date;
  missing_at: Date | null;
  cancelled_at: Date | null;
  figures: WeeklyDraft | FinalDraft | null;
  figures_computed_at: Date | null;
  narrative: Record<string, string>;
  status: string;
  current_version: number;
  first_submitted_at: Date | null;
  late_marked_at: Date | null;
  missing_marked_at: Date | null;
  reminders_sent: number;
}

export interface VersionRow {
  report_id: string;
  version: number;
  document_number: string;
  narrative: Record<string, string>;
  figures: WeeklyDraft | FinalDraft;
  submitted_by: string;
  submitted_at: Date;
  correction_reason: string | null;
  review_outcome: 'acknowledged' | 'returned' | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export interface ReportVersionView {
  version: number;
  documentNumber: string;
  submittedAt: string;
  submittedBy: string;
  correctionReason: string | null;
  reviewOutcome: 'acknowledged' | 'returned' | null;
  reviewComment: string | null;
  reviewedAt: string | null;
}

export interface ReportView {
  id: string;
  deploymentId: string;
  kind: 'weekly' | 'final';
  cycleIndex: number;
  windowStart: string;
  windowEnd: string;
  draftReadyAt: string;
  dueAt: string;
  missingAt: string | null;
  cancelled: boolean;
  status: string;
  punctuality: ReportPunctuality;
  firstSubmittedAt: string | null;
  lateMarkedAt: string | null;
  missingMarkedAt: string | null;
  remindersSent: number;
  figures: WeeklyDraft | FinalDraft | null;
  narrative: Record<string, string>;
  currentVersion: number;
  versions: ReportVersionView[];
  official: { userId: string; username: string; displayName: string };
  provinceCode: string;
  provinceName: string;
  decisionNumber: string;
  href: string;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Rows of an UPDATE … RETURNING through TypeORM (which answers [rows, count] for updates). */
function returned<T>(result: unknown): T[] {
  const value = result as unknown[];
  return (Array.isArray(value[0]) ? value[0] : value) as T[];
}

/** Weekly and final reports, support requests, the ministry roll-up and evaluation figures (DOMAIN.md §6). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
  ) {}

  // ---- access ---------------------------------------------------------------------------------------------------

  private readsAll(actor: AuthenticatedActor): boolean {
    return actor.roles.some((role) => READ_ALL.includes(role));
  }

  /** The deployment if the actor may see it (its official, or a role that reads all); else 404. */
  async visibleDeployment(actor: AuthenticatedActor, deploymentId: string, db: Queryable = this.database.ready) {
    const deployment = /^[0-9a-f-]{36}$/i.test(deploymentId) ? await findDeployment(db, deploymentId) : null;
    if (!deployment || (!this.readsAll(actor) && deployment.userId !== actor.userId)) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'DEPLOYMENT_NOT_FOUND');
    }
    return deployment;
  }

  private async visibleReport(
    actor: AuthenticatedActor,
    reportId: string,
    db: Queryable = this.database.ready,
    lock = false,
  ): Promise<{ report: ReportRow; deployment: DeploymentRecord }> {
    const found = /^[0-9a-f-]{36}$/i.test(reportId)
      ? ((await db.query(`SELECT * FROM reports WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [reportId])) as ReportRow[])
      : [];
    const report = found[0];
    if (!report) throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT_NOT_FOUND');
    const deployment = await findDeployment(db, report.deployment_id);
    if (!deployment || (!this.readsAll(actor) && deployment.userId !== actor.userId)) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT_NOT_FOUND');
    }
    return { report, deployment };
  }

  // ---- reads ----------------------------------------------------------------------------------------------------

  async listReports(actor: AuthenticatedActor, deploymentId: string, now = Date.now()): Promise<ReportView[]> {
    const deployment = await this.visibleDeployment(actor, deploymentId);
    const rows = await this.database.ready.query<ReportRow[]>(
      `SELECT * FROM reports WHERE deployment_id = $1 ORDER BY kind DESC, cycle_index`,
      [deploymentId],
    );
    return Promise.all(rows.map((row) => this.view(row, deployment, now)));
  }

  async getReport(actor: AuthenticatedActor, reportId: string, now = Date.now()): Promise<ReportView> {
    const { report, deployment } = await this.visibleReport(actor, reportId);
    return this.view(report, deployment, now);
  }

  async version(actor: AuthenticatedActor, reportId: string, version: number) {
    const { report, deployment } = await this.visibleReport(actor, reportId);
    const found = await this.database.ready.query<VersionRow[]>(
      `SELECT * FROM report_versions WHERE report_id = $1 AND version = $2`,
      [reportId, version],
    );
    if (!found[0]) throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT_VERSION_NOT_FOUND');
    return { report, deployment, version: found[0] };
  }

  async history(actor: AuthenticatedActor, deploymentId: string) {
    await this.visibleDeployment(actor, deploymentId);
    // The run first: its row and the events written with it commit together, so a run seen means its events are.
    const runs = await this.database.ready.query<
      { state: string; starts_at: Date; ends_at: Date; plan: unknown; schedule: unknown }[]
    >(`SELECT * FROM deployment_runs WHERE deployment_id = $1`, [deploymentId]);
    const rows = await this.database.ready.query<
      {
        id: string;
        type: string;
        event_key: string;
        actor_user_id: string;
        occurred_at: Date;
        payload: Record<string, unknown>;
      }[]
    >(
      `SELECT id, type, event_key, actor_user_id, occurred_at, payload FROM deployment_events
        WHERE deployment_id = $1 ORDER BY occurred_at, id`,
      [deploymentId],
    );
    return {
      deploymentId,
      run: runs[0]
        ? {
            state: runs[0].state,
            startsAt: runs[0].starts_at.toISOString(),
            endsAt: runs[0].ends_at.toISOString(),
            schedule: runs[0].schedule,
            plan: runs[0].plan,
          }
        : null,
      events: rows.map((row) => ({
        id: Number(row.id),
        type: row.type,
        key: row.event_key,
        actorUserId: row.actor_user_id,
        occurredAt: row.occurred_at.toISOString(),
        payload: row.payload,
      })),
    };
  }

  private async view(row: ReportRow, deployment: DeploymentRecord, now: number): Promise<ReportView> {
    const versions = await this.database.ready.query<VersionRow[]>(
      `SELECT * FROM report_versions WHERE report_id = $1 ORDER BY version`,
      [row.id],
    );
    return {
      id: row.id,
      deploymentId: row.deployment_id,
      kind: row.kind,
      cycleIndex: row.cycle_index,
      windowStart: row.window_start.toISOString(),
      windowEnd: row.window_end.toISOString(),
      draftReadyAt: row.draft_ready_at.toISOString(),
      dueAt: row.due_at.toISOString(),
      missingAt: iso(row.missing_at),
      cancelled: row.cancelled_at !== null,
      status: row.status,
      punctuality: punctualityOf(row, now),
      firstSubmittedAt: iso(row.first_submitted_at),
      lateMarkedAt: iso(row.late_marked_at),
      missingMarkedAt: iso(row.missing_marked_at),
      remindersSent: row.reminders_sent,
      figures: row.figures,
      narrative: row.narrative,
      currentVersion: row.current_version,
      versions: versions.map(versionView),
      official: { userId: deployment.userId, username: deployment.username, displayName: deployment.displayName },
      provinceCode: deployment.provinceCode,
      provinceName: deployment.provinceName,
      decisionNumber: deployment.decisionNumber,
      href: `/api/reports/${row.id}`,
    };
  }

  // ---- writing and submitting -----------------------------------------------------------------------------------

  async writeNarrative(actor: AuthenticatedActor, reportId: string, dto: ReportNarrativeDto): Promise<ReportView> {
    const { report, deployment } = await this.visibleReport(actor, reportId);
    if (deployment.userId !== actor.userId) throw new ApiError(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED');
    if (report.cancelled_at) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_CANCELLED');
    const narrative: Record<string, string> = { ...report.narrative };
    for (const key of NARRATIVE_SECTIONS) {
      const value = dto[key];
      if (value !== undefined) narrative[key] = value;
    }
    await this.database.ready.query(`UPDATE reports SET narrative = $2, updated_at = now() WHERE id = $1`, [
      reportId,
      narrative,
    ]);
    return this.getReport(actor, reportId);
  }

  /**
   * Submits the report as a new immutable version: the figures are recomputed for exactly the window (the same as
   * the draft's), the narrative written so far is frozen, and the version gets the next "Số: NN/BC-<unit>" of the
   * official's unit for the year. A report already submitted (and not returned) needs a correction reason.
   */
  async submit(
    actor: AuthenticatedActor,
    reportId: string,
    correctionReason: string | undefined,
    now = new Date(),
  ): Promise<ReportView> {
    await this.database.ready.transaction(async (manager) => {
      const { report, deployment } = await this.visibleReport(actor, reportId, manager, true);
      if (deployment.userId !== actor.userId) throw new ApiError(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED');
      if (report.cancelled_at) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_CANCELLED');
      if (!report.figures) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_NOT_READY');
      const isCorrection = report.current_version > 0;
      if (isCorrection && report.status !== 'returned' && !correctionReason) {
        throw new ApiError(HttpStatus.CONFLICT, 'REPORT_ALREADY_SUBMITTED');
      }
      await writeReportVersion(manager, {
        reportId,
        deployment,
        kind: report.kind,
        window: { from: report.window_start.toISOString(), to: report.window_end.toISOString() },
        narrative: report.narrative,
        version: report.current_version + 1,
        userId: actor.userId,
        at: now,
        correctionReason: correctionReason ?? null,
      });
    });
    return this.getReport(actor, reportId, now.getTime());
  }

  /** Personnel acknowledges the latest version, or returns it with a comment (the official then submits anew). */
  async review(
    actor: AuthenticatedActor,
    reportId: string,
    version: number,
    outcome: 'acknowledged' | 'returned',
    comment: string | null,
    now = new Date(),
  ): Promise<ReportView> {
    await this.database.ready.transaction(async (manager) => {
      const { report, deployment } = await this.visibleReport(actor, reportId, manager, true);
      const found = await manager.query<VersionRow[]>(
        `SELECT * FROM report_versions WHERE report_id = $1 AND version = $2`,
        [reportId, version],
      );
      const row = found[0];
      if (!row) throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT_VERSION_NOT_FOUND');
      if (row.review_outcome) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_ALREADY_REVIEWED');
      if (version !== report.current_version) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_NOT_LATEST_VERSION');
      await manager.query(
        `UPDATE report_versions SET review_outcome = $3, review_comment = $4, reviewed_by = $5, reviewed_at = $6
          WHERE report_id = $1 AND version = $2`,
        [reportId, version, outcome, comment, actor.userId, now],
      );
      await manager.query(`UPDATE reports SET status = $2, updated_at = now() WHERE id = $1`, [reportId, outcome]);
      await this.event(
        manager,
        deployment.id,
        `report:${reportId}:v${version}:${outcome}`,
        outcome === 'acknowledged' ? 'report_acknowledged' : 'report_returned',
        actor,
        now,
        { reportId, version, comment },
      );
    });
    return this.getReport(actor, reportId, now.getTime());
  }

  // ---- deployment period ----------------------------------------------------------------------------------------

  async changePeriod(
    actor: AuthenticatedActor,
    deploymentId: string,
    dto: ChangePeriodDto,
  ): Promise<ChangeDeploymentPeriodResult> {
    const deployment = await this.visibleDeployment(actor, deploymentId);
    if (dto.periodEnd) {
      const decisions = await this.database.ready.query<{ period_end: string }[]>(
        `SELECT period_end::text AS period_end FROM dispatch_decisions WHERE id = $1`,
        [deployment.decisionId],
      );
      const decisionEnd = decisions[0]?.period_end;
      if (decisionEnd && dto.periodEnd > decisionEnd) {
        throw validationFailed(
          fieldProblem(
            'periodEnd',
            'afterDecision',
            `vượt quá thời hạn của quyết định ${deployment.decisionNumber} (đến ${decisionEnd}).`,
            `is after the end of decision ${deployment.decisionNumber} (${decisionEnd}).`,
          ),
        );
      }
    }
    try {
      return await this.temporal.call(
        (client) =>
          client.workflow.getHandle(deploymentWorkflowId(deploymentId)).executeUpdate(changeDeploymentPeriodUpdate, {
            args: [
              {
                kind: dto.kind,
                periodEnd: dto.periodEnd ?? null,
                reason: dto.reason,
                actorUserId: actor.userId,
                changeId: randomUUID(),
              },
            ],
          }),
        this.temporal.updateTimeoutMs,
      );
    } catch (error) {
      const failure =
        error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? error.cause : null;
      if (failure?.type === DEPLOYMENT_PERIOD_INVALID) {
        throw validationFailed(fieldProblem('periodEnd', 'invalid', failure.message, failure.message));
      }
      if (failure?.type === DEPLOYMENT_ALREADY_ENDED)
        throw new ApiError(HttpStatus.CONFLICT, 'DEPLOYMENT_ALREADY_ENDED');
      if (error instanceof WorkflowNotFoundError || error instanceof WorkflowFailedError) {
        throw new ApiError(HttpStatus.CONFLICT, 'DEPLOYMENT_ALREADY_ENDED');
      }
      if (error instanceof Error && /workflow execution already completed/i.test(error.message)) {
        throw new ApiError(HttpStatus.CONFLICT, 'DEPLOYMENT_ALREADY_ENDED');
      }
      throw error;
    }
  }

  // ---- support requests -----------------------------------------------------------------------------------------

  async createSupportRequest(actor: AuthenticatedActor, deploymentId: string, dto: CreateSupportRequestDto) {
    const deployment = await this.visibleDeployment(actor, deploymentId);
    if (deployment.userId !== actor.userId) throw new ApiError(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED');
    const id = randomUUID();
    const now = new Date();
    await this.database.ready.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO support_requests (id, deployment_id, requested_by, title, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, deploymentId, actor.userId, dto.title, dto.body, now],
      );
      await this.event(manager, deploymentId, `support:${id}:requested`, 'support_requested', actor, now, {
        supportRequestId: id,
        title: dto.title,
      });
    });
    return this.supportRequest(actor, id);
  }

  async listSupportRequests(actor: AuthenticatedActor, deploymentId?: string) {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (!this.readsAll(actor)) {
      values.push(actor.userId);
      conditions.push(`d.user_id = $${values.length}`);
    }
    if (deploymentId) {
      values.push(deploymentId);
      conditions.push(`s.deployment_id = $${values.length}::uuid`);
    }
    const rows = await this.database.ready.query<SupportRow[]>(
      `${SELECT_SUPPORT} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY s.created_at, s.id`,
      values,
    );
    return rows.map(supportView);
  }

  async supportRequest(actor: AuthenticatedActor, id: string) {
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.database.ready.query<SupportRow[]>(`${SELECT_SUPPORT} WHERE s.id = $1`, [id])
      : [];
    const row = rows[0];
    if (!row || (!this.readsAll(actor) && row.official_user_id !== actor.userId)) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'SUPPORT_REQUEST_NOT_FOUND');
    }
    return supportView(row);
  }

  /** Personnel: acknowledge (submitted → acknowledged), forward to leadership (→ forwarded), record the answer. */
  async advanceSupportRequest(
    actor: AuthenticatedActor,
    id: string,
    step: 'acknowledge' | 'forward' | 'answer',
    text: string | null,
  ) {
    const current = await this.supportRequest(actor, id);
    const from = { acknowledge: ['submitted'], forward: ['acknowledged'], answer: ['acknowledged', 'forwarded'] }[step];
    const now = new Date();
    await this.database.ready.transaction(async (manager) => {
      const set = {
        acknowledge: `status = 'acknowledged', acknowledged_by = $3, acknowledged_at = $4`,
        forward: `status = 'forwarded', forwarded_by = $3, forwarded_at = $4, forward_note = $5`,
        answer: `status = 'answered', answered_by = $3, answered_at = $4, answer = $5`,
      }[step];
      const updated = returned<{ id: string }>(
        await manager.query(
          `UPDATE support_requests SET ${set} WHERE id = $1 AND status = ANY ($2::text[]) RETURNING id`,
          step === 'acknowledge' ? [id, from, actor.userId, now] : [id, from, actor.userId, now, text],
        ),
      );
      if (!updated[0]) throw new ApiError(HttpStatus.CONFLICT, 'SUPPORT_REQUEST_WRONG_STATE');
      const type = (
        { acknowledge: 'support_acknowledged', forward: 'support_forwarded', answer: 'support_answered' } as const
      )[step];
      await this.event(manager, current.deploymentId, `support:${id}:${step}`, type, actor, now, {
        supportRequestId: id,
        text,
      });
    });
    return this.supportRequest(actor, id);
  }

  // ---- decision settings ---------------------------------------------------------------------------------------

  async setSchedule(decisionNumber: string, raw: Record<string, unknown>) {
    const schedule = raw as unknown as ReportSchedule;
    const problems =
      schedule.kind === 'weekly' || schedule.kind === 'compressed'
        ? safeProblems(schedule)
        : [{ field: 'kind', message: 'kind must be "weekly" or "compressed"' }];
    if (problems.length > 0) {
      throw validationFailed(
        ...problems.map((problem) =>
          fieldProblem(
            `schedule.${problem.field}`,
            'invalidSchedule',
            `lịch báo cáo không dùng được: ${problem.message}`,
            problem.message,
          ),
        ),
      );
    }
    const updated = returned<{ number: string }>(
      await this.database.ready.query(
        `UPDATE dispatch_decisions SET report_schedule = $2, updated_at = now() WHERE number = $1 RETURNING number`,
        [decisionNumber, schedule],
      ),
    );
    if (!updated[0]) throw new ApiError(HttpStatus.NOT_FOUND, 'DECISION_NOT_FOUND');
    return { decision: decisionNumber, schedule };
  }

  // ---- roll-up and evaluation -----------------------------------------------------------------------------------

  /**
   * Every deployment of a decision for one week (each deployment's own week N) or the whole period: report status,
   * the figures, totals, issues by field and province, proposals and open support requests.
   */
  async rollUp(decisionNumber: string, week: number | undefined, now = Date.now()) {
    const db = this.database.ready;
    const deployments = await this.decisionDeployments(decisionNumber);
    const totals = Object.fromEntries(FIGURE_KEYS_FOR_TOTALS.map((key) => [key, 0])) as unknown as WeeklyFigures;
    const punctuality: Record<string, number> = {};
    const issueIds: string[] = [];
    const items = [];
    let supportOpen = 0;
    for (const deployment of deployments) {
      const reportRows = await db.query<ReportRow[]>(
        `SELECT * FROM reports WHERE deployment_id = $1 AND kind = $2 AND cycle_index = $3`,
        [deployment.id, week ? 'weekly' : 'final', week ?? 0],
      );
      const report = reportRows[0] ?? null;
      const draft = report
        ? await computeDraft(db, deployment, report.kind, {
            from: report.window_start.toISOString(),
            to: report.window_end.toISOString(),
          })
        : null;
      const state = report ? (report.cancelled_at ? 'cancelled' : punctualityOf(report, now)) : 'no_report';
      punctuality[state] = (punctuality[state] ?? 0) + 1;
      if (draft) {
        for (const key of FIGURE_KEYS_FOR_TOTALS) totals[key] += draft.figures[key];
        issueIds.push(...draft.casesBehind.issuesFound);
        supportOpen += draft.supportRequests.length;
      }
      items.push({
        deploymentId: deployment.id,
        official: { userId: deployment.userId, username: deployment.username, displayName: deployment.displayName },
        provinceCode: deployment.provinceCode,
        provinceName: deployment.provinceName,
        reportId: report?.id ?? null,
        window: report ? { from: report.window_start.toISOString(), to: report.window_end.toISOString() } : null,
        status: report?.status ?? null,
        punctuality: state,
        figures: draft?.figures ?? null,
        proposals: draft?.casesBehind.policyProposals ?? [],
        supportRequests: draft?.supportRequests ?? [],
      });
    }
    const breakdown = await db.query<{ field: string; province_code: string; count: number }[]>(
      `SELECT field, province_code, count(*)::int AS count FROM cases WHERE id = ANY ($1::uuid[])
        GROUP BY field, province_code ORDER BY field, province_code`,
      [issueIds],
    );
    const sum = (key: 'field' | 'province_code') =>
      Object.entries(
        breakdown.reduce<Record<string, number>>(
          (acc, row) => ({ ...acc, [row[key]]: (acc[row[key]] ?? 0) + row.count }),
          {},
        ),
      ).map(([code, count]) => ({ code, count }));
    return {
      decisionNumber,
      week: week ?? null,
      scope: week ? 'week' : 'period',
      deployments: items,
      punctuality,
      totals,
      issuesByField: sum('field'),
      issuesByProvince: sum('province_code'),
      openSupportRequests: supportOpen,
    };
  }

  /** Per official: reports on time / late / missing, cases and outcomes over the deployment so far. No score. */
  async evaluation(decisionNumber: string, now = Date.now()) {
    const db = this.database.ready;
    const deployments = await this.decisionDeployments(decisionNumber);
    const result = [];
    for (const deployment of deployments) {
      const reports = await db.query<ReportRow[]>(
        `SELECT * FROM reports WHERE deployment_id = $1 AND cancelled_at IS NULL`,
        [deployment.id],
      );
      const counts: Record<ReportPunctuality, number> = { not_due: 0, open: 0, on_time: 0, late: 0, missing: 0 };
      for (const report of reports.filter((row) => row.kind === 'weekly')) counts[punctualityOf(report, now)] += 1;
      const final = reports.find((row) => row.kind === 'final');
      const runs = await db.query<{ starts_at: Date; ends_at: Date }[]>(
        `SELECT starts_at, ends_at FROM deployment_runs WHERE deployment_id = $1`,
        [deployment.id],
      );
      const events = await deploymentCaseEvents(db, deployment);
      const from = runs[0]?.starts_at.toISOString() ?? new Date(0).toISOString();
      const to = new Date(Math.min(now, runs[0]?.ends_at.getTime() ?? now)).toISOString();
      const period = computePeriodReport(
        events,
        from,
        new Date(Math.max(Date.parse(to), Date.parse(from) + 1)).toISOString(),
      );
      result.push({
        deploymentId: deployment.id,
        official: { userId: deployment.userId, username: deployment.username, displayName: deployment.displayName },
        homeUnitCode: deployment.homeUnitCode,
        provinceCode: deployment.provinceCode,
        weeklyReports: counts,
        finalReport: final ? punctualityOf(final, now) : null,
        casesRaised: period.figures.issuesFound,
        handledLocally: period.figures.handledLocally,
        escalated: period.figures.escalated,
        resolved: period.figures.resolved,
        policyProposals: period.figures.policyProposals,
        timeToResolution: period.timeToResolution,
        timeToFirstAnswer: period.timeToFirstAnswer,
      });
    }
    return { decisionNumber, officials: result };
  }

  private async decisionDeployments(decisionNumber: string): Promise<DeploymentRecord[]> {
    const db = this.database.ready;
    const ids = await db.query<{ id: string }[]>(
      `SELECT d.id FROM deployments d JOIN dispatch_decisions dd ON dd.id = d.decision_id
         JOIN users u ON u.id = d.user_id
        WHERE dd.number = $1 ORDER BY d.province_code, u.username`,
      [decisionNumber],
    );
    if (ids.length === 0) {
      const decisions = await db.query<unknown[]>(`SELECT 1 FROM dispatch_decisions WHERE number = $1`, [
        decisionNumber,
      ]);
      if (decisions.length === 0) throw new ApiError(HttpStatus.NOT_FOUND, 'DECISION_NOT_FOUND');
    }
    const found: DeploymentRecord[] = [];
    for (const { id } of ids) {
      const deployment = await findDeployment(db, id);
      if (deployment) found.push(deployment);
    }
    return found;
  }

  private async event(
    manager: EntityManager,
    deploymentId: string,
    eventKey: string,
    type: DeploymentEventType,
    actor: AuthenticatedActor,
    at: Date,
    payload: Record<string, unknown>,
  ): Promise<void> {
    await insertEvent(manager, {
      deploymentId,
      eventKey,
      type,
      actorUserId: actor.userId,
      occurredAt: at.toISOString(),
      payload,
    });
  }
}

const FIGURE_KEYS_FOR_TOTALS: readonly (keyof WeeklyFigures)[] = [
  'issuesFound',
  'handledLocally',
  'escalated',
  'automaticEscalations',
  'answered',
  'resolved',
  'policyProposals',
  'breaches',
  'openAtEnd',
  'overdueAtEnd',
];

export function punctualityOf(row: ReportRow, now: number): ReportPunctuality {
  return classifyPunctuality(
    {
      draftReadyAt: row.draft_ready_at.toISOString(),
      dueAt: row.due_at.toISOString(),
      missingAt: iso(row.missing_at),
    },
    iso(row.first_submitted_at),
    now,
  );
}

function versionView(row: VersionRow): ReportVersionView {
  return {
    version: row.version,
    documentNumber: row.document_number,
    submittedAt: row.submitted_at.toISOString(),
    submittedBy: row.submitted_by,
    correctionReason: row.correction_reason,
    reviewOutcome: row.review_outcome,
    reviewComment: row.review_comment,
    reviewedAt: iso(row.reviewed_at),
  };
}

interface SupportRow {
  id: string;
  deployment_id: string;
  official_user_id: string;
  official_name: string;
  province_code: string;
  title: string;
  body: string;
  status: string;
  created_at: Date;
  acknowledged_at: Date | null;
  forwarded_at: Date | null;
  forward_note: string | null;
  answer: string | null;
  answered_at: Date | null;
}

const SELECT_SUPPORT = `
  SELECT s.id, s.deployment_id, d.user_id AS official_user_id, u.display_name AS official_name, d.province_code,
         s.title, s.body, s.status, s.created_at, s.acknowledged_at, s.forwarded_at, s.forward_note, s.answer,
         s.answered_at
    FROM support_requests s
    JOIN deployments d ON d.id = s.deployment_id
    JOIN users u ON u.id = d.user_id`;

function supportView(row: SupportRow) {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    official: { userId: row.official_user_id, displayName: row.official_name },
    provinceCode: row.province_code,
    title: row.title,
    body: row.body,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    forwardedAt: iso(row.forwarded_at),
    forwardNote: row.forward_note,
    answer: row.answer,
    answeredAt: iso(row.answered_at),
    href: `/api/support-requests/${row.id}`,
  };
}

/** Schedule problems; a schedule of the wrong shape (missing objects, non-numbers) is a problem too, not a crash. */
function safeProblems(schedule: ReportSchedule): { field: string; message: string }[] {
  const numbers =
    schedule.kind === 'compressed'
      ? (['cycleMs', 'draftReadyAfterCutoffMs', 'dueAfterCutoffMs', 'finalReportAfterEndMs'] as const).filter(
          (key) => typeof schedule[key] !== 'number',
        )
      : (['finalReportWorkingDays'] as const).filter((key) => typeof schedule[key] !== 'number');
  const lists = (schedule.kind === 'compressed' ? ['reminderMsBeforeDue'] : ['reminderMinutesBeforeDue']).filter(
    (key) => !Array.isArray((schedule as unknown as Record<string, unknown>)[key]),
  );
  const points =
    schedule.kind === 'weekly'
      ? (['cutoff', 'draftReady', 'due'] as const).filter(
          (key) =>
            typeof schedule[key] !== 'object' || schedule[key] === null || typeof schedule[key].time !== 'string',
        )
      : [];
  const shape = [...numbers, ...lists, ...points].map((field) => ({
    field,
    message: `${field} is missing or malformed`,
  }));
  return shape.length > 0 ? shape : reportScheduleProblems(schedule);
}
