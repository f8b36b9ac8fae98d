import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, createUser, loginAs } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

/** Endpoints that answer without a token. Everything else in the OpenAPI document must require one. */
const PUBLIC_ENDPOINTS = new Set([
  'GET /api/health',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
]);

describe('access control', () => {
  let api: RunningApi;
  let db: PgClient;

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(testConfig()), pgClient()]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
  });

  async function documentedEndpoints(): Promise<{ method: string; path: string }[]> {
    const document = await request(api.url).get('/api/docs-json').expect(200);
    return Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
  }

  const call = (method: string, path: string) => {
    const url = path.replace(/\{[^}]+\}/g, '8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00');
    const agent = request(api.url);
    switch (method) {
      case 'GET':
        return agent.get(url);
      case 'POST':
        return agent.post(url).send({});
      case 'PUT':
        return agent.put(url).send({});
      case 'PATCH':
        return agent.patch(url).send({});
      default:
        return agent.delete(url);
    }
  };

  it('requires a valid bearer token on every endpoint except health, login, refresh and logout', async () => {
    const endpoints = await documentedEndpoints();
    expect(endpoints.length).toBeGreaterThan(10);
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(expect.arrayContaining([...PUBLIC_ENDPOINTS]));
    for (const { method, path } of endpoints) {
      const name = `${method} ${path}`;
      const anonymous = await call(method, path);
      if (PUBLIC_ENDPOINTS.has(name)) {
        expect([name, anonymous.status]).not.toEqual([name, 401]);
        continue;
      }
      expect([name, anonymous.status, anonymous.body.code]).toEqual([name, 401, 'UNAUTHENTICATED']);
      const forged = await call(method, path).set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x');
      expect([name, forged.status]).toEqual([name, 401]);
    }
  });

  it('answers 403 ROLE_NOT_ALLOWED when the actor holds none of the roles, checking after authentication', async () => {
    const official = await asRole(api.url, db, 'official');
    const admin = await asRole(api.url, db, 'admin');
    const refused = await request(api.url).get('/api/users').set(official.authHeader).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'ROLE_NOT_ALLOWED' });
    expect(refused.body.message).toMatch(/vai trò/);
    await request(api.url).get('/api/users').set(admin.authHeader).expect(200);
    await request(api.url).get('/api/users').expect(401);

    const workingGroup = await asRole(api.url, db, 'working_group');
    const raise = await request(api.url)
      .post('/api/cases')
      .set(workingGroup.authHeader)
      .send({ title: 'x' })
      .expect(403);
    expect(raise.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('takes roles from the database on every request, not from the token', async () => {
    const person = await asRole(api.url, db, 'official');
    await request(api.url).get('/api/users').set(person.authHeader).expect(403);
    await db.query(`UPDATE users SET roles = ARRAY['official', 'admin'] WHERE id = $1`, [person.user.id]);
    await request(api.url).get('/api/users').set(person.authHeader).expect(200);
    await db.query(`UPDATE users SET active = false WHERE id = $1`, [person.user.id]);
    await request(api.url).get('/api/auth/me').set(person.authHeader).expect(401);
  });

  describe('login rate limiting', () => {
    const attempt = (username: string, password: string) =>
      request(api.url).post('/api/auth/login').send({ username, password });

    it('locks a username from an address after 5 failures in 15 minutes, even for the right password', async () => {
      const user = await createUser(db, { roles: ['personnel'] });
      for (let i = 1; i <= 5; i += 1) {
        expect((await attempt(user.username, `wrong-${i}`)).status).toBe(401);
      }
      const locked = await attempt(user.username.toUpperCase(), user.password!).expect(429);
      expect(locked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);

      // Another username from the same address is not affected.
      const neighbour = await createUser(db, { roles: ['personnel'] });
      await loginAs(api.url, neighbour.username, neighbour.password!);

      // Once the window has passed the right password works again, and success clears the count.
      await db.query(`UPDATE login_throttle SET window_started_at = now() - interval '16 minutes' WHERE key LIKE $1`, [
        `login:${user.username}|%`,
      ]);
      await loginAs(api.url, user.username, user.password!);
      const rows = await db.query(`SELECT 1 FROM login_throttle WHERE key LIKE $1`, [`login:${user.username}|%`]);
      expect(rows.rowCount).toBe(0);
    });

    it('counts failures for unknown usernames too (no hint that an account exists)', async () => {
      const ghost = `ghost.${Date.now()}`;
      for (let i = 0; i < 5; i += 1) await attempt(ghost, 'whatever-pass').expect(401);
      await attempt(ghost, 'whatever-pass').expect(429);
    });

    it('limits guesses of the current password on the password-change endpoint', async () => {
      const person = await asRole(api.url, db, 'leadership');
      for (let i = 0; i < 5; i += 1) {
        await request(api.url)
          .post('/api/auth/password')
          .set(person.authHeader)
          .send({ currentPassword: `guess-${i}`, newPassword: 'Mật-khẩu-mới-2025' })
          .expect(400);
      }
      const locked = await request(api.url)
        .post('/api/auth/password')
        .set(person.authHeader)
        .send({ currentPassword: person.user.password, newPassword: 'Mật-khẩu-mới-2025' })
        .expect(429);
      expect(locked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    });
  });
});
