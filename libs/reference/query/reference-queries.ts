import type { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese, normalizeName } from '../folding';
import type { CommuneUnitType, ProvincePlaceType } from '../unit-types';

/** Anything that runs SQL: the DataSource, or an EntityManager inside a caller's transaction. */
export type ReferenceDb = Pick<DataSource | EntityManager, 'query' | 'transaction'>;

export interface ProvinceView {
  code: string;
  name: string;
  shortName: string;
  placeType: ProvincePlaceType;
  /** Active communes. */
  communeCount: number;
  retiredAt: Date | null;
}

export interface CommuneView {
  code: string;
  name: string;
  unitType: CommuneUnitType;
  provinceCode: string;
  provinceName: string;
  validFrom: string | null;
  /** Set when the unit left the official list; its code still resolves for the cases that use it. */
  retiredAt: Date | null;
  /** The commune that took over this one's name under another code, when known. */
  replacedByCode: string | null;
}

export interface FormerNameView {
  /** Pre-2025 code, missing from some official rows. */
  code: string | null;
  wardName: string;
  districtName: string;
  provinceName: string;
  /** "formerly Phường 12, Quận Gò Vấp, Thành phố Hồ Chí Minh", in Vietnamese and English. */
  note: { vi: string; en: string };
}

export type CommuneMatch = 'code' | 'name' | 'former_name' | 'former_code';

export interface CommuneSearchHit extends CommuneView {
  match: CommuneMatch;
  /** Set when the commune was found through one of its former (pre-July-2025) units. */
  formerly: FormerNameView | null;
}

export interface CommuneSearch {
  /** A name with or without diacritics ("hoan kiem", "Phường Hoàn Kiếm"), a former name, or a (partial) code. */
  query: string;
  provinceCode?: string;
  /** Default 20, at most 100. */
  limit?: number;
  /** Also return retired communes found by name (a commune found by its exact code is always returned). */
  includeRetired?: boolean;
}

export interface MinistryUnitView {
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface MinistryFieldView {
  code: string;
  nameVi: string;
  nameEn: string;
  responsibleUnit: MinistryUnitView;
  routingChangedAt: Date | null;
  routingChangedBy: string | null;
}

export type ReferenceErrorCode = 'REFERENCE_FIELD_NOT_FOUND' | 'REFERENCE_UNIT_NOT_FOUND';

const REFERENCE_ERROR_MESSAGES: Record<ReferenceErrorCode, (value: string) => { vi: string; en: string }> = {
  REFERENCE_FIELD_NOT_FOUND: (code) => ({
    vi: `Không có lĩnh vực "${code}". Kiểm tra lại mã lĩnh vực.`,
    en: `No field "${code}". Check the field code.`,
  }),
  REFERENCE_UNIT_NOT_FOUND: (code) => ({
    vi: `Không có đơn vị "${code}". Kiểm tra lại mã đơn vị.`,
    en: `No unit "${code}". Check the unit code.`,
  }),
};

/** A reference lookup failed; `code` is stable, `messages` are for people (Vietnamese first). */
export class ReferenceDataError extends Error {
  readonly messages: { vi: string; en: string };

  constructor(
    readonly code: ReferenceErrorCode,
    readonly value: string,
  ) {
    const messages = REFERENCE_ERROR_MESSAGES[code](value);
    super(messages.en);
    this.name = 'ReferenceDataError';
    this.messages = messages;
  }
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

/** Name prefixes (folded) that a searcher may leave out: "hoan kiem" should rank Phường Hoàn Kiếm as exact. */
const PREFIX_PATTERN = `'^(xa|phuong|dac khu|thi tran) '`;

/** Reads reference data. Used by ReferenceQueryService (Nest) and usable with any DataSource or EntityManager. */
export class ReferenceQueries {
  constructor(private readonly db: ReferenceDb) {}

