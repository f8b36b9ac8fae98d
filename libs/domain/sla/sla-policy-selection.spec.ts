import { CASE_PRIORITIES, ESCALATION_LEVELS, type CasePriority, type EscalationLevel } from '../case/case-types';
import { selectSlaPolicy, slaPolicySpecificity, type SlaPolicyKey, type SlaPolicyScope } from './sla-policy-selection';

const key: SlaPolicyKey = { field: 'civil_service', priority: 'urgent', level: 'working_group' };

function policy(id: string, field: string | null, priority: string | null, level: string | null): SlaPolicyScope {
  return { id, field, priority, level };
}

/** Every scope that applies to `key`, from the most to the least specific. */
const LADDER: SlaPolicyScope[] = [
  policy('field+priority+level', 'civil_service', 'urgent', 'working_group'),
  policy('field+priority', 'civil_service', 'urgent', null),
  policy('field+level', 'civil_service', null, 'working_group'),
  policy('field', 'civil_service', null, null),
  policy('priority+level', null, 'urgent', 'working_group'),
  policy('priority', null, 'urgent', null),
  policy('level', null, null, 'working_group'),
  policy('any', null, null, null),
];

describe('selectSlaPolicy', () => {
  it('walks down the specificity ladder as the more specific policies disappear', () => {
    for (let i = 0; i < LADDER.length; i += 1) {
      // Reverse the input so the answer cannot come from row order.
      const candidates = [...LADDER.slice(i)].reverse();
      expect(selectSlaPolicy(candidates, key)?.id).toBe(LADDER[i].id);
    }
  });

  it('ranks field over priority over level (a field-wide target beats the default priority+level one)', () => {
    const scores = LADDER.map((candidate) => slaPolicySpecificity(candidate, key));
    expect(scores).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(selectSlaPolicy([LADDER[4], LADDER[3]], key)?.id).toBe('field');
  });

  it('ignores policies pinned to another field, priority or level, however specific', () => {
    const others = [
      policy('other-field', 'local_government', 'urgent', 'working_group'),
      policy('other-priority', 'civil_service', 'low', 'working_group'),
      policy('other-level', 'civil_service', 'urgent', 'leadership'),
    ];
    for (const other of others) expect(slaPolicySpecificity(other, key)).toBe(-1);
    expect(selectSlaPolicy([...others, LADDER[7]], key)?.id).toBe('any');
    expect(selectSlaPolicy(others, key)).toBeNull();
  });

  it('returns null when nothing applies', () => {
    expect(selectSlaPolicy([], key)).toBeNull();
  });

  it('breaks ties between equally specific policies by the smallest id, whatever the order', () => {
    const tied = [
      policy('b', null, 'urgent', null),
      policy('a', null, 'urgent', null),
      policy('c', null, 'urgent', null),
    ];
    const orders = [tied, [...tied].reverse(), [tied[2], tied[0], tied[1]]];
    for (const order of orders) expect(selectSlaPolicy(order, key)?.id).toBe('a');
  });

  it('gives each priority its own row of the seeded default set, at every level', () => {
    const defaults = CASE_PRIORITIES.map((priority) => policy(`default.${priority}`, null, priority, null));
    for (const priority of CASE_PRIORITIES as readonly CasePriority[]) {
      for (const level of ESCALATION_LEVELS as readonly EscalationLevel[]) {
        expect(selectSlaPolicy(defaults, { field: 'youth', priority, level })?.id).toBe(`default.${priority}`);
      }
    }
  });
});
