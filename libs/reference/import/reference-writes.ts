import type { EntityManager } from 'typeorm';
import type { MinistryField, MinistryUnit } from '@libs/domain';
import { foldVietnamese } from '../folding';
import { formerNameKey } from '../package/address-package';
import {
  emptyCounts,
  type CommuneRow,
  type FormerNameRow,
  type ProvinceRow,
  type TableCounts,
} from '../reference-rows';

/**
 * The SQL behind every reference import. Each function runs inside the caller's transaction, reads the current
 * rows (locked), decides per row what to do, and writes only what differs, so a re-run writes nothing and
 * `updated_at` moves only for rows that really changed.
 *
 * Recency: `valid_from` is the date since which a row's current state (name, type, or retirement) applies. A source
 * describing an older date never overwrites, retires or restores a row whose state is newer (counted `keptNewer`),
 * so re-importing the July 2025 package after an official 2026 CSV does not undo the CSV.
 */

interface ExistingCodeRow {
  code: string;
  valid_from: string | null;
  retired: boolean;
  [column: string]: string | boolean | null;
}

interface DataColumn<Row> {
  name: string;
  sqlType: string;
  value: (row: Row) => string;
}

const PROVINCE_COLUMNS: readonly DataColumn<ProvinceRow>[] = [
  { name: 'name', sqlType: 'text', value: (row) => row.name },
  { name: 'short_name', sqlType: 'text', value: (row) => row.shortName },
  { name: 'place_type', sqlType: 'varchar', value: (row) => row.placeType },
  { name: 'name_folded', sqlType: 'text', value: (row) => foldVietnamese(row.name) },
];

const COMMUNE_COLUMNS: readonly DataColumn<CommuneRow>[] = [
  { name: 'province_code', sqlType: 'varchar', value: (row) => row.provinceCode },
  { name: 'name', sqlType: 'text', value: (row) => row.name },
  { name: 'unit_type', sqlType: 'varchar', value: (row) => row.unitType },
  { name: 'name_folded', sqlType: 'text', value: (row) => foldVietnamese(row.name) },
];

export interface CodeTableOptions {
  /**
   * The input is the complete official list: rows absent from it are retired (never deleted). Only rows whose state
   * is not newer than `listValidFrom` are retired.
   */
  fullList: boolean;
  /** The date the whole list describes (for retiring absent rows); null when the list has no single date. */
  listValidFrom: string | null;
}

/** Upserts provinces by code. */
export async function writeProvinces(
  manager: EntityManager,
  rows: readonly ProvinceRow[],
  options: CodeTableOptions,
): Promise<TableCounts> {
  const existing = await readCodeTable(manager, 'provinces', PROVINCE_COLUMNS);
  const { counts, writes } = classifyByCode(rows, existing, PROVINCE_COLUMNS);
  await upsertByCode(manager, 'provinces', PROVINCE_COLUMNS, writes, ['retired_at = NULL']);
  if (options.fullList) {
    const present = new Set(rows.map((row) => row.code));
    const absent = [...existing.values()].filter((row) => !row.retired && !present.has(row.code));
    for (const row of absent) {
      if (isNewer(row.valid_from, options.listValidFrom)) counts.keptNewer += 1;
      else counts.retired += 1;
    }
    const toRetire = absent.filter((row) => !isNewer(row.valid_from, options.listValidFrom)).map((row) => row.code);
    if (toRetire.length > 0) {
      await manager.query(
        `UPDATE provinces SET retired_at = now(), updated_at = now(), valid_from = COALESCE($2::date, valid_from)
         WHERE code = ANY($1::varchar[]) AND retired_at IS NULL`,
        [toRetire, options.listValidFrom],
      );
    }
  }
  return counts;
}

/**
 * Upserts communes by code. The code is the identity: a rename, a change of type or of province updates the row in
 * place, so `cases.commune_code` keeps resolving. Rows are never deleted:
 * - an active commune absent from the input whose name (same province) now comes with another code has "moved"
 *   (the Ba Chẽ 06970/06978 and Ia Mơ 23737/23938 disagreements): it is retired with `replaced_by_code` set;
 * - with `fullList`, every other active commune absent from the input is retired.
 * A retired commune that reappears in a later import is restored.
 */
