import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session, type SignedIn } from '../support/auth';
import { caseApi } from '../support/case-api';
import { pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';
import { insertTestUnit } from '../support/signed-in';

/** A field no other suite raises cases in, so that re-routing it disturbs nobody. */
const ROUTED_FIELD = 'emulation_commendation';
/** A commune code outside the official list, inserted as retired for this suite. */
const RETIRED_CODE = '99990';

describe('reference data API, and raising a case against it', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let official: Session;
  let admin: Session;
  let originalUnit: string;

  const get = (session: SignedIn, path: string, query: Record<string, string | number> = {}) =>
    request(api.url).get(`/api/reference/${path}`).query(query).set(session.authHeader);

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
    admin = await asRole(api.url, db, 'admin');
    const { rows } = await db.query<{ unit: string }>(
      `SELECT responsible_unit_code AS unit FROM ministry_fields WHERE code = $1`,
      [ROUTED_FIELD],
    );
    originalUnit = rows[0].unit;
    await db.query(
      `INSERT INTO communes (code, province_code, name, unit_type, name_folded, valid_from, retired_at, replaced_by_code)
       VALUES ($1, '01', 'Xã Đã Giải Thể', 'xa', 'xa da giai the', '2025-07-01', now(), '00004')
       ON CONFLICT (code) DO NOTHING`,
      [RETIRED_CODE],
    );
  });

  afterAll(async () => {
    await db?.query(`UPDATE ministry_fields SET responsible_unit_code = $2 WHERE code = $1`, [
      ROUTED_FIELD,
      originalUnit,
    ]);
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  it('needs a signed-in user', async () => {
    for (const path of ['provinces', 'communes?q=hoan', 'fields', 'units']) {
      const response = await request(api.url).get(`/api/reference/${path}`).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin'] as const)(
    'is readable by %s',
    async (role) => {
      const session = await asRole(api.url, db, role);
      await get(session, 'provinces').expect(200);
      await get(session, 'communes', { q: 'hoan kiem' }).expect(200);
      await get(session, 'fields').expect(200);
      await get(session, 'units').expect(200);
    },
  );

  it('lists the 34 provinces with their current communes', async () => {
    const provinces = (await get(official, 'provinces').expect(200)).body as { code: string; communeCount: number }[];
    expect(provinces).toHaveLength(34);
    expect(provinces.find((province) => province.code === '01')).toMatchObject({
      name: 'Thành phố Hà Nội',
      communeCount: 126,
    });
    expect(provinces.find((province) => province.code === '79')?.communeCount).toBe(168);
  });

  it('finds communes by name with or without diacritics, by code, and within a province', async () => {
    for (const q of ['hoan kiem', 'Phường Hoàn Kiếm', 'HOÀN KIẾM']) {
      const [best] = (await get(official, 'communes', { q }).expect(200)).body;
      expect(best).toMatchObject({
        code: '00070',
        name: 'Phường Hoàn Kiếm',
        provinceCode: '01',
        provinceName: 'Thành phố Hà Nội',
        unitType: 'phuong',
        match: 'name',
        formerly: null,
        retired: false,
        label: 'Phường Hoàn Kiếm, Thành phố Hà Nội',
      });
    }
    const [conDao] = (await get(official, 'communes', { q: '26732' }).expect(200)).body;
    expect(conDao).toMatchObject({ code: '26732', provinceCode: '79', unitType: 'dac_khu', match: 'code' });

    const inAnGiang = (await get(official, 'communes', { q: 'phu', province: '91', limit: 100 }).expect(200)).body;
    expect(inAnGiang.length).toBeGreaterThan(0);
    expect(inAnGiang.every((hit: { provinceCode: string }) => hit.provinceCode === '91')).toBe(true);
    expect((await get(official, 'communes', { q: 'phu', limit: 3 }).expect(200)).body).toHaveLength(3);
  });

  it('finds the current commune from a pre-2025 name or code and says what it used to be', async () => {
    const [hit] = (await get(official, 'communes', { q: 'hang trong' }).expect(200)).body;
    expect(hit).toMatchObject({
      code: '00070',
      name: 'Phường Hoàn Kiếm',
      match: 'former_name',
      formerly: {
        wardName: 'Phường Hàng Trống',
        districtName: 'Quận Hoàn Kiếm',
        provinceName: 'Thành phố Hà Nội',
        noteVi: 'trước đây là Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội',
        noteEn: 'formerly Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội',
      },
      label: 'Phường Hoàn Kiếm, Thành phố Hà Nội (trước đây là Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội)',
    });

    const oldCode = await formerOnlyCode();
    const [byOldCode] = (await get(official, 'communes', { q: oldCode.code }).expect(200)).body;
    expect(byOldCode).toMatchObject({ code: oldCode.newCode, match: 'former_code', formerly: { code: oldCode.code } });
  });

  it.each<[string, Record<string, string>, string]>([
    ['no text', {}, 'q'],
    ['blank text', { q: '   ' }, 'q'],
    ['text longer than 100 characters', { q: 'x'.repeat(101) }, 'q'],
    ['a malformed province', { q: 'an', province: 'HN' }, 'province'],
    ['a limit of 0', { q: 'an', limit: '0' }, 'limit'],
    ['a limit above 100', { q: 'an', limit: '101' }, 'limit'],
    ['an unknown parameter', { q: 'an', district: 'x' }, 'district'],
  ])('refuses a commune search with %s (400 naming the parameter)', async (_what, query, parameter) => {
    const response = await get(official, 'communes', query).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(parameter);
  });

  it('lists the Ministry fields with their responsible unit, and the units', async () => {
    const fields = (await get(official, 'fields').expect(200)).body;
    expect(fields.map((field: { code: string }) => field.code)).not.toContain('religion');
    expect(fields.find((field: { code: string }) => field.code === 'civil_service')).toMatchObject({
      nameVi: 'Cán bộ, công chức, viên chức và công vụ',
      responsibleUnit: { code: 'CCVC', nameVi: 'Vụ Công chức - Viên chức' },
    });
    const units = (await get(official, 'units').expect(200)).body;
    expect(units).toEqual(
      expect.arrayContaining([{ code: 'CCVC', nameVi: 'Vụ Công chức - Viên chức', nameEn: expect.any(String) }]),
    );
  });

  describe('routing a field to another unit', () => {
    const route = (session: SignedIn, field: string, body: object) =>
      request(api.url).put(`/api/reference/fields/${field}/routing`).set(session.authHeader).send(body);

    it.each(['official', 'unit_head', 'working_group', 'leadership', 'personnel'] as const)(
      'is refused to %s (403)',
      async (role) => {
        const session = await asRole(api.url, db, role);
        const response = await route(session, ROUTED_FIELD, { unitCode: 'CCVC' }).expect(403);
        expect(response.body.code).toBe('ROLE_NOT_ALLOWED');
      },
    );

    it('lets an admin route a field; later escalations in it go to the new unit', async () => {
      const unit = await insertTestUnit(db);
      const routed = await route(admin, ROUTED_FIELD, { unitCode: unit }).expect(200);
      expect(routed.body).toMatchObject({
        code: ROUTED_FIELD,
        responsibleUnit: { code: unit },
        routingChangedBy: admin.user.id,
      });
      expect(Date.parse(routed.body.routingChangedAt)).toBeGreaterThan(Date.now() - 60_000);
      const fields = (await get(official, 'fields').expect(200)).body;
      expect(fields.find((field: { code: string }) => field.code === ROUTED_FIELD).responsibleUnit.code).toBe(unit);

      const cases = caseApi(api.url);
      const id = await cases.raise(official, { field: ROUTED_FIELD, title: 'Khen thưởng sau sắp xếp' });
      const escalated = await cases.act(official, id, 'escalate', { target: 'unit_head', question: 'Ai đề nghị?' });
      expect(escalated).toMatchObject({ status: 'escalated', level: 'unit_head' });
      const kase = await request(api.url).get(`/api/cases/${id}`).set(official.authHeader).expect(200);
      expect(kase.body.assignedUnitCode).toBe(unit);
    });

    it('answers an unknown field with 404 and an unknown unit with 400, changing nothing', async () => {
      const before = (await get(official, 'fields').expect(200)).body;
      const field = await route(admin, 'religion', { unitCode: 'CCVC' }).expect(404);
      expect(field.body).toMatchObject({
        code: 'REFERENCE_FIELD_NOT_FOUND',
        message: expect.stringContaining('religion'),
      });
      const unit = await route(admin, ROUTED_FIELD, { unitCode: 'NOPE' }).expect(400);
      expect(unit.body).toMatchObject({
        code: 'REFERENCE_UNIT_NOT_FOUND',
        errors: [{ field: 'unitCode', code: 'unitExists', message: expect.stringContaining('NOPE') }],
      });
      const malformed = await route(admin, ROUTED_FIELD, { unitCode: 'not a unit!' }).expect(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
      const badPath = await route(admin, 'Bad-Field', { unitCode: 'CCVC' }).expect(400);
      expect(badPath.body.errors[0].field).toBe('code');
      expect((await get(official, 'fields').expect(200)).body).toEqual(before);
    });
  });

  describe('POST /api/cases checks the commune and field against the reference data', () => {
    const raise = (body: object) => request(api.url).post('/api/cases').set(official.authHeader).send(body);
    const footprint = async () =>
      Number(
        (await db.query('SELECT count(*) AS n FROM cases WHERE raised_by_user_id = $1', [official.user.id])).rows[0].n,
      );

    it('refuses a commune of another province, naming both provinces', async () => {
      const before = await footprint();
      const response = await raise({ ...validCase, provinceCode: '01', communeCode: '26732' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          field: 'communeCode',
          code: 'communeInProvince',
          message: expect.stringMatching(/Thành phố Hà Nội \(mã 01\).*Thành phố Hồ Chí Minh \(mã 79\)/),
        }),
      ]);
      const english = await raise({ ...validCase, communeCode: '26732' })
        .set('Accept-Language', 'en')
        .expect(400);
      expect(english.body.errors[0].message).toMatch(/is not in Thành phố Hà Nội \(code 01\)/);
      expect(await footprint()).toBe(before);
    });

    it('refuses an unknown code and a pre-2025 code, pointing to the commune search', async () => {
      const unknown = await raise({ ...validCase, communeCode: '99999' }).expect(400);
      expect(unknown.body.errors).toEqual([
        expect.objectContaining({
          field: 'communeCode',
          code: 'communeExists',
          message: expect.stringContaining('/api/reference/communes'),
        }),
      ]);
      const oldCode = await formerOnlyCode();
      const former = await raise({ ...validCase, communeCode: oldCode.code }).expect(400);
      expect(former.body.errors[0]).toMatchObject({ field: 'communeCode', code: 'communeExists' });
      const byName = await raise({ ...validCase, communeCode: 'Hàng Trống' }).expect(400);
      expect(byName.body.errors[0]).toMatchObject({ field: 'communeCode', code: 'matches' });
    });

    it('refuses a retired commune, naming its successor', async () => {
      const response = await raise({ ...validCase, communeCode: RETIRED_CODE }).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          field: 'communeCode',
          code: 'communeCurrent',
          message: expect.stringContaining('00004'),
        }),
      ]);
    });

    it('refuses a field outside the Ministry and accepts a current commune of the province', async () => {
      const religion = await raise({ ...validCase, field: 'religion' }).expect(400);
      expect(religion.body.errors.map((error: { field: string }) => error.field)).toEqual(['field']);
      const created = await raise(validCase).expect(201);
      expect(created.body).toMatchObject({ status: 'reported', href: `/api/cases/${created.body.id}` });
    });
  });

  /** A pre-2025 ward code that is not a current commune code, and the commune that replaced it. */
  async function formerOnlyCode(): Promise<{ code: string; newCode: string }> {
    const { rows } = await db.query<{ code: string; new_code: string }>(
      `SELECT f.old_ward_code AS code, f.new_commune_code AS new_code
         FROM commune_former_names f
        WHERE f.old_ward_code IS NOT NULL AND f.new_commune_code = '00070'
          AND NOT EXISTS (SELECT 1 FROM communes c WHERE c.code = f.old_ward_code)
        ORDER BY f.old_ward_code LIMIT 1`,
    );
    return { code: rows[0].code, newCode: rows[0].new_code };
  }
});
