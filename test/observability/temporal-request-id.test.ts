import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type SignedIn, type TestUser } from '../support/auth';
import { distEntry } from '../support/dist';
import { eventually, pgClient, startApi, testConfig, validCase, type RunningApi } from '../support/stack';
import { CapturedLog, parseJsonLines, type LogLine } from './log-capture';

/**
 * One request's id from the HTTP edge to the database: the API sends it to Temporal as a header, the workflow passes
 * it on to the activities the request caused, and the worker process (as deployed, JSON logs) writes it on their
 * log lines; the events the request caused store it in case_events.request_id.
 */
describe('request id through Temporal', () => {
  const config = testConfig();
  const apiLog = new CapturedLog('api', 'info');
  let api: RunningApi;
  let db: PgClient;
  let worker: ChildProcess;
  let official: SignedIn & { user: TestUser };
  let workerOutput = '';

  beforeAll(async () => {
    worker = spawn(process.execPath, [distEntry('apps/worker/src/main.js')], {
      env: {
        ...process.env,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        SLA_POLICY_SET: config.slaPolicySet,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        TEMPORAL_SDK_LOG_LEVEL: 'DEBUG',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    [api, db] = await Promise.all([startApi(config, { logger: apiLog.logger }), pgClient()]);
    official = await asRole(api.url, db, 'official');
    await eventually(() => (workerOutput.includes('Polling task queue') ? true : undefined), 30000, 100);
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await Promise.all([api?.close(), db?.end()]);
  });

  const workerLines = (): LogLine[] => parseJsonLines(workerOutput);

  it('reaches the activity log lines of the worker and case_events.request_id, for the start and for an update', async () => {
    const raiseId = `raise-${randomUUID()}`;
    const raised = await request(api.url)
      .post('/api/cases')
      .set(official.authHeader)
      .set('X-Request-Id', raiseId)
      .send(validCase)
      .expect(201);
    const caseId = raised.body.id as string;
    await eventually(async () => {
      const { rows } = await db.query(`SELECT 1 FROM case_events WHERE case_id = $1`, [caseId]);
      return rows.length > 0 ? true : undefined;
    }, 15000);

    const escalateId = `escalate-${randomUUID()}`;
    await request(api.url)
      .post(`/api/cases/${caseId}/escalate`)
      .set(official.authHeader)
      .set('X-Request-Id', escalateId)
      .send({ target: 'unit_head', question: 'Bố trí công chức dôi dư thế nào?' })
      .expect(200);

    const { rows: events } = await db.query<{ type: string; request_id: string | null }>(
      `SELECT type, request_id FROM case_events WHERE case_id = $1 AND sequence <= 2 ORDER BY sequence`,
      [caseId],
    );
    expect(events).toEqual([
      { type: 'case_reported', request_id: raiseId },
      { type: 'case_escalated', request_id: escalateId },
    ]);

    // The SDK's "Activity completed" line for each activity the request caused, with the request and case ids.
    const completed = (requestId: string) =>
      workerLines().filter((line) => line.message === 'Activity completed' && line.requestId === requestId);
    const raiseLines = await eventually(() => {
      const lines = completed(raiseId);
      return lines.length >= 1 ? lines : undefined;
    }, 10000);
    expect(raiseLines.map((line) => line.activityType)).toEqual(['recordCaseEvents']);
    expect(raiseLines[0]).toMatchObject({ process: 'worker', level: 'debug', caseId, workflowId: caseId });

    const escalateLines = await eventually(() => {
      const types = new Set(completed(escalateId).map((line) => line.activityType));
      return types.has('prepareLevel') && types.has('recordCaseEvents') ? completed(escalateId) : undefined;
    }, 10000);
    // One read (the level's unit and policy) and one write (event, projection and notifications) per action.
    expect(escalateLines.map((line) => line.activityType).sort()).toEqual(['prepareLevel', 'recordCaseEvents']);
    for (const line of escalateLines) expect(line.caseId).toBe(caseId);

    // Work that a timer causes later (the 50 % reminder, seconds away under the test policy) belongs to no request.
    const reminder = await eventually(
      async () => {
        const { rows } = await db.query<{ request_id: string | null }>(
          `SELECT request_id FROM case_events WHERE case_id = $1 AND type = 'deadline_reminder'`,
          [caseId],
        );
        return rows[0];
      },
      15000,
      100,
    );
    expect(reminder.request_id).toBeNull();
    const reminderWrites = await eventually(() => {
      const lines = workerLines().filter(
        (line) =>
          line.message === 'Activity completed' && line.activityType === 'recordCaseEvents' && line.caseId === caseId,
      );
      return lines.length >= 3 ? lines : undefined;
    }, 5000);
    expect(reminderWrites.map((line) => line.requestId)).toEqual([raiseId, escalateId, undefined]);

    // And the API's own lines of those requests (the access lines) carry the same ids.
    expect(await apiLog.accessLineOf(raiseId)).toMatchObject({ status: 201, userId: official.user.id });
    expect(await apiLog.accessLineOf(escalateId)).toMatchObject({ status: 200, userId: official.user.id, caseId });
  });

  it('writes only JSON lines, each naming the worker process', () => {
    const lines = workerLines();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).toMatchObject({ process: 'worker', level: expect.any(String), message: expect.any(String) });
      expect(Date.parse(line.time)).not.toBeNaN();
    }
  });
});
