import type { DataSource, QueryRunner } from 'typeorm';
import { readCaseEventRow, UnknownCaseEventError, type CaseEventRow } from '@libs/contracts/case-events';
import {
  DEFAULT_WORKING_CALENDAR,
  WorkingCalendar,
  type CalendarOverride,
  type WorkingCalendarConfig,
} from '@libs/domain/calendar';
import { auditCase, DEFAULT_AUDIT_CALENDAR_ID, type AuditEvent, type CaseAudit } from '@libs/domain/audit';
import { rebuildAuditRollups, withRollupsUpdated } from './audit-rollups';

/**
 * Keeps the audit read models (`audit_cases`, `audit_level_stints`) and the guidance entries that answers publish
 * up to date from `case_events`.
 *
 * A batch reads the events after the checkpoint, recomputes every case they touch from that case's whole log (the
 * pure `auditCase`), replaces those cases' rows and moves the checkpoint, in one transaction that holds the
 * checkpoint row's lock — so several workers can run the loop and only one applies a batch at a time, and a crash
 * leaves the old checkpoint and old rows together. Recomputing a case is idempotent, so seeing an event twice is
 * harmless; what must never happen is skipping one. Event ids are allocated before the recording transaction
 * commits, so an id can become visible after a higher one: the checkpoint therefore only advances over contiguous
 * ids, and steps over a gap only once the row after it is `GAP_TIMEOUT_MS` old (the missing id was rolled back —
 * recording transactions take milliseconds). Events after a young gap are applied now and again next time.
 */
export const AUDIT_CHECKPOINT = 'audit';
export const GAP_TIMEOUT_MS = 10_000;
const BATCH_EVENTS = 5000;

