import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { CaseEventActivities } from '@activities/case-events.activities';
import {
  CASE_WORKFLOW_TYPE,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type RecordCaseEventInput,
} from '@libs/contracts';
import { APP_CONFIG, ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { readFileSync } from 'node:fs';
import { pgClient, temporalClient, testConfig } from '../support/stack';

function snapshot(caseId: string, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    caseId,
    title: 'Vướng mắc về con dấu của xã mới',
    description: 'Xã chưa được cấp con dấu mới.',
    provinceCode: '01',
    communeCode: '00004',
    field: 'local_government',
    priority: 'normal',
    status: 'reported',
    escalationLevel: null,
    escalationTarget: null,
    assignedUnitCode: null,
    assigneeUserId: null,
    answerDeadline: null,
    deadlineRemainingMs: null,
    slaPolicyId: null,
    breachCount: 0,
    raisedByUserId: 'official-1',
    raisedAt: '2026-11-02T02:00:00.000Z',
    closedAt: null,
    closeReason: null,
    resolvedAt: null,
    mergedIntoCaseId: null,
    ...overrides,
  };
}

function event(caseId: string, sequence: number, overrides: Partial<RecordCaseEventInput> = {}): RecordCaseEventInput {
  return {
    caseId,
    sequence,
    type: sequence === 1 ? 'case_reported' : 'local_handling_started',
    actor: { userId: 'official-1', roles: ['official'] },
    occurredAt: new Date(Date.UTC(2026, 10, 2, 2, sequence)).toISOString(),
    payload: { sequence },
    snapshot: snapshot(caseId, sequence === 1 ? {} : { status: 'local_handling' }),
    ...overrides,
  };
}

describe('recordCaseEvent is idempotent', () => {
  const config = testConfig();
  let context: INestApplicationContext;
  let activities: CaseEventActivities;
  let db: PgClient;

  beforeAll(async () => {
    context = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule],
      providers: [CaseEventActivities],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await context.init();
    activities = context.get(CaseEventActivities);
    db = await pgClient();
  });

  afterAll(async () => {
    await Promise.all([context?.close(), db?.end()]);
  });

  async function rows(caseId: string) {
    const events = await db.query(
      'SELECT sequence, type, payload FROM case_events WHERE case_id = $1 ORDER BY sequence',
      [caseId],
    );
    const cases = await db.query('SELECT status, last_event_sequence FROM cases WHERE id = $1', [caseId]);
    return { events: events.rows, kase: cases.rows[0] };
  }

  it('writes an event once; a retry of the same event writes nothing and reports it', async () => {
    const caseId = randomUUID();
    await expect(activities.recordCaseEvent(event(caseId, 1))).resolves.toEqual({ recorded: true });
    const before = await rows(caseId);
    await expect(activities.recordCaseEvent(event(caseId, 1))).resolves.toEqual({ recorded: false });
    expect(await rows(caseId)).toEqual(before);
    expect(before.events).toHaveLength(1);
    expect(before.kase).toEqual({ status: 'reported', last_event_sequence: 1 });
  });

  it('does not let a late retry of an older event roll the projection back', async () => {
    const caseId = randomUUID();
    await activities.recordCaseEvent(event(caseId, 1));
    await activities.recordCaseEvent(event(caseId, 2));
    await expect(activities.recordCaseEvent(event(caseId, 1))).resolves.toEqual({ recorded: false });
    const after = await rows(caseId);
    expect(after.kase).toEqual({ status: 'local_handling', last_event_sequence: 2 });
    expect(after.events.map((row: { sequence: number }) => row.sequence)).toEqual([1, 2]);
  });

  it('records exactly one event when the same attempt runs concurrently', async () => {
    const caseId = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => activities.recordCaseEvent(event(caseId, 1))));
    expect(results.filter((result) => result.recorded)).toHaveLength(1);
    expect((await rows(caseId)).events).toHaveLength(1);
  });

  it('keeps the log append-only: the database refuses updates and deletes', async () => {
    const caseId = randomUUID();
    await activities.recordCaseEvent(event(caseId, 1));
    await expect(db.query(`UPDATE case_events SET type = 'case_closed' WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM case_events WHERE case_id = $1', [caseId])).rejects.toThrow(/append-only/);
    expect((await rows(caseId)).events).toHaveLength(1);
  });

  it('writes one event when Temporal retries an attempt that committed but failed to report back', async () => {
    const { client, close } = await temporalClient();
    const taskQueue = `retry-${randomUUID()}`;
    let attempts = 0;
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE_PATH!, 'utf8') },
      activities: {
        // The write commits, then the attempt dies before Temporal hears of it: Temporal must retry.
        recordCaseEvent: async (input: RecordCaseEventInput) => {
          attempts += 1;
          const result = await activities.recordCaseEvent(input);
          if (attempts === 1) throw new Error('simulated crash after commit');
          return result;
        },
      },
    });
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
      caseId,
      title: 'Kiểm tra thử lại',
      description: 'Hoạt động ghi sự kiện bị thử lại sau khi đã ghi.',
      provinceCode: '01',
      communeCode: '00004',
      field: 'civil_service',
      priority: 'normal',
      raisedBy: { userId: 'official-1', roles: ['official'] },
      raisedAt: new Date().toISOString(),
    };
    await worker.runUntil(async () => {
      const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, { workflowId: caseId, taskQueue, args: [input] });
      for (let i = 0; i < 100 && attempts < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      await handle.terminate('test finished');
    });
    await Promise.all([close(), connection.close()]);
    expect(attempts).toBe(2);
    const after = await rows(caseId);
    expect(after.events).toHaveLength(1);
    expect(after.events[0].type).toBe('case_reported');
  });
});
