import { Inject, Injectable } from '@nestjs/common';
import {
  CASE_EVENT_PAYLOAD_VERSION,
  type CaseOpeningRow,
  type RecordCaseEventsInput,
  type RecordCaseEventsResult,
} from '@libs/contracts';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService } from '@libs/database';
import {
  DEFAULT_HISTORY_EVENT_LIMIT,
  DEFAULT_REOPEN_WINDOW_MS,
  type CaseProjection,
  type CaseSettings,
} from '@libs/domain/case-plan';
import { foldVietnamese } from '@libs/reference/folding';
import { countRecordedEvents } from './case-metrics';
import { writeNotifications } from './notification.activities';

/** Mutable projection columns and the values that fill them, in one place so the SQL cannot drift. */
const PROJECTION_COLUMNS: readonly [column: string, value: (projection: CaseProjection) => unknown][] = [
  ['status', (p) => p.status],
  ['escalation_level', (p) => p.escalationLevel],
  ['escalation_target', (p) => p.escalationTarget],
  ['assigned_unit_code', (p) => p.assignedUnitCode],
  ['assignee_user_id', (p) => p.assigneeUserId],
  ['answer_deadline', (p) => p.answerDeadline],
  ['deadline_remaining_ms', (p) => p.deadlineRemainingMs],
  ['sla_policy_id', (p) => p.slaPolicyId],
  ['breach_count', (p) => p.breachCount],
  ['closed_at', (p) => p.closedAt],
  ['close_reason', (p) => p.closeReason],
  ['resolved_at', (p) => p.resolvedAt],
  ['reopen_until', (p) => p.reopenUntil],
  ['merged_into_case_id', (p) => p.mergedIntoCaseId],
];

/** Columns written once, with the first event. */
const OPENING_COLUMNS: readonly [column: string, value: (opening: CaseOpeningRow) => unknown][] = [
  ['title', (o) => o.title],
  ['description', (o) => o.description],
  ['province_code', (o) => o.provinceCode],
  ['commune_code', (o) => o.communeCode],
  ['field', (o) => o.field],
  ['priority', (o) => o.priority],
  ['raised_by_user_id', (o) => o.raisedByUserId],
  ['raised_at', (o) => o.raisedAt],
  // Diacritics-insensitive search key of the case list ("bo tri cong chuc" finds "bố trí công chức").
  ['search_folded', (o) => foldVietnamese(`${o.title} ${o.description}`)],
];

