import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { runMigrations } from '@libs/database';
import { databaseNameOf, dropDatabase, ensureDatabase, withDatabase } from '../../apps/stack/src/postgres';
import { asRole, loginAs, type Session } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const ROUNDS = 6;

/**
 * "Never zero active admins" can only be observed where this suite's admins are the only ones: other suites create
 * admins in the run's shared database, so this one has a database of its own.
 */
describe('the last active admin', () => {
  const databaseUrl = withDatabase(
    process.env.DATABASE_URL!,
    `${databaseNameOf(process.env.DATABASE_URL!)}_admins_${randomBytes(3).toString('hex')}`.slice(-63),
  );
  let api: RunningApi;
  let db: PgClient;
  let first: Session;
  let second: Session;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    [api, db] = await Promise.all([startApi(testConfig({ databaseUrl })), pgClient(databaseUrl)]);
    first = await asRole(api.url, db, 'admin');
    second = await asRole(api.url, db, 'admin');
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
    if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(databaseUrl).catch(() => undefined);
  });

  const activeAdmins = async (): Promise<number> => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles)`,
    );
    return rows[0].n;
  };
  const patch = (by: Session, target: Session, body: object) =>
    request(api.url).patch(`/api/users/${target.user.id}`).set(by.authHeader).send(body);

  it('refuses, when two admins remove each other at the same moment, the change that would leave none', async () => {
    const lockRefusals: request.Response[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      await db.query(`UPDATE users SET roles = '{admin}', active = true WHERE id = ANY($1::uuid[])`, [
        [first.user.id, second.user.id],
      ]);
      expect(await activeAdmins()).toBe(2);
      // Role removal one way, role removal (even rounds) or deactivation (odd rounds) the other, at once.
      const [one, other] = await Promise.all([
        patch(first, second, { roles: ['working_group'] }),
        patch(second, first, round % 2 === 0 ? { roles: ['personnel'] } : { active: false }),
      ]);
      const outcomes = [one, other].map((response) => `${response.status} ${response.body.code ?? ''}`.trim());
      // Exactly one change lands. The other is refused: by the lock (409 LAST_ACTIVE_ADMIN), or, when the winner
      // committed before the loser's request was even authorised, because the loser is no longer an admin (403).
      expect(outcomes.filter((outcome) => outcome === '200')).toHaveLength(1);
      expect(
        outcomes.filter((outcome) => outcome === '409 LAST_ACTIVE_ADMIN' || outcome === '403 ROLE_NOT_ALLOWED'),
      ).toHaveLength(1);
      expect(await activeAdmins()).toBe(1);
      lockRefusals.push(...[one, other].filter((response) => response.status === 409));
      if (other.status === 200 && round % 2 === 1) {
        // Deactivation ended the first admin's sessions: sign in again for the next round.
        await db.query(`UPDATE users SET active = true WHERE id = $1`, [first.user.id]);
        Object.assign(first, await relogin(first));
      }
    }
    // Both requests were authorised before either committed in at least one round: the lock decided it.
    expect(lockRefusals.length).toBeGreaterThanOrEqual(1);
    expect(lockRefusals[0].body.message).toBe(
      'Không thể thực hiện: thay đổi này sẽ khiến hệ thống không còn quản trị viên nào đang hoạt động. Hãy cấp vai trò quản trị cho người khác trước.',
    );
  });

  it('still lets an admin remove another admin while one remains', async () => {
    await db.query(`UPDATE users SET roles = '{admin}', active = true WHERE id = ANY($1::uuid[])`, [
      [first.user.id, second.user.id],
    ]);
    const english = await patch(first, second, { roles: ['leadership'] }).expect(200);
    expect(english.body.roles).toEqual(['leadership']);
    expect(await activeAdmins()).toBe(1);
  });

  async function relogin(session: Session): Promise<Session> {
    return { user: session.user, ...(await loginAs(api.url, session.user.username, session.user.password!)) };
  }
});
