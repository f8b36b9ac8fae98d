import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import type {
  DeploymentSetup,
  RecordDeploymentEventInput,
  ReportStepInput,
  ReportStepResult,
  SavePlanInput,
} from '@libs/contracts/deployment-workflow';
import { DatabaseService } from '@libs/database';
import { insertEvent } from '@libs/reporting/deployment-events';
import { computeDraft, findDeployment, reportCalendar } from '@libs/reporting/report-data';

export const DEPLOYMENT_NOT_FOUND = 'DEPLOYMENT_NOT_FOUND';

/**
 * The side effects of a deployment's workflow: plan, drafts, reminders, late and missing marks, history. Every write
 * has a natural key (deployment + cycle, deployment + event key), so a retried or replayed activity changes nothing.
 */
@Injectable()
export class DeploymentActivities {
  constructor(private readonly database: DatabaseService) {}

  async loadDeploymentSetup(deploymentId: string): Promise<DeploymentSetup> {
    const db = this.database.ready;
    const deployment = await findDeployment(db, deploymentId);
    if (!deployment) {
      throw ApplicationFailure.create({
        type: DEPLOYMENT_NOT_FOUND,
        nonRetryable: true,
        message: `Deployment ${deploymentId} does not exist`,
      });
    }
    const runs: { starts_at: Date; ends_at: Date }[] = await db.query(
      `SELECT starts_at, ends_at FROM deployment_runs WHERE deployment_id = $1`,
      [deploymentId],
    );
    return {
      deploymentId,
      periodStart: deployment.periodStart,
      periodEnd: deployment.periodEnd,
      schedule: deployment.schedule,
      calendar: await reportCalendar(db, deployment.schedule),
      startsAt: runs[0]?.starts_at.toISOString() ?? null,
      endsAt: runs[0]?.ends_at.toISOString() ?? null,
    };
  }

  /**
   * Stores the plan in force, the deadlines of every report (a report already submitted keeps its deadlines; one
   * whose cycle fell away with a shorter period is cancelled), the new last day when the period changed, and the
   * event that came with the plan.
   */
  async saveDeploymentPlan(input: SavePlanInput & { periodEnd?: string | null }): Promise<void> {
    const { deploymentId, plan } = input;
    await this.database.ready.transaction(async (manager) => {
      if (input.periodEnd) {
        await manager.query(`UPDATE deployments SET period_end = $2, updated_at = now() WHERE id = $1`, [
          deploymentId,
          input.periodEnd,
        ]);
      }
      await manager.query(
        `INSERT INTO deployment_runs (deployment_id, workflow_id, starts_at, ends_at, schedule, plan)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (deployment_id) DO UPDATE
           SET workflow_id = EXCLUDED.workflow_id, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
               schedule = EXCLUDED.schedule, plan = EXCLUDED.plan, state = 'running', updated_at = now()`,
        [deploymentId, input.workflowId, plan.span.startsAt, plan.span.endsAt, input.schedule, plan],
      );
      const reports: {
        kind: 'weekly' | 'final';
        index: number;
        from: string;
        to: string;
        draftReadyAt: string;
        dueAt: string;
        missingAt: string | null;
      }[] = [
        ...plan.cycles.map((cycle) => ({
          kind: 'weekly' as const,
          index: cycle.index,
          from: cycle.windowStart,
          to: cycle.windowEnd,
          draftReadyAt: cycle.draftReadyAt,
          dueAt: cycle.dueAt,
          missingAt: cycle.missingAt,
        })),
        {
          kind: 'final',
          index: 0,
          from: plan.finalReport.windowStart,
          to: plan.finalReport.windowEnd,
          draftReadyAt: plan.finalReport.windowEnd,
          dueAt: plan.finalReport.dueAt,
          missingAt: null,
        },
      ];
      for (const report of reports) {
        await manager.query(
          `INSERT INTO reports (id, deployment_id, kind, cycle_index, window_start, window_end, draft_ready_at, due_at,
                                missing_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (deployment_id, kind, cycle_index) DO UPDATE
             SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                 draft_ready_at = EXCLUDED.draft_ready_at, due_at = EXCLUDED.due_at, missing_at = EXCLUDED.missing_at,
                 cancelled_at = NULL, updated_at = now()
             WHERE reports.first_submitted_at IS NULL`,
          [
            randomUUID(),
            deploymentId,
            report.kind,
            report.index,
            report.from,
            report.to,
            report.draftReadyAt,
            report.dueAt,
            report.missingAt,
          ],
        );
      }
      await manager.query(
        `UPDATE reports SET cancelled_at = now(), updated_at = now()
          WHERE deployment_id = $1 AND kind = 'weekly' AND cycle_index > $2 AND first_submitted_at IS NULL
            AND cancelled_at IS NULL`,
        [deploymentId, input.lastCycleIndex],
      );
      await insertEvent(manager, input.event);
    });
  }

