/** Task queue the case workflows and their activities run on, unless TEMPORAL_TASK_QUEUE overrides it. */
export const DEFAULT_TASK_QUEUE = 'case-engine';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export const WEBHOOK_OUTBOX_WORKFLOW_TYPE = 'webhookOutboxWorkflow';

/** One outbox workflow per task queue (each test suite runs its own queue against the shared server). */
export function webhookOutboxWorkflowId(taskQueue: string): string {
  return `webhook-outbox:${taskQueue}`;
}
