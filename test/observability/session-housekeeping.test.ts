import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import {
  HOUSEKEEPING_LOCK_KEY,
  SessionHousekeepingService,
} from '../../apps/api/src/auth/session-housekeeping.service';
import { createUser } from '../support/auth';
import { eventually, pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

interface TokenRow {
  issuedDaysAgo: number;
  expiresInDays: number;
  rotatedDaysAgo?: number;
  revokedDaysAgo?: number;
}

/**
 * Sign-in leaves rows behind: refresh tokens of ended sessions and login-throttle windows that are over. The API
 * deletes them periodically, and only them.
 */
describe('session housekeeping', () => {
  const config = testConfig();
  let api: RunningApi;
  let db: PgClient;
  let locker: PgClient;
  let userId: string;

  beforeAll(async () => {
    [api, db, locker] = await Promise.all([startApi(config), pgClient(), pgClient()]);
    userId = (await createUser(db, { roles: ['personnel'] })).id;
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end(), locker?.end()]);
  });

  /** Inserts one session (family) with the given tokens; returns its family id. */
  async function session(...tokens: TokenRow[]): Promise<string> {
    const familyId = randomUUID();
    for (const token of tokens) {
      await db.query(
        `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, issued_at, expires_at, rotated_at, revoked_at,
                                     revoked_reason)
         VALUES ($1, $2, $3, $4, now() - make_interval(days => $5), now() + make_interval(days => $6),
                 now() - make_interval(days => $7), now() - make_interval(days => $8),
                 CASE WHEN $8::int IS NULL THEN NULL ELSE 'logout' END)`,
        [
          randomUUID(),
          familyId,
          userId,
          randomBytes(32),
          token.issuedDaysAgo,
          token.expiresInDays,
          token.rotatedDaysAgo ?? null,
          token.revokedDaysAgo ?? null,
        ],
      );
    }
    return familyId;
  }

  async function tokensLeft(familyIds: string[]): Promise<Record<string, number>> {
    const { rows } = await db.query<{ family_id: string; n: number }>(
      `SELECT family_id, count(*)::int AS n FROM refresh_tokens WHERE family_id = ANY($1::uuid[]) GROUP BY family_id`,
      [familyIds],
    );
    return Object.fromEntries(familyIds.map((id) => [id, rows.find((row) => row.family_id === id)?.n ?? 0]));
  }

  async function throttleRow(minutesAgo: number): Promise<string> {
    const key = `login:housekeeping-${randomUUID()}|192.0.2.1`;
    await db.query(
      `INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 3, now() - make_interval(mins => $2))`,
      [key, minutesAgo],
    );
    return key;
  }

  it('deletes sessions ended over a week ago and finished throttle windows, and nothing else', async () => {
    const live = await session({ issuedDaysAgo: 1, expiresInDays: 13 });
    // A rotated, long-expired token of a live session stays: presenting it again is how theft is detected.
    const liveWithOldToken = await session(
      { issuedDaysAgo: 20, expiresInDays: -6, rotatedDaysAgo: 19 },
      { issuedDaysAgo: 1, expiresInDays: 13 },
    );
    const expiredLongAgo = await session({ issuedDaysAgo: 22, expiresInDays: -8 });
    const revokedLongAgo = await session({ issuedDaysAgo: 9, expiresInDays: 5, revokedDaysAgo: 8 });
    const revokedRecently = await session({ issuedDaysAgo: 3, expiresInDays: 11, revokedDaysAgo: 1 });
    const endedRecently = await session(
      { issuedDaysAgo: 24, expiresInDays: -10, rotatedDaysAgo: 12 },
      { issuedDaysAgo: 12, expiresInDays: 2, revokedDaysAgo: 2 },
    );
    const windowOver = await throttleRow(16);
    const windowOpen = await throttleRow(1);

    expect((await api.app.get(SessionHousekeepingService).run()).ran).toBe(true);
    expect(
      await tokensLeft([live, liveWithOldToken, expiredLongAgo, revokedLongAgo, revokedRecently, endedRecently]),
    ).toEqual({
      [live]: 1,
      [liveWithOldToken]: 2,
      [expiredLongAgo]: 0,
      [revokedLongAgo]: 0,
      [revokedRecently]: 1,
      [endedRecently]: 2,
    });
    const { rows } = await db.query<{ key: string }>(`SELECT key FROM login_throttle WHERE key = ANY($1)`, [
      [windowOver, windowOpen],
    ]);
    expect(rows.map((row) => row.key)).toEqual([windowOpen]);
  });

  it('skips a round while another API process holds the lock', async () => {
    const dead = await session({ issuedDaysAgo: 30, expiresInDays: -16 });
    await locker.query('SELECT pg_advisory_lock($1)', [HOUSEKEEPING_LOCK_KEY]);
    try {
      expect(await api.app.get(SessionHousekeepingService).run()).toEqual({
        ran: false,
        refreshTokensDeleted: 0,
        loginThrottleRowsDeleted: 0,
      });
      expect(await tokensLeft([dead])).toEqual({ [dead]: 1 });
    } finally {
      await locker.query('SELECT pg_advisory_unlock($1)', [HOUSEKEEPING_LOCK_KEY]);
    }
    expect((await api.app.get(SessionHousekeepingService).run()).ran).toBe(true);
    expect(await tokensLeft([dead])).toEqual({ [dead]: 0 });
  });

  it('runs on its own every API_HOUSEKEEPING_INTERVAL_SECONDS', async () => {
    const dead = await session({ issuedDaysAgo: 40, expiresInDays: -20 });
    // Started here, so that its rounds cannot race the explicit ones above.
    const timed = await startApi({ ...config, http: { ...config.http, housekeepingIntervalSeconds: 1 } });
    try {
      await eventually(async () => ((await tokensLeft([dead]))[dead] === 0 ? true : undefined), 5000, 200);
    } finally {
      await timed.close();
    }
  });
});
