import type { CaseEventType, CaseStatus, EscalationLevel } from '../case/case-types';

/** The part of a logged event a timeline needs. */
export interface TimelineEvent {
  sequence: number;
  type: CaseEventType;
  occurredAt: string;
  actorUserId: string;
  statusAfter: CaseStatus | null;
  levelAfter: EscalationLevel | null;
  deadlineAt: string | null;
  policyId: string | null;
}

/** A stretch of the case's life in one state (and escalation level), with how long it lasted. */
export interface TimelineStage {
  status: CaseStatus;
  level: EscalationLevel | null;
  startedAt: string;
  /** Null while the case is still in this stage. */
  endedAt: string | null;
  /** Up to `endedAt`, or up to `now` for the current stage. */
  durationMs: number;
  /** The deadline in force when the stage began (the last one set within it, for escalated stages). */
  deadlineAt: string | null;
  policyId: string | null;
  /** For stages with a deadline that have ended: whether they ended before it. */
  endedBeforeDeadline: boolean | null;
  eventSequences: number[];
}

/**
 * Cuts the event log into stages: a new stage begins whenever the status or the escalation level changes.
 * Events must be in sequence order; events written before statuses were logged are skipped.
 */
export function timelineStages(events: readonly TimelineEvent[], nowIso: string): TimelineStage[] {
  const stages: TimelineStage[] = [];
  for (const event of events) {
    if (event.statusAfter === null) continue;
    const current = stages.at(-1);
    if (current && current.status === event.statusAfter && current.level === event.levelAfter) {
      current.eventSequences.push(event.sequence);
      if (event.deadlineAt && current.status === 'escalated') {
        current.deadlineAt = event.deadlineAt;
        current.policyId = event.policyId;
      }
      continue;
    }
    if (current) close(current, event.occurredAt);
    stages.push({
      status: event.statusAfter,
      level: event.levelAfter,
      startedAt: event.occurredAt,
      endedAt: null,
      durationMs: 0,
      deadlineAt: event.deadlineAt,
      policyId: event.policyId,
      endedBeforeDeadline: null,
      eventSequences: [event.sequence],
    });
  }
  const last = stages.at(-1);
  if (last) {
    last.durationMs = Math.max(0, Date.parse(nowIso) - Date.parse(last.startedAt));
    // A closed case's last stage has no duration that grows: it is the end.
    if (last.status === 'closed') {
      last.endedAt = last.startedAt;
      last.durationMs = 0;
    }
  }
  return stages;
}

function close(stage: TimelineStage, endedAt: string): void {
  stage.endedAt = endedAt;
  stage.durationMs = Math.max(0, Date.parse(endedAt) - Date.parse(stage.startedAt));
  stage.endedBeforeDeadline = stage.deadlineAt ? Date.parse(endedAt) <= Date.parse(stage.deadlineAt) : null;
}
