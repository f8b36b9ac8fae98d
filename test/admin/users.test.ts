import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, loginAs, type SignedIn, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

describe('account administration (admin)', () => {
  let api: RunningApi;
  let db: PgClient;
  let admin: SignedIn & { user: TestUser };
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(testConfig()), pgClient()]);
    admin = await asRole(api.url, db, 'admin');
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
  });

  const post = (path: string, body: object, session: SignedIn = admin) =>
    request(api.url).post(path).set(session.authHeader).send(body);
  const patch = (id: string, body: object, session: SignedIn = admin) =>
    request(api.url).patch(`/api/users/${id}`).set(session.authHeader).send(body);

  it('creates an account with a one-time password that must be changed at first sign-in', async () => {
    const created = await post('/api/users', {
      username: `Tran.Bao.Ngoc.${suffix}`,
      displayName: 'Trần Bảo Ngọc',
      email: 'ngoc.tb@example.gov.vn',
      roles: ['unit_head'],
      unitCode: 'CQDP',
    }).expect(201);
    expect(created.body.user).toMatchObject({
      username: `tran.bao.ngoc.${suffix}`,
      displayName: 'Trần Bảo Ngọc',
      roles: ['unit_head'],
      unitCode: 'CQDP',
      active: true,
      passwordLogin: true,
      mustChangePassword: true,
      externalSubject: null,
    });
    const oneTimePassword: string = created.body.oneTimePassword;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const stored = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [created.body.user.id]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(
      JSON.stringify(await request(api.url).get(`/api/users/${created.body.user.id}`).set(admin.authHeader)),
    ).not.toContain('argon2');

    const session = await loginAs(api.url, `TRAN.BAO.NGOC.${suffix}`, oneTimePassword);
    await request(api.url).get('/api/cases/8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00').set(session.authHeader).expect(403);
    await post(
      '/api/auth/password',
      { currentPassword: oneTimePassword, newPassword: 'Mật-khẩu-riêng-2025' },
      session,
    ).expect(204);
    const profile = await request(api.url).get('/api/auth/me').set(session.authHeader).expect(200);
    expect(profile.body).toMatchObject({ roles: ['unit_head'], unitCode: 'CQDP', passwordChangeRequired: false });
  });

  it('refuses invalid accounts naming each field, and duplicate usernames in any case', async () => {
    const invalid = await post('/api/users', {
      username: 'a',
      displayName: ' ',
      roles: ['official', 'superuser'],
      email: 'not-an-email',
    }).expect(400);
    const fields = new Set(invalid.body.errors.map((error: { field: string }) => error.field));
    expect([...fields].sort()).toEqual(['displayName', 'email', 'roles', 'username']);

    const unitHeadWithoutUnit = await post('/api/users', {
      username: `no.unit.${suffix}`,
      displayName: 'Vũ Minh Tâm',
      roles: ['unit_head'],
    }).expect(400);
    expect(unitHeadWithoutUnit.body.errors).toEqual([
      expect.objectContaining({ field: 'unitCode', code: 'requiredForUnitHead' }),
    ]);
    const unknownUnit = await post('/api/users', {
      username: `bad.unit.${suffix}`,
      displayName: 'Vũ Minh Tâm',
      roles: ['official'],
      unitCode: 'NOPE',
    }).expect(400);
    expect(unknownUnit.body.errors).toEqual([expect.objectContaining({ field: 'unitCode', code: 'unknownUnit' })]);
    const noWayIn = await post('/api/users', {
      username: `no.way.${suffix}`,
      displayName: 'Vũ Minh Tâm',
      roles: ['leadership'],
      passwordLogin: false,
    }).expect(400);
    expect(noWayIn.body.errors[0]).toMatchObject({ field: 'passwordLogin', code: 'noWayToSignIn' });

    await post('/api/users', { username: `dup.${suffix}`, displayName: 'Hồ Anh Khoa', roles: ['personnel'] }).expect(
      201,
    );
    const duplicate = await post('/api/users', {
      username: `DUP.${suffix}`,
      displayName: 'Hồ Anh Khoa',
      roles: ['personnel'],
    }).expect(409);
    expect(duplicate.body.code).toBe('USERNAME_TAKEN');

    const sso = {
      displayName: 'Ngô Gia Huy',
      roles: ['leadership'],
      passwordLogin: false,
      externalSubject: `sub-${suffix}`,
    };
    const ssoCreated = await post('/api/users', { ...sso, username: `sso.a.${suffix}` }).expect(201);
    expect(ssoCreated.body).toMatchObject({ oneTimePassword: null, user: { passwordLogin: false } });
    expect((await post('/api/users', { ...sso, username: `sso.b.${suffix}` }).expect(409)).body.code).toBe(
      'EXTERNAL_SUBJECT_TAKEN',
    );
  });

  it('lists and filters accounts', async () => {
    const personnel = await asRole(api.url, db, 'personnel', { displayName: `Bùi Thu Uyên ${suffix}` });
    const list = await request(api.url)
      .get('/api/users')
      .query({ role: 'personnel', q: suffix })
      .set(admin.authHeader)
      .expect(200);
    expect(list.body.items.map((user: { id: string }) => user.id)).toContain(personnel.user.id);
    expect(list.body.items.every((user: { roles: string[] }) => user.roles.includes('personnel'))).toBe(true);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    const bad = await request(api.url)
      .get('/api/users')
      .query({ role: 'king', limit: 0 })
      .set(admin.authHeader)
      .expect(400);
    expect(new Set(bad.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['role', 'limit']));
    await request(api.url).get('/api/users/00000000-0000-4000-8000-000000000000').set(admin.authHeader).expect(404);
    expect((await request(api.url).get('/api/users/nope').set(admin.authHeader).expect(404)).body.code).toBe(
      'USER_NOT_FOUND',
    );
  });

  it('changes roles and unit with immediate effect, and deactivation ends every session', async () => {
    const person = await asRole(api.url, db, 'official');
    const updated = await patch(person.user.id, {
      roles: ['official', 'working_group'],
      displayName: 'Lý Khánh Duy',
    }).expect(200);
    expect(updated.body).toMatchObject({ roles: ['official', 'working_group'], displayName: 'Lý Khánh Duy' });
    const profile = await request(api.url).get('/api/auth/me').set(person.authHeader).expect(200);
    expect(profile.body.roles).toEqual(['official', 'working_group']);

    const invalid = await patch(person.user.id, { roles: ['unit_head'], unitCode: null }).expect(400);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'unitCode', code: 'requiredForUnitHead' });

    await patch(person.user.id, { active: false }).expect(200);
    await request(api.url).get('/api/auth/me').set(person.authHeader).expect(401);
    await request(api.url).post('/api/auth/refresh').send({ refreshToken: person.refreshToken }).expect(401);
    await request(api.url)
      .post('/api/auth/login')
      .send({ username: person.user.username, password: person.user.password })
      .expect(401);
    await patch(person.user.id, { active: true }).expect(200);
    await loginAs(api.url, person.user.username, person.user.password!);
  });

  it('does not let an admin lock themselves out', async () => {
    expect((await patch(admin.user.id, { active: false }).expect(409)).body.code).toBe('CANNOT_LOCK_OUT_SELF');
    expect((await patch(admin.user.id, { roles: ['personnel'] }).expect(409)).body.code).toBe('CANNOT_LOCK_OUT_SELF');
  });

  it('resets a password: a new one-time password, every session ended', async () => {
    const person = await asRole(api.url, db, 'leadership');
    const reset = await post(`/api/users/${person.user.id}/password-reset`, {}).expect(200);
    await request(api.url).get('/api/auth/me').set(person.authHeader).expect(401);
    await request(api.url)
      .post('/api/auth/login')
      .send({ username: person.user.username, password: person.user.password })
      .expect(401);
    const login = await request(api.url)
      .post('/api/auth/login')
      .send({ username: person.user.username, password: reset.body.oneTimePassword })
      .expect(200);
    expect(login.body.passwordChangeRequired).toBe(true);
  });

  it('is for admins only', async () => {
    const personnel = await asRole(api.url, db, 'personnel');
    await request(api.url).get('/api/users').set(personnel.authHeader).expect(403);
    await post('/api/users', { username: `x.${suffix}`, displayName: 'X', roles: ['admin'] }, personnel).expect(403);
    await patch(personnel.user.id, { roles: ['admin'] }, personnel).expect(403);
  });
});
