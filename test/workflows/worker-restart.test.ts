import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { act, caseInput, loggedEvents, startCase, testActors } from '../support/cases';
import { distEntry } from '../support/dist';
import { eventually, pgClient, temporalClient } from '../support/stack';
import { insertUsers } from '../support/users';

function startWorkerProcess(taskQueue: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [distEntry('apps/worker/src/main.js')], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_FORMAT: 'json', TEMPORAL_SDK_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = eventually(() => (output.includes('Polling task queue') ? true : undefined), 30000, 100).then(
    () => undefined,
  );
  return { child, ready };
}

/**
 * The worker process is killed (SIGKILL, no draining) while a case waits on an escalation deadline, and a new
 * worker starts only after the first reminder was due: the timers fire late but once, the case escalates on time
 * relative to its record, and no event is lost or written twice.
 */
describe('worker killed in the middle of an escalation', () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;
  const workers: ChildProcess[] = [];
  const who = testActors();

  beforeAll(async () => {
    [temporal, db] = await Promise.all([temporalClient(), pgClient()]);
    await insertUsers(db, Object.values(who));
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all([temporal?.close(), db?.end()]);
  });

  it('loses and duplicates nothing', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    const first = startWorkerProcess(taskQueue);
    workers.push(first.child);
    await first.ready;

    // fast-test low: 10 s allowance, reminders at 5 s and 9 s.
    const handle = await startCase(temporal.client, taskQueue, caseInput(who.official, { priority: 'low' }));
    await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Hỏi trước khi worker dừng.' });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    await new Promise((resolve) => setTimeout(resolve, 6000)); // the 50 % reminder falls due with no worker running
    expect((await loggedEvents(db, handle.workflowId)).map((event) => event.type)).toEqual([
      'case_reported',
      'case_escalated',
    ]);

    const second = startWorkerProcess(taskQueue);
    workers.push(second.child);
    await second.ready;
    await eventually(
      async () =>
        (await loggedEvents(db, handle.workflowId)).some((event) => event.escalation_level_after === 'working_group')
          ? true
          : undefined,
      20000,
      200,
    );
    await act(handle, who.workingGroup, {
      type: 'answer',
      text: 'Trả lời sau khi worker khởi động lại.',
      publishAsGuidance: false,
    });

    const events = await loggedEvents(db, handle.workflowId);
    expect(events.map((event) => [event.type, event.payload.level ?? null])).toEqual([
      ['case_reported', null],
      ['case_escalated', 'unit_head'],
      ['deadline_reminder', 'unit_head'],
      ['deadline_reminder', 'unit_head'],
      ['deadline_breached', 'unit_head'],
      ['case_escalated', 'working_group'],
      ['escalation_answered', 'working_group'],
    ]);
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const notices = await db.query(
      `SELECT recipient_user_id, kind, event_sequence, count(*)::int AS n FROM notifications WHERE case_id = $1
        GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [handle.workflowId],
    );
    expect(notices.rows).toEqual([]);
    // Other suites may add unit heads to the same unit; count this suite's unit head only.
    const reminders = await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND kind = 'deadline_reminder' AND recipient_user_id = $2`,
      [handle.workflowId, who.unitHead.userId],
    );
    expect(reminders.rows[0].n).toBe(2);
  }, 90000);
});
