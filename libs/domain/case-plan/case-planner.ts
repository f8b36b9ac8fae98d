import type { CaseEventBody, PolicyOnRecord } from '@libs/contracts/case-events';
import type { NotificationAudience, NotificationKind } from '@libs/contracts/notifications';
import { type Actor, type EscalationLevel, SYSTEM_ACTOR } from '../case/case-types';
import { WorkingCalendar } from '../calendar';
import {
  fractionInstant,
  pauseDeadline,
  remainingWorkingMs,
  resumeDeadline,
  startDeadline,
  type DeadlineClock,
} from '../deadlines/deadline-clock';
import { applyAction, applyDeadlineBreach, checkAction } from '../lifecycle/lifecycle';
import { mergeConflict, mergeTargetBusy, mergeTargetClosed } from '../lifecycle/lifecycle-messages';
import type { CaseAction, LifecycleState, Refusal } from '../lifecycle/lifecycle-types';
import { notificationText, type NotificationTextParams } from '../notifications/notification-texts';
import {
  RECENT_DUPLICATES_KEPT,
  type CaseModel,
  type CaseOpening,
  type CasePlan,
  type CaseProjection,
  type CaseSettings,
  type LevelNeeds,
  type PlannedEvent,
  type PlannedNotification,
  type PreparedLevel,
} from './case-model';

/**
 * The case's decisions as pure functions (DOMAIN.md §4, §5): given the model, a request or the time, and what an
 * activity fetched, they return the model after it and the events and notifications that record it. The workflow
 * only carries plans out in order; everything here is tested with a simulated clock.
 */

const iso = (ms: number): string => new Date(ms).toISOString();

/** Collects the events of one plan, numbering them after the model's last event. */
class PlanBuilder {
  readonly events: PlannedEvent[] = [];

  constructor(
    public model: CaseModel,
    private readonly nowMs: number,
  ) {}

  record(
    actor: Actor,
    body: CaseEventBody,
    options: {
      deadlineAt?: string | null;
      policyId?: string | null;
      notify?: [NotificationKind, NotificationAudience, Partial<NotificationTextParams>?][];
    } = {},
  ): void {
    const model = this.model;
    const sequence = model.lastEventSequence + 1;
    this.model = { ...model, lastEventSequence: sequence };
    const projection = caseProjection(this.model, this.nowMs);
    const deadlineAt = options.deadlineAt !== undefined ? options.deadlineAt : projection.answerDeadline;
    this.events.push({
      sequence,
      occurredAt: iso(this.nowMs),
      actor: {
        userId: actor.userId,
        roles: actor.roles,
        unitCode: actor.unitCode ?? null,
        displayName: actor.displayName ?? null,
      },
      body,
      deadlineAt,
      policyId: options.policyId !== undefined ? options.policyId : (model.deadline?.policy.policyId ?? null),
      statusAfter: model.lifecycle.status,
      levelAfter: model.lifecycle.level,
      notifications: (options.notify ?? []).map(([kind, audience, details]) =>
        notice(this.model, kind, audience, { deadline: projection.answerDeadline, ...details }),
      ),
    });
  }

  plan(): CasePlan {
    return { model: this.model, events: this.events };
  }
}

function notice(
  model: CaseModel,
  kind: NotificationKind,
  audience: NotificationAudience,
  details: Partial<NotificationTextParams>,
): PlannedNotification {
  const unit = model.unit;
  return {
    kind,
    audience,
    text: notificationText(kind, {
      caseId: model.caseId,
      caseTitle: model.title,
      level: model.lifecycle.level,
      unitName: unit?.nameVi ?? null,
      unitNameEn: unit?.nameEn ?? null,
      ...details,
    }),
  };
}

/** Who answers at a level: the unit's heads (or the named assignee), the Working Group (or its assignee), leadership. */
export function answerersOf(model: CaseModel, level: EscalationLevel): NotificationAudience {
  const assignee = model.lifecycle.assigneeUserId;
  switch (level) {
    case 'unit_head':
      return { roles: ['unit_head'], unitCode: model.lifecycle.assignedUnitCode, userIds: assignee ? [assignee] : [] };
    case 'working_group':
      return assignee ? { userIds: [assignee] } : { roles: ['working_group'] };
    case 'leadership':
      return { roles: ['leadership'] };
  }
}

