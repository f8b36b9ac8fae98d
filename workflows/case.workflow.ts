import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '@activities';
import {
  acceptDuplicateUpdate,
  AnswerDeadlineAttribute,
  allowedActionsQuery,
  caseActionUpdates,
  CaseFieldAttribute,
  CasePriorityAttribute,
  caseStateQuery,
  CaseStatusAttribute,
  CommuneCodeAttribute,
  EscalationLevelAttribute,
  ProvinceCodeAttribute,
  raiseCaseUpdate,
  type AcceptDuplicateRequest,
  type CaseActionRequest,
  type CaseActionResult,
  type CaseRaiseInput,
  type CaseWorkflowInput,
  type RecordedCaseEvent,
} from '@libs/contracts';
import {
  actionAvailability,
  REFUSAL_CODES,
  type Actor,
  type CaseAction,
  type CaseActionType,
  type Refusal,
} from '@libs/domain';
import {
  actionNeeds,
  caseFinished,
  caseProjection,
  DEFAULT_HISTORY_EVENT_LIMIT,
  DEFAULT_REOPEN_WINDOW_MS,
  hasAcceptedDuplicate,
  nextWakeAt,
  planAction,
  planDuplicateRecorded,
  planMergeAbandoned,
  planMergeClose,
  planMergeStart,
  planOpening,
  planTimers,
  refuseAction,
  refuseDuplicate,
  reserveDuplicate,
  timerNeeds,
  type CaseModel,
  type CasePlan,
  type LevelNeeds,
  type PreparedLevel,
} from '@libs/domain/case-plan';

// Short database writes and reads: local activities (one marker in history, no task-queue round trip).
const { recordCaseEvents, prepareLevel } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['UNIT_NOT_FOUND', 'SLA_CALENDAR_INVALID'],
  },
});

// Talks to another case's workflow; a refusal is final, anything else is retried.
const { acceptDuplicate } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/** Results of this many recent actions are kept by update id (carried through continue-as-new). */
const RECENT_UPDATES_KEPT = 32;

