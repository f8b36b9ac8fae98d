import type { CaseEventActivities } from './case-events.activities';
import type { LevelActivities } from './level.activities';
import type { MergeActivities } from './merge.activities';
import type { NotificationActivities } from './notification.activities';
import type { RoutingActivities } from './routing.activities';
import type { SlaActivities } from './sla.activities';

export { CaseEventActivities } from './case-events.activities';
export { LevelActivities } from './level.activities';
export { MergeActivities } from './merge.activities';
export { NotificationActivities } from './notification.activities';
export { RoutingActivities } from './routing.activities';
export { SlaActivities } from './sla.activities';

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

export type WorkerActivities = CaseActivities & OutboxActivities & ServiceActivities;
