import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { caseIdForIdempotencyKey } from '../../apps/api/src/idempotency/idempotency-key';
import { freePort } from '../support/ports';
import { eventually, temporalClient, validCase } from '../support/stack';
import {
  call,
  eventCounts,
  freshDatabase,
  newStackEnv,
  pgClient,
  signedInPeople,
  startApiProcess,
  startWorkerProcess,
  type ChildApp,
  type StackEnv,
} from './fault-stack';

/**
 * The API process is SIGKILLed while a request with an Idempotency-Key is in flight (its key claimed, its workflow
 * started or its update sent, the answer not yet given: no worker is running, so the request waits). After a
 * restart the client's retry with the same key gets the one result at once, and a second retry gets it replayed:
 * one workflow run, one event.
 */
describe('fault: API killed mid-request with an Idempotency-Key in flight', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: PgClient;
  let stack: StackEnv;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const apps: ChildApp[] = [];
  let apiUrl: string;

  beforeAll(async () => {
    database = await freshDatabase('apikill');
    db = await pgClient(database.url);
    temporal = await temporalClient();
    stack = newStackEnv(database.url, process.env.TEMPORAL_ADDRESS!, await freePort());
    apiUrl = `http://127.0.0.1:${stack.apiPort}`;
  }, 240000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill('SIGKILL')));
    await temporal?.close();
    await db?.end();
    await database?.drop();
  });

  const started = async (start: Promise<ChildApp>) => {
    const app = await start;
    apps.push(app);
    return app;
  };

  const runsOf = async (id: string): Promise<string[]> => {
    const runs: string[] = [];
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${id}'` }))
      runs.push(execution.runId);
    return runs;
  };

  it('the retry after the restart gets the one result, for a raise and for an action', async () => {
    // First the API alone: the raise starts the workflow and waits for its first event, which no worker records.
    let api = await started(startApiProcess(stack));
    const { official } = await signedInPeople(db, apiUrl);
    const raiseKey = randomUUID();
    const caseId = caseIdForIdempotencyKey(official.user.id, raiseKey);
    const raise = () =>
      call(apiUrl, 'POST', '/api/cases', { session: official, body: validCase, idempotencyKey: raiseKey });
    const inFlight = raise();
    await eventually(
      async () => ((await temporal.client.workflow.getHandle(caseId).describe()).status.name ? true : undefined),
      15000,
      100,
    );
    await api.kill('SIGKILL');
    expect((await inFlight).status).toBe(0); // the connection died with the process

    const worker = await started(startWorkerProcess(stack));
    api = await started(startApiProcess(stack));
    const retryStartedAt = Date.now();
    const retried = await raise();
    const retryMs = Date.now() - retryStartedAt;
    expect([retried.status, retried.body.id]).toEqual([201, caseId]);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await raise();
    expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(replayed.body).toEqual(retried.body);
    expect(await runsOf(caseId)).toHaveLength(1);

    // The same for an action: the escalation's update is sent, the worker is gone, the API dies waiting.
    await worker.kill('SIGTERM');
    const actionKey = randomUUID();
    const escalate = () =>
      call(apiUrl, 'POST', `/api/cases/${caseId}/escalate`, {
        session: official,
        body: { target: 'unit_head', question: 'Bố trí công chức dôi dư thế nào?' },
        idempotencyKey: actionKey,
      });
    const actionInFlight = escalate();
    await eventually(
      async () => {
        const { rows } = await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [actionKey]);
        return rows.length === 1 ? true : undefined;
      },
      10000,
      50,
    );
    // Past the claim the API sends the update at once; give it a moment to reach Temporal.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await api.kill('SIGKILL');
    expect((await actionInFlight).status).toBe(0);

    await started(startWorkerProcess(stack));
    await started(startApiProcess(stack));
    const actionRetryStartedAt = Date.now();
    const actionRetried = await escalate();
    const actionRetryMs = Date.now() - actionRetryStartedAt;
    expect([actionRetried.status, actionRetried.body.eventSequence]).toEqual([200, 2]);
    const actionReplayed = await escalate();
    expect([actionReplayed.status, actionReplayed.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(actionReplayed.body).toEqual(actionRetried.body);

    const { perCase, duplicates } = await eventCounts(db, [caseId]);
    expect(duplicates).toEqual([]);
    expect(perCase.get(caseId)).toEqual(['1:case_reported', '2:case_escalated']);
    expect(await runsOf(caseId)).toHaveLength(1);
    process.stdout.write(
      `[faults] API kill: retry of the raise answered in ${retryMs} ms, of the action in ${actionRetryMs} ms; ` +
        `1 run, events ${JSON.stringify(perCase.get(caseId))}\n`,
    );
  }, 180000);
});
