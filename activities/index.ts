import type { CaseEventActivities } from './case-events.activities';
import type { NotificationActivities } from './notification.activities';
import type { RoutingActivities } from './routing.activities';
import type { SlaActivities } from './sla.activities';

export { CaseEventActivities } from './case-events.activities';
export { NotificationActivities } from './notification.activities';
export { RoutingActivities } from './routing.activities';
export { SlaActivities } from './sla.activities';

/** The activity functions the case workflow calls, as seen through `proxyActivities`. */
export interface CaseActivities {
  recordCaseEvent: CaseEventActivities['recordCaseEvent'];
  resolveSlaPolicy: SlaActivities['resolveSlaPolicy'];
  notify: NotificationActivities['notify'];
  deliverWebhooks: NotificationActivities['deliverWebhooks'];
  resolveResponsibleUnit: RoutingActivities['resolveResponsibleUnit'];
}
