/**
 * The case lifecycle (DOMAIN.md §4) as pure functions: no I/O, no clock, no randomness, so Temporal workflows can
 * replay it and the HTTP API can pre-check requests with exactly the same answers.
 *
 * checkAction runs its checks in this order and returns the first refusal, so the reason shown is the most useful one:
 *   1. input   – the action's own fields and `nowIso` (INVALID_INPUT, MERGE_INTO_SELF);
 *   2. closed  – any action but reopen on a closed case (CASE_CLOSED);
 *   3. role    – the actor holds none of the roles that may ever do this (ROLE_NOT_ALLOWED);
 *   4. state   – the case is not in a state the action starts from (INVALID_TRANSITION, CASE_NOT_ESCALATED,
 *                ALREADY_ANSWERED, CASE_NOT_AWAITING_INFO, REOPEN_WINDOW_EXPIRED);
 *   5. person  – right role, wrong person (NOT_CASE_OWNER, NOT_ASSIGNED_LEVEL);
 *   6. forward – the destination makes no sense from the current level/unit (INVALID_FORWARD). Last, because it
 *                only matters to someone who could otherwise forward.
 * allowedActions runs steps 2–5 (plus "is there any level left to forward to") for every action type, so for any
 * well-formed payload checkAction returns null exactly when allowedActions lists the action.
 */
import {
  type Actor,
  type CaseStatus,
  type EscalationLevel,
  ESCALATION_LEVELS,
  OPEN_CASE_STATUSES,
  type Role,
} from '../case/case-types';
import {
  alreadyAnswered,
  cannotReopen,
  caseClosed,
  caseNotAwaitingInfo,
  caseNotEscalated,
  forwardDown,
  forwardFromTop,
  forwardSameLevel,
  forwardSameUnit,
  forwardUnitAboveUnitLevel,
  invalidNow,
  invalidTransition,
  notAssignedLevel,
  notCaseOwner,
  reopenWindowExpired,
  roleNotAllowed,
} from './lifecycle-messages';
import {
  type CaseAction,
  type CaseActionType,
  CASE_ACTION_TYPES,
  type LifecycleState,
  type Refusal,
} from './lifecycle-types';
import { parseIsoInstant, validateAction } from './validate-action';

export const REOPEN_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How the "person" step decides, once the role and state fit:
 * - owner: the actor is an official and the one who raised the case;
 * - owner_or_working_group: as owner, or any Working Group member;
 * - answering_side: canAnswerAtLevel for the current level and unit;
 * - role_only: the role is enough.
 */
export type PersonRule = 'owner' | 'owner_or_working_group' | 'answering_side' | 'role_only';

export interface ActionRule {
  /** Roles that may ever perform the action; lacking all of them is ROLE_NOT_ALLOWED. */
  roles: readonly Role[];
  /** States the action starts from. */
  from: readonly CaseStatus[];
  person: PersonRule;
}

const ANSWERING_ROLES: readonly Role[] = ['unit_head', 'working_group', 'leadership'];

/** The action table of DOMAIN.md §4, as data the UI can also read. */
export const ACTION_RULES: Readonly<Record<CaseActionType, ActionRule>> = {
  handle_locally: { roles: ['official'], from: ['reported'], person: 'owner' },
  escalate: { roles: ['official'], from: ['reported', 'local_handling', 'answered'], person: 'owner' },
  request_info: { roles: ANSWERING_ROLES, from: ['escalated'], person: 'answering_side' },
  provide_info: { roles: ['official'], from: ['awaiting_info'], person: 'owner' },
  answer: { roles: ANSWERING_ROLES, from: ['escalated'], person: 'answering_side' },
  forward: { roles: ANSWERING_ROLES, from: ['escalated'], person: 'answering_side' },
  reassign: { roles: ['working_group'], from: ['escalated', 'awaiting_info'], person: 'role_only' },
  resolve: { roles: ['official'], from: ['local_handling', 'answered'], person: 'owner' },
  propose_policy: {
    roles: ['official', 'working_group'],
    from: ['local_handling', 'escalated', 'answered'],
    person: 'owner_or_working_group',
  },
  decide_policy: { roles: ['leadership'], from: ['policy_proposed'], person: 'role_only' },
  withdraw: { roles: ['official'], from: OPEN_CASE_STATUSES, person: 'owner' },
  merge: { roles: ['official', 'working_group'], from: OPEN_CASE_STATUSES, person: 'owner_or_working_group' },
  reopen: { roles: ['official'], from: ['closed'], person: 'owner' },
};

function hasRole(actor: Actor, role: Role): boolean {
  return Array.isArray(actor.roles) && actor.roles.includes(role);
}

function isOwner(state: LifecycleState, actor: Actor): boolean {
  return hasRole(actor, 'official') && actor.userId === state.ownerUserId;
}

function levelRank(level: EscalationLevel): number {
  return ESCALATION_LEVELS.indexOf(level);
}

/** 'resolved' counts as closed: the workflow closes a resolved case at once, and it is not an open status. */
function isClosedStatus(status: CaseStatus): boolean {
  return status === 'closed' || status === 'resolved';
}

