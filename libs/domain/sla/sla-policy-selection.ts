import type { CasePriority, EscalationLevel } from '../case/case-types';

/** The dimensions a policy row may pin; null means "any". */
export interface SlaPolicyScope {
  id: string;
  field: string | null;
  priority: string | null;
  level: string | null;
}

/** What a case level is looking for. */
export interface SlaPolicyKey {
  field: string;
  priority: CasePriority;
  level: EscalationLevel;
}

/**
 * How specific a policy is for the key, or -1 when it does not apply. A pinned field outweighs a pinned priority,
 * which outweighs a pinned level, so "civil_service, any priority" beats the default "urgent at unit_head": an admin
 * who sets a field-wide target means it for every priority and level of that field.
 */
export function slaPolicySpecificity(policy: SlaPolicyScope, key: SlaPolicyKey): number {
  if (policy.field !== null && policy.field !== key.field) return -1;
  if (policy.priority !== null && policy.priority !== key.priority) return -1;
  if (policy.level !== null && policy.level !== key.level) return -1;
  return (policy.field !== null ? 4 : 0) + (policy.priority !== null ? 2 : 0) + (policy.level !== null ? 1 : 0);
}

/**
 * The policy that governs the key: the most specific applicable one; equally specific candidates (only possible
 * when the database's one-active-policy-per-scope index was bypassed) fall back to the smallest id, so the choice
 * never depends on row order. Null when none applies.
 */
export function selectSlaPolicy<T extends SlaPolicyScope>(candidates: readonly T[], key: SlaPolicyKey): T | null {
  let best: T | null = null;
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = slaPolicySpecificity(candidate, key);
    if (score < 0) continue;
    if (score > bestScore || (score === bestScore && best !== null && candidate.id < best.id)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