const ownerOf = (model: CaseModel): NotificationAudience => ({ userIds: [model.lifecycle.ownerUserId] });

function policyOnRecord(clock: DeadlineClock): PolicyOnRecord {
  const { policy } = clock;
  return {
    allowanceMs: policy.allowanceMs,
    reminderPercents: policy.reminderFractions.map((fraction) => Math.round(fraction * 100)),
    calendarId: policy.calendar.id,
  };
}

/** The mutable projection columns for the model at `nowMs`. */
export function caseProjection(model: CaseModel, nowMs: number): CaseProjection {
  const { lifecycle, deadline } = model;
  const running = deadline !== null && lifecycle.status === 'escalated';
  const paused = deadline !== null && lifecycle.status === 'awaiting_info';
  return {
    status: lifecycle.status,
    escalationLevel: lifecycle.level,
    escalationTarget: lifecycle.escalationTarget,
    assignedUnitCode: lifecycle.assignedUnitCode,
    assigneeUserId: lifecycle.assigneeUserId,
    answerDeadline: running ? deadline.dueAt : null,
    deadlineRemainingMs: paused ? remainingWorkingMs(deadline, nowMs) : null,
    slaPolicyId: running || paused ? deadline.policy.policyId : null,
    breachCount: model.breachCount,
    closedAt: lifecycle.closedAt,
    closeReason: lifecycle.closeReason,
    resolvedAt: lifecycle.resolvedAt,
    reopenUntil: lifecycle.reopenUntil ?? null,
    mergedIntoCaseId: lifecycle.mergedIntoCaseId,
  };
}

// ---- raising -------------------------------------------------------------------------------------------------------

/** The model of a newly raised case and its first event, `case_reported`. */
export function planOpening(opening: CaseOpening, settings: CaseSettings, nowMs: number): CasePlan {
  const lifecycle: LifecycleState = {
    status: 'reported',
    level: null,
    escalationTarget: null,
    ownerUserId: opening.raisedBy.userId,
    provinceCode: opening.provinceCode,
    assignedUnitCode: null,
    assigneeUserId: null,
    answeredLevel: null,
    closeReason: null,
    resolvedAt: null,
    reopenUntil: null,
    closedAt: null,
    mergedIntoCaseId: null,
  };
  const model: CaseModel = {
    caseId: opening.caseId,
    title: opening.title,
    provinceCode: opening.provinceCode,
    communeCode: opening.communeCode,
    field: opening.field,
    priority: opening.priority,
    lifecycle,
    deadline: null,
    breachCount: 0,
    lastEventSequence: 0,
    question: null,
    unit: null,
    pendingMergeInto: null,
    recentDuplicates: [],
    duplicateCount: 0,
    settings,
  };
  const builder = new PlanBuilder(model, nowMs);
  builder.record(opening.raisedBy, {
    type: 'case_reported',
    payload: {
      title: opening.title,
      description: opening.description,
      provinceCode: opening.provinceCode,
      communeCode: opening.communeCode,
      field: opening.field,
      priority: opening.priority,
    },
  });
  return builder.plan();
}

// ---- actions -------------------------------------------------------------------------------------------------------

/**
 * Why `actor` may not take `action` now, or null: the lifecycle rules, plus the merge guards only the case itself
 * knows (a merge already under way; merging into a case that was just merged into this one).
 */
export function refuseAction(model: CaseModel, action: CaseAction, actor: Actor, nowMs: number): Refusal | null {
  const refusal = checkAction(model.lifecycle, action, actor, iso(nowMs));
  if (refusal) return refusal;
  if (action.type === 'merge') {
    if (model.pendingMergeInto !== null) return mergeTargetBusy();
    if (model.recentDuplicates.includes(action.intoCaseId.trim())) return mergeConflict();
  }
  return null;
}

/** What the database must provide before `action` can be planned (a new level's unit and policy), or null. */
export function actionNeeds(model: CaseModel, action: CaseAction): LevelNeeds | null {
  if (action.type === 'escalate') {
    return action.target === 'unit_head' ? { level: 'unit_head', routeField: model.field } : { level: action.target };
  }
  if (action.type === 'forward') {
    const level = action.toLevel ?? model.lifecycle.level ?? 'working_group';
    const unitCode = typeof action.toUnitCode === 'string' ? action.toUnitCode.trim() : null;
    return level === 'unit_head' && unitCode ? { level, unitCode } : { level };
  }
  return null;
}