export async function writeCommunes(
  manager: EntityManager,
  rows: readonly CommuneRow[],
  options: CodeTableOptions,
): Promise<TableCounts> {
  const existing = await readCodeTable(manager, 'communes', COMMUNE_COLUMNS);
  const { counts, writes } = classifyByCode(rows, existing, COMMUNE_COLUMNS);
  await upsertByCode(manager, 'communes', COMMUNE_COLUMNS, writes, ['retired_at = NULL', 'replaced_by_code = NULL']);

  const incoming = new Map(rows.map((row) => [row.code, row]));
  const byName = new Map(rows.map((row) => [nameKey(row.provinceCode, row.name), row]));
  const retirements: { code: string; replacedBy: string | null; validFrom: string | null }[] = [];
  for (const row of existing.values()) {
    if (row.retired || incoming.has(row.code)) continue;
    const successor = byName.get(nameKey(String(row.province_code), String(row.name)));
    if (!successor && !options.fullList) continue;
    const validFrom = successor ? successor.validFrom : options.listValidFrom;
    if (isNewer(row.valid_from, validFrom)) {
      counts.keptNewer += 1;
      continue;
    }
    retirements.push({ code: row.code, replacedBy: successor?.code ?? null, validFrom });
  }
  if (retirements.length > 0) {
    await manager.query(
      `UPDATE communes AS c
         SET retired_at = now(), replaced_by_code = r.replaced_by, valid_from = COALESCE(r.valid_from, c.valid_from),
             updated_at = now()
       FROM unnest($1::varchar[], $2::varchar[], $3::date[]) AS r(code, replaced_by, valid_from)
       WHERE c.code = r.code AND c.retired_at IS NULL`,
      [
        retirements.map((row) => row.code),
        retirements.map((row) => row.replacedBy),
        retirements.map((row) => row.validFrom),
      ],
    );
    counts.retired += retirements.length;
  }
  return counts;
}

/**
 * Upserts old → new commune mappings by their natural key. With `fullList`, mappings the source no longer has are
 * removed: they are a search aid that nothing references.
 */
export async function writeFormerNames(
  manager: EntityManager,
  rows: readonly FormerNameRow[],
  options: { fullList: boolean },
): Promise<TableCounts> {
  const counts = emptyCounts();
  const existing = new Map<string, { id: string; oldWardCode: string | null; nameFolded: string }>();
  const current: {
    id: string;
    old_ward_code: string | null;
    old_ward_name: string;
    old_district_name: string;
    old_province_name: string;
    new_commune_code: string;
    name_folded: string;
  }[] = await manager.query(
    `SELECT id::text AS id, old_ward_code, old_ward_name, old_district_name, old_province_name, new_commune_code,
            name_folded
     FROM commune_former_names FOR UPDATE`,
  );
  for (const row of current) {
    existing.set(
      formerNameKey({
        oldWardCode: row.old_ward_code,
        oldWardName: row.old_ward_name,
        oldDistrictName: row.old_district_name,
        oldProvinceName: row.old_province_name,
        newCommuneCode: row.new_commune_code,
      }),
      { id: row.id, oldWardCode: row.old_ward_code, nameFolded: row.name_folded },
    );
  }
  const writes: FormerNameRow[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const key = formerNameKey(row);
    seen.add(key);
    const before = existing.get(key);
    if (!before) {
      counts.inserted += 1;
      writes.push(row);
    } else if (before.oldWardCode !== row.oldWardCode || before.nameFolded !== foldVietnamese(row.oldWardName)) {
      counts.updated += 1;
      writes.push(row);
    } else {
      counts.unchanged += 1;
    }
  }
  for (const batch of chunks(writes, 5000)) {
    await manager.query(
      `INSERT INTO commune_former_names
         (old_ward_code, old_ward_name, old_district_name, old_province_name, new_commune_code, name_folded)
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[], $4::text[], $5::varchar[], $6::text[])
       ON CONFLICT (old_province_name, old_district_name, old_ward_name, new_commune_code) DO UPDATE SET
         old_ward_code = EXCLUDED.old_ward_code, name_folded = EXCLUDED.name_folded, updated_at = now()`,
      [
        batch.map((row) => row.oldWardCode),
        batch.map((row) => row.oldWardName),
        batch.map((row) => row.oldDistrictName),
        batch.map((row) => row.oldProvinceName),
        batch.map((row) => row.newCommuneCode),
        batch.map((row) => foldVietnamese(row.oldWardName)),
      ],
    );
  }
  if (options.fullList) {
    const stale = [...existing].filter(([key]) => !seen.has(key)).map(([, row]) => row.id);
    if (stale.length > 0) {
      await manager.query(`DELETE FROM commune_former_names WHERE id = ANY($1::bigint[])`, [stale]);
      counts.removed = stale.length;
    }
  }
  return counts;
}

/** Inserts missing Ministry units and brings names up to date. Units added by admins are left alone. */
export async function writeMinistryUnits(manager: EntityManager, units: readonly MinistryUnit[]): Promise<TableCounts> {
  const counts = emptyCounts();
  const current: { code: string; name_vi: string; name_en: string }[] = await manager.query(
    `SELECT code, name_vi, name_en FROM ministry_units FOR UPDATE`,
  );
  const existing = new Map(current.map((row) => [row.code, row]));
  const writes = units.filter((unit) => {
    const before = existing.get(unit.code);
    if (!before) counts.inserted += 1;
    else if (before.name_vi !== unit.nameVi || before.name_en !== unit.nameEn) counts.updated += 1;
    else counts.unchanged += 1;
    return !before || before.name_vi !== unit.nameVi || before.name_en !== unit.nameEn;
  });
  if (writes.length > 0) {
    await manager.query(
      `INSERT INTO ministry_units (code, name_vi, name_en)
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[])
       ON CONFLICT (code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, updated_at = now()`,
      [writes.map((unit) => unit.code), writes.map((unit) => unit.nameVi), writes.map((unit) => unit.nameEn)],
    );
  }
  return counts;
}

