import type { CaseStatus, EscalationLevel } from '../case/case-types';
import type { CloseReason } from '../lifecycle/lifecycle-types';
import type { WorkingCalendar } from '../calendar';

/**
 * The audit read model of one case (DOMAIN.md §7), as a pure function of the case's events. The projector and the
 * rebuild command both call `auditCase` on a case's whole log, so an incrementally maintained row and a rebuilt row
 * are the same value by construction; durations of stints that are still running are computed when read.
 */

/** The part of a logged event the audit needs (a `TypedCaseEvent` fits). */
export interface AuditEvent {
  sequence: number;
  type: string;
  actorUserId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  deadlineAt: string | null;
  policyId: string | null;
  statusAfter: CaseStatus | null;
}

export const STINT_END_REASONS = [
  'answered',
  'forwarded',
  'auto_escalated',
  'policy_proposed',
  'withdrawn',
  'merged',
  'resolved',
  'closed',
] as const;
export type StintEndReason = (typeof STINT_END_REASONS)[number];
export type StintStart = 'manual' | 'automatic' | 'forwarded';

/** One stretch of a case at one escalation level (and unit), from escalation until answer, forward or close. */
export interface LevelStint {
  stintNo: number;
  level: EscalationLevel;
  unitCode: string | null;
  startedVia: StintStart;
  /** For automatic escalations: the level whose deadline was missed. */
  fromLevel: EscalationLevel | null;
  startedAt: string;
  endedAt: string | null;
  endReason: StintEndReason | null;
  policyId: string | null;
  allowanceMs: number | null;
  calendarId: string;
  /** The deadline first set for the level. */
  initialDeadlineAt: string | null;
  /** The deadline in force at the end (moved by information requests), or now for a running stint. */
  deadlineAt: string | null;
  /** Whole stint, calendar and working time; null while running. */
  calendarMs: number | null;
  workingMs: number | null;
  /** Time waiting for the official's information (clock paused), calendar and working time. */
  infoWaitCalendarMs: number;
  infoWaitWorkingMs: number;
  /** The answerer's time: whole stint minus information waits; null while running. */
  heldCalendarMs: number | null;
  heldWorkingMs: number | null;
  infoRequests: number;
  /** Set when information was requested and not yet provided. */
  waitingSince: string | null;
  breachedAt: string | null;
  answeredAt: string | null;
  /** Answered no later than the deadline it was given under; null when the stint did not end in an answer. */
  answeredOnTime: boolean | null;
}

export interface CaseAudit {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: string;
  raisedByUserId: string;
  raisedAt: string;
  status: CaseStatus;
  /** The level of the latest stint, and the highest level ever reached (null: never escalated). */
  currentLevel: EscalationLevel | null;
  maxLevel: EscalationLevel | null;
  /** The unit of the latest stint at the unit-head level. */
  unitCode: string | null;
  firstEscalatedAt: string | null;
  firstAnswerAt: string | null;
  firstAnswerLevel: EscalationLevel | null;
  /** First escalation → first answer: calendar time, and the answerers' working time (information waits excluded). */
  firstAnswerCalendarMs: number | null;
  firstAnswerWorkingMs: number | null;
  resolvedAt: string | null;
  /** Raised → (last) resolution, calendar and working time. */
  resolutionCalendarMs: number | null;
  resolutionWorkingMs: number | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  policyProposedAt: string | null;
  policyDecision: string | null;
  breachCount: number;
  autoEscalationCount: number;
  infoWaitWorkingMs: number;
  lastSequence: number;
  stints: LevelStint[];
  guidance: GuidanceCandidate[];
}

/** An answer published as guidance (the projector turns it into a library entry). */
export interface GuidanceCandidate {
  sequence: number;
  question: string;
  answer: string;
  legalBasis: string | null;
  level: EscalationLevel | null;
  publishedByUserId: string;
  publishedAt: string;
}

export type CalendarLookup = (calendarId: string | null) => WorkingCalendar;

const LEVEL_RANK: Record<EscalationLevel, number> = { unit_head: 1, working_group: 2, leadership: 3 };
export const DEFAULT_AUDIT_CALENDAR_ID = 'vn-civil-service';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const ms = (iso: string): number => Date.parse(iso);

