import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendarConfig } from '@libs/domain/calendar';
import type { ReportPlan, ReportSchedule } from '@libs/domain/reports';

/** One workflow per deployment (official × province × period): it owns the weekly cycle and the final report. */
export const DEPLOYMENT_WORKFLOW_TYPE = 'deploymentWorkflow';

export const deploymentWorkflowId = (deploymentId: string): string => `deployment-${deploymentId}`;

export interface DeploymentWorkflowInput {
  deploymentId: string;
  /** Carried over by continue-as-new: the steps already carried out (their natural keys). */
  done?: string[];
  generation?: number;
  /** When the first run started: cycles over long before it are not reported (see the horizon in the workflow). */
  firstRunAt?: string;
}

/** What the workflow needs to plan, read by an activity. */
export interface DeploymentSetup {
  deploymentId: string;
  periodStart: string;
  periodEnd: string;
  schedule: ReportSchedule;
  calendar: WorkingCalendarConfig;
  /** The span already in force (a run continued as new, or restarted): kept, so compressed clocks do not restart. */
  startsAt: string | null;
  endsAt: string | null;
}

export const DEPLOYMENT_EVENT_TYPES = [
  'deployment_started',
  'deployment_period_changed',
  'deployment_plan_extended',
  'report_draft_ready',
  'report_reminder',
  'report_late',
  'report_missing',
  'final_report_draft_ready',
  'final_report_late',
  'deployment_completed',
  'report_submitted',
  'report_acknowledged',
  'report_returned',
  'support_requested',
  'support_acknowledged',
  'support_forwarded',
  'support_answered',
] as const;
export type DeploymentEventType = (typeof DEPLOYMENT_EVENT_TYPES)[number];

export interface SavePlanInput {
  deploymentId: string;
  workflowId: string;
  schedule: ReportSchedule;
  /** The cycles within the planning horizon (indices as in the whole period) and the final report. */
  plan: ReportPlan;
  /** Number of cycles of the whole period: reports of later cycles are cancelled. */
  lastCycleIndex: number;
  /** The deployment event this plan comes with (`deployment_started` or `deployment_period_changed`). */
  event: RecordDeploymentEventInput;
}

export interface RecordDeploymentEventInput {
  deploymentId: string;
  /** Natural key: a retried activity with the same key writes nothing. */
  eventKey: string;
  type: DeploymentEventType;
  actorUserId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface ReportStepInput {
  deploymentId: string;
  kind: 'weekly' | 'final';
  /** Week number (1-based); 0 for the final report. */
  cycleIndex: number;
  /** Workflow time of the step. */
  at: string;
}

export interface ReportStepResult {
  /** False when nothing was to be done (already submitted, already marked, or a retry). */
  changed: boolean;
}

export type PeriodChangeKind = 'shorten' | 'extend' | 'end_early';

export interface ChangeDeploymentPeriodInput {
  kind: PeriodChangeKind;
  /** New last day (YYYY-MM-DD); omitted for `end_early` (ends now). */
  periodEnd?: string | null;
  reason: string;
  actorUserId: string;
  /** Idempotency: the same change id is applied once. */
  changeId: string;
}

export interface ChangeDeploymentPeriodResult {
  periodEnd: string;
  endsAt: string;
  cycles: number;
  finalReportDueAt: string;
}

export interface DeploymentWorkflowState {
  deploymentId: string;
  plan: ReportPlan | null;
  done: string[];
  completed: boolean;
}

export const changeDeploymentPeriodUpdate = defineUpdate<ChangeDeploymentPeriodResult, [ChangeDeploymentPeriodInput]>(
  'changeDeploymentPeriod',
);
export const deploymentStateQuery = defineQuery<DeploymentWorkflowState>('deploymentState');

/** Refusal codes of the period update's validator (ApplicationFailure types). */
export const DEPLOYMENT_PERIOD_INVALID = 'DEPLOYMENT_PERIOD_INVALID';
export const DEPLOYMENT_ALREADY_ENDED = 'DEPLOYMENT_ALREADY_ENDED';
