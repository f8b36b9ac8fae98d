import type { CaseEventActivities } from './case-events.activities';
import type { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';
import type { NotificationActivities } from './notification.activities';
import type { RoutingActivities } from './routing.activities';
import type { SlaActivities } from './sla.activities';

export { CaseEventActivities } from './case-events.activities';
export { NotificationActivities } from './notification.activities';
export { RoutingActivities } from './routing.activities';
export { SlaActivities } from './sla.activities';
export { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';

/** The activity functions the case workflow calls, as seen through `proxyActivities`. */
export interface CaseActivities {
  recordCaseEvent: CaseEventActivities['recordCaseEvent'];
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
