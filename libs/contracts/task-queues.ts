/** Task queue the case workflows and their activities run on, unless TEMPORAL_TASK_QUEUE overrides it. */
export const DEFAULT_TASK_QUEUE = 'case-engine';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
