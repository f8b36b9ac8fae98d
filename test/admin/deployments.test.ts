import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, createUser, loginAs, type SignedIn, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const HEADER = 'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end';

describe('dispatch decisions and deployments', () => {
  let api: RunningApi;
  let db: PgClient;
  let admin: SignedIn & { user: TestUser };
  const run = Date.now().toString().slice(-7);
  const decisionNumber = `${run}/QĐ-BNV`;

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(testConfig()), pgClient()]);
    admin = await asRole(api.url, db, 'admin');
    await request(api.url)
      .post('/api/dispatch-decisions')
      .set(admin.authHeader)
      .send({
        number: decisionNumber,
        signedOn: '2025-08-11',
        signerTitle: 'Bộ trưởng Bộ Nội vụ',
        periodStart: '2025-08-20',
        periodEnd: '2025-10-20',
        purpose: 'Cử công chức tăng cường về địa phương',
      })
      .expect(201);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end()]);
  });

  const importCsv = (csv: string, session: SignedIn = admin) =>
    request(api.url).post('/api/deployments/import').set(session.authHeader).send({ csv });
  const userCount = async () => Number((await db.query('SELECT count(*) AS n FROM users')).rows[0].n);
  const deploymentCount = async () => Number((await db.query('SELECT count(*) AS n FROM deployments')).rows[0].n);

  describe('decisions', () => {
    it('records a decision and refuses a second one with the same number', async () => {
      const list = await request(api.url).get('/api/dispatch-decisions').set(admin.authHeader).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            number: decisionNumber,
            signedOn: '2025-08-11',
            periodStart: '2025-08-20',
            periodEnd: '2025-10-20',
          }),
        ]),
      );
      const again = await request(api.url)
        .post('/api/dispatch-decisions')
        .set(admin.authHeader)
        .send({
          number: decisionNumber,
          signedOn: '2025-08-11',
          signerTitle: 'Bộ trưởng',
          periodStart: '2025-08-20',
          periodEnd: '2025-10-20',
        })
        .expect(409);
      expect(again.body.code).toBe('DECISION_NUMBER_TAKEN');
    });

    it('names every wrong field', async () => {
      const response = await request(api.url)
        .post('/api/dispatch-decisions')
        .set(admin.authHeader)
        .send({
          number: '878',
          signedOn: '11/08/2025',
          signerTitle: '',
          periodStart: '2025-02-30',
          periodEnd: '2025-10-20',
        })
        .expect(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(
        new Set(['number', 'signedOn', 'signerTitle']),
      );
      const reversed = await request(api.url)
        .post('/api/dispatch-decisions')
        .set(admin.authHeader)
        .send({
          number: `${run}1/QĐ-BNV`,
          signedOn: '2025-08-11',
          signerTitle: 'Bộ trưởng',
          periodStart: '2025-10-20',
          periodEnd: '2025-02-30',
        })
        .expect(400);
      expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'periodEnd', code: 'invalidDate' })]);
    });
  });

  describe('one deployment', () => {
    it('deploys an existing official for the decision’s period by default, once', async () => {
      const official = await createUser(db, { roles: ['official'], provinceCodes: [] });
      const created = await request(api.url)
        .post('/api/deployments')
        .set(admin.authHeader)
        .send({ decisionNumber, username: official.username.toUpperCase(), homeUnitCode: 'VTLT', provinceCode: '46' })
        .expect(201);
      expect(created.body).toMatchObject({
        decisionNumber,
        userId: official.id,
        homeUnitCode: 'VTLT',
        homeUnitName: 'Cục Văn thư và Lưu trữ nhà nước',
        provinceCode: '46',
        periodStart: '2025-08-20',
        periodEnd: '2025-10-20',
      });
      const again = await request(api.url)
        .post('/api/deployments')
        .set(admin.authHeader)
        .send({ decisionNumber, username: official.username, homeUnitCode: 'VTLT', provinceCode: '46' })
        .expect(409);
      expect(again.body.code).toBe('DEPLOYMENT_ALREADY_EXISTS');
    });

    it('refuses what does not fit, naming the fields', async () => {
      const manager = await createUser(db, { roles: ['leadership'] });
      const response = await request(api.url)
        .post('/api/deployments')
        .set(admin.authHeader)
        .send({
          decisionNumber,
          username: manager.username,
          homeUnitCode: 'XX',
          provinceCode: '99',
          periodStart: '2025-08-01',
          periodEnd: '2025-11-30',
        })
        .expect(400);
      expect(
        response.body.errors.map((error: { field: string; code: string }) => `${error.field}:${error.code}`).sort(),
      ).toEqual([
        'homeUnitCode:unknownUnit',
        'periodEnd:periodOutsideDecision',
        'periodStart:periodOutsideDecision',
        'provinceCode:unknownProvince',
        'username:notOfficial',
      ]);
      const unknownDecision = await request(api.url)
        .post('/api/deployments')
        .set(admin.authHeader)
        .send({ decisionNumber: '1/QĐ-KHONGCO', username: manager.username, homeUnitCode: 'PC', provinceCode: '01' })
        .expect(404);
      expect(unknownDecision.body.code).toBe('DECISION_NOT_FOUND');
    });

    it('is kept inside its decision’s period by the database itself', async () => {
      const official = await createUser(db, { roles: ['official'], provinceCodes: [] });
      await expect(
        db.query(
          `INSERT INTO deployments (id, decision_id, user_id, home_unit_code, province_code, period_start, period_end)
           SELECT gen_random_uuid(), id, $2, 'PC', '01', '2025-08-20', '2025-12-31' FROM dispatch_decisions WHERE number = $1`,
          [decisionNumber, official.id],
        ),
      ).rejects.toThrow(/outside decision/);
    });
  });

  describe('CSV import', () => {
    it('creates missing officials with one-time passwords, deploys everyone, and a re-import changes nothing', async () => {
      const existing = await createUser(db, { roles: ['official'], provinceCodes: [] });
      const csv = [
        HEADER,
        `${decisionNumber},nguyen.minh.khoa.${run},Nguyễn Minh Khoa,CCVC,01,2025-08-20,2025-10-20`,
        `${decisionNumber},Le.Thu.Ha.${run},"Lê Thu Hà",CQDP,79,20/08/2025,20/10/2025`,
        `${decisionNumber},le.thu.ha.${run},Lê Thu Hà,CQDP,91,2025-09-01,2025-10-20`,
        `${decisionNumber},${existing.username},Tên khác,TCBC,48,2025-08-20,2025-10-20`,
        '',
      ].join('\r\n');
      const users = await userCount();
      const first = await importCsv(csv).expect(200);
      expect(first.body).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0 });
      expect(first.body.createdUsers.map((user: { username: string }) => user.username).sort()).toEqual([
        `le.thu.ha.${run}`,
        `nguyen.minh.khoa.${run}`,
      ]);
      expect(await userCount()).toBe(users + 2);

      const khoa = first.body.createdUsers.find((user: { username: string }) => user.username.startsWith('nguyen'));
      const session = await loginAs(api.url, khoa.username, khoa.oneTimePassword);
      const profile = await request(api.url).get('/api/auth/me').set(session.authHeader).expect(200);
      expect(profile.body).toMatchObject({ displayName: 'Nguyễn Minh Khoa', roles: ['official'], unitCode: 'CCVC' });
      expect(profile.body.passwordChangeRequired).toBe(true);

      const again = await importCsv(csv).expect(200);
      expect(again.body).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, createdUsers: [] });
      const moved = await importCsv(csv.replace('CCVC,01,2025-08-20', 'CCVC,01,2025-08-25')).expect(200);
      expect(moved.body).toMatchObject({ created: 0, updated: 1, unchanged: 3 });

      const listed = await request(api.url)
        .get('/api/deployments')
        .query({ decision: decisionNumber, province: '79' })
        .set(admin.authHeader)
        .expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({
          username: `le.thu.ha.${run}`,
          displayName: 'Lê Thu Hà',
          provinceCode: '79',
          provinceName: 'Thành phố Hồ Chí Minh',
          periodStart: '2025-08-20',
          periodEnd: '2025-10-20',
          current: false,
        }),
      ]);
    });

    it('refuses a file with errors, naming each line and column, and writes nothing', async () => {
      const leader = await createUser(db, { roles: ['leadership'] });
      const csv = [
        HEADER,
        `999/QĐ-KHONGCO,tran.a.${run},Trần A,CCVC,01,2025-08-20,2025-10-20`,
        `${decisionNumber},tran.b.${run},Trần B,CCVC,99,2025-08-20,2025-10-20`,
        `${decisionNumber},tran.c.${run},Trần C,CCVC,01,2025-13-01,2025-10-20`,
        `${decisionNumber},tran.d.${run},,NOPE,01,2025-08-01,2025-10-20`,
        `${decisionNumber},${leader.username},Lãnh đạo,CCVC,01,2025-08-20,2025-10-20`,
        `${decisionNumber},tran.e.${run},Trần E,CCVC,01,2025-10-20,2025-08-20`,
      ].join('\n');
      const before = [await userCount(), await deploymentCount()];
      // Format problems are reported first, all of them.
      const format = await importCsv(csv).expect(400);
      expect(format.body.code).toBe('DEPLOYMENT_CSV_INVALID');
      expect(format.body.message).toMatch(/chưa có gì được ghi/);
      const named = format.body.errors.map((error: { field: string; code: string }) => `${error.field} ${error.code}`);
      expect(named).toEqual([
        'line 4, period_start invalidDate',
        'line 5, display_name required',
        'line 7, period_end periodReversed',
      ]);
      expect(format.body.errors[0].message).toBe(
        'Dòng 4, cột period_start (cột thứ 6): "2025-13-01" không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).',
      );

      // With the format fixed, the checks against the database report the rest, still all at once.
      const fixed = csv
        .replace('2025-13-01', '2025-08-20')
        .replace(',,NOPE,', ',Trần D,NOPE,')
        .replace('2025-10-20,2025-08-20', '2025-08-20,2025-10-20');
      const content = await importCsv(fixed).set('Accept-Language', 'en').expect(400);
      expect(
        content.body.errors.map((error: { field: string; code: string }) => `${error.field} ${error.code}`),
      ).toEqual([
        'line 2, decision_number unknownDecision',
        'line 3, province_code unknownProvince',
        'line 5, period_start periodOutsideDecision',
        'line 5, home_unit_code unknownUnit',
        'line 6, username notOfficial',
      ]);
      expect(content.body.errors[1].message).toBe(
        'Line 3, column province_code: there is no current province with code "99".',
      );
      expect([await userCount(), await deploymentCount()]).toEqual(before);
    });

    it('refuses files with a wrong header or broken CSV', async () => {
      const header = await importCsv('decision_number,username,display_name,province,period_start,period_end\n').expect(
        400,
      );
      expect(
        header.body.errors.map((error: { field: string; code: string }) => `${error.field} ${error.code}`),
      ).toEqual([
        'line 1, column 4 unknownColumn',
        'line 1, home_unit_code missingColumn',
        'line 1, province_code missingColumn',
      ]);
      const broken = await importCsv(`${HEADER}\n${decisionNumber},"x,Tên,CCVC,01,2025-08-20,2025-10-20\n`).expect(400);
      expect(broken.body.errors[0]).toMatchObject({ field: 'line 2, column 2', code: 'csvSyntax' });
      const empty = await importCsv('').expect(400);
      expect(empty.body.errors[0].code).toBe('empty');
    });
  });

  describe('who may see deployments', () => {
    it.each(['personnel', 'working_group', 'leadership'] as const)('%s may list them', async (role) => {
      const session = await asRole(api.url, db, role);
      await request(api.url)
        .get('/api/deployments')
        .query({ decision: decisionNumber })
        .set(session.authHeader)
        .expect(200);
      await request(api.url).get('/api/dispatch-decisions').set(session.authHeader).expect(200);
      await importCsv(HEADER, session).expect(403);
    });

    it('an official or unit head may not; an unknown decision is 404', async () => {
      for (const role of ['official', 'unit_head'] as const) {
        const session = await asRole(api.url, db, role);
        const refused = await request(api.url).get('/api/deployments').set(session.authHeader).expect(403);
        expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
      }
      const unknown = await request(api.url)
        .get('/api/deployments')
        .query({ decision: '1/QĐ-KHONGCO' })
        .set(admin.authHeader)
        .expect(404);
      expect(unknown.body.code).toBe('DECISION_NOT_FOUND');
    });
  });
});
