import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { CASE_WORKFLOW_TYPE, caseActionUpdates, type CaseActionResult, type CaseRaiseInput } from '@libs/contracts';
import { isUnprocessedUpdate } from '../../apps/api/src/cases/case-actions.service';
import { ensureFastPolicySet, FAST_TEST_POLICY_SET, type FastPolicySet } from '../../apps/stack/src/policy-sets';
import type { Actor, CaseAction } from '@libs/domain';

export interface TestActors {
  official: Actor;
  otherOfficial: Actor;
  unitHead: Actor;
  otherUnitHead: Actor;
  workingGroup: Actor;
  leadership: Actor;
  personnel: Actor;
}

/** Actors for lifecycle tests; the field `civil_service` routes to unit CCVC. */
export function testActors(): TestActors {
  const id = () => randomUUID();
  return {
    official: { userId: id(), roles: ['official'], unitCode: 'CQDP', displayName: 'Nguyễn Văn An' },
    otherOfficial: { userId: id(), roles: ['official'], unitCode: 'CQDP', displayName: 'Trần Thị Bình' },
    unitHead: { userId: id(), roles: ['unit_head'], unitCode: 'CCVC', displayName: 'Lê Văn Cường' },
    otherUnitHead: { userId: id(), roles: ['unit_head'], unitCode: 'TCBC', displayName: 'Phạm Thị Dung' },
    workingGroup: { userId: id(), roles: ['working_group'], unitCode: 'TCCB', displayName: 'Hoàng Văn Em' },
    leadership: { userId: id(), roles: ['leadership'], unitCode: null, displayName: 'Vũ Thị Giang' },
    personnel: { userId: id(), roles: ['personnel'], unitCode: 'TCCB', displayName: 'Đặng Văn Hải' },
  };
}

export function caseInput(raisedBy: Actor, overrides: Partial<CaseRaiseInput> = {}): CaseRaiseInput {
  const caseId = overrides.caseId ?? randomUUID();
  return {
    caseId,
    title: 'Bố trí công chức văn phòng - thống kê dôi dư sau sắp xếp',
    description: 'Xã mới có năm công chức văn phòng - thống kê; chưa rõ cách bố trí.',
    provinceCode: '01',
    communeCode: '00004',
    field: 'civil_service',
    priority: 'normal',
    raisedBy,
    raisedAt: new Date().toISOString(),
    policySet: 'fast-test',
    ...overrides,
  };
}

/**
 * A policy set of the suite's own, like `fast-test` but with its own reopen window or history limit (the durations a
 * case runs under are data: tests choose a set, never knobs in the workflow input).
 */
export async function fastPolicySet(
  overrides: Partial<FastPolicySet> & { name: string },
  databaseUrl = process.env.DATABASE_URL!,
): Promise<string> {
  await ensureFastPolicySet(databaseUrl, { ...FAST_TEST_POLICY_SET, ...overrides });
  return overrides.name;
}

export async function startCase(
  client: Client,
  taskQueue: string,
  input: CaseRaiseInput,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return client.workflow.start(CASE_WORKFLOW_TYPE, { workflowId: input.caseId, taskQueue, args: [input] });
}

/**
 * Sends an action as the API does: an update that meets the run's continue-as-new (`UnprocessedUpdate`) is sent again
 * and taken by the next run.
 */
export async function act(
  handle: WorkflowHandle,
  actor: Actor,
  action: CaseAction,
  options: { updateId?: string } = {},
): Promise<CaseActionResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await handle.executeUpdate(caseActionUpdates[action.type], { args: [{ actor, action }], ...options });
    } catch (error) {
      if (!isUnprocessedUpdate(error) || attempt >= 5) throw error;
    }
  }
}

/** The stable code of a refused update's error; rethrows anything else. */
export function refusalCodeOf(error: unknown): string {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type) {
    return error.cause.type;
  }
  throw error;
}

/** The stable code of a refused update, or throws if the update was accepted or failed otherwise. */
export async function refusalCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return refusalCodeOf(error);
  }
  throw new Error('the action was accepted but a refusal was expected');
}

export interface LoggedEvent {
  sequence: number;
  type: string;
  actor_user_id: string;
  payload: Record<string, unknown>;
  deadline_at: Date | null;
  policy_id: string | null;
  status_after: string | null;
  escalation_level_after: string | null;
  occurred_at: Date;
}

export async function loggedEvents(db: PgClient, caseId: string): Promise<LoggedEvent[]> {
  const result = await db.query<LoggedEvent>(
    `SELECT sequence, type, actor_user_id, payload, deadline_at, policy_id, status_after, escalation_level_after, occurred_at
       FROM case_events WHERE case_id = $1 ORDER BY sequence`,
    [caseId],
  );
  return result.rows;
}

export async function projection(db: PgClient, caseId: string): Promise<Record<string, unknown>> {
  const result = await db.query('SELECT * FROM cases WHERE id = $1', [caseId]);
  return result.rows[0] as Record<string, unknown>;
}

/** Waits until the workflow is idle: its first event is recorded, nothing is pending and history stopped growing. */
export async function settled(handle: WorkflowHandle): Promise<number> {
  let previous = -1;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const description = await handle.describe();
    const pending = description.raw.pendingActivities?.length ?? 0;
    const pendingTask = description.raw.pendingWorkflowTask ? 1 : 0;
    if (pending === 0 && pendingTask === 0 && description.historyLength === previous) return previous;
    previous = description.historyLength;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the workflow did not settle');
}
