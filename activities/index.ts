import type { CaseEventActivities } from './case-events.activities';
import type { LevelActivities } from './level.activities';
import type { MergeActivities } from './merge.activities';
import type { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';
import type { NotificationActivities } from './notification.activities';
import type { RoutingActivities } from './routing.activities';
import type { SlaActivities } from './sla.activities';

export { CaseEventActivities } from './case-events.activities';
export { LevelActivities } from './level.activities';
export { MergeActivities } from './merge.activities';
export { NotificationActivities } from './notification.activities';
export { RoutingActivities } from './routing.activities';
export { SlaActivities } from './sla.activities';
export { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';

/** The activity functions the case workflow calls, as seen through `proxyActivities` / `proxyLocalActivities`. */
export interface CaseActivities {
  recordCaseEvents: CaseEventActivities['recordCaseEvents'];
  prepareLevel: LevelActivities['prepareLevel'];
  acceptDuplicate: MergeActivities['acceptDuplicate'];
}

/** The webhook outbox workflow's activity. */
export interface OutboxActivities {
  drainWebhookOutbox: NotificationActivities['drainWebhookOutbox'];
}

/** Single-purpose activities registered for callers other than the case workflow (admin tools, tests). */
export interface ServiceActivities {
  resolveSlaPolicy: SlaActivities['resolveSlaPolicy'];
  notify: NotificationActivities['notify'];
  deliverWebhooks: NotificationActivities['deliverWebhooks'];
  resolveResponsibleUnit: RoutingActivities['resolveResponsibleUnit'];
}

/** The activity functions the deployment workflow calls (reporting cycle, drafts, late and missing marks). */
export interface DeploymentActivities {
  loadDeploymentSetup: DeploymentActivityClass['loadDeploymentSetup'];
  saveDeploymentPlan: DeploymentActivityClass['saveDeploymentPlan'];
  prepareReportDraft: DeploymentActivityClass['prepareReportDraft'];
  sendReportReminder: DeploymentActivityClass['sendReportReminder'];
  markReportLate: DeploymentActivityClass['markReportLate'];
  markReportMissing: DeploymentActivityClass['markReportMissing'];
  recordDeploymentEvent: DeploymentActivityClass['recordDeploymentEvent'];
}

export type WorkerActivities = CaseActivities & OutboxActivities & ServiceActivities & DeploymentActivities;
