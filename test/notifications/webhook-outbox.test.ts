import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import { webhookOutboxWorkflowId } from '@libs/contracts';
import { act, caseInput, startCase, testActors } from '../support/cases';
import { eventually, pgClient, startWorker, temporalClient, testConfig } from '../support/stack';
import { insertUsers } from '../support/users';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Webhooks never hold a case (issue 7): notifications are written with their event in one transaction and delivered
 * from an outbox by a workflow of their own. While the receiver is down the case's deadlines still fire; once it is
 * back every notification is delivered, and none again after the receiver acknowledged it.
 */
describe('the webhook outbox', () => {
  const receiver = new WebhookReceiver();
  const who = testActors();
  let config: ReturnType<typeof testConfig>;
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;

  beforeAll(async () => {
    const base = testConfig();
    config = { ...base, notifications: { webhookUrl: await receiver.start(), webhookSecret: 'outbox-test' } };
    [worker, temporal, db] = await Promise.all([startWorker(config), temporalClient(), pgClient()]);
    await insertUsers(db, Object.values(who));
  });

  afterAll(async () => {
    await temporal?.client.workflow
      .getHandle(webhookOutboxWorkflowId(config.temporal.taskQueue))
      .terminate('suite finished')
      .catch(() => undefined);
    await Promise.all([worker?.close(), temporal?.close(), db?.end(), receiver.stop()]);
  });

  it('a receiver that is down delays only its deliveries; each notification is acknowledged once', async () => {
    // Down for the first requests (each failed attempt comes due again 2 s, then 4 s later).
    receiver.answerWith(500, 503, 500);
    const handle = await startCase(temporal.client, config.temporal.taskQueue, caseInput(who.official));
    await act(handle, who.official, { type: 'escalate', target: 'working_group', question: 'Hỏi?' });

    // The case's own clock runs regardless: the 50 % reminder (4 s under fast-test) is recorded on time.
    await eventually(async () => {
      const { rows } = await db.query(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'deadline_reminder'`, [
        handle.workflowId,
      ]);
      return rows.length > 0 ? true : undefined;
    }, 15000);
    // No activity of the case's history is about webhooks: its writes are local activities, its timer its own.
    const history = await handle.fetchHistory();
    expect(history.events?.some((event) => event.activityTaskScheduledEventAttributes)).toBe(false);

    const { rows: mine } = await db.query<{ id: string }>(`SELECT id FROM notifications WHERE case_id = $1`, [
      handle.workflowId,
    ]);
    expect(mine.length).toBeGreaterThan(0);
    const ids = mine.map((row) => row.id);
    await eventually(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE notification_id = ANY ($1::uuid[]) AND delivered_at IS NOT NULL`,
          [ids],
        );
        return rows[0].n === ids.length ? true : undefined;
      },
      30000,
      200,
    ).catch(async (error: unknown) => {
      const state = await db.query(`SELECT * FROM webhook_deliveries WHERE notification_id = ANY ($1::uuid[])`, [ids]);
      throw new Error(`${String(error)}; outbox: ${JSON.stringify(state.rows)}; received ${receiver.received.length}`);
    });
    const failedFirst = await db.query<{ attempts: number }>(
      `SELECT attempts FROM webhook_deliveries WHERE notification_id = ANY ($1::uuid[]) ORDER BY attempts DESC LIMIT 1`,
      [ids],
    );
    expect(failedFirst.rows[0].attempts).toBeGreaterThan(1); // retried after the receiver's failures

    // Acknowledged notifications are never posted again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const id of ids) {
      const posts = receiver.received.filter((hook) => hook.body.id === id);
      const { rows } = await db.query<{ attempts: number }>(
        `SELECT attempts FROM webhook_deliveries WHERE notification_id = $1`,
        [id],
      );
      // Every attempt reached the receiver once; the last one was the acknowledged one.
      expect(posts).toHaveLength(rows[0].attempts);
    }
  }, 60000);
});
