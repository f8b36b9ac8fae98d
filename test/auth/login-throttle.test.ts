import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { MAX_LOGIN_FAILURES } from '../../apps/api/src/auth/login-throttle.service';
import { PasswordCheckLimiter } from '../../apps/api/src/auth/password-check-limiter';
import { createUser, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const PARALLEL_GUESSES = 50;
const PER_ACCOUNT_LIMIT = 8;

/**
 * Login throttling under concurrency: attempts are reserved in PostgreSQL before the password is hashed, so parallel
 * guesses cannot all slip through a "not locked yet" check; a limit per account holds across addresses; and the
 * number of password hashes running at once is bounded.
 */
describe('login throttling under concurrency', () => {
  let api: RunningApi;
  let db: PgClient;
  let limiter: PasswordCheckLimiter;

  beforeAll(async () => {
    const base = testConfig();
    // X-Forwarded-For from the loopback test client is believed, so one test can play many addresses.
    const config = {
      ...base,
      http: { ...base.http, trustProxy: ['loopback'] },
      auth: { ...base.auth, loginMaxFailuresPerAccount: PER_ACCOUNT_LIMIT },
    };
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    limiter = api.app.get(PasswordCheckLimiter);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
  });

  const login = (user: TestUser, password: string, address?: string) => {
    const call = request(api.url).post('/api/auth/login');
    return (address ? call.set('X-Forwarded-For', address) : call).send({ username: user.username, password });
  };
  const failuresOf = async (key: string): Promise<number | null> => {
    const { rows } = await db.query<{ failures: number }>(`SELECT failures FROM login_throttle WHERE key = $1`, [key]);
    return rows[0]?.failures ?? null;
  };
  const statuses = (responses: request.Response[]) => {
    const count: Record<number, number> = {};
    for (const response of responses) count[response.status] = (count[response.status] ?? 0) + 1;
    return count;
  };

  it(`checks at most ${MAX_LOGIN_FAILURES} of ${PARALLEL_GUESSES} parallel wrong passwords from one address`, async () => {
    const user = await createUser(db, { roles: ['working_group'] });
    const checksBefore = limiter.checksStarted;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL_GUESSES }, (_, i) => login(user, `wrong-password-${i}`, '198.51.100.7')),
    );
    const checked = limiter.checksStarted - checksBefore;

    expect(statuses(responses)).toEqual({ 401: MAX_LOGIN_FAILURES, 429: PARALLEL_GUESSES - MAX_LOGIN_FAILURES });
    expect(checked).toBe(MAX_LOGIN_FAILURES);
    for (const refused of responses.filter((response) => response.status === 429)) {
      expect(refused.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await failuresOf(`login:${user.username}|198.51.100.7`)).toBe(MAX_LOGIN_FAILURES);

    // Locked even for the right password, without hashing it; another address may still try.
    const locked = await login(user, user.password!, '198.51.100.7').expect(429);
    expect(locked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(limiter.checksStarted - checksBefore).toBe(MAX_LOGIN_FAILURES);
    await login(user, user.password!, '198.51.100.8').expect(200);
  });

  it(`holds a limit of ${PER_ACCOUNT_LIMIT} per account when every guess comes from another address`, async () => {
    const user = await createUser(db, { roles: ['leadership'] });
    const checksBefore = limiter.checksStarted;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL_GUESSES }, (_, i) => login(user, `wrong-password-${i}`, `203.0.113.${i + 1}`)),
    );
    expect(statuses(responses)).toEqual({ 401: PER_ACCOUNT_LIMIT, 429: PARALLEL_GUESSES - PER_ACCOUNT_LIMIT });
    expect(limiter.checksStarted - checksBefore).toBe(PER_ACCOUNT_LIMIT);
    expect(await failuresOf(`login-account:${user.username}`)).toBe(PER_ACCOUNT_LIMIT);

    // The account is locked from a fresh address too, until the window ends.
    const fresh = await login(user, user.password!, '192.0.2.200').expect(429);
    expect(fresh.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    await db.query(`UPDATE login_throttle SET window_started_at = now() - interval '16 minutes' WHERE key = $1`, [
      `login-account:${user.username}`,
    ]);
    await login(user, user.password!, '192.0.2.200').expect(200);
  });

  it('gives a successful sign-in’s attempt back to the account counter and clears its own address', async () => {
    const user = await createUser(db, { roles: ['personnel'] });
    await login(user, 'wrong-password', '198.51.100.20').expect(401);
    await login(user, 'wrong-password', '198.51.100.21').expect(401);
    await login(user, user.password!, '198.51.100.20').expect(200);
    expect(await failuresOf(`login:${user.username}|198.51.100.20`)).toBeNull();
    expect(await failuresOf(`login:${user.username}|198.51.100.21`)).toBe(1);
    expect(await failuresOf(`login-account:${user.username}`)).toBe(2);
  });

  describe('with one password check at a time and no queue', () => {
    let busy: RunningApi;

    beforeAll(async () => {
      const base = testConfig();
      busy = await startApi({ ...base, auth: { ...base.auth, passwordCheckConcurrency: 1, passwordCheckQueue: 0 } });
    });

    afterAll(async () => {
      await busy?.close();
    });

    it('answers 503 PASSWORD_CHECKS_BUSY beyond the bound; such a refusal does not count as an attempt', async () => {
      const users = await Promise.all(Array.from({ length: 20 }, () => createUser(db, { roles: ['personnel'] })));
      const gate = busy.app.get(PasswordCheckLimiter);
      const before = gate.checksStarted;
      const responses = await Promise.all(
        users.map((user) =>
          request(busy.url)
            .post('/api/auth/login')
            .set('Accept-Language', 'en')
            .send({ username: user.username, password: user.password }),
        ),
      );
      const counts = statuses(responses);
      expect(counts[200]).toBeGreaterThanOrEqual(1);
      expect(counts[503]).toBeGreaterThanOrEqual(1);
      expect((counts[200] ?? 0) + (counts[503] ?? 0)).toBe(users.length);
      expect(gate.checksStarted - before).toBe(counts[200]);
      const refused = responses.find((response) => response.status === 503)!;
      expect(refused.body).toMatchObject({ code: 'PASSWORD_CHECKS_BUSY', message: expect.stringMatching(/at once/) });
      expect(refused.headers['retry-after']).toBe('1');
      const refusedUser = users[responses.indexOf(refused)];
      const { rows } = await db.query<{ key: string; failures: number }>(
        `SELECT key, failures FROM login_throttle WHERE key = $1 OR key LIKE $2 ORDER BY key`,
        [`login-account:${refusedUser.username}`, `login:${refusedUser.username}|%`],
      );
      expect(rows).toEqual([]);
    });
  });
});