export function nextEscalationLevel(level: EscalationLevel): EscalationLevel | null {
  switch (level) {
    case 'unit_head':
      return 'working_group';
    case 'working_group':
      return 'leadership';
    case 'leadership':
      return null;
  }
}

/** Answering side of a level: its own answerer or anyone above it (a unit head only for the unit routed to). */
export function canAnswerAtLevel(actor: Actor, level: EscalationLevel, assignedUnitCode: string | null): boolean {
  const above = hasRole(actor, 'leadership');
  switch (level) {
    case 'unit_head': {
      const ownUnit =
        hasRole(actor, 'unit_head') &&
        typeof actor.unitCode === 'string' &&
        assignedUnitCode !== null &&
        actor.unitCode === assignedUnitCode;
      return ownUnit || hasRole(actor, 'working_group') || above;
    }
    case 'working_group':
      return hasRole(actor, 'working_group') || above;
    case 'leadership':
      return above;
  }
}

/**
 * Reopening needs a readable resolvedAt and a time before the end of the reopen window: `reopenUntil` (set from the
 * case's policy set at resolution), or REOPEN_WINDOW_DAYS after resolution for state written before it existed.
 */
function reopenWindowOpen(state: LifecycleState, nowMs: number): Refusal | null {
  const resolvedMs = parseIsoInstant(state.resolvedAt);
  if (resolvedMs === null) return reopenWindowExpired(REOPEN_WINDOW_DAYS, false);
  const untilMs = parseIsoInstant(state.reopenUntil ?? null) ?? resolvedMs + REOPEN_WINDOW_DAYS * DAY_MS;
  const windowDays = Math.max(0, Math.round((untilMs - resolvedMs) / DAY_MS));
  // Inclusive: the last instant of the window is still inside it.
  return nowMs <= untilMs ? null : reopenWindowExpired(windowDays, true);
}

function checkState(state: LifecycleState, type: CaseActionType, nowMs: number): Refusal | null {
  const rule = ACTION_RULES[type];
  if (!rule.from.includes(state.status)) {
    switch (type) {
      case 'answer':
        // The loser of two concurrent answers lands here: the winner already moved the case to 'answered'.
        return state.status === 'answered'
          ? alreadyAnswered(state.answeredLevel)
          : caseNotEscalated(type, state.status);
      case 'request_info':
      case 'forward':
        return caseNotEscalated(type, state.status);
      case 'provide_info':
        return caseNotAwaitingInfo(state.status);
      case 'reopen':
        return cannotReopen(state.status, state.closeReason);
      case 'handle_locally':
      case 'escalate':
      case 'reassign':
      case 'resolve':
      case 'propose_policy':
      case 'decide_policy':
      case 'withdraw':
      case 'merge':
        return invalidTransition(type, state.status, rule.from);
    }
  }
  if (type === 'reopen') {
    if (state.closeReason !== 'resolved') return cannotReopen(state.status, state.closeReason);
    return reopenWindowOpen(state, nowMs);
  }
  return null;
}

function checkPerson(state: LifecycleState, type: CaseActionType, actor: Actor): Refusal | null {
  const rule = ACTION_RULES[type];
  switch (rule.person) {
    case 'owner':
      return isOwner(state, actor) ? null : notCaseOwner(type, false);
    case 'owner_or_working_group':
      return hasRole(actor, 'working_group') || isOwner(state, actor) ? null : notCaseOwner(type, true);
    case 'answering_side':
      return state.level !== null && canAnswerAtLevel(actor, state.level, state.assignedUnitCode)
        ? null
        : notAssignedLevel(type, state.level, state.assignedUnitCode);
    case 'role_only':
      return null;
  }
}

/** Steps 2–5, which depend on the action type only, never on its payload. */
function checkGate(state: LifecycleState, type: CaseActionType, actor: Actor, nowMs: number): Refusal | null {
  if (type !== 'reopen' && isClosedStatus(state.status)) return caseClosed(type, state.status);
  const rule = ACTION_RULES[type];
  if (!rule.roles.some((role) => hasRole(actor, role))) return roleNotAllowed(type, rule.roles);
  const wrongState = checkState(state, type, nowMs);
  if (wrongState) return wrongState;
  const wrongPerson = checkPerson(state, type, actor);
  if (wrongPerson) return wrongPerson;
  // Nothing is above leadership, so no forward payload could succeed; refuse it here so allowedActions omits it.
  if (type === 'forward' && state.level === 'leadership') return forwardFromTop();
  return null;
}

/** Step 6: the forward destination against the current level and unit. */
function checkForwardDestination(
  state: LifecycleState,
  action: Extract<CaseAction, { type: 'forward' }>,
): Refusal | null {
  const current = state.level;
  if (current === null) return null; // unreachable: checkPerson refuses an escalation without a level
  const target = action.toLevel ?? current;
  const unit = typeof action.toUnitCode === 'string' ? action.toUnitCode.trim() : null;
  if (levelRank(target) < levelRank(current)) return forwardDown(current, target);
  if (target !== 'unit_head' && unit !== null) return forwardUnitAboveUnitLevel(current);
  if (target === current) {
    if (target !== 'unit_head') return forwardSameLevel(current);
    if (unit === null || unit === state.assignedUnitCode) return forwardSameUnit(unit);
  }
  return null;
}

