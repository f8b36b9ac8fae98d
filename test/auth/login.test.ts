import { SignJWT } from 'jose';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { DEVELOPMENT_ONLY_JWT_SECRET } from '@libs/config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../apps/api/src/auth/access-token.service';
import { createUser, loginAs, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

describe('login, tokens and sessions', () => {
  let api: RunningApi;
  let db: PgClient;

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(testConfig()), pgClient()]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
  });

  const me = (authorization?: string) => {
    const call = request(api.url).get('/api/auth/me');
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const refresh = (refreshToken: string) => request(api.url).post('/api/auth/refresh').send({ refreshToken });

  async function official(options: Partial<Parameters<typeof createUser>[1]> = {}): Promise<TestUser> {
    return createUser(db, { roles: ['official'], provinceCodes: ['01', '79'], ...options });
  }

  it('signs in with username (any case) and password and returns a 15-minute JWT and a refresh token', async () => {
    const user = await official({ displayName: 'Lê Thu Hà' });
    const response = await request(api.url)
      .post('/api/auth/login')
      .send({ username: `  ${user.username.toUpperCase()} `, password: user.password })
      .expect(200);
    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      passwordChangeRequired: false,
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    const refreshExpiry = Date.parse(response.body.refreshTokenExpiresAt) - Date.now();
    expect(refreshExpiry).toBeGreaterThan(14 * 24 * 3600 * 1000 - 60_000);
    expect(refreshExpiry).toBeLessThanOrEqual(14 * 24 * 3600 * 1000);

    const profile = await me(`Bearer ${response.body.accessToken}`).expect(200);
    expect(profile.body).toMatchObject({
      id: user.id,
      username: user.username,
      displayName: 'Lê Thu Hà',
      roles: ['official'],
      unitCode: 'CCVC',
      provinceCodes: ['01', '79'],
      authMethod: 'password',
      passwordChangeRequired: false,
    });
    expect(profile.body.deployments).toHaveLength(2);
    expect(profile.body.deployments[0]).toMatchObject({ decisionNumber: '9999/QĐ-TEST', homeUnitCode: 'CCVC' });

    // Only a hash of the refresh token is stored.
    const stored = await db.query(`SELECT encode(token_hash, 'hex') AS hash FROM refresh_tokens WHERE user_id = $1`, [
      user.id,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].hash).not.toContain(response.body.refreshToken);
  });

  it('answers wrong password, unknown user, inactive and SSO-only accounts with the same 401', async () => {
    const user = await official();
    const inactive = await official({ active: false });
    const ssoOnly = await createUser(db, {
      roles: ['working_group'],
      passwordLogin: false,
      externalSubject: `sso-${Date.now()}`,
    });
    const attempts = [
      { username: user.username, password: `${user.password}x` },
      { username: `nobody.${Date.now()}`, password: 'whatever-password' },
      { username: inactive.username, password: inactive.password },
      { username: ssoOnly.username, password: 'whatever-password' },
    ];
    for (const attempt of attempts) {
      const response = await request(api.url).post('/api/auth/login').send(attempt).expect(401);
      const { requestId: _requestId, ...body } = response.body;
      expect(body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại rồi thử lần nữa.',
      });
    }
    const empty = await request(api.url).post('/api/auth/login').send({ username: '' }).expect(400);
    const fields = new Set(empty.body.errors.map((error: { field: string }) => error.field));
    expect([...fields].sort()).toEqual(['password', 'username']);
  });

  it('rotates refresh tokens, and a reused one ends the whole session including its access tokens', async () => {
    const user = await official();
    const first = await loginAs(api.url, user.username, user.password!);
    const second = await refresh(first.refreshToken).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(second.body.accessToken).not.toBe(first.accessToken);
    await me(`Bearer ${second.body.accessToken}`).expect(200);
    const third = await refresh(second.body.refreshToken).expect(200);

    // An attacker replays the first token: the session (family) is revoked.
    const replay = await refresh(first.refreshToken).expect(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    const afterwards = await refresh(third.body.refreshToken).expect(401);
    expect(afterwards.body.code).toBe('INVALID_REFRESH_TOKEN');
    const stale = await me(`Bearer ${third.body.accessToken}`).expect(401);
    expect(stale.body.code).toBe('UNAUTHENTICATED');
    const reasons = await db.query(
      `SELECT DISTINCT revoked_reason FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL`,
      [user.id],
    );
    expect(reasons.rows).toEqual([{ revoked_reason: 'reuse_detected' }]);

    // Other sessions of the same person are not affected.
    const other = await loginAs(api.url, user.username, user.password!);
    await me(other.authHeader.Authorization).expect(200);
  });

  it('refuses unknown, malformed and expired refresh tokens', async () => {
    const user = await official();
    const session = await loginAs(api.url, user.username, user.password!);
    expect((await refresh('not-a-token').expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await db.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second', issued_at = now() - interval '15 days'
                    WHERE user_id = $1`,
      [user.id],
    );
    expect((await refresh(session.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await request(api.url).post('/api/auth/refresh').send({}).expect(400);
  });

  it('ends a session when its refresh token expires: its access tokens stop working too', async () => {
    const user = await official();
    const session = await loginAs(api.url, user.username, user.password!);
    await me(session.authHeader.Authorization).expect(200);
    await db.query(
      `UPDATE refresh_tokens SET issued_at = now() - interval '1 day', expires_at = now() - interval '1 second'
       WHERE user_id = $1`,
      [user.id],
    );
    const stale = await me(session.authHeader.Authorization).expect(401);
    expect(stale.body.code).toBe('UNAUTHENTICATED');
  });

  it('never lets refreshes carry a session past its 30-day absolute lifetime', async () => {
    const user = await official();
    const session = await loginAs(api.url, user.username, user.password!);
    // Signed in 29 days ago: a refresh is still possible, but the new token ends with the session, in a day.
    await db.query(`UPDATE refresh_tokens SET issued_at = now() - interval '29 days' WHERE user_id = $1`, [user.id]);
    const late = await refresh(session.refreshToken).expect(200);
    const endsIn = Date.parse(late.body.refreshTokenExpiresAt) - Date.now();
    expect(endsIn).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(endsIn).toBeGreaterThan(24 * 3600 * 1000 - 120_000);
    const next = await refresh(late.body.refreshToken).expect(200);
    expect(Date.parse(next.body.refreshTokenExpiresAt)).toBeLessThanOrEqual(
      Date.parse(late.body.refreshTokenExpiresAt),
    );

    // Past 30 days the session is over, however fresh its newest token looks.
    await db.query(`UPDATE refresh_tokens SET issued_at = now() - interval '31 days' WHERE user_id = $1`, [user.id]);
    await db.query(
      `UPDATE refresh_tokens SET issued_at = now(), expires_at = now() + interval '1 day'
       WHERE user_id = $1 AND rotated_at IS NULL`,
      [user.id],
    );
    expect((await refresh(next.body.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('refuses a one-time password older than 72 hours, and accepts it before', async () => {
    const fresh = await official({ mustChangePassword: true });
    await db.query(`UPDATE users SET password_changed_at = now() - interval '71 hours' WHERE id = $1`, [fresh.id]);
    await request(api.url)
      .post('/api/auth/login')
      .send({ username: fresh.username, password: fresh.password })
      .expect(200);

    const stale = await official({ mustChangePassword: true });
    await db.query(`UPDATE users SET password_changed_at = now() - interval '73 hours' WHERE id = $1`, [stale.id]);
    const refused = await request(api.url)
      .post('/api/auth/login')
      .send({ username: stale.username, password: stale.password })
      .expect(401);
    expect(refused.body).toMatchObject({
      code: 'ONE_TIME_PASSWORD_EXPIRED',
      message: 'Mật khẩu dùng một lần đã hết hạn. Liên hệ quản trị viên để được cấp mật khẩu mới.',
    });
    const english = await request(api.url)
      .post('/api/auth/login')
      .set('Accept-Language', 'en')
      .send({ username: stale.username, password: stale.password })
      .expect(401);
    expect(english.body.message).toBe('The one-time password has expired. Ask an administrator for a new one.');
    // A wrong password still says only INVALID_CREDENTIALS; a password the user chose never expires.
    const wrong = await request(api.url)
      .post('/api/auth/login')
      .send({ username: stale.username, password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    const chosen = await official();
    await db.query(`UPDATE users SET password_changed_at = now() - interval '400 days' WHERE id = $1`, [chosen.id]);
    await loginAs(api.url, chosen.username, chosen.password!);
  });

  it('logout revokes the session: its refresh token and its access tokens stop working at once', async () => {
    const user = await official();
    const session = await loginAs(api.url, user.username, user.password!);
    const other = await loginAs(api.url, user.username, user.password!);
    await request(api.url).post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect((await refresh(session.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await me(session.authHeader.Authorization).expect(401);
    await me(other.authHeader.Authorization).expect(200);
    // Idempotent, and an unknown token reveals nothing.
    await request(api.url).post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await request(api.url).post('/api/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
  });

  it('changes the own password: needs the current one, ends the other sessions, keeps this one', async () => {
    const user = await official();
    const session = await loginAs(api.url, user.username, user.password!);
    const other = await loginAs(api.url, user.username, user.password!);
    const change = (body: object) => request(api.url).post('/api/auth/password').set(session.authHeader).send(body);

    const wrong = await change({ currentPassword: 'wrong-password', newPassword: 'Mật-khẩu-mới-2025' }).expect(400);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const same = await change({ currentPassword: user.password, newPassword: user.password }).expect(400);
    expect(same.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'sameAsCurrent' })]);
    const short = await change({ currentPassword: user.password, newPassword: 'short' }).expect(400);
    expect(short.body.errors[0]).toMatchObject({ field: 'newPassword', code: 'minLength' });
    const withName = await change({ currentPassword: user.password, newPassword: `x-${user.username}-x` }).expect(400);
    expect(withName.body.errors[0]).toMatchObject({ field: 'newPassword', code: 'containsUsername' });
    await request(api.url)
      .post('/api/auth/password')
      .send({ currentPassword: user.password, newPassword: 'Mật-khẩu-mới-2025' })
      .expect(401);

    await change({ currentPassword: user.password, newPassword: 'Mật-khẩu-mới-2025' }).expect(204);
    await me(session.authHeader.Authorization).expect(200);
    await me(other.authHeader.Authorization).expect(401);
    expect((await refresh(other.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await refresh(session.refreshToken).expect(200);
    await request(api.url)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password })
      .expect(401);
    await loginAs(api.url, user.username, 'Mật-khẩu-mới-2025');
  });

  it('holds an account with a one-time password to changing it before anything else', async () => {
    const user = await official({ mustChangePassword: true });
    const login = await request(api.url)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(login.body.passwordChangeRequired).toBe(true);
    const bearer = `Bearer ${login.body.accessToken}`;
    const blocked = await request(api.url)
      .get('/api/cases/8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00')
      .set('Authorization', bearer)
      .expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await me(bearer).expect(200)).body.passwordChangeRequired).toBe(true);
    await request(api.url)
      .post('/api/auth/password')
      .set('Authorization', bearer)
      .send({ currentPassword: user.password, newPassword: 'Một-mật-khẩu-mới' })
      .expect(204);
    await request(api.url)
      .get('/api/cases/8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00')
      .set('Authorization', bearer)
      .expect(404);
    expect((await me(bearer).expect(200)).body.passwordChangeRequired).toBe(false);
  });

  describe('bearer tokens the guard refuses with 401 UNAUTHENTICATED', () => {
    let user: TestUser;
    let sessionId: string;
    const key = new TextEncoder().encode(DEVELOPMENT_ONLY_JWT_SECRET);
    const sign = (claims: Record<string, unknown>, options: { exp?: number; iss?: string; aud?: string } = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: sessionId, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer(options.iss ?? ACCESS_TOKEN_ISSUER)
        .setAudience(options.aud ?? ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt(now - 1000)
        .setExpirationTime(options.exp ?? now + 600)
        .sign(key);
    };

    beforeAll(async () => {
      user = await official();
      await loginAs(api.url, user.username, user.password!);
      const { rows } = await db.query(`SELECT family_id FROM refresh_tokens WHERE user_id = $1`, [user.id]);
      sessionId = rows[0].family_id;
    });

    it('accepts a well-formed token of a live session (control)', async () => {
      await me(`Bearer ${await sign({})}`).expect(200);
    });

    it.each([
      ['no Authorization header', () => Promise.resolve(undefined)],
      ['another scheme', () => Promise.resolve(`Basic ${Buffer.from('a:b').toString('base64')}`)],
      ['garbage', () => Promise.resolve('Bearer not.a.jwt')],
      ['an expired token', async () => `Bearer ${await sign({}, { exp: Math.floor(Date.now() / 1000) - 120 })}`],
      ['a token of another issuer', async () => `Bearer ${await sign({}, { iss: 'someone-else' })}`],
      ['a token for another audience', async () => `Bearer ${await sign({}, { aud: 'another-api' })}`],
      [
        'a token signed with another secret',
        async () =>
          `Bearer ${await new SignJWT({ sid: sessionId })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(user.id)
            .setIssuer(ACCESS_TOKEN_ISSUER)
            .setAudience(ACCESS_TOKEN_AUDIENCE)
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(new TextEncoder().encode('x'.repeat(48)))}`,
      ],
      [
        'an unsigned token (alg none)',
        () => {
          const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
          const now = Math.floor(Date.now() / 1000);
          return Promise.resolve(
            `Bearer ${encode({ alg: 'none' })}.${encode({ sub: user.id, sid: sessionId, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: now, exp: now + 600 })}.`,
          );
        },
      ],
      [
        'a token naming an unknown session',
        async () => `Bearer ${await sign({ sid: '00000000-0000-4000-8000-000000000000' })}`,
      ],
    ])('%s', async (_name, header: () => Promise<string | undefined>) => {
      const response = await me(await header()).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="case-engine"/);
    });
  });
});
