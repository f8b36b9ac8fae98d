import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  CLOSE_REASONS,
  ESCALATION_LEVELS,
  ESCALATION_TARGETS,
  POLICY_DECISIONS,
  type CaseEventType,
  type CasePriority,
  type CaseStatus,
  type CloseReason,
  type EscalationLevel,
  type EscalationTarget,
  type PolicyDecision,
  type Role,
} from '@libs/domain';

/**
 * The case event log's one typed shape (DOMAIN.md §4): every event type and its payload, shared by the workflow that
 * plans events, the activity that writes them, the API's event and timeline views, and everything that reads the log
 * later (reports, audit read models, the guidance library, the web console).
 *
 * Version 1 (release 0.1.0) wrote the same field names with a few fields missing; `readCaseEventPayload` fills them,
 * so rows written by 0.1.0 stay readable. Payloads only ever gain optional fields within a version.
 */
export const CASE_EVENT_PAYLOAD_VERSION = 2;

/** The answer-target policy values a level started with, kept on the event because policies are edited in place. */
export interface PolicyOnRecord {
  /** Working time allowed for the level, in ms. */
  allowanceMs: number;
  reminderPercents: number[];
  calendarId: string;
}

export interface ManualEscalationPayload extends PolicyOnRecord {
  automatic: false;
  target: EscalationTarget;
  level: EscalationLevel;
  question: string;
  /** Unit routed to (unit-head level), null at the Working Group. */
  unitCode: string | null;
}

export interface AutomaticEscalationPayload extends PolicyOnRecord {
  automatic: true;
  reason: 'deadline_missed';
  fromLevel: EscalationLevel;
  level: EscalationLevel;
  unitCode: string | null;
}

export interface CaseEventPayloads {
  case_reported: {
    title: string;
    description: string;
    provinceCode: string;
    communeCode: string;
    field: string;
    priority: CasePriority;
  };
  local_handling_started: { note: string };
  case_escalated: ManualEscalationPayload | AutomaticEscalationPayload;
  information_requested: {
    question: string;
    level: EscalationLevel | null;
    /** Working time left on the paused clock (ms); null when no clock ran. */
    remainingMs: number | null;
  };
  information_provided: { information: string; level: EscalationLevel | null };
  escalation_answered: {
    text: string;
    legalBasis: string | null;
    publishAsGuidance: boolean;
    level: EscalationLevel | null;
    /** The question of the escalation this answers (the guidance library's question). */
    question: string | null;
  };
  escalation_forwarded: Partial<PolicyOnRecord> & {
    fromLevel: EscalationLevel | null;
    toLevel: EscalationLevel;
    fromUnitCode: string | null;
    toUnitCode: string | null;
    reason: string;
  };
  assignee_changed: {
    assigneeUserId: string | null;
    fromAssigneeUserId: string | null;
    unitCode: string | null;
    reason: string | null;
  };
  deadline_reminder: { level: EscalationLevel; percent: number };
  deadline_breached: { level: EscalationLevel; escalatedTo: EscalationLevel | null };
  overdue_renotified: { level: EscalationLevel; overdueSince: string | null; renotice: number };
  case_resolved: {
    outcome: string;
    /** Until when the owner may reopen it (from the policy set's reopen window). */
    reopenUntil: string | null;
  };
  policy_proposed: { proposal: string; fromStatus: CaseStatus };
  policy_decided: { decision: PolicyDecision; note: string | null };
  case_withdrawn: { reason: string; fromStatus: CaseStatus };
  case_merged: { intoCaseId: string; fromStatus: CaseStatus };
  duplicate_merged_in: { mergedCaseId: string; mergedCaseTitle: string };
  case_reopened: { reason: string };
  case_closed: { closeReason: CloseReason; decision?: PolicyDecision; intoCaseId?: string };
}

export type CaseEventPayload<T extends CaseEventType = CaseEventType> = CaseEventPayloads[T];

