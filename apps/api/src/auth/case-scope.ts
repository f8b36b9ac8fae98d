import type { AuthenticatedActor, Role } from '@libs/domain';

/**
 * Which cases an actor may see (DOMAIN.md §2): Working Group, leadership, personnel and admins see every case; an
 * official sees the cases of the provinces of their current deployments; a unit head sees the cases routed to their
 * unit (`assigned_unit_code`). A person with several roles sees the union. Every case read (one case, lists,
 * searches, exports) goes through this rule; a case outside the scope is answered exactly like an unknown one.
 */
export type CaseScope =
  { kind: 'all' } | { kind: 'restricted'; provinceCodes: string[]; unitCode: string | null } | { kind: 'none' };

export const ROLES_SEEING_ALL_CASES: readonly Role[] = ['working_group', 'leadership', 'personnel', 'admin'];

export function caseScopeOf(actor: Pick<AuthenticatedActor, 'roles' | 'unitCode' | 'provinceCodes'>): CaseScope {
  if (actor.roles.some((role) => ROLES_SEEING_ALL_CASES.includes(role))) return { kind: 'all' };
  const provinceCodes = actor.roles.includes('official') ? [...actor.provinceCodes] : [];
  const unitCode = actor.roles.includes('unit_head') ? actor.unitCode : null;
  if (provinceCodes.length === 0 && unitCode === null) return { kind: 'none' };
  return { kind: 'restricted', provinceCodes, unitCode };
}

/** The columns of a case the rule looks at (a `cases` row or its projection). */
export interface ScopedCaseRow {
  provinceCode: string;
  assignedUnitCode: string | null;
}

/** The rule as a predicate on one case. */
export function isCaseInScope(actor: AuthenticatedActor, kase: ScopedCaseRow): boolean {
  const scope = caseScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'restricted':
      return (
        scope.provinceCodes.includes(kase.provinceCode) ||
        (scope.unitCode !== null && kase.assignedUnitCode === scope.unitCode)
      );
  }
}

/**
 * The rule as a SQL condition on the `cases` table (alias `alias`), with TypeORM named parameters:
 * `queryBuilder.andWhere(condition, parameters)`. Parameter names start with `caseScope` to avoid clashes.
 */
export function caseScopeWhere(
  actor: AuthenticatedActor,
  alias = 'cases',
): { condition: string; parameters: Record<string, unknown> } {
  const scope = caseScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return { condition: 'TRUE', parameters: {} };
    case 'none':
      return { condition: 'FALSE', parameters: {} };
    case 'restricted': {
      const parts: string[] = [];
      const parameters: Record<string, unknown> = {};
      if (scope.provinceCodes.length > 0) {
        parts.push(`${alias}.province_code IN (:...caseScopeProvinceCodes)`);
        parameters.caseScopeProvinceCodes = scope.provinceCodes;
      }
      if (scope.unitCode !== null) {
        parts.push(`${alias}.assigned_unit_code = :caseScopeUnitCode`);
        parameters.caseScopeUnitCode = scope.unitCode;
      }
      return { condition: `(${parts.join(' OR ')})`, parameters };
    }
  }
}

/**
 * The same condition for hand-written SQL with positional parameters: the placeholders start at
 * `$firstParameter`; append `values` to the query's parameters in order.
 */
export function caseScopeSql(
  actor: AuthenticatedActor,
  alias = 'cases',
  firstParameter = 1,
): { condition: string; values: unknown[] } {
  const scope = caseScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return { condition: 'TRUE', values: [] };
    case 'none':
      return { condition: 'FALSE', values: [] };
    case 'restricted': {
      const parts: string[] = [];
      const values: unknown[] = [];
      if (scope.provinceCodes.length > 0) {
        values.push(scope.provinceCodes);
        parts.push(`${alias}.province_code = ANY($${firstParameter + values.length - 1}::text[])`);
      }
      if (scope.unitCode !== null) {
        values.push(scope.unitCode);
        parts.push(`${alias}.assigned_unit_code = $${firstParameter + values.length - 1}`);
      }
      return { condition: `(${parts.join(' OR ')})`, values };
    }
  }
}
