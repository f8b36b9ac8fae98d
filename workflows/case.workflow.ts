import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '@activities';
import {
  allowedActionsQuery,
  AnswerDeadlineAttribute,
  caseActionUpdates,
  CaseFieldAttribute,
  CasePriorityAttribute,
  caseStateQuery,
  CaseStatusAttribute,
  CommuneCodeAttribute,
  duplicateMergedInSignal,
  EscalationLevelAttribute,
  ProvinceCodeAttribute,
  timelineQuery,
  type CaseActionRequest,
  type CaseActionResult,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type CaseWorkflowState,
  type DeadlineState,
  type NotificationAudience,
  type NotificationKind,
  type RecordCaseEventInput,
} from '@libs/contracts';
import {
  allowedActions,
  applyAction,
  applyDeadlineBreach,
  checkAction,
  REFUSAL_CODES,
  REOPEN_WINDOW_DAYS,
  SYSTEM_ACTOR,
  type Actor,
  type CaseAction,
  type CaseActionType,
  type CaseEventType,
  type EscalationLevel,
  type LifecycleState,
  type Refusal,
} from '@libs/domain';
import { WorkingCalendar } from '@libs/domain/calendar';
import { notificationText, type NotificationTextParams } from '@libs/domain/notifications';
import {
  fractionInstant,
  pauseDeadline,
  remainingWorkingMs,
  resumeDeadline,
  startDeadline,
  statutoryFallbackPolicy,
  type DeadlinePolicy,
} from '@libs/domain/deadlines';

const { recordCaseEvent, resolveResponsibleUnit, notify } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { resolveSlaPolicy } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['SLA_POLICY_MISSING'],
  },
});

// Webhook receivers may be down for a while; deliveries retry with backoff for about an hour and a half.
const { deliverWebhooks } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** A resolved case stays reopenable this long; then its workflow completes. */
const REOPEN_WINDOW_MS = REOPEN_WINDOW_DAYS * 24 * 3600_000;
const DEFAULT_HISTORY_EVENT_LIMIT = 5000;