/** An event's type with its payload, as the workflow plans it. */
export type CaseEventBody = { [T in CaseEventType]: { type: T; payload: CaseEventPayloads[T] } }[CaseEventType];

/** What every logged event carries besides its payload. */
export interface CaseEventMeta {
  caseId: string;
  sequence: number;
  actorUserId: string;
  actorRoles: Role[];
  occurredAt: string;
  /** Deadline in force after the event (for an answer: the one it was given under). */
  deadlineAt: string | null;
  policyId: string | null;
  requestId: string | null;
  statusAfter: CaseStatus | null;
  escalationLevelAfter: EscalationLevel | null;
}

/** One logged event, typed by its `type`: `if (event.type === 'case_escalated') event.payload.level`. */
export type TypedCaseEvent = {
  [T in CaseEventType]: CaseEventMeta & { type: T; payload: CaseEventPayloads[T] };
}[CaseEventType];

/** A raw `case_events` row as `pg` returns it (snake case), for readers that query the table directly. */
export interface CaseEventRow {
  case_id: string;
  sequence: number;
  type: string;
  actor_user_id: string;
  actor_roles: Role[];
  occurred_at: Date | string;
  payload: Record<string, unknown>;
  payload_version?: number | null;
  deadline_at: Date | string | null;
  policy_id: string | null;
  request_id: string | null;
  status_after: string | null;
  escalation_level_after: string | null;
}

export class UnknownCaseEventError extends Error {
  constructor(readonly type: string) {
    super(`Unknown case event type "${type}"`);
    this.name = 'UnknownCaseEventError';
  }
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const DAY_MS = 24 * 3600_000;
/** The reopen window release 0.1.0 used for every case. */
const V1_REOPEN_WINDOW_MS = 30 * DAY_MS;

type Upgrade = (payload: Record<string, unknown>, occurredAt: string) => Record<string, unknown>;

const V1_UPGRADES: Partial<Record<CaseEventType, Upgrade>> = {
  information_requested: (payload) => ({ remainingMs: num(payload.remainingMs) }),
  escalation_answered: (payload) => ({ question: str(payload.question), legalBasis: str(payload.legalBasis) }),
  case_resolved: (payload, occurredAt) => ({
    reopenUntil: str(payload.reopenUntil) ?? new Date(Date.parse(occurredAt) + V1_REOPEN_WINDOW_MS).toISOString(),
  }),
  case_escalated: (payload) => ({ unitCode: str(payload.unitCode) }),
};

/**
 * The payload in the current version's shape. Version 1 rows lack `remainingMs` (information requested), `question`
 * (answers), `reopenUntil` (resolutions; 0.1.0 always allowed 30 days) and `unitCode` (automatic escalations).
 */
export function readCaseEventPayload<T extends CaseEventType>(
  type: T,
  payload: Record<string, unknown>,
  version: number,
  occurredAt: string,
): CaseEventPayloads[T] {
  if (version >= CASE_EVENT_PAYLOAD_VERSION) return payload as unknown as CaseEventPayloads[T];
  const upgrade = V1_UPGRADES[type];
  const upgraded = upgrade ? { ...payload, ...upgrade(payload, occurredAt) } : payload;
  return upgraded as unknown as CaseEventPayloads[T];
}

export function isCaseEventType(value: string): value is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CASE_EVENT_PAYLOAD_SCHEMAS, value);
}

/** A `case_events` row as a typed event. Throws UnknownCaseEventError for a type this release does not know. */
export function readCaseEventRow(row: CaseEventRow): TypedCaseEvent {
  if (!isCaseEventType(row.type)) throw new UnknownCaseEventError(row.type);
  const occurredAt = iso(row.occurred_at)!;
  return {
    caseId: row.case_id,
    sequence: Number(row.sequence),
    type: row.type,
    actorUserId: row.actor_user_id,
    actorRoles: row.actor_roles,
    occurredAt,
    payload: readCaseEventPayload(row.type, row.payload, row.payload_version ?? 1, occurredAt),
    deadlineAt: iso(row.deadline_at),
    policyId: row.policy_id,
    requestId: row.request_id,
    statusAfter: row.status_after as CaseStatus | null,
    escalationLevelAfter: row.escalation_level_after as EscalationLevel | null,
  } as TypedCaseEvent;
}

