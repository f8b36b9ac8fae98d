import { Module, type Type } from '@nestjs/common';
import { CaseEventActivities } from './case-events.activities';
import { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';
import type { CaseActivities, DeploymentActivities } from './index';
import { NotificationActivities } from './notification.activities';
import { RoutingActivities } from './routing.activities';
import { SlaActivities } from './sla.activities';

const ACTIVITY_CLASSES = [
  CaseEventActivities,
  SlaActivities,
  NotificationActivities,
  RoutingActivities,
  DeploymentActivityClass,
];

/** Activity classes, built by Nest DI so they share the process's DataSource and configuration. */
@Module({
  providers: ACTIVITY_CLASSES,
  exports: ACTIVITY_CLASSES,
})
export class ActivitiesModule {}

/** Flattens the injectable activity classes into the name → function map the Temporal worker registers. */
export function activityFunctions(container: { get<T>(type: Type<T>): T }): CaseActivities & DeploymentActivities {
  const caseEvents = container.get(CaseEventActivities);
  const sla = container.get(SlaActivities);
  const notifications = container.get(NotificationActivities);
  const routing = container.get(RoutingActivities);
  const deployments = container.get(DeploymentActivityClass);
  return {
    loadDeploymentSetup: deployments.loadDeploymentSetup.bind(deployments),
    saveDeploymentPlan: deployments.saveDeploymentPlan.bind(deployments),
    prepareReportDraft: deployments.prepareReportDraft.bind(deployments),
    sendReportReminder: deployments.sendReportReminder.bind(deployments),
    markReportLate: deployments.markReportLate.bind(deployments),
    markReportMissing: deployments.markReportMissing.bind(deployments),
    recordDeploymentEvent: deployments.recordDeploymentEvent.bind(deployments),
    recordCaseEvent: caseEvents.recordCaseEvent.bind(caseEvents),
    resolveSlaPolicy: sla.resolveSlaPolicy.bind(sla),
    notify: notifications.notify.bind(notifications),
    deliverWebhooks: notifications.deliverWebhooks.bind(notifications),
    resolveResponsibleUnit: routing.resolveResponsibleUnit.bind(routing),
  };
}
