import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Role } from '@libs/domain';
import { createUser, loginAs } from './auth';

export interface TestAccount {
  userId: string;
  username: string;
  /** Bearer token from POST /api/auth/login (null when created with `signIn: false`). */
  token: string | null;
}

/** A Ministry unit of its own for a suite, so unit-scoped queries see only the suite's people. */
export async function insertTestUnit(db: PgClient): Promise<string> {
  const code = `T${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.query(`INSERT INTO ministry_units (code, name_vi, name_en) VALUES ($1, $2, $3)`, [
    code,
    `Đơn vị kiểm thử ${code}`,
    `Test unit ${code}`,
  ]);
  return code;
}

/**
 * Creates an account (any roles, optional unit) with a password and, unless told otherwise, signs it in through
 * the real login endpoint. A thin form of `createUser`/`loginAs` from ./auth for suites that want only ids and a token.
 */
export async function createAccount(
  db: PgClient,
  options: {
    roles: Role[];
    unitCode?: string | null;
    displayName?: string;
    email?: string | null;
    active?: boolean;
    apiUrl?: string;
  },
): Promise<TestAccount> {
  const user = await createUser(db, {
    roles: options.roles,
    unitCode: options.unitCode ?? null,
    displayName: options.displayName,
    active: options.active,
    email: options.email === undefined ? null : options.email,
  });
  if (!options.apiUrl || user.password === null) return { userId: user.id, username: user.username, token: null };
  const session = await loginAs(options.apiUrl, user.username, user.password);
  return { userId: user.id, username: user.username, token: session.accessToken };
}
