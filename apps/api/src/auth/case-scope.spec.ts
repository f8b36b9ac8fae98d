import type { AuthenticatedActor, Role } from '@libs/domain';
import { caseScopeOf, caseScopeSql, caseScopeWhere, isCaseInScope } from './case-scope';

const actor = (roles: Role[], extra: Partial<AuthenticatedActor> = {}): AuthenticatedActor => ({
  userId: 'u',
  roles,
  unitCode: null,
  displayName: null,
  provinceCodes: [],
  ...extra,
});

const hanoiCase = { provinceCode: '01', assignedUnitCode: null };
const routedToCcvc = { provinceCode: '79', assignedUnitCode: 'CCVC' };

describe('case scope', () => {
  it.each(['working_group', 'leadership', 'personnel', 'admin'] as const)('%s sees every case', (role) => {
    const everyone = actor([role]);
    expect(caseScopeOf(everyone)).toEqual({ kind: 'all' });
    expect(isCaseInScope(everyone, hanoiCase)).toBe(true);
    expect(isCaseInScope(everyone, routedToCcvc)).toBe(true);
    expect(caseScopeWhere(everyone)).toEqual({ condition: 'TRUE', parameters: {} });
    expect(caseScopeSql(everyone)).toEqual({ condition: 'TRUE', values: [] });
  });

  it('an official sees the provinces of their current deployments only', () => {
    const official = actor(['official'], { provinceCodes: ['01', '31'], unitCode: 'CCVC' });
    expect(isCaseInScope(official, hanoiCase)).toBe(true);
    // Their home unit is not a scope: only unit heads read by unit.
    expect(isCaseInScope(official, routedToCcvc)).toBe(false);
    expect(caseScopeWhere(official, 'c')).toEqual({
      condition: '(c.province_code IN (:...caseScopeProvinceCodes))',
      parameters: { caseScopeProvinceCodes: ['01', '31'] },
    });
    expect(caseScopeSql(official, 'c', 3)).toEqual({
      condition: '(c.province_code = ANY($3::text[]))',
      values: [['01', '31']],
    });
  });

  it('a unit head sees the cases routed to their unit', () => {
    const head = actor(['unit_head'], { unitCode: 'CCVC', provinceCodes: ['01'] });
    expect(isCaseInScope(head, routedToCcvc)).toBe(true);
    expect(isCaseInScope(head, hanoiCase)).toBe(false);
    expect(caseScopeSql(head, 'cases')).toEqual({ condition: '(cases.assigned_unit_code = $1)', values: ['CCVC'] });
  });

  it('several roles give the union', () => {
    const both = actor(['official', 'unit_head'], { unitCode: 'CCVC', provinceCodes: ['01'] });
    expect(isCaseInScope(both, hanoiCase)).toBe(true);
    expect(isCaseInScope(both, routedToCcvc)).toBe(true);
    expect(isCaseInScope(both, { provinceCode: '79', assignedUnitCode: 'PC' })).toBe(false);
    expect(caseScopeSql(both, 'k', 2)).toEqual({
      condition: '(k.province_code = ANY($2::text[]) OR k.assigned_unit_code = $3)',
      values: [['01'], 'CCVC'],
    });
    expect(caseScopeOf(actor(['official', 'leadership']))).toEqual({ kind: 'all' });
  });

  it('an official between deployments, or a unit head without a unit, sees nothing', () => {
    for (const nobody of [actor(['official']), actor(['unit_head'])]) {
      expect(caseScopeOf(nobody)).toEqual({ kind: 'none' });
      expect(isCaseInScope(nobody, hanoiCase)).toBe(false);
      expect(caseScopeWhere(nobody).condition).toBe('FALSE');
      expect(caseScopeSql(nobody).condition).toBe('FALSE');
    }
  });
});
