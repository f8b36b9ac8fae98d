import { Injectable } from '@nestjs/common';
import type { RecordCaseEventInput, RecordCaseEventResult } from '@libs/contracts';
import { DatabaseService } from '@libs/database';

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
      await manager.query(
        `INSERT INTO cases (id, title, description, province_code, commune_code, field, priority, status,
           escalation_level, assigned_unit_code, assignee_user_id, answer_deadline, raised_by_user_id, raised_at,
           closed_at, last_event_sequence, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET
           title = EXCLUDED.title, description = EXCLUDED.description, province_code = EXCLUDED.province_code,
           commune_code = EXCLUDED.commune_code, field = EXCLUDED.field, priority = EXCLUDED.priority,
           status = EXCLUDED.status, escalation_level = EXCLUDED.escalation_level,
           assigned_unit_code = EXCLUDED.assigned_unit_code, assignee_user_id = EXCLUDED.assignee_user_id,
           answer_deadline = EXCLUDED.answer_deadline, closed_at = EXCLUDED.closed_at,
           last_event_sequence = EXCLUDED.last_event_sequence, updated_at = EXCLUDED.updated_at
         WHERE cases.last_event_sequence < EXCLUDED.last_event_sequence`,
        [
          input.caseId,
          snapshot.title,
          snapshot.description,
          snapshot.provinceCode,
          snapshot.communeCode,
          snapshot.field,
          snapshot.priority,
          snapshot.status,
          snapshot.escalationLevel,
          snapshot.assignedUnitCode,
          snapshot.assigneeUserId,
          snapshot.answerDeadline,
          snapshot.raisedByUserId,
          snapshot.raisedAt,
          snapshot.closedAt,
          input.sequence,
          input.occurredAt,
        ],
      );
      const inserted: unknown[] = await manager.query(
        `INSERT INTO case_events (case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload,
           deadline_at, policy_id, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (case_id, sequence) DO NOTHING
         RETURNING id`,
        [
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
        ],
      );
      return { recorded: inserted.length === 1 };
    });
  }
}