  /** Provinces in official code order, with their number of active communes. */
  async listProvinces(options: { includeRetired?: boolean } = {}): Promise<ProvinceView[]> {
    const rows: {
      code: string;
      name: string;
      short_name: string;
      place_type: ProvincePlaceType;
      commune_count: number;
      retired_at: Date | null;
    }[] = await this.db.query(
      `SELECT p.code, p.name, p.short_name, p.place_type, p.retired_at,
              count(c.code) FILTER (WHERE c.retired_at IS NULL)::int AS commune_count
       FROM provinces p LEFT JOIN communes c ON c.province_code = p.code
       WHERE $1::boolean OR p.retired_at IS NULL
       GROUP BY p.code
       ORDER BY p.code`,
      [options.includeRetired ?? false],
    );
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      shortName: row.short_name,
      placeType: row.place_type,
      communeCount: row.commune_count,
      retiredAt: row.retired_at,
    }));
  }

  /** One commune by code, retired or not (what a case's commune_code resolves to), or null. */
  async findCommune(code: string): Promise<CommuneView | null> {
    const rows: CommuneRowSql[] = await this.db.query(
      `SELECT ${COMMUNE_COLUMNS} FROM communes c JOIN provinces p ON p.code = c.province_code WHERE c.code = $1`,
      [code],
    );
    return rows.length === 0 ? null : communeView(rows[0]);
  }

  /**
   * Finds communes by name (diacritics optional), by current or pre-2025 code, or by a former (pre-July-2025)
   * unit's name, in which case the current commune is returned with `formerly` saying what it used to be. A former
   * unit whose commune was retired in favour of another code leads to the successor. Best matches first: exact
   * code, then exact name, name prefix, name containing the words, then former names.
   */
  async searchCommunes(search: CommuneSearch): Promise<CommuneSearchHit[]> {
    const limit = clampLimit(search.limit);
    const raw = normalizeName(search.query);
    const folded = foldVietnamese(raw);
    const isCode = /^[0-9]{1,5}$/.test(folded);
    const code = isCode && folded.length >= 4 ? folded.padStart(5, '0') : null;
    const codePrefix = isCode ? `${folded}%` : null;
    const contains = isCode ? null : `%${escapeLike(folded)}%`;
    const prefix = isCode ? null : `${escapeLike(folded)}%`;
    const rows: (CommuneRowSql & {
      rank: number;
      old_ward_code: string | null;
      old_ward_name: string | null;
      old_district_name: string | null;
      old_province_name: string | null;
    })[] = await this.db.query(
      `WITH hits AS (
         SELECT c.code, 0 AS rank, NULL::bigint AS former_id
         FROM communes c WHERE c.code = $3::varchar
         UNION ALL
         SELECT c.code, 1, NULL FROM communes c WHERE c.code LIKE $4::text
         UNION ALL
         SELECT c.code,
                CASE WHEN regexp_replace(c.name_folded, ${PREFIX_PATTERN}, '') = $1 OR c.name_folded = $1 THEN 2
                     WHEN regexp_replace(c.name_folded, ${PREFIX_PATTERN}, '') LIKE $6::text ESCAPE '\\'
                       OR c.name_folded LIKE $6::text ESCAPE '\\' THEN 3
                     ELSE 4 END,
                NULL
         FROM communes c WHERE c.name_folded LIKE $2::text ESCAPE '\\'
         UNION ALL
         SELECT CASE WHEN c.retired_at IS NOT NULL AND c.replaced_by_code IS NOT NULL THEN c.replaced_by_code
                     ELSE c.code END,
                CASE WHEN f.old_ward_code = $3::varchar THEN 5
                     WHEN regexp_replace(f.name_folded, ${PREFIX_PATTERN}, '') = $1 OR f.name_folded = $1 THEN 6
                     ELSE 7 END,
                f.id
         FROM commune_former_names f JOIN communes c ON c.code = f.new_commune_code
         WHERE f.name_folded LIKE $2::text ESCAPE '\\' OR f.old_ward_code = $3::varchar
       ),
       best AS (
         SELECT DISTINCT ON (code) code, rank, former_id FROM hits ORDER BY code, rank, former_id
       )
       SELECT ${COMMUNE_COLUMNS}, b.rank, f.old_ward_code, f.old_ward_name, f.old_district_name, f.old_province_name
       FROM best b
       JOIN communes c ON c.code = b.code
       JOIN provinces p ON p.code = c.province_code
       LEFT JOIN commune_former_names f ON f.id = b.former_id
       WHERE ($5::varchar IS NULL OR c.province_code = $5::varchar)
         AND ($7::boolean OR c.retired_at IS NULL OR b.rank = 0)
       ORDER BY b.rank, strpos(lower(c.name), $8::text) = 0, c.name_folded, c.code
       LIMIT $9::int`,
      [
        folded,
        contains,
        code,
        codePrefix,
        search.provinceCode ?? null,
        prefix,
        search.includeRetired ?? false,
        raw.toLowerCase(),
        limit,
      ],
    );
    return rows.map((row) => ({
      ...communeView(row),
      match: matchOf(row.rank),
      formerly:
        row.old_ward_name === null
          ? null
          : formerNameView(
              row.old_ward_code,
              row.old_ward_name,
              row.old_district_name ?? '',
              row.old_province_name ?? '',
            ),
    }));
  }

  async listUnits(): Promise<MinistryUnitView[]> {
    const rows: { code: string; name_vi: string; name_en: string }[] = await this.db.query(
      `SELECT code, name_vi, name_en FROM ministry_units ORDER BY name_vi, code`,
    );
    return rows.map((row) => ({ code: row.code, nameVi: row.name_vi, nameEn: row.name_en }));
  }

  /** The Ministry's fields with the unit that currently answers escalations in each. */
  async listFields(): Promise<MinistryFieldView[]> {
    return this.readFields(null);
  }

  /**
   * Admin action: route a field's escalations to another unit. Seeding never reverts this. Setting the unit it
   * already has changes nothing.
   */
  async setFieldRouting(
    fieldCode: string,
    unitCode: string,
    changedBy: string | null = null,
  ): Promise<MinistryFieldView> {
    return this.db.transaction(async (manager) => {
      const queries = new ReferenceQueries(manager);
      const units: unknown[] = await manager.query(`SELECT 1 FROM ministry_units WHERE code = $1`, [unitCode]);
      if (units.length === 0) throw new ReferenceDataError('REFERENCE_UNIT_NOT_FOUND', unitCode);
      await manager.query(
        `UPDATE ministry_fields
           SET responsible_unit_code = $2, routing_changed_at = now(), routing_changed_by = $3, updated_at = now()
         WHERE code = $1 AND responsible_unit_code <> $2`,
        [fieldCode, unitCode, changedBy],
      );
      const [field] = await queries.readFields(fieldCode);
      if (!field) throw new ReferenceDataError('REFERENCE_FIELD_NOT_FOUND', fieldCode);
      return field;
    });
  }

  private async readFields(code: string | null): Promise<MinistryFieldView[]> {
    const rows: {
      code: string;
      name_vi: string;
      name_en: string;
      unit_code: string;
      unit_name_vi: string;
      unit_name_en: string;
      routing_changed_at: Date | null;
      routing_changed_by: string | null;
    }[] = await this.db.query(
      `SELECT f.code, f.name_vi, f.name_en, f.routing_changed_at, f.routing_changed_by,
              u.code AS unit_code, u.name_vi AS unit_name_vi, u.name_en AS unit_name_en
       FROM ministry_fields f JOIN ministry_units u ON u.code = f.responsible_unit_code
       WHERE $1::varchar IS NULL OR f.code = $1::varchar
       ORDER BY f.name_vi, f.code`,
      [code],
    );
    return rows.map((row) => ({
      code: row.code,
      nameVi: row.name_vi,
      nameEn: row.name_en,
      responsibleUnit: { code: row.unit_code, nameVi: row.unit_name_vi, nameEn: row.unit_name_en },
      routingChangedAt: row.routing_changed_at,
      routingChangedBy: row.routing_changed_by,
    }));
  }
}

