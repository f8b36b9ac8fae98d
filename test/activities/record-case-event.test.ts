import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { CaseEventActivities } from '@activities/case-events.activities';
import {
  CASE_WORKFLOW_TYPE,
  type CaseRaiseInput,
  type RecordCaseEventsInput,
  type RecordedCaseEvent,
} from '@libs/contracts';
import type { CaseProjection } from '@libs/domain/case-plan';
import { APP_CONFIG, ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { readFileSync } from 'node:fs';
import { pgClient, temporalClient, testConfig, testDataConverter } from '../support/stack';

function projection(overrides: Partial<CaseProjection> = {}): CaseProjection {
  return {
    status: 'reported',
    escalationLevel: null,
    escalationTarget: null,
    assignedUnitCode: null,
    assigneeUserId: null,
    answerDeadline: null,
    deadlineRemainingMs: null,
    slaPolicyId: null,
    breachCount: 0,
    closedAt: null,
    closeReason: null,
    resolvedAt: null,
    reopenUntil: null,
    mergedIntoCaseId: null,
    ...overrides,
  };
}

function recorded(sequence: number): RecordedCaseEvent {
  const common = {
    sequence,
    occurredAt: new Date(Date.UTC(2026, 10, 2, 2, sequence)).toISOString(),
    actor: { userId: 'official-1', roles: ['official' as const] },
    deadlineAt: null,
    policyId: null,
    levelAfter: null,
    requestId: null,
    notifications: [],
  };
  return sequence === 1
    ? {
        ...common,
        type: 'case_reported',
        statusAfter: 'reported',
        payload: {
          title: 'Vướng mắc về con dấu của xã mới',
          description: 'Xã chưa được cấp con dấu mới.',
          provinceCode: '01',
          communeCode: '00004',
          field: 'local_government',
          priority: 'normal',
        },
      }
    : {
        ...common,
        type: 'local_handling_started',
        statusAfter: 'local_handling',
        payload: { note: `Bước ${sequence}` },
      };
}

/** The activity input of event `sequence` (the first creates the projection row). */
function event(caseId: string, sequence: number): RecordCaseEventsInput {
  return {
    caseId,
    events: [recorded(sequence)],
    projection: projection(sequence === 1 ? {} : { status: 'local_handling' }),
    ...(sequence === 1
      ? {
          opening: {
            title: 'Vướng mắc về con dấu của xã mới',
            description: 'Xã chưa được cấp con dấu mới.',
            provinceCode: '01',
            communeCode: '00004',
            field: 'local_government',
            priority: 'normal',
            raisedByUserId: 'official-1',
            raisedAt: '2026-11-02T02:00:00.000Z',
          },
        }
      : {}),
  };
}

describe('recordCaseEvents is idempotent', () => {
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
    await expect(activities.recordCaseEvents(event(caseId, 1))).resolves.toEqual({ recorded: 1, settings: null });
    const before = await rows(caseId);
    await expect(activities.recordCaseEvents(event(caseId, 1))).resolves.toEqual({ recorded: 0, settings: null });
    expect(await rows(caseId)).toEqual(before);
    expect(before.events).toHaveLength(1);
    expect(before.kase).toEqual({ status: 'reported', last_event_sequence: 1 });
  });

  it('does not let a late retry of an older event roll the projection back', async () => {
    const caseId = randomUUID();
    await activities.recordCaseEvents(event(caseId, 1));
    await activities.recordCaseEvents(event(caseId, 2));
    await expect(activities.recordCaseEvents(event(caseId, 1))).resolves.toEqual({ recorded: 0, settings: null });
    const after = await rows(caseId);
    expect(after.kase).toEqual({ status: 'local_handling', last_event_sequence: 2 });
    expect(after.events.map((row: { sequence: number }) => row.sequence)).toEqual([1, 2]);
  });

  it('writes several events of one step in one transaction, and reads the policy set in the same call', async () => {
    const caseId = randomUUID();
    await activities.recordCaseEvents(event(caseId, 1));
    const both: RecordCaseEventsInput = {
      caseId,
      events: [recorded(2), recorded(3)],
      projection: projection({ status: 'local_handling' }),
      settingsOf: 'fast-test',
    };
    const result = await activities.recordCaseEvents(both);
    expect(result).toEqual({
      recorded: 2,
      settings: { policySet: 'fast-test', reopenWindowMs: 600_000, historyEventLimit: 5000 },
    });
    expect((await rows(caseId)).kase).toEqual({ status: 'local_handling', last_event_sequence: 3 });
    const versions = await db.query('SELECT DISTINCT payload_version FROM case_events WHERE case_id = $1', [caseId]);
    expect(versions.rows).toEqual([{ payload_version: 2 }]);
  });

  it('records exactly one event when the same attempt runs concurrently', async () => {
    const caseId = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => activities.recordCaseEvents(event(caseId, 1))));
    expect(results.filter((result) => result.recorded === 1)).toHaveLength(1);
    expect((await rows(caseId)).events).toHaveLength(1);
  });

  it('keeps the log append-only: the database refuses updates and deletes', async () => {
    const caseId = randomUUID();
    await activities.recordCaseEvents(event(caseId, 1));
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
      dataConverter: testDataConverter(),
      activities: {
        // The write commits, then the attempt dies before Temporal hears of it: Temporal must retry.
        recordCaseEvents: async (input: RecordCaseEventsInput) => {
          attempts += 1;
          const result = await activities.recordCaseEvents(input);
          if (attempts === 1) throw new Error('simulated crash after commit');
          return result;
        },
      },
    });
    const caseId = randomUUID();
    const input: CaseRaiseInput = {
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