/**
 * The plan of an allowed action (refuseAction returned null). `prepared` is what actionNeeds asked for; merges are
 * planned in two steps (planMergeStart, planMergeClose) around the surviving case's acceptance.
 */
export function planAction(
  model: CaseModel,
  request: { actor: Actor; action: CaseAction },
  nowMs: number,
  prepared: PreparedLevel | null,
): CasePlan {
  const { actor, action } = request;
  const before = model.lifecycle;
  let lifecycle = applyAction(before, action, actor, iso(nowMs));
  const next: CaseModel = { ...model, lifecycle };
  const name = actor.displayName ?? null;
  const builder = new PlanBuilder(next, nowMs);
  const startLevel = (level: EscalationLevel): DeadlineClock => {
    if (!prepared) throw new Error(`planAction: ${action.type} needs the policy of level ${level}`);
    return startDeadline(level, prepared.policy, nowMs);
  };

  switch (action.type) {
    case 'handle_locally':
      builder.record(actor, { type: 'local_handling_started', payload: { note: action.note } });
      break;
    case 'escalate': {
      const unit = action.target === 'unit_head' ? (prepared?.unit ?? null) : null;
      if (unit) lifecycle = { ...lifecycle, assignedUnitCode: unit.code };
      const deadline = startLevel(action.target);
      builder.model = { ...next, lifecycle, deadline, question: action.question, unit: unit ?? next.unit };
      builder.record(
        actor,
        {
          type: 'case_escalated',
          payload: {
            automatic: false,
            target: action.target,
            level: action.target,
            question: action.question,
            unitCode: action.target === 'unit_head' ? lifecycle.assignedUnitCode : null,
            ...policyOnRecord(deadline),
          },
        },
        {
          notify: [
            [
              'escalation_received',
              answerersOf(builder.model, action.target),
              { actorName: name, note: action.question },
            ],
          ],
        },
      );
      break;
    }
    case 'request_info': {
      const deadline = model.deadline ? pauseDeadline(model.deadline, nowMs) : null;
      builder.model = { ...next, deadline };
      builder.record(
        actor,
        {
          type: 'information_requested',
          payload: {
            question: action.question,
            level: before.level,
            remainingMs: deadline ? remainingWorkingMs(deadline, nowMs) : null,
          },
        },
        { notify: [['information_requested', ownerOf(next), { actorName: name, note: action.question }]] },
      );
      break;
    }
    case 'provide_info': {
      const deadline = model.deadline ? resumeDeadline(model.deadline, nowMs) : null;
      builder.model = { ...next, deadline };
      builder.record(
        actor,
        { type: 'information_provided', payload: { information: action.information, level: before.level } },
        {
          notify: [
            ['information_provided', answerersOf(next, lifecycle.level ?? 'working_group'), { actorName: name }],
          ],
        },
      );
      break;
    }
    case 'answer':
      builder.model = { ...next, deadline: null };
      builder.record(
        actor,
        {
          type: 'escalation_answered',
          payload: {
            text: action.text,
            legalBasis: action.legalBasis ?? null,
            publishAsGuidance: action.publishAsGuidance,
            level: before.level,
            question: model.question,
          },
        },
        {
          deadlineAt: model.deadline?.dueAt ?? null,
          policyId: model.deadline?.policy.policyId ?? null,
          notify: [['escalation_answered', ownerOf(next), { actorName: name }]],
        },
      );
      break;
    case 'forward': {
      const level = lifecycle.level ?? 'working_group';
      const unit = level === 'unit_head' && prepared?.unit ? prepared.unit : next.unit;
      if (level === 'unit_head' && prepared?.unit) lifecycle = { ...lifecycle, assignedUnitCode: prepared.unit.code };
      const deadline = startLevel(level);
      builder.model = { ...next, lifecycle, deadline, unit };
      builder.record(
        actor,
        {
          type: 'escalation_forwarded',
          payload: {
            fromLevel: before.level,
            toLevel: level,
            fromUnitCode: before.assignedUnitCode,
            toUnitCode: lifecycle.assignedUnitCode,
            reason: action.reason,
            ...policyOnRecord(deadline),
          },
        },
        {
          notify: [
            ['escalation_forwarded', answerersOf(builder.model, level), { actorName: name, note: action.reason }],
          ],
        },
      );
      break;
    }
    case 'reassign':
      builder.record(
        actor,
        {
          type: 'assignee_changed',
          payload: {
            assigneeUserId: lifecycle.assigneeUserId,
            fromAssigneeUserId: before.assigneeUserId,
            unitCode: lifecycle.assignedUnitCode,
            reason: action.reason ?? null,
          },
        },
        {
          notify: [
            [
              'case_reassigned',
              { userIds: [action.assigneeUserId.trim()] },
              { actorName: name, note: action.reason ?? null },
            ],
          ],
        },
      );
      break;
    case 'resolve': {
      const reopenUntil = iso(nowMs + model.settings.reopenWindowMs);
      lifecycle = { ...lifecycle, reopenUntil };
      builder.model = { ...next, lifecycle, deadline: null, question: null };
      builder.record(actor, { type: 'case_resolved', payload: { outcome: action.outcome, reopenUntil } });
      builder.record(actor, { type: 'case_closed', payload: { closeReason: 'resolved' } });
      break;
    }
    case 'propose_policy':
      builder.model = { ...next, deadline: null };
      builder.record(
        actor,
        { type: 'policy_proposed', payload: { proposal: action.proposal, fromStatus: before.status } },
        { notify: [['policy_proposed', { roles: ['leadership'] }, { actorName: name }]] },
      );
      break;
    case 'decide_policy':
      builder.record(actor, {
        type: 'policy_decided',
        payload: { decision: action.decision, note: action.note ?? null },
      });
      builder.record(
        actor,
        { type: 'case_closed', payload: { closeReason: 'policy_decided', decision: action.decision } },
        {
          notify: [
            [
              'policy_decided',
              ownerOf(next),
              { actorName: name, decision: action.decision, note: action.note ?? null },
            ],
          ],
        },
      );
      break;
    case 'withdraw':
      builder.model = { ...next, deadline: null };
      builder.record(actor, { type: 'case_withdrawn', payload: { reason: action.reason, fromStatus: before.status } });
      builder.record(actor, { type: 'case_closed', payload: { closeReason: 'withdrawn' } });
      break;
    case 'merge':
      return planMergeClose(model, { actor, action }, nowMs);
    case 'reopen':
      builder.model = { ...next, deadline: null };
      builder.record(actor, { type: 'case_reopened', payload: { reason: action.reason } });
      break;
  }
  return builder.plan();
}

