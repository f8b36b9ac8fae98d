import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '@activities';
import {
  caseStateQuery,
  CaseFieldAttribute,
  CasePriorityAttribute,
  CaseStatusAttribute,
  CommuneCodeAttribute,
  ProvinceCodeAttribute,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type CaseWorkflowState,
  type RecordCaseEventInput,
} from '@libs/contracts';
import type { Actor, CaseEventType } from '@libs/domain';

const { recordCaseEvent } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One workflow per case: the durable record of an issue raised at a commune, from discovery to its outcome.
 * The workflow id is the case id.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const state: CaseWorkflowState = {
    snapshot: initialSnapshot(input),
    lastEventSequence: 0,
  };
  setHandler(caseStateQuery, () => state);

  async function record(
    type: CaseEventType,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: Pick<RecordCaseEventInput, 'deadlineAt' | 'policyId' | 'requestId'> = {},
  ): Promise<void> {
    state.lastEventSequence += 1;
    const event: RecordCaseEventInput = {
      caseId: state.snapshot.caseId,
      sequence: state.lastEventSequence,
      type,
      actor,
      occurredAt: new Date(Date.now()).toISOString(),
      payload,
      snapshot: { ...state.snapshot },
      ...extra,
    };
    await recordCaseEvent(event);
  }

  await record(
    'case_reported',
    input.raisedBy,
    {
      title: input.title,
      description: input.description,
      provinceCode: input.provinceCode,
      communeCode: input.communeCode,
      field: input.field,
      priority: input.priority,
    },
    { requestId: input.requestId ?? null },
  );
  syncSearchAttributes(state.snapshot);

  await condition(() => state.snapshot.status === 'closed');
}

function initialSnapshot(input: CaseWorkflowInput): CaseSnapshot {
  return {
    caseId: workflowInfo().workflowId,
    title: input.title,
    description: input.description,
    provinceCode: input.provinceCode,
    communeCode: input.communeCode,
    field: input.field,
    priority: input.priority,
    status: 'reported',
    escalationLevel: null,
    assignedUnitCode: null,
    assigneeUserId: null,
    answerDeadline: null,
    raisedByUserId: input.raisedBy.userId,
    raisedAt: input.raisedAt,
    closedAt: null,
  };
}

function syncSearchAttributes(snapshot: CaseSnapshot): void {
  upsertSearchAttributes([
    { key: CaseStatusAttribute, value: snapshot.status },
    { key: ProvinceCodeAttribute, value: snapshot.provinceCode },
    { key: CommuneCodeAttribute, value: snapshot.communeCode },
    { key: CaseFieldAttribute, value: snapshot.field },
    { key: CasePriorityAttribute, value: snapshot.priority },
  ]);
}
