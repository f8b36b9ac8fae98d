import { Module, type Type } from '@nestjs/common';
import { CaseEventActivities } from './case-events.activities';
import { LevelActivities } from './level.activities';
import { caseClientProvider, MergeActivities } from './merge.activities';
import { DeploymentActivities as DeploymentActivityClass } from './deployment.activities';
import type { WorkerActivities } from './index';
import { NotificationActivities } from './notification.activities';
import { RoutingActivities } from './routing.activities';
import { SlaActivities } from './sla.activities';

const ACTIVITY_CLASSES = [
  CaseEventActivities,
  SlaActivities,
  NotificationActivities,
  RoutingActivities,
  LevelActivities,
  MergeActivities,
  DeploymentActivityClass,
];

/** Activity classes, built by Nest DI so they share the process's DataSource and configuration. */
@Module({
  providers: [...ACTIVITY_CLASSES, caseClientProvider],
  exports: [...ACTIVITY_CLASSES, caseClientProvider],
})
export class ActivitiesModule {}

/** Flattens the injectable activity classes into the name → function map the Temporal worker registers. */
export function activityFunctions(container: { get<T>(type: Type<T>): T }): WorkerActivities {
  const caseEvents = container.get(CaseEventActivities);
  const sla = container.get(SlaActivities);
  const notifications = container.get(NotificationActivities);
  const routing = container.get(RoutingActivities);
  const level = container.get(LevelActivities);
  const merge = container.get(MergeActivities);
  const deployments = container.get(DeploymentActivityClass);
  return {
    recordCaseEvents: caseEvents.recordCaseEvents.bind(caseEvents),
    prepareLevel: level.prepareLevel.bind(level),
    acceptDuplicate: merge.acceptDuplicate.bind(merge),
    drainWebhookOutbox: notifications.drainWebhookOutbox.bind(notifications),
    loadDeploymentSetup: deployments.loadDeploymentSetup.bind(deployments),
    saveDeploymentPlan: deployments.saveDeploymentPlan.bind(deployments),
    prepareReportDraft: deployments.prepareReportDraft.bind(deployments),
    sendReportReminder: deployments.sendReportReminder.bind(deployments),
    markReportLate: deployments.markReportLate.bind(deployments),
    markReportMissing: deployments.markReportMissing.bind(deployments),
    recordDeploymentEvent: deployments.recordDeploymentEvent.bind(deployments),
    resolveSlaPolicy: sla.resolveSlaPolicy.bind(sla),
    notify: notifications.notify.bind(notifications),
    deliverWebhooks: notifications.deliverWebhooks.bind(notifications),
    resolveResponsibleUnit: routing.resolveResponsibleUnit.bind(routing),
  };
}