const INSERT_COLUMNS = [
  'id',
  ...OPENING_COLUMNS.map(([column]) => column),
  ...PROJECTION_COLUMNS.map(([column]) => column),
  'last_event_sequence',
  'updated_at',
];
const INSERT_PROJECTION = `
  INSERT INTO cases (${INSERT_COLUMNS.join(', ')})
  VALUES (${INSERT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;

// The guard keeps a late retry of an older write from rolling the projection back.
const UPDATE_PROJECTION = `
  UPDATE cases SET
    ${PROJECTION_COLUMNS.map(([column], index) => `${column} = $${index + 3}`).join(',\n    ')},
    last_event_sequence = $2,
    updated_at = $${PROJECTION_COLUMNS.length + 3}
  WHERE id = $1 AND last_event_sequence < $2`;

const INSERT_EVENTS = `
  INSERT INTO case_events (case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload, deadline_at,
    policy_id, request_id, status_after, escalation_level_after, payload_version)
  SELECT $1, e.sequence, e.type, e.actor_user_id, e.actor_roles, e.occurred_at, e.payload, e.deadline_at, e.policy_id,
         e.request_id, e.status_after, e.escalation_level_after, $3
    FROM jsonb_to_recordset($2::jsonb) AS e(sequence integer, type text, actor_user_id text, actor_roles text[],
         occurred_at timestamptz, payload jsonb, deadline_at timestamptz, policy_id text, request_id text,
         status_after text, escalation_level_after text)
  ON CONFLICT (case_id, sequence) DO NOTHING
  RETURNING sequence`;

/**
 * Writes case events. One activity call per workflow step (run as a local activity: one short transaction), so an
 * action costs one database round trip and one marker in the case's history. Idempotent: the workflow chooses each
 * event's sequence and (case id, sequence) is unique, notifications have their natural key, so a retried or replayed
 * call writes nothing twice.
 */
@Injectable()
export class CaseEventActivities {
  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Appends the events, brings the projection to the last of them and writes their notifications, atomically. */
  async recordCaseEvents(input: RecordCaseEventsInput): Promise<RecordCaseEventsResult> {
    const { caseId, events, projection, opening } = input;
    if (events.length === 0) throw new Error('recordCaseEvents needs at least one event');
    const last = events[events.length - 1];
    const outbox = Boolean(this.config.notifications.webhookUrl);
    const recorded = await this.database.ready.transaction(async (manager) => {
      const query = (sql: string, params: unknown[]) => manager.query<{ id: string }[]>(sql, params);
      // The projection row first (the event rows reference it).
      if (opening) {
        await manager.query(INSERT_PROJECTION, [
          caseId,
          ...OPENING_COLUMNS.map(([, value]) => value(opening)),
          ...PROJECTION_COLUMNS.map(([, value]) => value(projection)),
          last.sequence,
          last.occurredAt,
        ]);
      } else {
        await manager.query(UPDATE_PROJECTION, [
          caseId,
          last.sequence,
          ...PROJECTION_COLUMNS.map(([, value]) => value(projection)),
          last.occurredAt,
        ]);
      }
      const rows = events.map((event) => ({
        sequence: event.sequence,
        type: event.type,
        actor_user_id: event.actor.userId,
        actor_roles: event.actor.roles,
        occurred_at: event.occurredAt,
        payload: event.payload,
        deadline_at: event.deadlineAt,
        policy_id: event.policyId,
        request_id: event.requestId,
        status_after: event.statusAfter,
        escalation_level_after: event.levelAfter,
      }));
      const inserted: { sequence: number }[] = await manager.query(INSERT_EVENTS, [
        caseId,
        JSON.stringify(rows),
        CASE_EVENT_PAYLOAD_VERSION,
      ]);
      for (const event of events) {
        for (const notification of event.notifications) {
          const ids = await writeNotifications(query, {
            caseId,
            eventSequence: event.sequence,
            kind: notification.kind,
            audience: notification.audience,
            ...notification.text,
          });
          // The webhook outbox, in the same transaction: delivered by its own workflow, never by the case's.
          if (outbox && ids.length > 0) {
            await manager.query(
              `INSERT INTO webhook_deliveries (notification_id, next_attempt_at)
               SELECT unnest($1::uuid[]), now() ON CONFLICT DO NOTHING`,
              [ids],
            );
          }
        }
      }
      return inserted.map((row) => row.sequence);
    });
    // Counted once committed, and only what this call inserted: a retry of a committed attempt counts nothing.
    const insertedSequences = new Set(recorded);
    countRecordedEvents(events.filter((event) => insertedSequences.has(event.sequence)));
    const settings = input.settingsOf ? await this.caseSettings(input.settingsOf) : null;
    return { recorded: recorded.length, settings };
  }

  /** A policy set's case settings; the defaults when the set has no row (answer targets may still exist for it). */
  async caseSettings(policySet: string): Promise<CaseSettings> {
    const rows: { reopen_window_seconds: number; history_event_limit: number }[] = await this.database.ready.query(
      `SELECT reopen_window_seconds, history_event_limit FROM policy_sets WHERE name = $1`,
      [policySet],
    );
    const row = rows[0];
    return {
      policySet,
      reopenWindowMs: row ? row.reopen_window_seconds * 1000 : DEFAULT_REOPEN_WINDOW_MS,
      historyEventLimit: row ? row.history_event_limit : DEFAULT_HISTORY_EVENT_LIMIT,
    };
  }
}