/** Builds the audit model of one case from its events in sequence order. Throws if the log has no case_reported. */
export function auditCase(caseId: string, events: readonly AuditEvent[], calendarOf: CalendarLookup): CaseAudit {
  const reported = events.find((event) => event.type === 'case_reported');
  if (!reported) throw new Error(`Case ${caseId} has no case_reported event`);
  const p = reported.payload;
  const audit: CaseAudit = {
    caseId,
    title: str(p.title) ?? '',
    provinceCode: str(p.provinceCode) ?? '',
    communeCode: str(p.communeCode) ?? '',
    field: str(p.field) ?? '',
    priority: str(p.priority) ?? 'normal',
    raisedByUserId: reported.actorUserId,
    raisedAt: reported.occurredAt,
    status: 'reported',
    currentLevel: null,
    maxLevel: null,
    unitCode: null,
    firstEscalatedAt: null,
    firstAnswerAt: null,
    firstAnswerLevel: null,
    firstAnswerCalendarMs: null,
    firstAnswerWorkingMs: null,
    resolvedAt: null,
    resolutionCalendarMs: null,
    resolutionWorkingMs: null,
    closedAt: null,
    closeReason: null,
    policyProposedAt: null,
    policyDecision: null,
    breachCount: 0,
    autoEscalationCount: 0,
    infoWaitWorkingMs: 0,
    lastSequence: 0,
    stints: [],
    guidance: [],
  };
  const cur: { open: LevelStint | null } = { open: null };
  let lastQuestion: string | null = null;

  const endWait = (stint: LevelStint, at: string): void => {
    if (stint.waitingSince === null) return;
    stint.infoWaitCalendarMs += Math.max(0, ms(at) - ms(stint.waitingSince));
    stint.infoWaitWorkingMs += calendarOf(stint.calendarId).workingTimeBetween(
      new Date(stint.waitingSince),
      new Date(at),
    );
    stint.waitingSince = null;
  };
  const closeStint = (at: string, reason: StintEndReason): void => {
    if (!cur.open) return;
    endWait(cur.open, at);
    cur.open.endedAt = at;
    cur.open.endReason = reason;
    cur.open.calendarMs = Math.max(0, ms(at) - ms(cur.open.startedAt));
    cur.open.workingMs = calendarOf(cur.open.calendarId).workingTimeBetween(new Date(cur.open.startedAt), new Date(at));
    cur.open.heldCalendarMs = Math.max(0, cur.open.calendarMs - cur.open.infoWaitCalendarMs);
    cur.open.heldWorkingMs = Math.max(0, cur.open.workingMs - cur.open.infoWaitWorkingMs);
    cur.open = null;
  };
  const openStint = (event: AuditEvent, level: EscalationLevel, unitCode: string | null, via: StintStart): void => {
    const payload = event.payload;
    const stint: LevelStint = {
      stintNo: audit.stints.length + 1,
      level,
      unitCode,
      startedVia: via,
      fromLevel: via === 'automatic' ? ((str(payload.fromLevel) as EscalationLevel | null) ?? null) : null,
      startedAt: event.occurredAt,
      endedAt: null,
      endReason: null,
      policyId: event.policyId,
      allowanceMs: num(payload.allowanceMs),
      calendarId: str(payload.calendarId) ?? DEFAULT_AUDIT_CALENDAR_ID,
      initialDeadlineAt: event.deadlineAt,
      deadlineAt: event.deadlineAt,
      calendarMs: null,
      workingMs: null,
      infoWaitCalendarMs: 0,
      infoWaitWorkingMs: 0,
      heldCalendarMs: null,
      heldWorkingMs: null,
      infoRequests: 0,
      waitingSince: null,
      breachedAt: null,
      answeredAt: null,
      answeredOnTime: null,
    };
    audit.stints.push(stint);
    cur.open = stint;
    audit.currentLevel = level;
    if (level === 'unit_head') audit.unitCode = unitCode;
    if (audit.maxLevel === null || LEVEL_RANK[level] > LEVEL_RANK[audit.maxLevel]) audit.maxLevel = level;
    audit.firstEscalatedAt ??= event.occurredAt;
  };

  for (const event of events) {
    const payload = event.payload;
    audit.lastSequence = Math.max(audit.lastSequence, event.sequence);
    switch (event.type) {
      case 'case_escalated': {
        const level = str(payload.level) as EscalationLevel | null;
        if (!level) break;
        const automatic = payload.automatic === true;
        closeStint(event.occurredAt, automatic ? 'auto_escalated' : 'forwarded');
        if (automatic) audit.autoEscalationCount += 1;
        else lastQuestion = str(payload.question) ?? lastQuestion;
        openStint(event, level, str(payload.unitCode), automatic ? 'automatic' : 'manual');
        break;
      }
      case 'escalation_forwarded': {
        const level = str(payload.toLevel) as EscalationLevel | null;
        if (!level) break;
        closeStint(event.occurredAt, 'forwarded');
        openStint(event, level, str(payload.toUnitCode), 'forwarded');
        break;
      }
      case 'information_requested':
        if (cur.open && cur.open.waitingSince === null) {
          cur.open.waitingSince = event.occurredAt;
          cur.open.infoRequests += 1;
          cur.open.deadlineAt = null;
        }
        break;
      case 'information_provided':
        if (cur.open) {
          endWait(cur.open, event.occurredAt);
          cur.open.deadlineAt = event.deadlineAt;
        }
        break;
      case 'deadline_breached':
        audit.breachCount += 1;
        if (cur.open && cur.open.breachedAt === null) cur.open.breachedAt = event.occurredAt;
        break;
      case 'escalation_answered': {
        const current: LevelStint | null = cur.open;
        const level = (str(payload.level) as EscalationLevel | null) ?? current?.level ?? null;
        if (current) {
          current.answeredAt = event.occurredAt;
          current.deadlineAt = event.deadlineAt ?? current.deadlineAt;
          current.answeredOnTime = current.deadlineAt === null ? null : ms(event.occurredAt) <= ms(current.deadlineAt);
          closeStint(event.occurredAt, 'answered');
        }
        if (audit.firstAnswerAt === null) {
          audit.firstAnswerAt = event.occurredAt;
          audit.firstAnswerLevel = level;
          if (audit.firstEscalatedAt !== null) {
            audit.firstAnswerCalendarMs = Math.max(0, ms(event.occurredAt) - ms(audit.firstEscalatedAt));
            audit.firstAnswerWorkingMs = audit.stints.reduce((sum, stint) => sum + (stint.heldWorkingMs ?? 0), 0);
          }
        }
        if (payload.publishAsGuidance === true) {
          const question = str(payload.question) ?? lastQuestion;
          const answer = str(payload.text);
          if (question && answer) {
            audit.guidance.push({
              sequence: event.sequence,
              question,
              answer,
              legalBasis: str(payload.legalBasis),
              level,
              publishedByUserId: event.actorUserId,
              publishedAt: event.occurredAt,
            });
          }
        }
        break;
      }
      case 'case_resolved':
        closeStint(event.occurredAt, 'resolved');
        audit.resolvedAt = event.occurredAt;
        audit.resolutionCalendarMs = Math.max(0, ms(event.occurredAt) - ms(audit.raisedAt));
        audit.resolutionWorkingMs = calendarOf(audit.stints[0]?.calendarId ?? null).workingTimeBetween(
          new Date(audit.raisedAt),
          new Date(event.occurredAt),
        );
        break;
      case 'policy_proposed':
        closeStint(event.occurredAt, 'policy_proposed');
        audit.policyProposedAt = event.occurredAt;
        break;
      case 'policy_decided':
        audit.policyDecision = str(payload.decision);
        break;
      case 'case_withdrawn':
        closeStint(event.occurredAt, 'withdrawn');
        break;
      case 'case_merged':
        closeStint(event.occurredAt, 'merged');
        break;
      case 'case_closed':
        closeStint(event.occurredAt, 'closed');
        audit.closedAt = event.occurredAt;
        audit.closeReason = str(payload.closeReason) as CloseReason | null;
        break;
      case 'case_reopened':
        audit.closedAt = null;
        audit.closeReason = null;
        break;
      default:
        break;
    }
    if (event.statusAfter !== null) audit.status = event.statusAfter;
  }
  audit.infoWaitWorkingMs = audit.stints.reduce((sum, stint) => sum + stint.infoWaitWorkingMs, 0);
  return audit;
}

/** A running stint's durations up to `nowIso` (what the per-case view shows for the current level). */
export function runningStint(stint: LevelStint, nowIso: string, calendar: WorkingCalendar): LevelStint {
  if (stint.endedAt !== null) return stint;
  const copy = { ...stint };
  const now = new Date(nowIso);
  if (copy.waitingSince !== null) {
    copy.infoWaitCalendarMs += Math.max(0, now.getTime() - ms(copy.waitingSince));
    copy.infoWaitWorkingMs += calendar.workingTimeBetween(new Date(copy.waitingSince), now);
  }
  copy.calendarMs = Math.max(0, now.getTime() - ms(copy.startedAt));
  copy.workingMs = calendar.workingTimeBetween(new Date(copy.startedAt), now);
  copy.heldCalendarMs = Math.max(0, copy.calendarMs - copy.infoWaitCalendarMs);
  copy.heldWorkingMs = Math.max(0, copy.workingMs - copy.infoWaitWorkingMs);
  return copy;
}
