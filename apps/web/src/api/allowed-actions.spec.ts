import { ACTIONS_UNAVAILABLE, CASE_ACTION_TYPES, parseAllowedActions } from './allowed-actions';

describe('reading the allowed actions the API returns', () => {
  it('shows every action, disabled with the "not available" reason, when the API gives no list (404)', () => {
    const actions = parseAllowedActions(null);
    expect(actions.map((action) => action.type)).toEqual([...CASE_ACTION_TYPES]);
    expect(actions.every((action) => !action.allowed && action.refusal === ACTIONS_UNAVAILABLE)).toBe(true);
  });

  it('takes allowed and refused actions as the API says, with its reason, and ignores unknown types', () => {
    const actions = parseAllowedActions({
      actions: [
        { type: 'escalate', allowed: true, refusal: null },
        {
          type: 'answer',
          allowed: false,
          refusal: { code: 'NOT_ASSIGNED_LEVEL', messageVi: 'Không phải cấp được giao', messageEn: 'Not your level' },
        },
        { type: 'teleport', allowed: true, refusal: null },
      ],
    });
    expect(actions).toHaveLength(CASE_ACTION_TYPES.length);
    expect(actions.find((action) => action.type === 'escalate')).toEqual({
      type: 'escalate',
      allowed: true,
      refusal: null,
    });
    expect(actions.find((action) => action.type === 'answer')?.refusal?.code).toBe('NOT_ASSIGNED_LEVEL');
    // An action the API did not list is not offered, and not blamed on a missing endpoint.
    const resolve = actions.find((action) => action.type === 'resolve');
    expect(resolve?.allowed).toBe(false);
    expect(resolve?.refusal).toBeNull();
  });
});
