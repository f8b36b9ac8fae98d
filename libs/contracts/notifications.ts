import type { Role } from '@libs/domain';

export const NOTIFICATION_KINDS = [
  'escalation_received',
  'deadline_reminder',
  'deadline_breached',
  'case_auto_escalated',
  'overdue_renotice',
  'information_requested',
  'information_provided',
  'escalation_answered',
  'escalation_forwarded',
  'case_reassigned',
  'policy_proposed',
  'policy_decided',
  'case_merged',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who receives a notification: explicit users, and/or everyone holding a role (optionally within one unit). */
export interface NotificationAudience {
  userIds?: string[];
  roles?: Role[];
  /** With roles: only users of this unit (e.g. the unit heads of the unit the case is routed to). */
  unitCode?: string | null;
}

export interface NotifyInput {
  caseId: string;
  /** The case event that caused it: with the recipient it makes the write idempotent. */
  eventSequence: number;
  kind: NotificationKind;
  audience: NotificationAudience;
  titleVi: string;
  titleEn: string;
  bodyVi: string;
  bodyEn: string;
  /** Path in the product, e.g. `/cases/<id>`. */
  link: string;
}

export interface NotifyResult {
  notificationIds: string[];
}

export interface DeliverWebhooksInput {
  notificationIds: string[];
}