export interface ProjectionBatch {
  events: number;
  cases: number;
  checkpoint: string;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Working calendars by id (rules + overrides), loaded once per batch; unknown ids fall back to the default. */
export async function loadCalendars(db: Queryable): Promise<(id: string | null) => WorkingCalendar> {
  const rows = (await db.query(
    `SELECT c.id, c.config,
            coalesce((SELECT json_agg(json_build_object('date', o.date::text, 'kind', o.kind) ORDER BY o.date)
                        FROM calendar_overrides o WHERE o.calendar_id = c.id), '[]'::json) AS overrides
       FROM working_calendars c`,
  )) as { id: string; config: Omit<WorkingCalendarConfig, 'id' | 'overrides'>; overrides: CalendarOverride[] }[];
  const calendars = new Map<string, WorkingCalendar>();
  for (const row of rows) {
    try {
      calendars.set(row.id, new WorkingCalendar({ ...row.config, id: row.id, overrides: row.overrides }));
    } catch {
      // A broken calendar cannot have started a deadline either (the SLA activity refuses it); use the default.
    }
  }
  const fallback = calendars.get(DEFAULT_AUDIT_CALENDAR_ID) ?? new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
  return (id) => (id !== null && calendars.get(id)) || fallback;
}

const EVENT_COLUMNS = `case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload, deadline_at,
  policy_id, request_id, status_after, escalation_level_after`;

/** The audit models of the given cases, from their whole logs. */
export async function auditCases(
  db: Queryable,
  caseIds: string[],
  calendarOf: (id: string | null) => WorkingCalendar,
): Promise<CaseAudit[]> {
  if (caseIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, sequence`,
    [caseIds],
  )) as CaseEventRow[];
  const byCase = new Map<string, AuditEvent[]>();
  for (const row of rows) {
    let event: AuditEvent;
    try {
      const typed = readCaseEventRow(row);
      event = { ...typed, payload: typed.payload as unknown as Record<string, unknown> };
    } catch (error) {
      // An event type from a newer release: the audit ignores what it does not know rather than stopping.
      if (!(error instanceof UnknownCaseEventError)) throw error;
      continue;
    }
    const list = byCase.get(row.case_id) ?? [];
    list.push(event);
    byCase.set(row.case_id, list);
  }
  const audits: CaseAudit[] = [];
  for (const [caseId, events] of byCase) {
    if (!events.some((event) => event.type === 'case_reported')) continue;
    audits.push(auditCase(caseId, events, calendarOf));
  }
  return audits;
}

/** Replaces the read-model rows of these cases and adds guidance entries their published answers create. */
export async function writeAudits(db: Queryable, audits: CaseAudit[]): Promise<void> {
  if (audits.length === 0) return;
  const ids = audits.map((audit) => audit.caseId);
  await db.query(`DELETE FROM audit_level_stints WHERE case_id = ANY($1::uuid[])`, [ids]);
  await db.query(
    `INSERT INTO audit_cases (case_id, province_code, commune_code, field, priority, raised_by_user_id, raised_at,
        status, current_level, max_level, unit_code, first_escalated_at, first_answer_at, first_answer_level,
        first_answer_calendar_ms, first_answer_working_ms, resolved_at, resolution_calendar_ms, resolution_working_ms,
        closed_at, close_reason, policy_proposed_at, policy_decision, breach_count, auto_escalation_count,
        info_wait_working_ms, last_sequence)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, province_code varchar, commune_code varchar,
        field varchar, priority varchar, raised_by_user_id text, raised_at timestamptz, status varchar,
        current_level varchar, max_level varchar, unit_code varchar, first_escalated_at timestamptz,
        first_answer_at timestamptz, first_answer_level varchar, first_answer_calendar_ms bigint,
        first_answer_working_ms bigint, resolved_at timestamptz, resolution_calendar_ms bigint,
        resolution_working_ms bigint, closed_at timestamptz, close_reason varchar, policy_proposed_at timestamptz,
        policy_decision varchar, breach_count integer, auto_escalation_count integer, info_wait_working_ms bigint,
        last_sequence integer)
     ON CONFLICT (case_id) DO UPDATE SET
        province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code, field = EXCLUDED.field,
        priority = EXCLUDED.priority, raised_by_user_id = EXCLUDED.raised_by_user_id, raised_at = EXCLUDED.raised_at,
        status = EXCLUDED.status, current_level = EXCLUDED.current_level, max_level = EXCLUDED.max_level,
        unit_code = EXCLUDED.unit_code, first_escalated_at = EXCLUDED.first_escalated_at,
        first_answer_at = EXCLUDED.first_answer_at, first_answer_level = EXCLUDED.first_answer_level,
        first_answer_calendar_ms = EXCLUDED.first_answer_calendar_ms,
        first_answer_working_ms = EXCLUDED.first_answer_working_ms, resolved_at = EXCLUDED.resolved_at,
        resolution_calendar_ms = EXCLUDED.resolution_calendar_ms,
        resolution_working_ms = EXCLUDED.resolution_working_ms, closed_at = EXCLUDED.closed_at,
        close_reason = EXCLUDED.close_reason, policy_proposed_at = EXCLUDED.policy_proposed_at,
        policy_decision = EXCLUDED.policy_decision, breach_count = EXCLUDED.breach_count,
        auto_escalation_count = EXCLUDED.auto_escalation_count, info_wait_working_ms = EXCLUDED.info_wait_working_ms,
        last_sequence = EXCLUDED.last_sequence`,
    [
      JSON.stringify(
        audits.map((a) => ({
          case_id: a.caseId,
          province_code: a.provinceCode,
          commune_code: a.communeCode,
          field: a.field,
          priority: a.priority,
          raised_by_user_id: a.raisedByUserId,
          raised_at: a.raisedAt,
          status: a.status,
          current_level: a.currentLevel,
          max_level: a.maxLevel,
          unit_code: a.unitCode,
          first_escalated_at: a.firstEscalatedAt,
          first_answer_at: a.firstAnswerAt,
          first_answer_level: a.firstAnswerLevel,
          first_answer_calendar_ms: a.firstAnswerCalendarMs,
          first_answer_working_ms: a.firstAnswerWorkingMs,
          resolved_at: a.resolvedAt,
          resolution_calendar_ms: a.resolutionCalendarMs,
          resolution_working_ms: a.resolutionWorkingMs,
          closed_at: a.closedAt,
          close_reason: a.closeReason,
          policy_proposed_at: a.policyProposedAt,
          policy_decision: a.policyDecision,
          breach_count: a.breachCount,
          auto_escalation_count: a.autoEscalationCount,
          info_wait_working_ms: a.infoWaitWorkingMs,
          last_sequence: a.lastSequence,
        })),
      ),
    ],
  );
  const stints = audits.flatMap((a) =>
    a.stints.map((s) => ({
      case_id: a.caseId,
      stint_no: s.stintNo,
      level: s.level,
      unit_code: s.unitCode,
      started_via: s.startedVia,
      from_level: s.fromLevel,
      started_at: s.startedAt,
      ended_at: s.endedAt,
      end_reason: s.endReason,
      policy_id: s.policyId,
      allowance_ms: s.allowanceMs,
      calendar_id: s.calendarId,
      initial_deadline_at: s.initialDeadlineAt,
      deadline_at: s.deadlineAt,
      calendar_ms: s.calendarMs,
      working_ms: s.workingMs,
      info_wait_calendar_ms: s.infoWaitCalendarMs,
      info_wait_working_ms: s.infoWaitWorkingMs,
      held_calendar_ms: s.heldCalendarMs,
      held_working_ms: s.heldWorkingMs,
      info_requests: s.infoRequests,
      waiting_since: s.waitingSince,
      breached_at: s.breachedAt,
      answered_at: s.answeredAt,
      answered_on_time: s.answeredOnTime,
    })),
  );
  if (stints.length > 0) {
    await db.query(
      `INSERT INTO audit_level_stints
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, stint_no integer, level varchar,
          unit_code varchar, started_via varchar, from_level varchar, started_at timestamptz, ended_at timestamptz,
          end_reason varchar, policy_id text, allowance_ms bigint, calendar_id varchar,
          initial_deadline_at timestamptz, deadline_at timestamptz, calendar_ms bigint, working_ms bigint,
          info_wait_calendar_ms bigint, info_wait_working_ms bigint, held_calendar_ms bigint, held_working_ms bigint,
          info_requests integer, waiting_since timestamptz, breached_at timestamptz, answered_at timestamptz,
          answered_on_time boolean)`,
      [JSON.stringify(stints)],
    );
  }
  const entries = audits.flatMap((a) =>
    a.guidance.map((g) => ({
      source_case_id: a.caseId,
      source_event_sequence: g.sequence,
      question: g.question,
      answer: g.answer,
      legal_basis: g.legalBasis,
      field: a.field,
      level: g.level,
      published_by_user_id: g.publishedByUserId,
      published_at: g.publishedAt,
    })),
  );
  if (entries.length > 0) {
    // The natural key makes this idempotent; an entry the Working Group has edited or retired is left as it is.
    await db.query(
      `WITH inserted AS (
         INSERT INTO guidance_entries (source_kind, source_case_id, source_event_sequence, question, answer,
                legal_basis, field, level, published_by_user_id, published_at, updated_at, updated_by_user_id)
         SELECT 'answer', r.source_case_id, r.source_event_sequence, r.question, r.answer, r.legal_basis, r.field,
                r.level, r.published_by_user_id, r.published_at, r.published_at, r.published_by_user_id
           FROM jsonb_to_recordset($1::jsonb) AS r(source_case_id uuid, source_event_sequence integer,
                question text, answer text, legal_basis text, field varchar, level varchar,
                published_by_user_id text, published_at timestamptz)
         ON CONFLICT (source_case_id, source_event_sequence) DO NOTHING
         RETURNING id, question, answer, legal_basis, field, status, published_by_user_id, published_at)
       INSERT INTO guidance_entry_versions (entry_id, version, question, answer, legal_basis, field, status,
              changed_by_user_id, changed_at, change_note)
       SELECT id, 1, question, answer, legal_basis, field, status, published_by_user_id, published_at,
              'published from an answer' FROM inserted`,
      [JSON.stringify(entries)],
    );
  }
}

/**
 * Applies one batch of new events. Returns null when another process holds the checkpoint (it is applying one).
 * `gapTimeoutMs` is a parameter for tests only.
 */
export async function projectNextBatch(
  dataSource: DataSource,
  options: { batchEvents?: number; gapTimeoutMs?: number } = {},
): Promise<ProjectionBatch | null> {
  return inTransaction(dataSource, async (runner) => {
    const locked = (await runner.query(
      `SELECT last_event_id::text AS last FROM audit_projector_checkpoints WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [AUDIT_CHECKPOINT],
    )) as { last: string }[];
    if (locked.length === 0) return null;
    const checkpoint = BigInt(locked[0].last);
    const rows = (await runner.query(
      `SELECT id::text AS id, case_id, (now() - recorded_at) > make_interval(secs => $3::float8 / 1000) AS old
         FROM case_events WHERE id > $1 ORDER BY id LIMIT $2`,
      [checkpoint.toString(), options.batchEvents ?? BATCH_EVENTS, options.gapTimeoutMs ?? GAP_TIMEOUT_MS],
    )) as { id: string; case_id: string; old: boolean }[];
    if (rows.length === 0) return { events: 0, cases: 0, checkpoint: checkpoint.toString() };
    let next = checkpoint;
    for (const row of rows) {
      const id = BigInt(row.id);
      if (id !== next + 1n && !row.old) break;
      next = id;
    }
    const caseIds = [...new Set(rows.map((row) => row.case_id))];
    const calendarOf = await loadCalendars(runner);
    const audits = await auditCases(runner, caseIds, calendarOf);
    await withRollupsUpdated(runner, caseIds, () => writeAudits(runner, audits));
    if (next !== checkpoint) {
      await runner.query(
        `UPDATE audit_projector_checkpoints SET last_event_id = $2, updated_at = now() WHERE name = $1`,
        [AUDIT_CHECKPOINT, next.toString()],
      );
    }
    return { events: rows.length, cases: audits.length, checkpoint: next.toString() };
  });
}

