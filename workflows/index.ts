// Entry point of the workflow bundle: every workflow type the worker registers.
export { caseWorkflow } from './case.workflow';
export { webhookOutboxWorkflow } from './webhook-outbox.workflow';
export { deploymentWorkflow } from './deployment.workflow';