  /** Computes and stores the draft figures of one report from the event log, for exactly its window. */
  async prepareReportDraft(input: ReportStepInput): Promise<ReportStepResult> {
    const db = this.database.ready;
    const deployment = await findDeployment(db, input.deploymentId);
    if (!deployment) return { changed: false };
    const found: { id: string; window_start: Date; window_end: Date; cancelled_at: Date | null }[] = await db.query(
      `SELECT id, window_start, window_end, cancelled_at FROM reports
        WHERE deployment_id = $1 AND kind = $2 AND cycle_index = $3`,
      [input.deploymentId, input.kind, input.cycleIndex],
    );
    const report = found[0];
    if (!report || report.cancelled_at) return { changed: false };
    const window = { from: report.window_start.toISOString(), to: report.window_end.toISOString() };
    const draft = await computeDraft(db, deployment, input.kind, window);
    await db.transaction(async (manager) => {
      await manager.query(
        `UPDATE reports SET figures = $2, figures_computed_at = $3, updated_at = now(),
                status = CASE WHEN status = 'pending' THEN 'draft' ELSE status END
          WHERE id = $1`,
        [report.id, draft, input.at],
      );
      await insertEvent(manager, {
        deploymentId: input.deploymentId,
        eventKey: `${stepKey(input)}:draft`,
        type: input.kind === 'weekly' ? 'report_draft_ready' : 'final_report_draft_ready',
        actorUserId: 'system',
        occurredAt: input.at,
        payload: { reportId: report.id, cycleIndex: input.cycleIndex, figures: draft.figures },
      });
    });
    return { changed: true };
  }

  /** Records a reminder for a report not yet submitted. */
  async sendReportReminder(input: ReportStepInput): Promise<ReportStepResult> {
    return this.database.ready.transaction(async (manager) => {
      const updated: { id: string }[] = await manager.query(
        `SELECT id FROM reports
          WHERE deployment_id = $1 AND kind = $2 AND cycle_index = $3 AND first_submitted_at IS NULL
            AND cancelled_at IS NULL`,
        [input.deploymentId, input.kind, input.cycleIndex],
      );
      if (!updated[0]) return { changed: false };
      const written = await insertEvent(manager, {
        deploymentId: input.deploymentId,
        eventKey: `${stepKey(input)}:reminder:${input.at}`,
        type: 'report_reminder',
        actorUserId: 'system',
        occurredAt: input.at,
        payload: { reportId: updated[0].id, cycleIndex: input.cycleIndex, kind: input.kind },
      });
      if (written)
        await manager.query(`UPDATE reports SET reminders_sent = reminders_sent + 1 WHERE id = $1`, [updated[0].id]);
      return { changed: written };
    });
  }

  /** At the due time: a report not submitted by then is late. */
  async markReportLate(input: ReportStepInput): Promise<ReportStepResult> {
    return this.mark(input, 'late');
  }

  /** At the next cut-off: a weekly report still not submitted is missing. */
  async markReportMissing(input: ReportStepInput): Promise<ReportStepResult> {
    return this.mark(input, 'missing');
  }

  async recordDeploymentEvent(input: RecordDeploymentEventInput & { completed?: boolean }): Promise<boolean> {
    return this.database.ready.transaction(async (manager) => {
      if (input.completed) {
        await manager.query(
          `UPDATE deployment_runs SET state = 'completed', updated_at = now() WHERE deployment_id = $1`,
          [input.deploymentId],
        );
      }
      return insertEvent(manager, input);
    });
  }

  private mark(input: ReportStepInput, stage: 'late' | 'missing'): Promise<ReportStepResult> {
    const column = stage === 'late' ? 'late_marked_at' : 'missing_marked_at';
    return this.database.ready.transaction(async (manager) => {
      const marked: { id: string }[] = await manager.query(
        `UPDATE reports SET ${column} = $4, updated_at = now()
          WHERE deployment_id = $1 AND kind = $2 AND cycle_index = $3 AND first_submitted_at IS NULL
            AND cancelled_at IS NULL AND ${column} IS NULL
        RETURNING id`,
        [input.deploymentId, input.kind, input.cycleIndex, input.at],
      );
      // pg returns [rows, count] for UPDATE … RETURNING through TypeORM's manager.query.
      const rowsMarked = Array.isArray(marked[0]) ? (marked[0] as unknown as { id: string }[]) : marked;
      if (!rowsMarked[0]) return { changed: false };
      await insertEvent(manager, {
        deploymentId: input.deploymentId,
        eventKey: `${stepKey(input)}:${stage}`,
        type: input.kind === 'final' ? 'final_report_late' : stage === 'late' ? 'report_late' : 'report_missing',
        actorUserId: 'system',
        occurredAt: input.at,
        payload: { reportId: rowsMarked[0].id, cycleIndex: input.cycleIndex },
      });
      return { changed: true };
    });
  }
}

function stepKey(input: ReportStepInput): string {
  return input.kind === 'final' ? 'final' : `cycle:${input.cycleIndex}`;
}