/** Applies batches until the log is caught up (or only events after a young gap remain). */
export async function projectUntilCaughtUp(
  dataSource: DataSource,
  options: { batchEvents?: number; gapTimeoutMs?: number } = {},
): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await projectNextBatch(dataSource, options);
    if (batch === null || batch.events === 0) return total;
    total += batch.events;
    const batchSize = options.batchEvents ?? BATCH_EVENTS;
    if (batch.events < batchSize) return total;
  }
}

/**
 * Recomputes every audit row from the whole log (`npm run audit:rebuild`). Holds the checkpoint lock throughout,
 * deletes the derived rows, replays every case in chunks, and sets the checkpoint to the last event older than the
 * gap timeout (the incremental projector re-applies anything newer, idempotently). Guidance entries are kept:
 * missing ones are re-created, edited ones are not touched. The rollup (`audit_rollups`) is recomputed last, in one
 * pass over the new per-case rows; `only: 'rollups'` recomputes just the rollup from the per-case rows in place.
 */
export async function rebuildAuditModels(
  dataSource: DataSource,
  options: {
    chunkCases?: number;
    onProgress?: (cases: number) => void;
    only?: 'rollups';
    onPhase?: (phase: 'cases' | 'rollups', seconds: number, rows: number) => void;
  } = {},
): Promise<{ cases: number; checkpoint: string; rollupRows: number }> {
  return inTransaction(dataSource, async (runner) => {
    await runner.query(`SELECT 1 FROM audit_projector_checkpoints WHERE name = $1 FOR UPDATE`, [AUDIT_CHECKPOINT]);
    if (options.only === 'rollups') {
      const since = Date.now();
      const rollupRows = await rebuildAuditRollups(runner);
      const counted = (await runner.query(`SELECT count(*)::int AS n FROM audit_cases`)) as { n: number }[];
      options.onPhase?.('rollups', (Date.now() - since) / 1000, rollupRows);
      const checkpoint = (await runner.query(
        `SELECT last_event_id::text AS id FROM audit_projector_checkpoints WHERE name = $1`,
        [AUDIT_CHECKPOINT],
      )) as { id: string }[];
      return { cases: counted[0].n, checkpoint: checkpoint[0].id, rollupRows };
    }
    const started = Date.now();
    const safe = (await runner.query(
      `SELECT coalesce(max(id), 0)::text AS id FROM case_events
        WHERE recorded_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [GAP_TIMEOUT_MS],
    )) as { id: string }[];
    // DELETE, not TRUNCATE: audit reads keep seeing the old rows until the rebuild commits.
    await runner.query(`DELETE FROM audit_level_stints`);
    await runner.query(`DELETE FROM audit_cases`);
    const calendarOf = await loadCalendars(runner);
    const chunk = options.chunkCases ?? 2000;
    let after = '00000000-0000-0000-0000-000000000000';
    let cases = 0;
    for (;;) {
      const ids = (
        (await runner.query(`SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2`, [after, chunk])) as {
          id: string;
        }[]
      ).map((row) => row.id);
      if (ids.length === 0) break;
      const audits = await auditCases(runner, ids, calendarOf);
      await writeAudits(runner, audits);
      cases += audits.length;
      options.onProgress?.(cases);
      after = ids[ids.length - 1];
    }
    options.onPhase?.('cases', (Date.now() - started) / 1000, cases);
    const rollupsStarted = Date.now();
    const rollupRows = await rebuildAuditRollups(runner);
    options.onPhase?.('rollups', (Date.now() - rollupsStarted) / 1000, rollupRows);
    await runner.query(
      `UPDATE audit_projector_checkpoints SET last_event_id = $2, updated_at = now() WHERE name = $1`,
      [AUDIT_CHECKPOINT, safe[0].id],
    );
    return { cases, checkpoint: safe[0].id, rollupRows };
  });
}

async function inTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
