import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Client as PgClient } from 'pg';
import { NotificationActivities } from '@activities/notification.activities';
import { SlaActivities } from '@activities/sla.activities';
import { APP_CONFIG, ConfigModule } from '@libs/config';
import type { NotifyInput, ResolveSlaPolicyInput } from '@libs/contracts';
import { DatabaseModule } from '@libs/database';
import { createAccount, type TestAccount } from '../support/signed-in';
import { pgClient, temporalClient, testConfig, testDataConverter } from '../support/stack';
import { notifyInput } from './support';
import { WebhookReceiver } from './webhook-receiver';

const repositoryRoot = path.resolve(__dirname, '..', '..');

/**
 * The activities as the worker registers them, run by a real Temporal worker: its retries (not the test calling
 * again) drive redelivery, and its failure handling must honour the non-retryable policy error.
 */
describe('SLA and notification activities under real Temporal retries', () => {
  const receiver = new WebhookReceiver();
  let context: INestApplicationContext;
  let db: PgClient;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let connection: NativeConnection;
  let bundle: WorkflowBundle;
  let people: TestAccount[];

  beforeAll(async () => {
    const base = testConfig();
    const config = { ...base, notifications: { webhookUrl: await receiver.start(), webhookSecret: 'temporal-test' } };
    context = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule],
      providers: [SlaActivities, NotificationActivities],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await context.init();
    [db, temporal, connection, bundle] = await Promise.all([
      pgClient(),
      temporalClient(),
      NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS }),
      bundleWorkflowCode({
        workflowsPath: path.join(__dirname, 'fixtures', 'notification-workflows.ts'),
        webpackConfigHook: (webpack) => {
          webpack.resolve = webpack.resolve ?? {};
          webpack.resolve.alias = {
            ...(webpack.resolve.alias as Record<string, string> | undefined),
            '@libs': path.join(repositoryRoot, 'libs'),
            '@activities': path.join(repositoryRoot, 'activities'),
          };
          return webpack;
        },
        logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
      }),
    ]);
    people = [
      await createAccount(db, { roles: ['working_group'] }),
      await createAccount(db, { roles: ['working_group'] }),
    ];
  });

  afterAll(async () => {
    await Promise.all([receiver.stop(), context?.close(), db?.end(), temporal?.close(), connection?.close()]);
  });

  /** Real activities from DI, counted, with the first `notify` attempt dying after it committed. */
  function instrumentedActivities() {
    const sla = context.get(SlaActivities);
    const notifications = context.get(NotificationActivities);
    const attempts = { notify: 0, deliverWebhooks: 0, resolveSlaPolicy: 0 };
    const activities = {
      notify: async (input: NotifyInput) => {
        attempts.notify += 1;
        const result = await notifications.notify(input);
        if (attempts.notify === 1) throw new Error('simulated crash after the notifications were written');
        return result;
      },
      deliverWebhooks: async (input: { notificationIds: string[] }) => {
        attempts.deliverWebhooks += 1;
        return notifications.deliverWebhooks(input);
      },
      resolveSlaPolicy: async (input: ResolveSlaPolicyInput) => {
        attempts.resolveSlaPolicy += 1;
        return sla.resolveSlaPolicy(input);
      },
    };
    return { activities, attempts };
  }

  async function runWorker<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `notifications-${randomUUID()}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      dataConverter: testDataConverter(),
    });
    return worker.runUntil(body(taskQueue));
  }

  it('notifies once despite a crashed attempt, and Temporal retries the webhook until the receiver accepts', async () => {
    const { activities, attempts } = instrumentedActivities();
    receiver.answerWith(500, 500, 204, 204);
    const input = notifyInput({ userIds: people.map((person) => person.userId) }, { kind: 'case_auto_escalated' });

    const result = await runWorker(activities, (taskQueue) =>
      temporal.client.workflow.execute('notifyAndDeliverWorkflow', {
        workflowId: `notify-${input.caseId}`,
        taskQueue,
        args: [input],
      }),
    );

    expect(attempts.notify).toBe(2);
    const { rows } = await db.query(`SELECT id FROM notifications WHERE case_id = $1 ORDER BY id`, [input.caseId]);
    expect(rows).toHaveLength(2);
    expect([...result.notificationIds].sort()).toEqual(rows.map((row: { id: string }) => row.id));

    // Attempt 1: both refused (500, 500). Attempt 2: both accepted. Nothing delivered twice.
    expect(attempts.deliverWebhooks).toBe(2);
    expect(receiver.received).toHaveLength(4);
    const deliveries = await db.query(
      `SELECT attempts, last_status, delivered_at FROM webhook_deliveries WHERE notification_id = ANY ($1::uuid[])`,
      [result.notificationIds],
    );
    expect(deliveries.rows).toHaveLength(2);
    for (const row of deliveries.rows) {
      expect(row).toMatchObject({ attempts: 2, last_status: 204 });
      expect(row.delivered_at).toBeInstanceOf(Date);
    }
  });

  it('fails the workflow at the first SLA_POLICY_MISSING, without retrying the activity', async () => {
    const { activities, attempts } = instrumentedActivities();
    const input: ResolveSlaPolicyInput = {
      policySet: `missing-${randomUUID().slice(0, 8)}`,
      field: 'civil_service',
      priority: 'high',
      level: 'working_group',
    };
    const error = await runWorker(activities, (taskQueue) =>
      temporal.client.workflow
        .execute('resolveSlaPolicyWorkflow', { workflowId: `sla-${randomUUID()}`, taskQueue, args: [input] })
        .catch((reason: unknown) => reason),
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('SLA_POLICY_MISSING');
    expect((cause as ApplicationFailure).message).toContain(input.policySet);
    expect(attempts.resolveSlaPolicy).toBe(1);
  });

  it('resolves the fast-test policy through the worker (plain JSON survives the round trip)', async () => {
    const { activities } = instrumentedActivities();
    const decision = await runWorker(activities, (taskQueue) =>
      temporal.client.workflow.execute('resolveSlaPolicyWorkflow', {
        workflowId: `sla-${randomUUID()}`,
        taskQueue,
        args: [{ policySet: 'fast-test', field: 'youth', priority: 'urgent', level: 'unit_head' }],
      }),
    );
    expect(decision).toMatchObject({ policyId: 'fast-test.urgent', allowanceMs: 4000, renotifyIntervalMs: 3000 });
    expect(decision.calendar).toMatchObject({ id: 'always-working', alwaysWorking: true, overrides: [] });
  });
});