/**
 * One workflow per case (workflow id = case id): the durable record of an issue raised at a commune, from discovery
 * through consultation with deadlines and automatic escalation to its outcome (DOMAIN.md §4, §5).
 *
 * Every state change runs through `serialized`, one at a time: update handlers, timer firings and signals never
 * interleave, so events get consecutive sequence numbers and the projection moves forward in order.
 *
 * Lifetime: the workflow completes when the case closes, except after a resolution, when it stays open (idle, one
 * timer) for the 30-day reopen window. Long cases continue as new before their history grows large.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const state: CaseWorkflowState = input.carriedState ?? initialState(input);
  const historyEventLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;
  const reopenWindowMs = input.reopenWindowMs ?? REOPEN_WINDOW_MS;
  let wake = false;
  let lock: Promise<unknown> = Promise.resolve();
  const webhookDeliveries = new Set<Promise<void>>();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = lock.then(work);
    lock = run.catch(() => undefined);
    return run.finally(() => {
      wake = true;
    });
  }

  const nowIso = (): string => new Date(Date.now()).toISOString();

  // The first event is queued before any handler exists, so an update delivered with the start cannot overtake it.
  const reported = input.carriedState
    ? Promise.resolve()
    : serialized(async () => {
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
          { requestId: input.requestId },
        );
      });

  // ---- queries, updates, signals -------------------------------------------------------------------------------

  setHandler(caseStateQuery, () => state);
  setHandler(timelineQuery, () => state.timeline);
  setHandler(allowedActionsQuery, (actor: Actor) => allowedActions(state.lifecycle, actor, nowIso()));

  for (const [type, update] of Object.entries(caseActionUpdates) as [
    CaseActionType,
    (typeof caseActionUpdates)[CaseActionType],
  ][]) {
    setHandler(
      update,
      (request: CaseActionRequest) =>
        serialized(async () => {
          // Checked again inside the lock: a concurrent update may have changed the case since validation
          // (two answers at once: the second is told it was already answered).
          const refusal = refusalFor(request, type, state.lifecycle, nowIso());
          if (refusal) throw refusalFailure(refusal);
          return perform(request);
        }),
      {
        validator: (request: CaseActionRequest) => {
          const refusal = refusalFor(request, type, state.lifecycle, nowIso());
          if (refusal) throw refusalFailure(refusal);
        },
      },
    );
  }

  setHandler(duplicateMergedInSignal, (merged) => {
    void serialized(async () => {
      if (state.mergedCaseIds.includes(merged.caseId)) return;
      state.mergedCaseIds.push(merged.caseId);
      await record('duplicate_merged_in', merged.actor, { mergedCaseId: merged.caseId, mergedCaseTitle: merged.title });
    });
  });

  // ---- recording ---------------------------------------------------------------------------------------------------

  /**
   * Appends an event (through the idempotent activity) with the projection after it. `deadlineAt` defaults to the
   * deadline in force; an answer passes the one it was given under, since answering ends the clock.
   */
  async function record(
    type: CaseEventType,
    actor: Actor,
    payload: Record<string, unknown>,
    options: { requestId?: string | null; deadlineAt?: string | null } = {},
  ): Promise<number> {
    state.lastEventSequence += 1;
    const sequence = state.lastEventSequence;
    syncSnapshot();
    const occurredAt = nowIso();
    const requestId = options.requestId;
    const event: RecordCaseEventInput = {
      caseId: state.snapshot.caseId,
      sequence,
      type,
      actor,
      occurredAt,
      payload,
      deadlineAt: options.deadlineAt !== undefined ? options.deadlineAt : state.snapshot.answerDeadline,
      policyId: state.deadline?.policy.policyId ?? null,
      requestId: requestId ?? null,
      snapshot: { ...state.snapshot },
    };
    state.timeline.push({
      sequence,
      type,
      at: occurredAt,
      actorUserId: actor.userId,
      status: state.snapshot.status,
      level: state.snapshot.escalationLevel,
      deadlineAt: event.deadlineAt ?? null,
      policyId: event.policyId ?? null,
    });
    await recordCaseEvent(event);
    syncSearchAttributes();
    return sequence;
  }

  async function notifyAbout(
    kind: NotificationKind,
    audience: NotificationAudience,
    eventSequence: number,
    details: Partial<NotificationTextParams> = {},
  ): Promise<void> {
    const unitCode = state.lifecycle.assignedUnitCode;
    const unit = unitCode ? state.unitNames[unitCode] : undefined;
    const text = notificationText(kind, {
      caseId: state.snapshot.caseId,
      caseTitle: state.snapshot.title,
      level: state.lifecycle.level,
      deadline: state.snapshot.answerDeadline,
      unitName: unit?.vi ?? null,
      unitNameEn: unit?.en ?? null,
      ...details,
    });
    const { notificationIds } = await notify({ caseId: state.snapshot.caseId, eventSequence, kind, audience, ...text });
    if (notificationIds.length === 0) return;
    const delivery = deliverWebhooks({ notificationIds }).catch((error: unknown) => {
      // Delivery gave up after its retries; the inbox still has the notification.
      log.warn('webhook delivery failed', { error: String(error), kind, eventSequence });
    });
    webhookDeliveries.add(delivery);
    void delivery.finally(() => webhookDeliveries.delete(delivery));
  }

  function answerersOf(level: EscalationLevel): NotificationAudience {
    const assignee = state.lifecycle.assigneeUserId;
    switch (level) {
      case 'unit_head':
        return {
          roles: ['unit_head'],
          unitCode: state.lifecycle.assignedUnitCode,
          userIds: assignee ? [assignee] : [],
        };
      case 'working_group':
        return assignee ? { userIds: [assignee] } : { roles: ['working_group'] };
      case 'leadership':
        return { roles: ['leadership'] };
    }
  }

  const owner = (): NotificationAudience => ({ userIds: [state.lifecycle.ownerUserId] });

  // ---- deadlines -----------------------------------------------------------------------------------------------

  /**
   * The answer-target policy in force now for a level (kept for the whole level). With no matching policy row — a
   * misconfiguration — the statutory defaults apply and the policy id says so, rather than stalling the case.
   */
  async function policyFor(level: EscalationLevel): Promise<DeadlinePolicy> {
    try {
      return await resolveSlaPolicy({
        field: state.snapshot.field,
        priority: state.snapshot.priority,
        level,
        policySet: state.policySet,
      });
    } catch (error) {
      if (
        error instanceof ActivityFailure &&
        error.cause instanceof ApplicationFailure &&
        error.cause.type === 'SLA_POLICY_MISSING'
      ) {
        log.warn('no answer-target policy matches; using the statutory defaults', {
          level,
          error: error.cause.message,
        });
        return statutoryFallbackPolicy(state.snapshot.priority);
      }
      throw error;
    }
  }

  async function fireDueTimers(): Promise<void> {
    const deadline = state.deadline;
    const now = Date.now();
    if (deadline && state.lifecycle.status === 'escalated' && deadline.anchorAt !== null) {
      const calendar = new WorkingCalendar(deadline.policy.calendar);
      for (const fraction of deadline.policy.reminderFractions) {
        if (deadline.remindersSent.includes(fraction) || deadline.breachedAt) continue;
        const at = fractionInstant(deadline, fraction);
        if (at === null || at > now) continue;
        deadline.remindersSent.push(fraction);
        const sequence = await record('deadline_reminder', SYSTEM_ACTOR, {
          level: deadline.level,
          percent: Math.round(fraction * 100),
        });
        await notifyAbout('deadline_reminder', answerersOf(deadline.level), sequence, { elapsedFraction: fraction });
      }
      if (!deadline.breachedAt && deadline.dueAt !== null && Date.parse(deadline.dueAt) <= now) {
        await breach(deadline);
      } else if (deadline.breachedAt && deadline.nextRenoticeAt && Date.parse(deadline.nextRenoticeAt) <= now) {
        deadline.renoticeCount += 1;
        deadline.nextRenoticeAt = new Date(
          calendar.addWorkingTime(new Date(now), deadline.policy.renotifyIntervalMs),
        ).toISOString();
        const sequence = await record('overdue_renotified', SYSTEM_ACTOR, {
          level: deadline.level,
          overdueSince: deadline.dueAt,
          renotice: deadline.renoticeCount,
        });
        await notifyAbout('overdue_renotice', answerersOf(deadline.level), sequence);
      }
    }
    if (reopenWindowOver()) wake = true;
  }

  async function breach(deadline: DeadlineState): Promise<void> {
    state.snapshot.breachCount += 1;
    const missedLevel = deadline.level;
    const { state: next, escalatedTo } = applyDeadlineBreach(state.lifecycle);
    if (escalatedTo === null) {
      // The top level: record the breach and keep reminding every working day until someone answers.
      const calendar = new WorkingCalendar(deadline.policy.calendar);
      deadline.breachedAt = nowIso();
      deadline.nextRenoticeAt = calendar
        .addWorkingTime(new Date(Date.now()), deadline.policy.renotifyIntervalMs)
        .toISOString();
      const sequence = await record('deadline_breached', SYSTEM_ACTOR, { level: missedLevel, escalatedTo: null });
      await notifyAbout('deadline_breached', answerersOf(missedLevel), sequence);
      return;
    }
    await record('deadline_breached', SYSTEM_ACTOR, { level: missedLevel, escalatedTo });
    const policy = await policyFor(escalatedTo);
    state.lifecycle = next;
    state.deadline = startDeadline(escalatedTo, policy, Date.now());
    const sequence = await record('case_escalated', SYSTEM_ACTOR, {
      automatic: true,
      reason: 'deadline_missed',
      fromLevel: missedLevel,
      level: escalatedTo,
      ...policyOnRecord(),
    });
    await notifyAbout('case_auto_escalated', answerersOf(escalatedTo), sequence, { previousLevel: missedLevel });
    await notifyAbout('case_auto_escalated', owner(), sequence, { previousLevel: missedLevel });
  }

  /** The policy values a level started with, kept on the event: policies are edited in place. */
  function policyOnRecord(): Record<string, unknown> {
    const policy = state.deadline?.policy;
    if (!policy) return {};
    return {
      allowanceMs: policy.allowanceMs,
      reminderPercents: policy.reminderFractions.map((fraction) => Math.round(fraction * 100)),
      calendarId: policy.calendar.id,
    };
  }

  function reopenWindowOver(): boolean {
    const { closeReason, resolvedAt } = state.lifecycle;
    return closeReason === 'resolved' && resolvedAt !== null && Date.now() >= Date.parse(resolvedAt) + reopenWindowMs;
  }

  function finished(): boolean {
    return state.lifecycle.status === 'closed' && (state.lifecycle.closeReason !== 'resolved' || reopenWindowOver());
  }

  function nextWakeAt(): number | null {
    const candidates: number[] = [];
    const deadline = state.deadline;
    if (deadline && state.lifecycle.status === 'escalated' && deadline.anchorAt !== null) {
      if (!deadline.breachedAt) {
        for (const fraction of deadline.policy.reminderFractions) {
          if (deadline.remindersSent.includes(fraction)) continue;
          const at = fractionInstant(deadline, fraction);
          if (at !== null) candidates.push(at);
        }
        if (deadline.dueAt) candidates.push(Date.parse(deadline.dueAt));
      } else if (deadline.nextRenoticeAt) {
        candidates.push(Date.parse(deadline.nextRenoticeAt));
      }
    }
    if (state.lifecycle.closeReason === 'resolved' && state.lifecycle.resolvedAt) {
      candidates.push(Date.parse(state.lifecycle.resolvedAt) + reopenWindowMs);
    }
    return candidates.length ? Math.min(...candidates) : null;
  }

  // ---- actions -------------------------------------------------------------------------------------------------

  async function perform(request: CaseActionRequest): Promise<CaseActionResult> {
    const { action, actor, requestId } = request;
    const before = state.lifecycle;
    let after = applyAction(before, action, actor, nowIso());
    // What a new level needs (its unit, its policy) is fetched before the case changes, so a failure leaves it as it was.
    let newLevelPolicy: DeadlinePolicy | null = null;
    if (action.type === 'escalate' && action.target === 'unit_head') {
      const unit = await resolveResponsibleUnit(state.snapshot.field);
      state.unitNames[unit.unitCode] = { vi: unit.unitNameVi, en: unit.unitNameEn };
      after = { ...after, assignedUnitCode: unit.unitCode };
    }
    if ((action.type === 'escalate' || action.type === 'forward') && after.level)
      newLevelPolicy = await policyFor(after.level);
    state.lifecycle = after;
    if (newLevelPolicy && after.level) state.deadline = startDeadline(after.level, newLevelPolicy, Date.now());
    const name = actor.displayName ?? null;
    let sequence: number;

    switch (action.type) {
      case 'handle_locally':
        sequence = await record('local_handling_started', actor, { note: action.note }, { requestId });
        break;
      case 'escalate': {
        sequence = await record(
          'case_escalated',
          actor,
          {
            automatic: false,
            target: action.target,
            level: action.target,
            question: action.question,
            unitCode: state.lifecycle.assignedUnitCode,
            ...policyOnRecord(),
          },
          { requestId },
        );
        await notifyAbout('escalation_received', answerersOf(action.target), sequence, {
          actorName: name,
          note: action.question,
        });
        break;
      }
      case 'request_info':
        if (state.deadline) state.deadline = pauseDeadline(state.deadline, Date.now());
        sequence = await record(
          'information_requested',
          actor,
          { question: action.question, level: before.level },
          { requestId },
        );
        await notifyAbout('information_requested', owner(), sequence, { actorName: name, note: action.question });
        break;
      case 'provide_info':
        if (state.deadline) state.deadline = resumeDeadline(state.deadline, Date.now());
        sequence = await record(
          'information_provided',
          actor,
          { information: action.information, level: before.level },
          { requestId },
        );
        await notifyAbout('information_provided', answerersOf(state.lifecycle.level ?? 'working_group'), sequence, {
          actorName: name,
        });
        break;
      case 'answer':
        sequence = await record(
          'escalation_answered',
          actor,
          {
            text: action.text,
            legalBasis: action.legalBasis ?? null,
            publishAsGuidance: action.publishAsGuidance,
            level: before.level,
          },
          { requestId, deadlineAt: state.deadline?.dueAt ?? null },
        );
        state.deadline = null;
        await notifyAbout('escalation_answered', owner(), sequence, { actorName: name });
        break;
      case 'forward': {
        // Forwarding starts a fresh allowance at the new level or unit (set above); the event says why.
        const level = state.lifecycle.level ?? 'working_group';
        sequence = await record(
          'escalation_forwarded',
          actor,
          {
            fromLevel: before.level,
            toLevel: level,
            fromUnitCode: before.assignedUnitCode,
            toUnitCode: state.lifecycle.assignedUnitCode,
            reason: action.reason,
            ...policyOnRecord(),
          },
          { requestId },
        );
        await notifyAbout('escalation_forwarded', answerersOf(level), sequence, {
          actorName: name,
          note: action.reason,
        });
        break;
      }
      case 'reassign':
        sequence = await record(
          'assignee_changed',
          actor,
          {
            assigneeUserId: state.lifecycle.assigneeUserId,
            fromAssigneeUserId: before.assigneeUserId,
            unitCode: state.lifecycle.assignedUnitCode,
            reason: action.reason ?? null,
          },
          { requestId },
        );
        await notifyAbout('case_reassigned', { userIds: [action.assigneeUserId] }, sequence, {
          actorName: name,
          note: action.reason ?? null,
        });
        break;
      case 'resolve':
        state.deadline = null;
        await record('case_resolved', actor, { outcome: action.outcome }, { requestId });
        sequence = await record('case_closed', actor, { closeReason: 'resolved' }, { requestId });
        break;
      case 'propose_policy':
        state.deadline = null;
        sequence = await record(
          'policy_proposed',
          actor,
          { proposal: action.proposal, fromStatus: before.status },
          { requestId },
        );
        await notifyAbout('policy_proposed', { roles: ['leadership'] }, sequence, { actorName: name });
        break;
      case 'decide_policy':
        await record('policy_decided', actor, { decision: action.decision, note: action.note ?? null }, { requestId });
        sequence = await record(
          'case_closed',
          actor,
          { closeReason: 'policy_decided', decision: action.decision },
          { requestId },
        );
        await notifyAbout('policy_decided', owner(), sequence, {
          actorName: name,
          decision: action.decision,
          note: action.note ?? null,
        });
        break;
      case 'withdraw':
        state.deadline = null;
        await record('case_withdrawn', actor, { reason: action.reason, fromStatus: before.status }, { requestId });
        sequence = await record('case_closed', actor, { closeReason: 'withdrawn' }, { requestId });
        break;
      case 'merge': {
        state.deadline = null;
        await record('case_merged', actor, { intoCaseId: action.intoCaseId, fromStatus: before.status }, { requestId });
        sequence = await record(
          'case_closed',
          actor,
          { closeReason: 'merged', intoCaseId: action.intoCaseId },
          { requestId },
        );
        try {
          await getExternalWorkflowHandle(action.intoCaseId).signal(duplicateMergedInSignal, {
            caseId: state.snapshot.caseId,
            title: state.snapshot.title,
            actor,
          });
        } catch (error) {
          // The surviving case closed meanwhile: the link stays on this case's record.
          log.warn('could not tell the surviving case about the merge', { error: String(error) });
        }
        await notifyAbout('case_merged', owner(), sequence, { actorName: name });
        break;
      }
      case 'reopen':
        state.deadline = null;
        sequence = await record('case_reopened', actor, { reason: action.reason }, { requestId });
        break;
    }
    return {
      status: state.snapshot.status,
      level: state.snapshot.escalationLevel,
      answerDeadline: state.snapshot.answerDeadline,
      eventSequence: sequence,
    };
  }

  // ---- projection and search attributes ------------------------------------------------------------------------

  function syncSnapshot(): void {
    const { lifecycle, deadline } = state;
    const running = deadline !== null && lifecycle.status === 'escalated';
    const paused = deadline !== null && lifecycle.status === 'awaiting_info';
    state.snapshot = {
      ...state.snapshot,
      status: lifecycle.status,
      escalationLevel: lifecycle.level,
      escalationTarget: lifecycle.escalationTarget,
      assignedUnitCode: lifecycle.assignedUnitCode,
      assigneeUserId: lifecycle.assigneeUserId,
      answerDeadline: running ? deadline.dueAt : null,
      deadlineRemainingMs: paused ? remainingWorkingMs(deadline, Date.now()) : null,
      slaPolicyId: running || paused ? deadline.policy.policyId : null,
      closedAt: lifecycle.closedAt,
      closeReason: lifecycle.closeReason,
      resolvedAt: lifecycle.resolvedAt,
      mergedIntoCaseId: lifecycle.mergedIntoCaseId,
    };
  }

  function syncSearchAttributes(): void {
    const { snapshot } = state;
    upsertSearchAttributes([
      { key: CaseStatusAttribute, value: snapshot.status },
      { key: ProvinceCodeAttribute, value: snapshot.provinceCode },
      { key: CommuneCodeAttribute, value: snapshot.communeCode },
      { key: CaseFieldAttribute, value: snapshot.field },
      { key: CasePriorityAttribute, value: snapshot.priority },
      { key: EscalationLevelAttribute, value: snapshot.escalationLevel },
      { key: AnswerDeadlineAttribute, value: snapshot.answerDeadline ? new Date(snapshot.answerDeadline) : null },
    ]);
  }

  // ---- main loop -----------------------------------------------------------------------------------------------

  await reported;

  for (;;) {
    await lock;
    if (finished()) break;
    if (workflowInfo().historyLength > historyEventLimit || workflowInfo().continueAsNewSuggested) {
      await lock;
      await Promise.all([...webhookDeliveries]);
      // Last await before continuing: no update may be left half-handled in the old run.
      await condition(allHandlersFinished);
      state.runGeneration += 1;
      await continueAsNew<typeof caseWorkflow>({ ...input, carriedState: state });
    }
    wake = false;
    const wakeAt = nextWakeAt();
    if (wakeAt === null) {
      await condition(() => wake);
    } else if (!(await condition(() => wake, Math.max(1, wakeAt - Date.now())))) {
      await serialized(fireDueTimers);
    }
  }

  await condition(allHandlersFinished);
  await Promise.all([...webhookDeliveries]);
}