/**
 * One workflow per case (workflow id = case id): the durable record of an issue raised at a commune (DOMAIN.md §4, §5).
 * Wiring only: every decision is a pure plan from libs/domain/case-plan; this function runs the plans one at a time
 * (`serialized`: handlers, timers never interleave, so events get consecutive numbers), owns the timer and calls the
 * activities. Lifetime: it completes when the case closes, except that a resolved case stays open (idle, one timer) for
 * its policy set's reopen window. Long cases continue as new, carrying only the model and recent action results.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const continued = 'continued' in input ? input.continued : null;
  const raise: CaseRaiseInput | null = continued ? null : (input as CaseRaiseInput);
  let model: CaseModel = continued?.model ?? openingPlan(raise!).model;
  const recentUpdates = new Map(continued?.recentUpdates ?? []);
  const runGeneration = continued?.runGeneration ?? 0;
  let wake = false;
  let lock: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = lock.then(work);
    lock = run.catch(() => undefined);
    return run.finally(() => {
      wake = true;
    });
  }

  const result = (): CaseActionResult => {
    const projection = caseProjection(model, Date.now());
    return {
      status: projection.status,
      level: projection.escalationLevel,
      answerDeadline: projection.answerDeadline,
      eventSequence: model.lastEventSequence,
    };
  };

  /** Records a plan's events (one local activity), then adopts its model: a failure leaves the case as it was. */
  async function carryOut(plan: CasePlan, requestId: string | null, options: { settingsOf?: string } = {}) {
    if (plan.events.length === 0) {
      model = plan.model;
      return;
    }
    const first = plan.events[0].sequence === 1;
    const events: RecordedCaseEvent[] = plan.events.map((event) => ({
      ...event.body,
      sequence: event.sequence,
      occurredAt: event.occurredAt,
      actor: { userId: event.actor.userId, roles: event.actor.roles },
      deadlineAt: event.deadlineAt,
      policyId: event.policyId,
      statusAfter: event.statusAfter,
      levelAfter: event.levelAfter,
      requestId,
      notifications: event.notifications,
    }));
    const recorded = await recordCaseEvents({
      caseId: plan.model.caseId,
      events,
      projection: caseProjection(plan.model, Date.now()),
      ...(first && raise ? { opening: openingRow(raise) } : {}),
      ...(options.settingsOf ? { settingsOf: options.settingsOf } : {}),
    });
    model = recorded.settings ? { ...plan.model, settings: recorded.settings } : plan.model;
    syncSearchAttributes();
  }

  async function prepare(needs: LevelNeeds | null): Promise<PreparedLevel | null> {
    if (!needs) return null;
    return prepareLevel({
      ...needs,
      field: model.field,
      priority: model.priority,
      policySet: model.settings.policySet,
    });
  }

  // The first event is queued before any handler runs, so an update delivered with the start cannot overtake it.
  const opened = raise
    ? serialized(() => carryOut(openingPlan(raise), raise.requestId ?? null, { settingsOf: model.settings.policySet }))
    : Promise.resolve();

  // ---- queries and updates -------------------------------------------------------------------------------------

  setHandler(caseStateQuery, () => ({ model, projection: caseProjection(model, Date.now()), runGeneration }));
  setHandler(allowedActionsQuery, (actor: Actor) =>
    actionAvailability(model.lifecycle, actor, new Date(Date.now()).toISOString()),
  );
  setHandler(raiseCaseUpdate, async () => {
    await opened;
    return result();
  });

  for (const [type, update] of Object.entries(caseActionUpdates) as [
    CaseActionType,
    (typeof caseActionUpdates)[CaseActionType],
  ][]) {
    setHandler(
      update,
      (request: CaseActionRequest) => {
        const updateId = currentUpdateInfo()?.id;
        const earlier = updateId ? recentUpdates.get(updateId) : undefined;
        if (earlier) return Promise.resolve(earlier);
        return serialized(async () => {
          // Checked again inside the lock: a concurrent update may have changed the case since validation
          // (two answers at once: the second is told it was already answered).
          const refusal = refusalFor(request, type, model);
          if (refusal) throw refusalFailure(refusal);
          const outcome = await perform(request);
          if (updateId) remember(updateId, outcome);
          return outcome;
        });
      },
      {
        validator: (request: CaseActionRequest) => {
          const updateId = currentUpdateInfo()?.id;
          if (updateId && recentUpdates.has(updateId)) return; // a retry: answered with the first result
          const refusal = refusalFor(request, type, model);
          if (refusal) throw refusalFailure(refusal);
        },
      },
    );
  }

  setHandler(
    acceptDuplicateUpdate,
    (request: AcceptDuplicateRequest) => {
      if (hasAcceptedDuplicate(model, request.duplicateCaseId)) return Promise.resolve({ accepted: true as const });
      const refusal = refuseDuplicate(model, request.duplicateCaseId);
      if (refusal) return Promise.reject(refusalFailure(refusal));
      // Taken in at once, recorded in turn: a merge the other way that arrives meanwhile is refused.
      model = reserveDuplicate(model, request.duplicateCaseId);
      return serialized(async () => {
        const duplicate = { caseId: request.duplicateCaseId, title: request.duplicateTitle, actor: request.actor };
        await carryOut(planDuplicateRecorded(model, duplicate, Date.now()), null);
        return { accepted: true as const };
      });
    },
    {
      validator: (request: AcceptDuplicateRequest) => {
        if (hasAcceptedDuplicate(model, request.duplicateCaseId)) return;
        const refusal = refuseDuplicate(model, request.duplicateCaseId);
        if (refusal) throw refusalFailure(refusal);
      },
    },
  );

  function remember(updateId: string, outcome: CaseActionResult): void {
    recentUpdates.set(updateId, outcome);
    while (recentUpdates.size > RECENT_UPDATES_KEPT) recentUpdates.delete(recentUpdates.keys().next().value!);
  }

  // ---- actions -------------------------------------------------------------------------------------------------

  async function perform(request: CaseActionRequest): Promise<CaseActionResult> {
    const { action, actor } = request;
    const requestId = request.requestId ?? null;
    if (action.type === 'merge') {
      await mergeInto(action, actor, requestId);
      return result();
    }
    let prepared: PreparedLevel | null;
    try {
      prepared = await prepare(actionNeeds(model, action));
    } catch (error) {
      throw failureAsRefusal(error) ?? error;
    }
    await carryOut(planAction(model, { actor, action }, Date.now(), prepared), requestId);
    return result();
  }

  /** The survivor accepts first (or refuses); only then does this case close as its duplicate. */
  async function mergeInto(
    action: Extract<CaseAction, { type: 'merge' }>,
    actor: Actor,
    requestId: string | null,
  ): Promise<void> {
    const attemptKey = String(model.lastEventSequence);
    model = planMergeStart(model, action.intoCaseId);
    try {
      await acceptDuplicate({
        survivorCaseId: action.intoCaseId.trim(),
        duplicateCaseId: model.caseId,
        duplicateTitle: model.title,
        actor,
        attemptKey,
      });
    } catch (error) {
      model = planMergeAbandoned(model);
      throw failureAsRefusal(error) ?? error;
    }
    await carryOut(planMergeClose(model, { actor, action }, Date.now()), requestId);
  }

  async function fireDueTimers(): Promise<void> {
    const now = Date.now();
    const prepared = await prepare(timerNeeds(model, now));
    await carryOut(planTimers(model, now, prepared), null);
  }

  // ---- search attributes ---------------------------------------------------------------------------------------

  /** Upserts only the attributes that changed (each upsert is a history event). */
  function syncSearchAttributes(): void {
    const projection = caseProjection(model, Date.now());
    const current = workflowInfo().typedSearchAttributes;
    const wanted = [
      { key: CaseStatusAttribute, value: projection.status },
      { key: ProvinceCodeAttribute, value: model.provinceCode },
      { key: CommuneCodeAttribute, value: model.communeCode },
      { key: CaseFieldAttribute, value: model.field },
      { key: CasePriorityAttribute, value: model.priority },
      { key: EscalationLevelAttribute, value: projection.escalationLevel },
      {
        key: AnswerDeadlineAttribute,
        value: projection.answerDeadline ? new Date(projection.answerDeadline) : null,
      },
    ];
    const changed = wanted.filter(({ key, value }) => {
      const now = current.get(key) as unknown;
      const before = now instanceof Date ? now.getTime() : (now ?? null);
      const after = value instanceof Date ? value.getTime() : value;
      return before !== after;
    });
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  // ---- the timer and the main loop -----------------------------------------------------------------------------

  let timerAt: number | null = null;
  let timerScope: CancellationScope | null = null;
  let timerFired = false;

  /** Keeps one timer for the next due instant; a timer already set for that instant is left alone. */
  function armTimer(at: number | null): void {
    if (at === timerAt && (timerScope !== null || at === null)) return;
    timerScope?.cancel();
    timerScope = null;
    timerAt = at;
    timerFired = false;
    if (at === null) return;
    const scope = new CancellationScope();
    timerScope = scope;
    scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (timerScope === scope) timerFired = true;
        },
        () => undefined, // cancelled: a newer instant replaced it
      );
  }

  await opened;

  for (;;) {
    await lock;
    if (caseFinished(model, Date.now())) break;
    const info = workflowInfo();
    if (info.historyLength > model.settings.historyEventLimit || info.continueAsNewSuggested) {
      // Last await before continuing: no update may be left half-handled in the old run.
      await condition(allHandlersFinished);
      await lock;
      await continueAsNew<typeof caseWorkflow>({
        continued: { model, recentUpdates: [...recentUpdates], runGeneration: runGeneration + 1 },
      });
    }
    wake = false;
    armTimer(nextWakeAt(model));
    await condition(() => wake || timerFired);
    if (timerFired) {
      timerFired = false;
      timerAt = null;
      timerScope = null;
      await serialized(fireDueTimers);
    }
  }

  await condition(allHandlersFinished);
}

