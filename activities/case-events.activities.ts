import { Injectable } from '@nestjs/common';
import type { CaseSnapshot, RecordCaseEventInput, RecordCaseEventResult } from '@libs/contracts';
import { DatabaseService } from '@libs/database';
import { foldVietnamese } from '@libs/reference/folding';

/** Projection columns and the snapshot values that fill them, in one place so the SQL cannot drift. */
const PROJECTION_COLUMNS: readonly [column: string, value: (snapshot: CaseSnapshot) => unknown][] = [
  ['title', (s) => s.title],
  ['description', (s) => s.description],
  ['province_code', (s) => s.provinceCode],
  ['commune_code', (s) => s.communeCode],
  ['field', (s) => s.field],
  ['priority', (s) => s.priority],
  ['status', (s) => s.status],
  ['escalation_level', (s) => s.escalationLevel],
  ['escalation_target', (s) => s.escalationTarget],
  ['assigned_unit_code', (s) => s.assignedUnitCode],
  ['assignee_user_id', (s) => s.assigneeUserId],
  ['answer_deadline', (s) => s.answerDeadline],
  ['deadline_remaining_ms', (s) => s.deadlineRemainingMs],
  ['sla_policy_id', (s) => s.slaPolicyId],
  ['breach_count', (s) => s.breachCount],
  ['raised_by_user_id', (s) => s.raisedByUserId],
  ['raised_at', (s) => s.raisedAt],
  ['closed_at', (s) => s.closedAt],
  ['close_reason', (s) => s.closeReason],
  ['resolved_at', (s) => s.resolvedAt],
  ['merged_into_case_id', (s) => s.mergedIntoCaseId],
  // Diacritics-insensitive search key of the case list ("bo tri cong chuc" finds "bố trí công chức").
  ['search_folded', (s) => foldVietnamese(`${s.title} ${s.description}`)],
];

const COLUMN_NAMES = ['id', ...PROJECTION_COLUMNS.map(([column]) => column), 'last_event_sequence', 'updated_at'];
const UPSERT_PROJECTION = `
  INSERT INTO cases (${COLUMN_NAMES.join(', ')})
  VALUES (${COLUMN_NAMES.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET
    ${COLUMN_NAMES.slice(1)
      .map((column) => `${column} = EXCLUDED.${column}`)
      .join(',\n    ')}
  WHERE cases.last_event_sequence < EXCLUDED.last_event_sequence`;

const INSERT_EVENT = `
  INSERT INTO case_events (case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload, deadline_at,
    policy_id, request_id, status_after, escalation_level_after)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (case_id, sequence) DO NOTHING
  RETURNING id`;

/**
 * Writes case events. Each method is one idempotent side effect: the workflow chooses the event's sequence, and
 * (case id, sequence) is unique, so a retried or replayed activity writes nothing new.
 */
@Injectable()
export class CaseEventActivities {
  constructor(private readonly database: DatabaseService) {}

  /** Appends the event and brings the case projection up to that event, in one transaction. */
  async recordCaseEvent(input: RecordCaseEventInput): Promise<RecordCaseEventResult> {
    const { snapshot } = input;
    return this.database.ready.transaction(async (manager) => {
      // Projection first (the event row references it). The guard keeps a late retry of an older event from
      // rolling the projection back.
      await manager.query(UPSERT_PROJECTION, [
        input.caseId,
        ...PROJECTION_COLUMNS.map(([, value]) => value(snapshot)),
        input.sequence,
        input.occurredAt,
      ]);
      const inserted: unknown[] = await manager.query(INSERT_EVENT, [
        input.caseId,
        input.sequence,
        input.type,
        input.actor.userId,
        input.actor.roles,
        input.occurredAt,
        JSON.stringify(input.payload),
        input.deadlineAt ?? null,
        input.policyId ?? null,
        input.requestId ?? null,
        snapshot.status,
        snapshot.escalationLevel,
      ]);
      return { recorded: inserted.length === 1 };
    });
  }
}
