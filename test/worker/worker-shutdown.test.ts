import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { CASE_WORKFLOW_TYPE, type CaseRaiseInput } from '@libs/contracts';
import { distEntry } from '../support/dist';
import { eventually, pgClient, temporalClient } from '../support/stack';

/**
 * The worker process, as deployed, receives SIGTERM while an activity is in flight: it must stop polling, let the
 * activity finish and report, and exit 0 — nothing lost, nothing written twice.
 */
describe('worker shutdown', () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;
  let locker: PgClient;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    [temporal, db, locker] = await Promise.all([temporalClient(), pgClient(), pgClient()]);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await locker?.query('ROLLBACK').catch(() => undefined);
    await Promise.all([temporal?.close(), db?.end(), locker?.end()]);
  });

  it('drains on SIGTERM: the in-flight activity completes once and the process exits 0', async () => {
    const taskQueue = `shutdown-${randomUUID()}`;
    const output: string[] = [];
    worker = spawn(process.execPath, [distEntry('apps/worker/src/main.js')], {
      env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_FORMAT: 'json', TEMPORAL_SDK_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      worker!.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await eventually(() => (output.join('').includes('Polling task queue') ? true : undefined), 30000, 100);

    // Hold the event log so the activity blocks inside its transaction: it is "in flight".
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE case_events IN EXCLUSIVE MODE');

    const caseId = randomUUID();
    const input: CaseRaiseInput = {
      caseId,
      title: 'Kiểm tra dừng worker',
      description: 'Worker nhận SIGTERM khi hoạt động đang chạy.',
      provinceCode: '01',
      communeCode: '00004',
      field: 'civil_service',
      priority: 'normal',
      raisedBy: { userId: 'official-1', roles: ['official'] },
      raisedAt: new Date().toISOString(),
    };
    const handle = await temporal.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: caseId,
      taskQueue,
      args: [input],
    });
    await eventually(
      async () => {
        const waiting = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'case-engine-worker' AND wait_event_type = 'Lock'`,
        );
        return waiting.rows[0].n > 0 ? true : undefined;
      },
      15000,
      100,
    );

    worker.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(worker.exitCode).toBeNull(); // still draining, not dead
    await locker.query('COMMIT');

    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output.join('')).toContain('Worker drained');

    const events = await db.query('SELECT sequence, type FROM case_events WHERE case_id = $1', [caseId]);
    expect(events.rows).toEqual([{ sequence: 1, type: 'case_reported' }]);
    // The write is a local activity: it finished inside the workflow task the draining worker was running. Its
    // result is recorded (a marker) when that task completes, or the task runs again on the next worker and the
    // idempotent write changes nothing: either way one event, and no failed or timed-out activity.
    const history = await handle.fetchHistory();
    const markers = history.events?.filter((event) => event.markerRecordedEventAttributes) ?? [];
    const failures =
      history.events?.filter(
        (event) =>
          event.activityTaskFailedEventAttributes ||
          event.activityTaskTimedOutEventAttributes ||
          event.workflowTaskFailedEventAttributes,
      ) ?? [];
    expect(markers.length).toBeLessThanOrEqual(1);
    expect(failures).toHaveLength(0);
    await handle.terminate('test finished');
  });
});
