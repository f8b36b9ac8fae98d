import { allowedActions, checkAction } from './lifecycle';
import { type CaseAction, MAX_TEXT_LENGTH } from './lifecycle-types';
import { ACTORS, STATES } from './lifecycle.fixtures';
import { parseIsoInstant, validateAction } from './validate-action';

// Payloads come from HTTP bodies, so some tests deliberately pass values the types forbid.
const loose = (value: unknown) => value as CaseAction;

describe('validateAction: required text fields', () => {
  const requiredFields: [CaseAction, string][] = [
    [{ type: 'handle_locally', note: '' }, 'note'],
    [{ type: 'escalate', target: 'unit_head', question: '' }, 'question'],
    [{ type: 'request_info', question: '' }, 'question'],
    [{ type: 'provide_info', information: '' }, 'information'],
    [{ type: 'answer', text: '', publishAsGuidance: true }, 'text'],
    [{ type: 'forward', toLevel: 'leadership', reason: '' }, 'reason'],
    [{ type: 'reassign', assigneeUserId: '' }, 'assigneeUserId'],
    [{ type: 'resolve', outcome: '' }, 'outcome'],
    [{ type: 'propose_policy', proposal: '' }, 'proposal'],
    [{ type: 'withdraw', reason: '' }, 'reason'],
    [{ type: 'merge', intoCaseId: '', caseId: 'c1' }, 'intoCaseId'],
    [{ type: 'merge', intoCaseId: 'c0', caseId: '' }, 'caseId'],
    [{ type: 'reopen', reason: '' }, 'reason'],
  ];

  it.each(requiredFields)('%o: empty → INVALID_INPUT on %s', (action, field) => {
    expect(validateAction(action)).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it.each(requiredFields)('%o: whitespace only → INVALID_INPUT on %s', (action, field) => {
    expect(validateAction(loose({ ...action, [field]: ' \t\n\u00a0 ' }))).toMatchObject({ field });
  });

  it.each(requiredFields)('%o: not a string → INVALID_INPUT on %s', (action, field) => {
    expect(validateAction(loose({ ...action, [field]: 42 }))).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('accepts exactly the maximum length and refuses one more', () => {
    const max = 'a'.repeat(MAX_TEXT_LENGTH);
    expect(validateAction({ type: 'resolve', outcome: max })).toBeNull();
    const refusal = validateAction({ type: 'resolve', outcome: `${max}b` });
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT', field: 'outcome' });
    expect(refusal?.messageVi).toContain('20.001 ký tự');
    expect(refusal?.messageVi).toContain('tối đa 20.000 ký tự');
    expect(refusal?.messageEn).toContain('20,001 characters');
  });

  it('counts characters as code points, so Vietnamese text and emoji are not penalised', () => {
    expect(validateAction({ type: 'resolve', outcome: '😀'.repeat(MAX_TEXT_LENGTH) })).toBeNull();
  });
});

describe('validateAction: optional fields, enums and flags', () => {
  it.each([
    [{ type: 'answer', text: 'Trả lời.', legalBasis: ' ', publishAsGuidance: true }, 'legalBasis'],
    [{ type: 'forward', toUnitCode: '', reason: 'Lý do.' }, 'toUnitCode'],
    [{ type: 'reassign', assigneeUserId: 'u1', unitCode: ' ' }, 'unitCode'],
    [{ type: 'reassign', assigneeUserId: 'u1', reason: '' }, 'reason'],
    [{ type: 'decide_policy', decision: 'accepted', note: '' }, 'note'],
  ] as [CaseAction, string][])('optional but blank: %o → %s', (action, field) => {
    expect(validateAction(action)).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('accepts omitted and null optional fields', () => {
    expect(validateAction({ type: 'answer', text: 'Trả lời.', publishAsGuidance: false })).toBeNull();
    expect(
      validateAction(loose({ type: 'answer', text: 'Trả lời.', legalBasis: null, publishAsGuidance: false })),
    ).toBe(null);
    expect(validateAction({ type: 'reassign', assigneeUserId: 'u1' })).toBeNull();
    expect(validateAction({ type: 'decide_policy', decision: 'needs_study' })).toBeNull();
  });

  it.each([
    [{ type: 'escalate', target: 'minister', question: 'Hỏi?' }, 'target'],
    [{ type: 'escalate', question: 'Hỏi?' }, 'target'],
    [{ type: 'forward', toLevel: 'minister', reason: 'Lý do.' }, 'toLevel'],
    [{ type: 'decide_policy', decision: 'maybe' }, 'decision'],
    [{ type: 'answer', text: 'Trả lời.', publishAsGuidance: 'yes' }, 'publishAsGuidance'],
    [{ type: 'answer', text: 'Trả lời.' }, 'publishAsGuidance'],
  ])('unknown value: %o → %s', (action, field) => {
    expect(validateAction(loose(action))).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('lists the accepted values in the enum message', () => {
    const refusal = validateAction(loose({ type: 'decide_policy', decision: 'maybe' }));
    expect(refusal?.messageVi).toContain('accepted, rejected, needs_study');
  });

  it('refuses a forward with no destination', () => {
    expect(validateAction({ type: 'forward', reason: 'Lý do.' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'toLevel',
    });
  });

  it('refuses a unit together with a level above the unit heads', () => {
    expect(validateAction({ type: 'forward', toLevel: 'working_group', toUnitCode: 'PC', reason: 'x' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'toUnitCode',
    });
  });

  it.each([[null], [undefined], ['answer'], [{}], [{ type: 'delete' }], [{ type: 'toString' }]])(
    'refuses an unknown action %o',
    (action) => {
      expect(validateAction(loose(action))).toMatchObject({ code: 'INVALID_INPUT', field: 'type' });
    },
  );

  it('refuses merging into itself even with stray spaces', () => {
    expect(validateAction({ type: 'merge', intoCaseId: 'case-7 ', caseId: ' case-7' })?.code).toBe('MERGE_INTO_SELF');
  });
});

describe('nowIso', () => {
  const action: CaseAction = { type: 'handle_locally', note: 'Ghi chú.' };

  it.each(['', 'now', '2025-09-10', '2025-09-10T09:00:00', '2025-02-30T09:00:00Z', '10/09/2025 09:00'])(
    'refuses %p with INVALID_INPUT on nowIso, and lists no actions',
    (nowIso) => {
      expect(checkAction(STATES.reported, action, ACTORS.owner, nowIso)).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'nowIso',
      });
      expect(allowedActions(STATES.reported, ACTORS.owner, nowIso)).toEqual([]);
    },
  );
});

describe('parseIsoInstant', () => {
  it.each([
    ['2025-09-10T02:00:00Z', Date.UTC(2025, 8, 10, 2)],
    ['2025-09-10T09:00:00+07:00', Date.UTC(2025, 8, 10, 2)],
    ['2025-09-10T09:00+07:00', Date.UTC(2025, 8, 10, 2)],
    ['2025-09-09T21:30:00-04:30', Date.UTC(2025, 8, 10, 2)],
    ['2025-09-10T02:00:00.123Z', Date.UTC(2025, 8, 10, 2, 0, 0, 123)],
    ['2025-09-10T02:00:00.123456789Z', Date.UTC(2025, 8, 10, 2, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
  ])('%s', (iso, expected) => {
    expect(parseIsoInstant(iso)).toBe(expected);
  });

  it.each([
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-09-10T24:00:00Z',
    '2025-09-10T09:60:00Z',
    '2025-09-10T09:00:00+24:00',
    '2025-09-10T09:00:00',
    ' 2025-09-10T09:00:00Z',
    null,
    12345,
  ])('rejects %p', (value) => {
    expect(parseIsoInstant(value)).toBeNull();
  });

  it('agrees with the toISOString output of the engine', () => {
    const ms = Date.UTC(2026, 1, 17, 1, 2, 3, 456);
    expect(parseIsoInstant(new Date(ms).toISOString())).toBe(ms);
  });
});
