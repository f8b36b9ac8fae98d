import type { INestApplicationContext } from '@nestjs/common';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Client as PgClient } from 'pg';
import { runMigrations } from '@libs/database';
import { ensureFastPolicySet } from '../../apps/stack/src/policy-sets';
import { dropDatabase, ensureDatabase, withDatabase } from '../../apps/stack/src/postgres';
import { act, caseInput, startCase, testActors } from '../support/cases';
import { eventually, pgClient, startWorker, temporalClient, testConfig } from '../support/stack';

const TARGET_EVENTS = 10_050;

/**
 * Bounded state (issue 7): a top-level case left overdue for a long time is re-notified over and over. Its workflow
 * keeps no per-event list, continues as new as its history grows, and what it carries from run to run stays the same
 * size however many events it has written. Runs in a database of its own, so no other suite's people are notified
 * 10,000 times.
 */
describe('a long-overdue case re-notified more than 10,000 times', () => {
  const who = testActors();
  let databaseUrl: string;
  let config: ReturnType<typeof testConfig>;
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;

  beforeAll(async () => {
    databaseUrl = withDatabase(process.env.DATABASE_URL!, `case_engine_bounded_${process.pid}_${Date.now()}`);
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    // Millisecond answer targets and re-notices on the always-working calendar.
    await ensureFastPolicySet(databaseUrl, {
      name: 'renotice-storm',
      reopenWindowSeconds: 60,
      historyEventLimit: 2000,
      allowanceSeconds: { urgent: 0.005, high: 0.005, normal: 0.005, low: 0.005 },
      renotifySeconds: 0.001,
    });
    config = { ...testConfig({ databaseUrl }) };
    [worker, temporal, db] = await Promise.all([startWorker(config), temporalClient(), pgClient(databaseUrl)]);
  }, 60000);

  afterAll(async () => {
    await Promise.all([worker?.close(), temporal?.close(), db?.end()]);
    if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(databaseUrl);
  });

  it('writes every event once, continues as new, and carries a state of fixed size', async () => {
    const handle = await startCase(
      temporal.client,
      config.temporal.taskQueue,
      caseInput(who.official, { policySet: 'renotice-storm' }),
    );
    await act(handle, who.official, { type: 'escalate', target: 'working_group', question: 'Hỏi?' });
    const events = async () =>
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [
          handle.workflowId,
        ])
      ).rows[0].n;
    await eventually(async () => ((await events()) >= TARGET_EVENTS ? true : undefined), 600_000, 2000);
    // Someone finally answers: the storm stops.
    await act(handle, who.leadership, { type: 'answer', text: 'Đã chỉ đạo.', publishAsGuidance: false });

    const { rows } = await db.query<{ sequence: number; type: string }>(
      'SELECT sequence, type FROM case_events WHERE case_id = $1 ORDER BY sequence',
      [handle.workflowId],
    );
    expect(rows.map((row) => row.sequence)).toEqual(rows.map((_, index) => index + 1)); // none lost, none doubled
    expect(rows.filter((row) => row.type === 'overdue_renotified').length).toBeGreaterThan(10_000);

    // Walk the runs: each ended by continuing as new with the carried state as its input.
    const carriedSizes: number[] = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await temporal.client.workflow
        .getHandle(handle.workflowId, runId)
        .fetchHistory();
      const last = history.events?.[history.events.length - 1];
      const continued = last?.workflowExecutionContinuedAsNewEventAttributes;
      if (!continued) break;
      const payload = continued.input?.payloads?.[0];
      carriedSizes.push(payload?.data?.length ?? 0);
      const carried = defaultPayloadConverter.fromPayload<{ continued: { model: object } }>(payload!);
      expect(JSON.stringify(carried)).not.toContain('overdue_renotified'); // no per-event list is carried
      runId = continued.newExecutionRunId ?? undefined;
    }
    process.stdout.write(
      `bounded state: ${rows.length} events, ${carriedSizes.length} continue-as-new, carried ${Math.min(
        ...carriedSizes,
      )}–${Math.max(...carriedSizes)} bytes\n`,
    );
    expect(carriedSizes.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...carriedSizes)).toBeLessThan(16_384);
    expect(Math.max(...carriedSizes) - Math.min(...carriedSizes)).toBeLessThan(256);
  }, 660_000);
});
