import { Inject, Injectable, Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createHmac } from 'node:crypto';
import type { DeliverWebhooksInput, NotifyInput, NotifyResult } from '@libs/contracts';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService } from '@libs/database';

export const NOTIFY_INPUT_INVALID = 'NOTIFY_INPUT_INVALID';
export const WEBHOOK_DELIVERY_FAILED = 'WEBHOOK_DELIVERY_FAILED';

/** How long one webhook request may take before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 5000;
/** Requests in flight at once; a notice goes to a handful of people, so this rarely matters. */
const WEBHOOK_CONCURRENCY = 4;
/** An outbox row being posted is leased this long; a drain that died lets it become due again after it. */
const OUTBOX_LEASE_SECONDS = 60;
const OUTBOX_BATCH = 20;
const OUTBOX_IDLE_MS = 500;
/** A notification no receiver acknowledged in three days is marked abandoned (kept, and still in the inbox). */
export const WEBHOOK_ABANDON_AFTER_HOURS = 72;

export interface DrainWebhookOutboxInput {
  /** How long one drain runs before it returns (its workflow starts the next). */
  maxRunMs: number;
  idleIntervalMs?: number;
}

export interface DrainWebhookOutboxResult {
  delivered: number;
  failed: number;
}

/** The running activity's context, or null when called directly (a test). */
function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}
const ERROR_TEXT_MAX = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the webhook receives (JSON), one request per notification. */
export interface WebhookPayload {
  id: string;
  kind: string;
  caseId: string;
  eventSequence: number;
  recipient: { userId: string; displayName: string | null; email: string | null };
  title: { vi: string; en: string };
  body: { vi: string; en: string };
  /** Absolute: API_PUBLIC_URL + the notification's path. */
  link: string;
  createdAt: string;
}