// ---- helpers -------------------------------------------------------------------------------------------------------

function initialState(input: CaseWorkflowInput): CaseWorkflowState {
  const caseId = workflowInfo().workflowId;
  const lifecycle: LifecycleState = {
    status: 'reported',
    level: null,
    escalationTarget: null,
    ownerUserId: input.raisedBy.userId,
    provinceCode: input.provinceCode,
    assignedUnitCode: null,
    assigneeUserId: null,
    answeredLevel: null,
    closeReason: null,
    resolvedAt: null,
    closedAt: null,
    mergedIntoCaseId: null,
  };
  const snapshot: CaseSnapshot = {
    caseId,
    title: input.title,
    description: input.description,
    provinceCode: input.provinceCode,
    communeCode: input.communeCode,
    field: input.field,
    priority: input.priority,
    status: 'reported',
    escalationLevel: null,
    escalationTarget: null,
    assignedUnitCode: null,
    assigneeUserId: null,
    answerDeadline: null,
    deadlineRemainingMs: null,
    slaPolicyId: null,
    breachCount: 0,
    raisedByUserId: input.raisedBy.userId,
    raisedAt: input.raisedAt,
    closedAt: null,
    closeReason: null,
    resolvedAt: null,
    mergedIntoCaseId: null,
  };
  return {
    snapshot,
    lifecycle,
    deadline: null,
    lastEventSequence: 0,
    mergedCaseIds: [],
    policySet: input.policySet ?? 'default',
    timeline: [],
    runGeneration: 0,
    unitNames: {},
  };
}