const COMMUNE_COLUMNS = `c.code, c.name, c.unit_type, c.province_code, p.name AS province_name,
  c.valid_from::text AS valid_from, c.retired_at, c.replaced_by_code`;

interface CommuneRowSql {
  code: string;
  name: string;
  unit_type: CommuneUnitType;
  province_code: string;
  province_name: string;
  valid_from: string | null;
  retired_at: Date | null;
  replaced_by_code: string | null;
}

function communeView(row: CommuneRowSql): CommuneView {
  return {
    code: row.code,
    name: row.name,
    unitType: row.unit_type,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    validFrom: row.valid_from,
    retiredAt: row.retired_at,
    replacedByCode: row.replaced_by_code,
  };
}

export function formerNameView(
  code: string | null,
  wardName: string,
  districtName: string,
  provinceName: string,
): FormerNameView {
  const place = [wardName, districtName, provinceName].filter(Boolean).join(', ');
  return { code, wardName, districtName, provinceName, note: { vi: `trước đây là ${place}`, en: `formerly ${place}` } };
}

function matchOf(rank: number): CommuneMatch {
  if (rank <= 1) return 'code';
  if (rank <= 4) return 'name';
  return rank === 5 ? 'former_code' : 'former_name';
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_SEARCH_LIMIT;
  return Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Escapes LIKE wildcards so a user's "_" or "%" is matched literally (with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