/**
 * Inserts missing Ministry fields with their default responsible unit and brings names up to date. An existing
 * field's `responsible_unit_code` is NEVER written here: it is live escalation routing that admins may have
 * changed (ReferenceQueryService.setFieldRouting), and a re-seed must not silently revert it.
 */
export async function writeMinistryFields(
  manager: EntityManager,
  fields: readonly MinistryField[],
): Promise<TableCounts> {
  const counts = emptyCounts();
  const current: { code: string; name_vi: string; name_en: string }[] = await manager.query(
    `SELECT code, name_vi, name_en FROM ministry_fields FOR UPDATE`,
  );
  const existing = new Map(current.map((row) => [row.code, row]));
  const writes = fields.filter((field) => {
    const before = existing.get(field.code);
    const changed = !before || before.name_vi !== field.nameVi || before.name_en !== field.nameEn;
    if (!before) counts.inserted += 1;
    else if (changed) counts.updated += 1;
    else counts.unchanged += 1;
    return changed;
  });
  if (writes.length > 0) {
    await manager.query(
      `INSERT INTO ministry_fields (code, name_vi, name_en, responsible_unit_code)
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[], $4::varchar[])
       ON CONFLICT (code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, updated_at = now()`,
      [
        writes.map((field) => field.code),
        writes.map((field) => field.nameVi),
        writes.map((field) => field.nameEn),
        writes.map((field) => field.defaultUnitCode),
      ],
    );
  }
  return counts;
}

/** True when a row's state dates from after what the source describes (both dates known). */
function isNewer(rowValidFrom: string | null, sourceValidFrom: string | null): boolean {
  return rowValidFrom !== null && sourceValidFrom !== null && rowValidFrom > sourceValidFrom;
}

function nameKey(provinceCode: string, name: string): string {
  // Exact names, not folded ones: Xã Ba Tơ and Xã Ba Tô are different communes.
  return `${provinceCode}|${name.toLowerCase()}`;
}

async function readCodeTable<Row>(
  manager: EntityManager,
  table: 'provinces' | 'communes',
  columns: readonly DataColumn<Row>[],
): Promise<Map<string, ExistingCodeRow>> {
  const rows: ExistingCodeRow[] = await manager.query(
    `SELECT code, ${columns.map((column) => column.name).join(', ')}, valid_from::text AS valid_from,
            retired_at IS NOT NULL AS retired
     FROM ${table} FOR UPDATE`,
  );
  return new Map(rows.map((row) => [row.code, row]));
}

interface CodeRow {
  code: string;
  validFrom: string | null;
}

function classifyByCode<Row extends CodeRow>(
  rows: readonly Row[],
  existing: Map<string, ExistingCodeRow>,
  columns: readonly DataColumn<Row>[],
): { counts: TableCounts; writes: Row[] } {
  const counts = emptyCounts();
  const writes: Row[] = [];
  for (const row of rows) {
    const before = existing.get(row.code);
    if (!before) {
      counts.inserted += 1;
      writes.push(row);
    } else if (!before.retired && columns.every((column) => before[column.name] === column.value(row))) {
      counts.unchanged += 1;
    } else if (isNewer(before.valid_from, row.validFrom)) {
      counts.keptNewer += 1;
    } else {
      counts.updated += 1;
      writes.push(row);
    }
  }
  return { counts, writes };
}

async function upsertByCode<Row extends CodeRow>(
  manager: EntityManager,
  table: 'provinces' | 'communes',
  columns: readonly DataColumn<Row>[],
  rows: readonly Row[],
  resetOnUpdate: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((column) => column.name);
  const unnestArgs = columns.map((column, index) => `$${index + 2}::${column.sqlType}[]`);
  const validFromIndex = columns.length + 2;
  await manager.query(
    `INSERT INTO ${table} (code, ${names.join(', ')}, valid_from)
     SELECT * FROM unnest($1::varchar[], ${unnestArgs.join(', ')}, $${validFromIndex}::date[])
     ON CONFLICT (code) DO UPDATE SET
       ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')},
       valid_from = COALESCE(EXCLUDED.valid_from, ${table}.valid_from),
       ${resetOnUpdate.join(', ')},
       updated_at = now()`,
    [rows.map((row) => row.code), ...columns.map((column) => rows.map(column.value)), rows.map((row) => row.validFrom)],
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