/** Validates the request's shape and asks the lifecycle rules whether this actor may do this now. */
function refusalFor(
  request: CaseActionRequest,
  type: CaseActionType,
  lifecycle: LifecycleState,
  now: string,
): Refusal | null {
  const actor = request?.actor as Partial<Actor> | undefined;
  if (!actor || typeof actor.userId !== 'string' || actor.userId === '' || !Array.isArray(actor.roles)) {
    return {
      code: 'INVALID_INPUT',
      field: 'actor',
      messageVi: 'Thiếu thông tin người thực hiện thao tác.',
      messageEn: 'The acting user is missing.',
    };
  }
  const action = request.action as CaseAction | undefined;
  if (!action || typeof action !== 'object' || action.type !== type) {
    return {
      code: 'INVALID_INPUT',
      field: 'action.type',
      messageVi: `Thao tác phải có loại "${type}".`,
      messageEn: `The action must have type "${type}".`,
    };
  }
  return checkAction(lifecycle, action, request.actor, now);
}

function refusalFailure(refusal: Refusal): ApplicationFailure {
  const code = (REFUSAL_CODES as readonly string[]).includes(refusal.code) ? refusal.code : 'INVALID_INPUT';
  return ApplicationFailure.create({ type: code, message: refusal.messageEn, nonRetryable: true, details: [refusal] });
}
