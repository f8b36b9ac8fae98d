import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { createDataSource } from '@libs/database';
import { MINISTRY_UNITS, type Role } from '@libs/domain';
import { addDays, hashPassword, vietnamDate } from '@libs/identity';
import { ReferenceImporter } from '@libs/reference/import/reference-importer';

/** The decision every test deployment belongs to (created on first use, wide period). */
export const TEST_DECISION_NUMBER = '9999/QĐ-TEST';

export interface TestUser {
  id: string;
  username: string;
  /** Null for single-sign-on-only accounts. */
  password: string | null;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
  /** Provinces of the current deployment created for an official (empty otherwise). */
  provinceCodes: string[];
}

export interface CreateUserOptions {
  roles: Role[];
  /** Home unit; defaults to CCVC for officials and unit heads, none otherwise. */
  unitCode?: string | null;
  /** Officials only: provinces of a deployment covering today (default ['01']). [] creates no deployment. */
  provinceCodes?: string[];
  /** Period of that deployment (default: 30 days ago to a year ahead, Vietnam dates). */
  deploymentPeriod?: { start: string; end: string };
  username?: string;
  password?: string;
  displayName?: string;
  email?: string | null;
  active?: boolean;
  externalSubject?: string | null;
  /** false: a single-sign-on-only account (needs externalSubject). */
  passwordLogin?: boolean;
  mustChangePassword?: boolean;
}

/** Per database (suites may use more than one): has its reference data been checked or imported? */
const referenceData = new Map<string, Promise<void>>();

function urlOf(db: PgClient): string {
  const url = new URL('postgres://localhost');
  url.hostname = db.host;
  url.port = String(db.port);
  url.username = db.user ?? 'postgres';
  url.password = db.password ?? '';
  url.pathname = `/${db.database ?? 'postgres'}`;
  return url.toString();
}

/**
 * Provinces and Ministry units must exist for accounts and deployments (foreign keys). Imports the reference data
 * into the run's database the first time a suite needs it; imports are serialised and idempotent, so suites
 * running in parallel may all call this.
 */
export function ensureReferenceData(db: PgClient): Promise<void> {
  const url = urlOf(db);
  let done = referenceData.get(url);
  if (done) return done;
  done = (async () => {
    const { rows } = await db.query<{ provinces: number; units: number }>(
      `SELECT (SELECT count(*)::int FROM provinces) AS provinces,
              (SELECT count(*)::int FROM ministry_units WHERE code = ANY($1::text[])) AS units`,
      [MINISTRY_UNITS.map((unit) => unit.code)],
    );
    if (rows[0].provinces >= 34 && rows[0].units === MINISTRY_UNITS.length) return;
    const dataSource = createDataSource({ url, poolSize: 2 });
    await dataSource.initialize();
    try {
      await new ReferenceImporter(dataSource).importFromPackage();
    } finally {
      await dataSource.destroy();
    }
  })();
  referenceData.set(url, done);
  return done;
}

/** The shared test decision's id (created if missing). */
export async function testDecisionId(db: PgClient): Promise<string> {
  await db.query(
    `INSERT INTO dispatch_decisions (id, number, signed_on, signer_title, period_start, period_end, purpose)
     VALUES ($1, $2, '1999-12-01', 'Bộ trưởng Bộ Nội vụ', '2000-01-01', '2099-12-31', 'Kiểm thử tự động')
     ON CONFLICT (number) DO NOTHING`,
    [randomUUID(), TEST_DECISION_NUMBER],
  );
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM dispatch_decisions WHERE number = $1`, [
    TEST_DECISION_NUMBER,
  ]);
  return rows[0].id;
}

/**
 * Inserts an account straight into the database (the admin API is tested separately). Officials get a deployment
 * covering today in `provinceCodes` (default Hà Nội, 01) under TEST_DECISION_NUMBER.
 */
export async function createUser(db: PgClient, options: CreateUserOptions): Promise<TestUser> {
  await ensureReferenceData(db);
  const isOfficial = options.roles.includes('official');
  const needsUnit = isOfficial || options.roles.includes('unit_head');
  const unitCode = options.unitCode === undefined ? (needsUnit ? 'CCVC' : null) : options.unitCode;
  const id = randomUUID();
  const username = options.username ?? `t.${options.roles[0].replace('_', '')}.${randomBytes(5).toString('hex')}`;
  const passwordLogin = options.passwordLogin ?? true;
  const password = passwordLogin ? (options.password ?? `Pw-${randomBytes(12).toString('base64url')}`) : null;
  const displayName = options.displayName ?? `Người dùng kiểm thử ${username}`;
  await db.query(
    `INSERT INTO users (id, username, display_name, email, roles, unit_code, password_hash, must_change_password,
                        active, external_subject, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
    [
      id,
      username,
      displayName,
      options.email ?? null,
      options.roles,
      unitCode,
      password === null ? null : await hashPassword(password),
      options.mustChangePassword ?? false,
      options.active ?? true,
      options.externalSubject ?? null,
    ],
  );
  const provinceCodes = isOfficial ? (options.provinceCodes ?? ['01']) : [];
  if (provinceCodes.length > 0) {
    const decisionId = await testDecisionId(db);
    const today = vietnamDate();
    const period = options.deploymentPeriod ?? { start: addDays(today, -30), end: addDays(today, 365) };
    for (const provinceCode of provinceCodes) {
      await db.query(
        `INSERT INTO deployments (id, decision_id, user_id, home_unit_code, province_code, period_start, period_end)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), decisionId, id, unitCode ?? 'CCVC', provinceCode, period.start, period.end],
      );
    }
  }
  const coversToday = (period?: { start: string; end: string }): boolean =>
    !period || (period.start <= vietnamDate() && vietnamDate() <= period.end);
  return {
    id,
    username,
    password,
    displayName,
    roles: options.roles,
    unitCode,
    provinceCodes: coversToday(options.deploymentPeriod) ? provinceCodes : [],
  };
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  /** For supertest: `.set(session.authHeader)`. */
  authHeader: { Authorization: string };
}

/** Signs in through the real endpoint; fails the test with the answer if the login is refused. */
export async function loginAs(apiUrl: string, username: string, password: string): Promise<SignedIn> {
  const response = await request(apiUrl).post('/api/auth/login').send({ username, password });
  if (response.status !== 200) {
    throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const body = response.body as { accessToken: string; refreshToken: string };
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    authHeader: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** A signed-in test account, as `asRole` returns it. */
export type Session = SignedIn & { user: TestUser };

/** A fresh account with `role` (plus the options), signed in. */
export async function asRole(
  apiUrl: string,
  db: PgClient,
  role: Role,
  options: Omit<CreateUserOptions, 'roles'> & { extraRoles?: Role[] } = {},
): Promise<Session> {
  const { extraRoles = [], ...rest } = options;
  const user = await createUser(db, { ...rest, roles: [role, ...extraRoles.filter((extra) => extra !== role)] });
  if (user.password === null) throw new Error('asRole needs an account with a password');
  return { user, ...(await loginAs(apiUrl, user.username, user.password)) };
}