// ---- merges ----------------------------------------------------------------------------------------------------------

/** The duplicate waits for the surviving case to accept it; nothing is recorded yet. */
export function planMergeStart(model: CaseModel, intoCaseId: string): CaseModel {
  return { ...model, pendingMergeInto: intoCaseId.trim() };
}

/** The surviving case refused (or could not be reached): the duplicate stays as it was. */
export function planMergeAbandoned(model: CaseModel): CaseModel {
  return { ...model, pendingMergeInto: null };
}

/** The surviving case accepted: the duplicate closes with a link to it. */
export function planMergeClose(
  model: CaseModel,
  request: { actor: Actor; action: Extract<CaseAction, { type: 'merge' }> },
  nowMs: number,
): CasePlan {
  const { actor, action } = request;
  const intoCaseId = action.intoCaseId.trim();
  const before = model.lifecycle;
  const lifecycle = applyAction(before, action, actor, iso(nowMs));
  const builder = new PlanBuilder({ ...model, lifecycle, deadline: null, pendingMergeInto: null }, nowMs);
  builder.record(actor, { type: 'case_merged', payload: { intoCaseId, fromStatus: before.status } });
  builder.record(
    actor,
    { type: 'case_closed', payload: { closeReason: 'merged', intoCaseId } },
    {
      notify: [['case_merged', ownerOf(model), { actorName: actor.displayName ?? null }]],
    },
  );
  return builder.plan();
}

/** A duplicate this case remembers having accepted. */
export function hasAcceptedDuplicate(model: CaseModel, duplicateCaseId: string): boolean {
  return model.recentDuplicates.includes(duplicateCaseId.trim());
}

