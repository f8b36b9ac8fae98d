import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { createHmac } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { WEBHOOK_TIMEOUT_MS, type NotificationActivities } from '@activities/notification.activities';
import type { AppConfig } from '@libs/config';
import { freePort } from '../support/ports';
import { createAccount, type TestAccount } from '../support/signed-in';
import { pgClient, testConfig } from '../support/stack';
import { notificationActivities, notifyInput } from './support';
import { WebhookReceiver } from './webhook-receiver';

const SECRET = 'webhook-secret-for-tests';
const PUBLIC_URL = 'https://vuviec.bnv.example.gov.vn/app/';

function withWebhook(url: string | null, secret: string | null): AppConfig {
  const base = testConfig();
  return {
    ...base,
    api: { ...base.api, publicUrl: PUBLIC_URL },
    notifications: { webhookUrl: url, webhookSecret: secret },
  };
}

describe('deliverWebhooks against a local receiver', () => {
  const receiver = new WebhookReceiver();
  const contexts: INestApplicationContext[] = [];
  let receiverUrl: string;
  let signed: NotificationActivities;
  let db: PgClient;
  let alice: TestAccount;
  let bob: TestAccount;

  async function activitiesWith(config: AppConfig): Promise<NotificationActivities> {
    const { context, activities } = await notificationActivities(config);
    contexts.push(context);
    return activities;
  }

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    db = await pgClient();
    signed = await activitiesWith(withWebhook(receiverUrl, SECRET));
    alice = await createAccount(db, {
      roles: ['official'],
      displayName: 'Phạm Thị Lan',
      email: 'lan.pham@example.gov.vn',
    });
    bob = await createAccount(db, { roles: ['official'], displayName: 'Đỗ Văn Hùng', email: null });
  });

  beforeEach(() => receiver.reset());

  afterAll(async () => {
    await Promise.all([receiver.stop(), db?.end(), ...contexts.map((context) => context.close())]);
  });

  async function deliveries(ids: string[]) {
    const { rows } = await db.query(
      `SELECT notification_id, attempts, last_status, last_error, delivered_at
         FROM webhook_deliveries WHERE notification_id = ANY ($1::uuid[]) ORDER BY notification_id`,
      [ids],
    );
    return rows;
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  it('posts each notification once, signed, with an absolute link, and records the delivery', async () => {
    const input = notifyInput({ userIds: [alice.userId, bob.userId] });
    const { notificationIds } = await signed.notify(input);
    await signed.deliverWebhooks({ notificationIds });

    expect(receiver.received).toHaveLength(2);
    const byRecipient = new Map(
      receiver.received.map((hook) => [(hook.body.recipient as { userId: string }).userId, hook]),
    );
    const hook = byRecipient.get(alice.userId)!;
    expect(hook.body).toEqual({
      id: expect.any(String),
      kind: 'escalation_received',
      caseId: input.caseId,
      eventSequence: 3,
      recipient: { userId: alice.userId, displayName: 'Phạm Thị Lan', email: 'lan.pham@example.gov.vn' },
      title: { vi: input.titleVi, en: input.titleEn },
      body: { vi: input.bodyVi, en: input.bodyEn },
      link: `https://vuviec.bnv.example.gov.vn/app/cases/${input.caseId}`,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(byRecipient.get(bob.userId)!.body.recipient).toEqual({
      userId: bob.userId,
      displayName: 'Đỗ Văn Hùng',
      email: null,
    });
    for (const received of receiver.received) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(received.rawBody).digest('hex')}`;
      expect(received.headers['x-signature']).toBe(expected);
      expect(received.headers['x-notification-id']).toBe(received.body.id);
      expect(received.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(sorted(receiver.received.map((received) => received.body.id as string))).toEqual(sorted(notificationIds));

    const rows = await deliveries(notificationIds);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ attempts: 1, last_status: 204, last_error: null });
    for (const row of rows) expect(row.delivered_at).toBeInstanceOf(Date);
  });

  it('skips what was already delivered: calling again sends nothing', async () => {
    const { notificationIds } = await signed.notify(notifyInput({ userIds: [alice.userId] }));
    await signed.deliverWebhooks({ notificationIds });
    await signed.deliverWebhooks({ notificationIds });
    await signed.deliverWebhooks({ notificationIds: [...notificationIds, ...notificationIds] });
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries(notificationIds))[0].attempts).toBe(1);
  });

  it('throws a retryable failure on HTTP 500, then delivers on the next attempt', async () => {
    const { notificationIds } = await signed.notify(notifyInput({ userIds: [alice.userId] }));
    receiver.answerWith(500);
    const failure = await failureOf(signed.deliverWebhooks({ notificationIds }));
    expect(failure.type).toBe('WEBHOOK_DELIVERY_FAILED');
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.message).toContain('500');
    expect((await deliveries(notificationIds))[0]).toMatchObject({
      attempts: 1,
      last_status: 500,
      last_error: 'HTTP 500: receiver says 500',
      delivered_at: null,
    });

    await signed.deliverWebhooks({ notificationIds });
    const [row] = await deliveries(notificationIds);
    expect(row).toMatchObject({ attempts: 2, last_status: 204, last_error: null });
    expect(row.delivered_at).toBeInstanceOf(Date);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].rawBody).toBe(receiver.received[1].rawBody);
  });

  it('re-sends only the notifications that failed', async () => {
    const { notificationIds } = await signed.notify(notifyInput({ userIds: [alice.userId, bob.userId] }));
    receiver.answerWith(200, 503);
    await expect(signed.deliverWebhooks({ notificationIds })).rejects.toThrow(/1 of 2/);
    const failedId = (await deliveries(notificationIds)).find((row) => row.delivered_at === null)!.notification_id;
    receiver.reset();
    await signed.deliverWebhooks({ notificationIds });
    expect(receiver.received.map((received) => received.body.id)).toEqual([failedId]);
    expect((await deliveries(notificationIds)).every((row) => row.delivered_at !== null)).toBe(true);
  });

  it('records a refused connection as a failed attempt without a status', async () => {
    const closed = await activitiesWith(withWebhook(`http://127.0.0.1:${await freePort()}/hook`, SECRET));
    const { notificationIds } = await closed.notify(notifyInput({ userIds: [alice.userId] }));
    const failure = await failureOf(closed.deliverWebhooks({ notificationIds }));
    expect(failure.type).toBe('WEBHOOK_DELIVERY_FAILED');
    const [row] = await deliveries(notificationIds);
    expect(row).toMatchObject({ attempts: 1, last_status: null, delivered_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
  });

  it(`gives up on a receiver that does not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`, async () => {
    const { notificationIds } = await signed.notify(notifyInput({ userIds: [alice.userId] }));
    receiver.answerWith('hang');
    const started = Date.now();
    await failureOf(signed.deliverWebhooks({ notificationIds }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(WEBHOOK_TIMEOUT_MS - 100);
    expect(Date.now() - started).toBeLessThan(WEBHOOK_TIMEOUT_MS + 3000);
    expect((await deliveries(notificationIds))[0].last_error).toBe(`no response within ${WEBHOOK_TIMEOUT_MS} ms`);
  });

  it('sends no X-Signature without a secret', async () => {
    const unsigned = await activitiesWith(withWebhook(receiverUrl, null));
    const { notificationIds } = await unsigned.notify(notifyInput({ userIds: [bob.userId] }));
    await unsigned.deliverWebhooks({ notificationIds });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['x-signature']).toBeUndefined();
  });

  it('does nothing without a webhook URL', async () => {
    const inAppOnly = await activitiesWith(withWebhook(null, SECRET));
    const { notificationIds } = await inAppOnly.notify(notifyInput({ userIds: [alice.userId] }));
    await inAppOnly.deliverWebhooks({ notificationIds });
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(notificationIds)).toHaveLength(0);
  });
});

const sorted = (ids: string[]) => [...ids].sort();