// ---- JSON Schemas of the payloads (OpenAPI document, tests) --------------------------------------------------------

export type JsonSchema = Record<string, unknown>;

const text: JsonSchema = { type: 'string' };
const nullableText: JsonSchema = { type: ['string', 'null'] };
const nullableInstant: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const enumOf = (values: readonly string[], nullable = false): JsonSchema =>
  nullable ? { enum: [...values, null] } : { enum: [...values] };
const level = enumOf(ESCALATION_LEVELS);
const nullableLevel = enumOf(ESCALATION_LEVELS, true);
const status = enumOf(CASE_STATUSES);
const integer: JsonSchema = { type: 'integer', minimum: 0 };
const policyFields = {
  allowanceMs: integer,
  reminderPercents: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 100 } },
  calendarId: text,
};

function object(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

/** One schema per event type, in the current payload version. Optional keys are those a version-1 row may lack. */
export const CASE_EVENT_PAYLOAD_SCHEMAS: Readonly<Record<CaseEventType, JsonSchema>> = {
  case_reported: object({
    title: text,
    description: text,
    provinceCode: text,
    communeCode: text,
    field: text,
    priority: enumOf(CASE_PRIORITIES),
  }),
  local_handling_started: object({ note: text }),
  case_escalated: {
    oneOf: [
      object({
        automatic: { const: false },
        target: enumOf(ESCALATION_TARGETS),
        level,
        question: text,
        unitCode: nullableText,
        ...policyFields,
      }),
      object({
        automatic: { const: true },
        reason: { const: 'deadline_missed' },
        fromLevel: level,
        level,
        unitCode: nullableText,
        ...policyFields,
      }),
    ],
  },
  information_requested: object({ question: text, level: nullableLevel, remainingMs: { type: ['integer', 'null'] } }),
  information_provided: object({ information: text, level: nullableLevel }),
  escalation_answered: object({
    text,
    legalBasis: nullableText,
    publishAsGuidance: { type: 'boolean' },
    level: nullableLevel,
    question: nullableText,
  }),
  escalation_forwarded: object(
    {
      fromLevel: nullableLevel,
      toLevel: level,
      fromUnitCode: nullableText,
      toUnitCode: nullableText,
      reason: text,
      ...policyFields,
    },
    ['allowanceMs', 'reminderPercents', 'calendarId'],
  ),
  assignee_changed: object({
    assigneeUserId: nullableText,
    fromAssigneeUserId: nullableText,
    unitCode: nullableText,
    reason: nullableText,
  }),
  deadline_reminder: object({ level, percent: { type: 'integer', minimum: 0, maximum: 100 } }),
  deadline_breached: object({ level, escalatedTo: nullableLevel }),
  overdue_renotified: object({ level, overdueSince: nullableInstant, renotice: integer }),
  case_resolved: object({ outcome: text, reopenUntil: nullableInstant }),
  policy_proposed: object({ proposal: text, fromStatus: status }),
  policy_decided: object({ decision: enumOf(POLICY_DECISIONS), note: nullableText }),
  case_withdrawn: object({ reason: text, fromStatus: status }),
  case_merged: object({ intoCaseId: { type: 'string', format: 'uuid' }, fromStatus: status }),
  duplicate_merged_in: object({ mergedCaseId: { type: 'string', format: 'uuid' }, mergedCaseTitle: text }),
  case_reopened: object({ reason: text }),
  case_closed: object({ closeReason: enumOf(CLOSE_REASONS), decision: enumOf(POLICY_DECISIONS), intoCaseId: text }, [
    'decision',
    'intoCaseId',
  ]),
};