/**
 * Why this case (the survivor) may not take in `duplicateCaseId` as a duplicate of it, or null. Refused when this
 * case is closed, or is itself being merged into another case. When the two cases are being merged into each other
 * at once, exactly one merge goes ahead: the one into the case with the lower id (each case reaches the same verdict
 * on its own, so no coordination is needed).
 */
export function refuseDuplicate(model: CaseModel, duplicateCaseId: string): Refusal | null {
  const duplicateId = duplicateCaseId.trim();
  if (model.lifecycle.status === 'closed' || model.lifecycle.status === 'resolved') return mergeTargetClosed();
  if (model.pendingMergeInto !== null) {
    if (model.pendingMergeInto !== duplicateId) return mergeTargetBusy();
    const ownMergeWins = duplicateId < model.caseId;
    if (ownMergeWins) return mergeConflict();
  }
  return null;
}

/**
 * Takes the duplicate in at once (before its event is recorded), so a merge the other way that arrives meanwhile is
 * refused. Accepting the same duplicate again changes nothing.
 */
export function reserveDuplicate(model: CaseModel, duplicateCaseId: string): CaseModel {
  const duplicateId = duplicateCaseId.trim();
  if (model.recentDuplicates.includes(duplicateId)) return model;
  return {
    ...model,
    recentDuplicates: [...model.recentDuplicates, duplicateId].slice(-RECENT_DUPLICATES_KEPT),
    duplicateCount: model.duplicateCount + 1,
  };
}

/** Records that a duplicate was merged into this case (after reserveDuplicate). */
export function planDuplicateRecorded(
  model: CaseModel,
  duplicate: { caseId: string; title: string; actor: Actor },
  nowMs: number,
): CasePlan {
  const builder = new PlanBuilder(model, nowMs);
  builder.record(duplicate.actor, {
    type: 'duplicate_merged_in',
    payload: { mergedCaseId: duplicate.caseId.trim(), mergedCaseTitle: duplicate.title },
  });
  return builder.plan();
}

// ---- timers ----------------------------------------------------------------------------------------------------------

function runningClock(model: CaseModel): DeadlineClock | null {
  const clock = model.deadline;
  return clock && model.lifecycle.status === 'escalated' && clock.anchorAt !== null ? clock : null;
}

export function reopenWindowOver(model: CaseModel, nowMs: number): boolean {
  const { closeReason, reopenUntil } = model.lifecycle;
  return closeReason === 'resolved' && typeof reopenUntil === 'string' && nowMs > Date.parse(reopenUntil);
}

/** The workflow may complete: closed for good (a resolved case once its reopen window is over). */
export function caseFinished(model: CaseModel, nowMs: number): boolean {
  const { status, closeReason } = model.lifecycle;
  return status === 'closed' && (closeReason !== 'resolved' || reopenWindowOver(model, nowMs));
}

/** The next instant something is due (a reminder, the deadline, a re-notice, the end of the reopen window). */
export function nextWakeAt(model: CaseModel): number | null {
  const candidates: number[] = [];
  const clock = runningClock(model);
  if (clock) {
    if (!clock.breachedAt) {
      for (const fraction of clock.policy.reminderFractions) {
        if (clock.remindersSent.includes(fraction)) continue;
        const at = fractionInstant(clock, fraction);
        if (at !== null) candidates.push(at);
      }
      if (clock.dueAt) candidates.push(Date.parse(clock.dueAt));
    } else if (clock.nextRenoticeAt) {
      candidates.push(Date.parse(clock.nextRenoticeAt));
    }
  }
  const { closeReason, reopenUntil } = model.lifecycle;
  if (closeReason === 'resolved' && typeof reopenUntil === 'string') candidates.push(Date.parse(reopenUntil) + 1);
  return candidates.length ? Math.min(...candidates) : null;
}

/** When the deadline is due and a higher level exists, the policy of that level must be fetched first. */
export function timerNeeds(model: CaseModel, nowMs: number): LevelNeeds | null {
  const clock = runningClock(model);
  if (!clock || clock.breachedAt || clock.dueAt === null || Date.parse(clock.dueAt) > nowMs) return null;
  const { escalatedTo } = applyDeadlineBreach(model.lifecycle);
  return escalatedTo ? { level: escalatedTo } : null;
}