// ---- helpers -------------------------------------------------------------------------------------------------------

function openingPlan(raise: CaseRaiseInput): CasePlan {
  const settings = {
    policySet: raise.policySet ?? 'default',
    // Replaced by the policy set's own values once the first event is recorded (same activity call).
    reopenWindowMs: DEFAULT_REOPEN_WINDOW_MS,
    historyEventLimit: DEFAULT_HISTORY_EVENT_LIMIT,
  };
  return planOpening(
    {
      caseId: workflowInfo().workflowId,
      title: raise.title,
      description: raise.description,
      provinceCode: raise.provinceCode,
      communeCode: raise.communeCode,
      field: raise.field,
      priority: raise.priority,
      raisedBy: raise.raisedBy,
      raisedAt: raise.raisedAt,
    },
    settings,
    Date.parse(raise.raisedAt) || Date.now(),
  );
}

function openingRow(raise: CaseRaiseInput) {
  return {
    title: raise.title,
    description: raise.description,
    provinceCode: raise.provinceCode,
    communeCode: raise.communeCode,
    field: raise.field,
    priority: raise.priority,
    raisedByUserId: raise.raisedBy.userId,
    raisedAt: raise.raisedAt,
  };
}

/** Validates the request's shape and asks the plans whether this actor may do this now. */
function refusalFor(request: CaseActionRequest, type: CaseActionType, model: CaseModel): Refusal | null {
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
  return refuseAction(model, action, request.actor, Date.now());
}

function refusalFailure(refusal: Refusal): ApplicationFailure {
  const code = (REFUSAL_CODES as readonly string[]).includes(refusal.code) ? refusal.code : 'INVALID_INPUT';
  return ApplicationFailure.create({ type: code, message: refusal.messageEn, nonRetryable: true, details: [refusal] });
}

/** A final activity failure that means "refused" (unknown unit, the survivor said no), as the caller's refusal. */
function failureAsRefusal(error: unknown): ApplicationFailure | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return null;
  const failure = error.cause;
  if (failure.type === 'UNIT_NOT_FOUND') {
    const unitCode = String((failure.details?.[0] as { unitCode?: string } | undefined)?.unitCode ?? '');
    return refusalFailure({
      code: 'INVALID_FORWARD',
      field: 'toUnitCode',
      messageVi: `Không có đơn vị nào của Bộ mang mã "${unitCode}". Hãy chọn một đơn vị trong danh mục (GET /api/reference/units).`,
      messageEn: `No Ministry unit has code "${unitCode}". Choose a unit from the list (GET /api/reference/units).`,
    });
  }
  const refusal = failure.details?.[0] as Refusal | undefined;
  if (refusal && typeof refusal.code === 'string' && (REFUSAL_CODES as readonly string[]).includes(refusal.code)) {
    return refusalFailure(refusal);
  }
  return null;
}
