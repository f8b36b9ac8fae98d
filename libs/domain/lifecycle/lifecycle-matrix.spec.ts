import { allowedActions, checkAction } from './lifecycle';
import { CASE_ACTION_TYPES, type CaseActionType } from './lifecycle-types';
import {
  ACTOR_NAMES,
  ACTORS,
  type ActorName,
  NOW,
  sampleAction,
  STATE_NAMES,
  STATES,
  type StateName,
} from './lifecycle.fixtures';

// The expected permissions written out by hand from DOMAIN.md §4; any (state, actor) pair not listed may do nothing.
const OWNER_WHILE_ESCALATED: CaseActionType[] = ['propose_policy', 'withdraw', 'merge'];
const ANSWERER_BELOW_TOP: CaseActionType[] = ['request_info', 'answer', 'forward'];
const WG_WHILE_ESCALATED: CaseActionType[] = ['reassign', 'propose_policy', 'merge'];
const AFTER_ANSWER_OWNER: CaseActionType[] = ['escalate', 'resolve', 'propose_policy', 'withdraw', 'merge'];
const WAITING_OWNER: CaseActionType[] = ['provide_info', 'withdraw', 'merge'];
const WAITING_WG: CaseActionType[] = ['reassign', 'merge'];

const EXPECTED: Record<StateName, Partial<Record<ActorName, CaseActionType[]>>> = {
  reported: {
    owner: ['handle_locally', 'escalate', 'withdraw', 'merge'],
    workingGroup: ['merge'],
    officialAndWorkingGroup: ['merge'],
  },
  localHandling: {
    owner: ['escalate', 'resolve', 'propose_policy', 'withdraw', 'merge'],
    workingGroup: ['propose_policy', 'merge'],
    officialAndWorkingGroup: ['propose_policy', 'merge'],
  },
  escalatedUnitHead: {
    owner: OWNER_WHILE_ESCALATED,
    unitHead: ANSWERER_BELOW_TOP,
    workingGroup: [...ANSWERER_BELOW_TOP, ...WG_WHILE_ESCALATED],
    officialAndWorkingGroup: [...ANSWERER_BELOW_TOP, ...WG_WHILE_ESCALATED],
    leadership: ANSWERER_BELOW_TOP,
  },
  escalatedWorkingGroup: {
    owner: OWNER_WHILE_ESCALATED,
    workingGroup: [...ANSWERER_BELOW_TOP, ...WG_WHILE_ESCALATED],
    officialAndWorkingGroup: [...ANSWERER_BELOW_TOP, ...WG_WHILE_ESCALATED],
    leadership: ANSWERER_BELOW_TOP,
  },
  escalatedLeadership: {
    owner: OWNER_WHILE_ESCALATED,
    workingGroup: WG_WHILE_ESCALATED,
    officialAndWorkingGroup: WG_WHILE_ESCALATED,
    leadership: ['request_info', 'answer'],
  },
  awaitingInfoUnitHead: { owner: WAITING_OWNER, workingGroup: WAITING_WG, officialAndWorkingGroup: WAITING_WG },
  awaitingInfoWorkingGroup: { owner: WAITING_OWNER, workingGroup: WAITING_WG, officialAndWorkingGroup: WAITING_WG },
  awaitingInfoLeadership: { owner: WAITING_OWNER, workingGroup: WAITING_WG, officialAndWorkingGroup: WAITING_WG },
  answeredUnitHead: {
    owner: AFTER_ANSWER_OWNER,
    workingGroup: ['propose_policy', 'merge'],
    officialAndWorkingGroup: ['propose_policy', 'merge'],
  },
  answeredLeadership: {
    owner: AFTER_ANSWER_OWNER,
    workingGroup: ['propose_policy', 'merge'],
    officialAndWorkingGroup: ['propose_policy', 'merge'],
  },
  resolvedTransient: {},
  policyProposed: {
    owner: ['withdraw', 'merge'],
    workingGroup: ['merge'],
    officialAndWorkingGroup: ['merge'],
    leadership: ['decide_policy'],
  },
  closedResolvedRecently: { owner: ['reopen'] },
  closedResolvedLongAgo: {},
  closedWithdrawn: {},
  closedMerged: {},
  closedPolicyDecided: {},
};

function sorted(types: readonly CaseActionType[]): CaseActionType[] {
  return [...types].sort();
}

describe('allowedActions matches the hand-written permission table', () => {
  const pairs = STATE_NAMES.flatMap((stateName) => ACTOR_NAMES.map((actorName) => [stateName, actorName] as const));

  it.each(pairs)('%s × %s', (stateName, actorName) => {
    const allowed = allowedActions(STATES[stateName], ACTORS[actorName], NOW);
    expect(sorted(allowed)).toEqual(sorted(EXPECTED[stateName][actorName] ?? []));
  });

  it('lists actions in the canonical order without duplicates', () => {
    const allowed = allowedActions(STATES.localHandling, ACTORS.owner, NOW);
    expect(allowed).toEqual(CASE_ACTION_TYPES.filter((t) => allowed.includes(t)));
  });
});

describe('checkAction returns null exactly when allowedActions includes the action', () => {
  const triples = STATE_NAMES.flatMap((stateName) =>
    ACTOR_NAMES.flatMap((actorName) => CASE_ACTION_TYPES.map((type) => [type, stateName, actorName] as const)),
  );

  it.each(triples)('%s in %s by %s', (type, stateName, actorName) => {
    const state = STATES[stateName];
    const actor = ACTORS[actorName];
    const refusal = checkAction(state, sampleAction(type, state), actor, NOW);
    const listed = allowedActions(state, actor, NOW).includes(type);
    expect(refusal === null).toBe(listed);
    if (refusal !== null) {
      expect(refusal.messageVi.length).toBeGreaterThan(0);
      expect(refusal.messageEn.length).toBeGreaterThan(0);
    }
  });
});
