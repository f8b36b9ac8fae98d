import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { Role } from '@libs/domain';
import { hashPassword } from '@libs/identity';

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
 * the real login endpoint.
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
  const userId = randomUUID();
  const username = `t-${userId.slice(0, 8)}${randomBytes(2).toString('hex')}`;
  const password = `Pw-${randomBytes(12).toString('base64url')}`;
  await db.query(
    `INSERT INTO users (id, username, display_name, email, roles, unit_code, password_hash, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      userId,
      username,
      options.displayName ?? `Người dùng ${username}`,
      options.email === undefined ? `${username}@example.gov.vn` : options.email,
      options.roles,
      options.unitCode ?? null,
      await hashPassword(password),
      options.active ?? true,
    ],
  );
  if (!options.apiUrl) return { userId, username, token: null };
  const login = await request(options.apiUrl).post('/api/auth/login').send({ username, password });
  if (login.status !== 200)
    throw new Error(`login of ${username} failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { userId, username, token: (login.body as { accessToken: string }).accessToken };
}