/** Why `actor` may not perform `action` on a case in `state` at `nowIso`, or null when allowed. */
export function checkAction(state: LifecycleState, action: CaseAction, actor: Actor, nowIso: string): Refusal | null {
  const invalid = validateAction(action);
  if (invalid) return invalid;
  const nowMs = parseIsoInstant(nowIso);
  if (nowMs === null) return invalidNow();
  const refused = checkGate(state, action.type, actor, nowMs);
  if (refused) return refused;
  return action.type === 'forward' ? checkForwardDestination(state, action) : null;
}

/** The action types `actor` may perform now (some well-formed payload exists for each). */
export function allowedActions(state: LifecycleState, actor: Actor, nowIso: string): CaseActionType[] {
  return actionAvailability(state, actor, nowIso)
    .filter((entry) => entry.refusal === null)
    .map((entry) => entry.type);
}

/** One action type and why `actor` may not take it now (null when they may). */
export interface ActionAvailability {
  type: CaseActionType;
  refusal: Refusal | null;
}

/**
 * Every action type, in display order, with the refusal the same rules give for it now (steps 2–5 of checkAction,
 * which do not depend on the payload). The web console draws its buttons from this.
 */
export function actionAvailability(state: LifecycleState, actor: Actor, nowIso: string): ActionAvailability[] {
  const nowMs = parseIsoInstant(nowIso);
  // checkAction refuses everything for an unreadable time.
  if (nowMs === null) return CASE_ACTION_TYPES.map((type) => ({ type, refusal: invalidNow() }));
  return CASE_ACTION_TYPES.map((type) => ({ type, refusal: checkGate(state, type, actor, nowMs) }));
}

/** Fields that leave the escalation states: no level is current any more. */
function closedState(state: LifecycleState, patch: Partial<LifecycleState>, nowIso: string): LifecycleState {
  return { ...state, status: 'closed', level: null, closedAt: nowIso, ...patch };
}

/**
 * The state after `action`; assumes checkAction returned null. Never mutates `state`.
 * `resolve` goes straight to 'closed' (closeReason 'resolved', resolvedAt = closedAt = now): the workflow closes a
 * resolved case immediately, so 'resolved' is never a resting state of this model.
 */
export function applyAction(state: LifecycleState, action: CaseAction, _actor: Actor, nowIso: string): LifecycleState {
  switch (action.type) {
    case 'handle_locally':
      return { ...state, status: 'local_handling' };
    case 'escalate':
      // A new escalation (also after an answer) starts again at the level the official chose.
      return {
        ...state,
        status: 'escalated',
        level: action.target,
        escalationTarget: action.target,
        answeredLevel: null,
        assigneeUserId: null,
      };
    case 'request_info':
      return { ...state, status: 'awaiting_info' };
    case 'provide_info':
      return { ...state, status: 'escalated' };
    case 'answer':
      return { ...state, status: 'answered', answeredLevel: state.level };
    case 'forward': {
      const level = action.toLevel ?? state.level;
      const unit = typeof action.toUnitCode === 'string' ? action.toUnitCode.trim() : null;
      return {
        ...state,
        status: 'escalated',
        level,
        assignedUnitCode: level === 'unit_head' && unit !== null ? unit : state.assignedUnitCode,
        assigneeUserId: null,
      };
    }
    case 'reassign':
      return {
        ...state,
        assigneeUserId: action.assigneeUserId.trim(),
        assignedUnitCode: typeof action.unitCode === 'string' ? action.unitCode.trim() : state.assignedUnitCode,
      };
    case 'resolve':
      return closedState(state, { closeReason: 'resolved', resolvedAt: nowIso }, nowIso);
    case 'propose_policy':
      return { ...state, status: 'policy_proposed', level: null };
    case 'decide_policy':
      return closedState(state, { closeReason: 'policy_decided' }, nowIso);
    case 'withdraw':
      return closedState(state, { closeReason: 'withdrawn' }, nowIso);
    case 'merge':
      return closedState(state, { closeReason: 'merged', mergedIntoCaseId: action.intoCaseId.trim() }, nowIso);
    case 'reopen':
      return {
        ...state,
        status: 'local_handling',
        level: null,
        closeReason: null,
        resolvedAt: null,
        reopenUntil: null,
        closedAt: null,
      };
  }
}

/**
 * A missed deadline (system): an escalated case moves up one level and gets no named assignee. At the top level,
 * or when the case is not waiting on an answer (awaiting_info pauses the clock), the state is returned unchanged and
 * escalatedTo is null; the caller records the breach and re-notifies.
 */
export function applyDeadlineBreach(state: LifecycleState): {
  state: LifecycleState;
  escalatedTo: EscalationLevel | null;
} {
  if (state.status !== 'escalated' || state.level === null) return { state, escalatedTo: null };
  const next = nextEscalationLevel(state.level);
  if (next === null) return { state, escalatedTo: null };
  return { state: { ...state, level: next, assigneeUserId: null }, escalatedTo: next };
}
