import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Role } from '@libs/domain';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  roles: Role[];
  unitCode?: string | null;
  passwordHash: string | null;
  mustChangePassword?: boolean;
  externalSubject?: string | null;
}

/** Inserts an account (username already normalised) and returns its id. Unique violations propagate. */
export async function insertUser(manager: EntityManager, user: NewUser): Promise<string> {
  const id = randomUUID();
  await manager.query(
    `INSERT INTO users (id, username, display_name, email, roles, unit_code, password_hash, must_change_password,
                        external_subject, password_changed_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END)`,
    [
      id,
      user.username,
      user.displayName,
      user.email ?? null,
      user.roles,
      user.unitCode ?? null,
      user.passwordHash,
      user.mustChangePassword ?? false,
      user.externalSubject ?? null,
    ],
  );
  return id;
}

export interface DecisionInput {
  number: string;
  signedOn: string;
  signerTitle: string;
  periodStart: string;
  periodEnd: string;
  purpose: string;
}

/** Inserts a decision unless one with the same number exists; returns the id either way. */
export async function ensureDecision(
  manager: EntityManager,
  decision: DecisionInput,
): Promise<{ id: string; created: boolean }> {
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO dispatch_decisions (id, number, signed_on, signer_title, period_start, period_end, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (number) DO NOTHING
     RETURNING id`,
    [
      randomUUID(),
      decision.number,
      decision.signedOn,
      decision.signerTitle,
      decision.periodStart,
      decision.periodEnd,
      decision.purpose,
    ],
  );
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const existing: { id: string }[] = await manager.query(`SELECT id FROM dispatch_decisions WHERE number = $1`, [
    decision.number,
  ]);
  return { id: existing[0].id, created: false };
}

export interface DeploymentInput {
  decisionId: string;
  userId: string;
  homeUnitCode: string;
  provinceCode: string;
  periodStart: string;
  periodEnd: string;
}

export type DeploymentWrite = 'created' | 'updated' | 'unchanged';

/**
 * Creates the deployment, or updates the home unit and period of the existing one for the same (decision, official,
 * province): importing the same list twice changes nothing.
 */
export async function upsertDeployment(
  manager: EntityManager,
  deployment: DeploymentInput,
): Promise<{ id: string; outcome: DeploymentWrite }> {
  const rows: { id: string; inserted: boolean }[] = await manager.query(
    `INSERT INTO deployments (id, decision_id, user_id, home_unit_code, province_code, period_start, period_end)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (decision_id, user_id, province_code) DO UPDATE
       SET home_unit_code = EXCLUDED.home_unit_code, period_start = EXCLUDED.period_start,
           period_end = EXCLUDED.period_end, updated_at = now()
       WHERE (deployments.home_unit_code, deployments.period_start, deployments.period_end)
             IS DISTINCT FROM (EXCLUDED.home_unit_code, EXCLUDED.period_start, EXCLUDED.period_end)
     RETURNING id, (xmax = 0) AS inserted`,
    [
      randomUUID(),
      deployment.decisionId,
      deployment.userId,
      deployment.homeUnitCode,
      deployment.provinceCode,
      deployment.periodStart,
      deployment.periodEnd,
    ],
  );
  if (rows[0]) return { id: rows[0].id, outcome: rows[0].inserted ? 'created' : 'updated' };
  const existing: { id: string }[] = await manager.query(
    `SELECT id FROM deployments WHERE decision_id = $1 AND user_id = $2 AND province_code = $3`,
    [deployment.decisionId, deployment.userId, deployment.provinceCode],
  );
  return { id: existing[0].id, outcome: 'unchanged' };
}

/** PostgreSQL's unique_violation, with the index or constraint it hit. */
export function uniqueViolationOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const candidate = current as { code?: unknown; constraint?: unknown; driverError?: unknown };
    if (candidate.code === '23505') return typeof candidate.constraint === 'string' ? candidate.constraint : '';
    current = candidate.driverError;
  }
  return null;
}
