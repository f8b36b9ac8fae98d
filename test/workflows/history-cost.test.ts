import type { INestApplicationContext } from '@nestjs/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import { act, caseInput, settled, startCase, testActors, type TestActors } from '../support/cases';
import { pgClient, startWorker, temporalClient, testConfig } from '../support/stack';
import { insertUsers } from '../support/users';

/** Temporal history events and workflow tasks of one case's history. */
async function historyCost(handle: WorkflowHandle): Promise<{ events: number; workflowTasks: number }> {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const workflowTasks = events.filter((event) => event.workflowTaskCompletedEventAttributes).length;
  return { events: events.length, workflowTasks };
}

/**
 * The cost in Temporal history of the typical lifecycle (raise → escalate to the unit head → request information →
 * provide it → answer → resolve), printed for the performance notes and bounded so a change that doubles it fails.
 */
describe('history cost of the typical lifecycle', () => {
  const config = testConfig();
  const who: TestActors = testActors();
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;

  beforeAll(async () => {
    [worker, temporal, db] = await Promise.all([startWorker(config), temporalClient(), pgClient()]);
    await insertUsers(db, Object.values(who));
  });

  afterAll(async () => {
    await Promise.all([worker?.close(), temporal?.close(), db?.end()]);
  });

  it('raise → escalate → request info → provide → answer → resolve', async () => {
    const handle = await startCase(temporal.client, config.temporal.taskQueue, caseInput(who.official));
    await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Bố trí thế nào?' });
    await act(handle, who.unitHead, { type: 'request_info', question: 'Gửi quyết định thành lập xã.' });
    await act(handle, who.official, { type: 'provide_info', information: 'Đã gửi.' });
    await act(handle, who.unitHead, { type: 'answer', text: 'Theo vị trí việc làm.', publishAsGuidance: false });
    await act(handle, who.official, { type: 'resolve', outcome: 'Đã thực hiện.' });
    await settled(handle);
    const cost = await historyCost(handle);
    process.stdout.write(`typical lifecycle: ${cost.events} history events, ${cost.workflowTasks} workflow tasks\n`);
    // Release 0.1.0 took 143 history events and 23 workflow tasks for this lifecycle; 0.2.0 must stay at half or less.
    expect(cost.events).toBeLessThanOrEqual(71);
    expect(cost.workflowTasks).toBeLessThanOrEqual(11);
    const events = await db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [handle.workflowId]);
    expect(events.rows[0].n).toBe(7);
  });
});