/** `sha256=<hex HMAC-SHA256 of the exact request body>`, as sent in `X-Signature`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The product path made absolute against the public base URL (which may itself carry a path). */
export function absoluteLink(publicUrl: string, link: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  return `${publicUrl.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

interface PendingRow {
  id: string;
  recipient_user_id: string;
  case_id: string;
  event_sequence: number;
  kind: string;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  link: string;
  created_at: Date;
  display_name: string | null;
  email: string | null;
}

interface AttemptOutcome {
  id: string;
  delivered: boolean;
  status: number | null;
  error: string | null;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Runs one SQL statement (a DataSource or a transaction's EntityManager). */
export type QueryRunnerFn = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;

/**
 * Writes one notification per recipient: the explicit `userIds` plus every user holding one of `roles` (only in
 * `unitCode` when given). Recipients are active accounts of `users`; ids that are not accounts (placeholders such as
 * `anonymous`, deactivated people) are left out. Returns the ids of the audience's notifications for this event and
 * kind, including rows an earlier attempt wrote, so a retry returns the same ids. Idempotent by the natural key
 * (case, event sequence, kind, recipient).
 */
export async function writeNotifications(query: QueryRunnerFn, input: NotifyInput): Promise<string[]> {
  if (!UUID.test(input.caseId)) throw invalidInput(`caseId must be a UUID, got "${input.caseId}"`);
  if (!Number.isInteger(input.eventSequence) || input.eventSequence < 1) {
    throw invalidInput(`eventSequence must be a positive integer, got ${input.eventSequence}`);
  }
  for (const key of ['kind', 'titleVi', 'titleEn', 'bodyVi', 'bodyEn', 'link'] as const) {
    if (typeof input[key] !== 'string' || input[key] === '') throw invalidInput(`${key} must be a non-empty string`);
  }
  const requested = input.audience.userIds ?? [];
  const userIds = unique(requested.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()));
  const roles = unique(input.audience.roles ?? []);
  if (userIds.length === 0 && roles.length === 0) return [];

  const audience = await query(
    `SELECT id FROM users
      WHERE active
        AND (id = ANY ($1::uuid[]) OR (roles && $2::text[] AND ($3::text IS NULL OR unit_code = $3)))
      ORDER BY id`,
    [userIds, roles, input.audience.unitCode ?? null],
  );
  if (audience.length === 0) return [];
  const recipients = audience.map((row) => row.id);
  const key = [input.caseId, input.eventSequence, input.kind];
  await query(
    `INSERT INTO notifications
       (recipient_user_id, case_id, event_sequence, kind, title_vi, title_en, body_vi, body_en, link)
     SELECT recipient, $2, $3, $4, $5, $6, $7, $8, $9 FROM unnest($1::uuid[]) AS recipient
     ON CONFLICT (case_id, event_sequence, kind, recipient_user_id) DO NOTHING`,
    [recipients, ...key, input.titleVi, input.titleEn, input.bodyVi, input.bodyEn, input.link],
  );
  // A separate statement (a fresh snapshot) also sees rows a concurrent attempt committed while we waited on it.
  const rows = await query(
    `SELECT id FROM notifications
      WHERE case_id = $1 AND event_sequence = $2 AND kind = $3 AND recipient_user_id = ANY ($4::uuid[])
      ORDER BY recipient_user_id`,
    [...key, recipients],
  );
  return rows.map((row) => row.id);
}

function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: NOTIFY_INPUT_INVALID, nonRetryable: true, message });
}

/**
 * In-app notifications and their delivery to an outgoing webhook. Both methods are idempotent: `notify` writes with
 * the natural key (case, event sequence, kind, recipient), `deliverWebhooks` skips what the webhook already accepted.
 */
@Injectable()
export class NotificationActivities {
  private readonly logger = new Logger(NotificationActivities.name);

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Writes one notification per recipient: the explicit `userIds` plus every user holding one of `roles` (only in
   * `unitCode` when given). Recipients are active accounts of `users`; ids that are not accounts (placeholders
   * such as `anonymous`, deactivated people) are left out. Returns the ids of the audience's notifications for this
   * event and kind, including rows an earlier attempt wrote, so a retry returns the same ids.
   */
  async notify(input: NotifyInput): Promise<NotifyResult> {
    const dataSource = this.database.ready;
    const notificationIds = await writeNotifications((sql, params) => dataSource.query(sql, params), input);
    if (notificationIds.length > 0) this.logger.debug(`notify: ${notificationIds.length} notification(s)`);
    return { notificationIds };
  }

  /**
   * POSTs each notification not yet delivered to NOTIFY_WEBHOOK_URL (JSON, `X-Signature` when a secret is set,
   * 5 s timeout) and records every attempt in `webhook_deliveries`. Throws when any request fails (network error or
   * non-2xx) so Temporal retries; the retry skips what was delivered. No-op without a webhook URL.
   *
   * Delivery is at least once (a crash between the receiver's 2xx and our record re-sends): receivers deduplicate
   * on `id` (also sent as `X-Notification-Id`). Recommended activity options in the workflow:
   * `startToCloseTimeout: '1 minute'`, retry `{ initialInterval: '2 seconds', backoffCoefficient: 2,
   * maximumInterval: '5 minutes', maximumAttempts: 20 }` (about 1.2 hours of retrying); start it without awaiting
   * its result on the case's critical path, so a receiver that is down never holds a case back.
   */
  async deliverWebhooks(input: DeliverWebhooksInput): Promise<void> {
    const { webhookUrl, webhookSecret } = this.config.notifications;
    if (!webhookUrl) return;
    const ids = unique(input.notificationIds.filter((id) => UUID.test(id)));
    if (ids.length === 0) return;

    const pending = await this.pendingRows(ids);

    const outcomes: AttemptOutcome[] = [];
    const queue = [...pending];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const outcome = await this.post(webhookUrl, webhookSecret, row);
        await this.recordAttempt(outcome);
        outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WEBHOOK_CONCURRENCY, queue.length) }, worker));

    const failed = outcomes.filter((outcome) => !outcome.delivered);
    if (failed.length > 0) {
      throw ApplicationFailure.create({
        type: WEBHOOK_DELIVERY_FAILED,
        message:
          `Webhook refused or unreachable for ${failed.length} of ${pending.length} notification(s): ` +
          failed.map((outcome) => `${outcome.id} (${outcome.status ?? outcome.error})`).join('; '),
        details: failed.map(({ id, status, error }) => ({ id, status, error })),
      });
    }
  }

  /**
   * Drains the webhook outbox (rows of `webhook_deliveries` not yet delivered) for up to `maxRunMs`, heartbeating:
   * claims due rows (a short lease, so two drains never post the same notification at once), posts them, and
   * schedules failed ones again with exponential backoff (2 s doubling, at most 5 minutes). A notification is posted
   * until the receiver acknowledges it with a 2xx, and never after; one not acknowledged within
   * WEBHOOK_ABANDON_AFTER_HOURS is marked abandoned (it stays in the inbox and in the table). Run by its own workflow,
   * so no case ever waits for a receiver.
   */
  async drainWebhookOutbox(input: DrainWebhookOutboxInput): Promise<DrainWebhookOutboxResult> {
    const { webhookUrl, webhookSecret } = this.config.notifications;
    const result: DrainWebhookOutboxResult = { delivered: 0, failed: 0 };
    if (!webhookUrl) return result;
    const until = Date.now() + input.maxRunMs;
    const dataSource = this.database.ready;
    const context = activityContext();
    while (Date.now() < until && !context?.cancellationSignal.aborted) {
      context?.heartbeat(result);
      // A SELECT around the UPDATE: TypeORM returns UPDATE results as [rows, count], a SELECT as rows.
      const due: { notification_id: string }[] = await dataSource.query(
        `WITH claimed AS (
           UPDATE webhook_deliveries d SET next_attempt_at = now() + interval '${OUTBOX_LEASE_SECONDS} seconds'
            WHERE d.notification_id IN (
                  SELECT notification_id FROM webhook_deliveries
                   WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
                   ORDER BY next_attempt_at LIMIT ${OUTBOX_BATCH} FOR UPDATE SKIP LOCKED)
            RETURNING d.notification_id)
         SELECT notification_id FROM claimed`,
      );
      if (due.length === 0) {
        const idle = input.idleIntervalMs ?? OUTBOX_IDLE_MS;
        // In an activity, a cancellation (worker shutdown, workflow ended) ends the wait at once.
        await (context
          ? context.sleep(idle).catch(() => undefined)
          : new Promise((resolve) => setTimeout(resolve, idle)));
        continue;
      }
      const rows = await this.pendingRows(due.map((row) => row.notification_id));
      const queue = [...rows];
      const worker = async () => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          const outcome = await this.post(webhookUrl, webhookSecret, row);
          await this.recordAttempt(outcome);
          if (outcome.delivered) result.delivered += 1;
          else result.failed += 1;
        }
      };
      await Promise.all(Array.from({ length: Math.min(WEBHOOK_CONCURRENCY, queue.length) }, worker));
    }
    return result;
  }

  private pendingRows(ids: string[]): Promise<PendingRow[]> {
    return this.database.ready.query(
      `SELECT n.id, n.recipient_user_id, n.case_id, n.event_sequence, n.kind, n.title_vi, n.title_en, n.body_vi,
              n.body_en, n.link, n.created_at, u.display_name, u.email
         FROM notifications n
         LEFT JOIN users u ON u.id = n.recipient_user_id
         LEFT JOIN webhook_deliveries d ON d.notification_id = n.id
        WHERE n.id = ANY ($1::uuid[]) AND d.delivered_at IS NULL
        ORDER BY n.created_at, n.id`,
      [ids],
    );
  }

  private async post(url: string, secret: string | null, row: PendingRow): Promise<AttemptOutcome> {
    const payload: WebhookPayload = {
      id: row.id,
      kind: row.kind,
      caseId: row.case_id,
      eventSequence: row.event_sequence,
      recipient: { userId: row.recipient_user_id, displayName: row.display_name, email: row.email },
      title: { vi: row.title_vi, en: row.title_en },
      body: { vi: row.body_vi, en: row.body_en },
      link: absoluteLink(this.config.api.publicUrl, row.link),
      createdAt: row.created_at.toISOString(),
    };
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'commune-case-engine-webhook',
      'X-Notification-Id': row.id,
    };
    if (secret) headers['X-Signature'] = webhookSignature(secret, body);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) {
        return { id: row.id, delivered: true, status: response.status, error: null };
      }
      const error = `HTTP ${response.status}${text ? `: ${text.slice(0, ERROR_TEXT_MAX)}` : ''}`;
      return { id: row.id, delivered: false, status: response.status, error };
    } catch (error) {
      const reason = error as Error & { cause?: { code?: string; message?: string } };
      const message =
        reason.name === 'TimeoutError'
          ? `no response within ${WEBHOOK_TIMEOUT_MS} ms`
          : [reason.message, reason.cause?.code ?? reason.cause?.message].filter(Boolean).join(': ');
      return { id: row.id, delivered: false, status: null, error: message.slice(0, ERROR_TEXT_MAX) };
    }
  }

  private async recordAttempt(outcome: AttemptOutcome): Promise<void> {
    await this.database.ready.query(
      `INSERT INTO webhook_deliveries (notification_id, attempts, last_status, last_error, last_attempt_at, delivered_at,
                                       next_attempt_at)
       VALUES ($1, 1, $2, $3, now(), CASE WHEN $4 THEN now() END, NULL)
       ON CONFLICT (notification_id) DO UPDATE SET
         attempts = webhook_deliveries.attempts + 1,
         last_status = EXCLUDED.last_status,
         last_error = EXCLUDED.last_error,
         last_attempt_at = EXCLUDED.last_attempt_at,
         delivered_at = coalesce(webhook_deliveries.delivered_at, EXCLUDED.delivered_at),
         -- Outbox rows (next attempt set) come due again with exponential backoff; others stay out of the outbox.
         next_attempt_at = CASE WHEN webhook_deliveries.next_attempt_at IS NOT NULL
           THEN now() + least(interval '5 minutes', interval '2 seconds' * power(2, webhook_deliveries.attempts)) END,
         abandoned_at = CASE
           WHEN NOT $4 AND webhook_deliveries.created_at < now() - interval '${WEBHOOK_ABANDON_AFTER_HOURS} hours' THEN now()
         END`,
      [outcome.id, outcome.status, outcome.error, outcome.delivered],
    );
  }
}