/**
 * What is due at `nowMs`: reminders not yet sent, then the breach (automatic escalation with a fresh allowance, or
 * at the top level a recorded breach re-notified every working day), or the next re-notice.
 */
export function planTimers(model: CaseModel, nowMs: number, prepared: PreparedLevel | null): CasePlan {
  const builder = new PlanBuilder(model, nowMs);
  let clock = runningClock(model);
  if (!clock) return builder.plan();
  const calendar = new WorkingCalendar(clock.policy.calendar);

  for (const fraction of clock.policy.reminderFractions) {
    if (clock.breachedAt || clock.remindersSent.includes(fraction)) continue;
    const at = fractionInstant(clock, fraction);
    if (at === null || at > nowMs) continue;
    clock = { ...clock, remindersSent: [...clock.remindersSent, fraction] };
    builder.model = { ...builder.model, deadline: clock };
    builder.record(
      SYSTEM_ACTOR,
      { type: 'deadline_reminder', payload: { level: clock.level, percent: Math.round(fraction * 100) } },
      { notify: [['deadline_reminder', answerersOf(builder.model, clock.level), { elapsedFraction: fraction }]] },
    );
  }

  if (!clock.breachedAt && clock.dueAt !== null && Date.parse(clock.dueAt) <= nowMs) {
    const missedLevel = clock.level;
    const { state: escalatedState, escalatedTo } = applyDeadlineBreach(builder.model.lifecycle);
    builder.model = { ...builder.model, breachCount: builder.model.breachCount + 1 };
    if (escalatedTo === null) {
      clock = {
        ...clock,
        breachedAt: iso(nowMs),
        nextRenoticeAt: calendar.addWorkingTime(new Date(nowMs), clock.policy.renotifyIntervalMs).toISOString(),
      };
      builder.model = { ...builder.model, deadline: clock };
      builder.record(
        SYSTEM_ACTOR,
        { type: 'deadline_breached', payload: { level: missedLevel, escalatedTo: null } },
        { deadlineAt: clock.dueAt, notify: [['deadline_breached', answerersOf(builder.model, missedLevel)]] },
      );
      return builder.plan();
    }
    if (!prepared) throw new Error(`planTimers: the breach needs the policy of level ${escalatedTo}`);
    builder.record(
      SYSTEM_ACTOR,
      { type: 'deadline_breached', payload: { level: missedLevel, escalatedTo } },
      { deadlineAt: clock.dueAt },
    );
    const deadline = startDeadline(escalatedTo, prepared.policy, nowMs);
    builder.model = { ...builder.model, lifecycle: escalatedState, deadline };
    const unitCode = escalatedTo === 'unit_head' ? escalatedState.assignedUnitCode : null;
    builder.record(
      SYSTEM_ACTOR,
      {
        type: 'case_escalated',
        payload: {
          automatic: true,
          reason: 'deadline_missed',
          fromLevel: missedLevel,
          level: escalatedTo,
          unitCode,
          ...policyOnRecord(deadline),
        },
      },
      {
        notify: [
          ['case_auto_escalated', answerersOf(builder.model, escalatedTo), { previousLevel: missedLevel }],
          ['case_auto_escalated', ownerOf(builder.model), { previousLevel: missedLevel }],
        ],
      },
    );
    return builder.plan();
  }

  if (clock.breachedAt && clock.nextRenoticeAt && Date.parse(clock.nextRenoticeAt) <= nowMs) {
    clock = {
      ...clock,
      renoticeCount: clock.renoticeCount + 1,
      nextRenoticeAt: calendar.addWorkingTime(new Date(nowMs), clock.policy.renotifyIntervalMs).toISOString(),
    };
    builder.model = { ...builder.model, deadline: clock };
    builder.record(
      SYSTEM_ACTOR,
      {
        type: 'overdue_renotified',
        payload: { level: clock.level, overdueSince: clock.dueAt, renotice: clock.renoticeCount },
      },
      { deadlineAt: clock.dueAt, notify: [['overdue_renotice', answerersOf(builder.model, clock.level)]] },
    );
  }
  return builder.plan();
}
