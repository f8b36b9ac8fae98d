import { normalizeName } from '../folding';
import type { CommuneRow, ProvinceRow } from '../reference-rows';
import {
  communeUnitTypeFromName,
  COMMUNE_UNIT_TYPE_LABELS,
  parseCommuneUnitType,
  parseProvincePlaceType,
  provincePlaceTypeFromName,
} from '../unit-types';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv-parser';

export type ReferenceCsvKind = 'provinces' | 'communes';

/** A problem in one place of the file. `column` is 1-based. */
export interface CsvIssue {
  line: number;
  column?: number;
  columnName?: string;
  message: string;
}

const MAX_LISTED_ISSUES = 20;

/** The file cannot be imported; `issues` lists every problem found (all rows are checked before anything is written). */
export class ReferenceCsvError extends Error {
  readonly code = 'REFERENCE_CSV_INVALID';

  constructor(
    readonly kind: ReferenceCsvKind,
    readonly issues: CsvIssue[],
  ) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  - ${formatCsvIssue(issue)}`);
    if (issues.length > MAX_LISTED_ISSUES) listed.push(`  - … and ${issues.length - MAX_LISTED_ISSUES} more`);
    super(
      `The ${kind} CSV was not imported (nothing changed); ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${listed.join('\n')}`,
    );
    this.name = 'ReferenceCsvError';
  }
}

export function formatCsvIssue(issue: CsvIssue): string {
  const where = [`line ${issue.line}`];
  if (issue.column !== undefined) {
    where.push(issue.columnName ? `column ${issue.column} (${issue.columnName})` : `column ${issue.column}`);
  } else if (issue.columnName) {
    where.push(`column ${issue.columnName}`);
  }
  return `${where.join(', ')}: ${issue.message}`;
}

export interface CommuneCsvRow extends CommuneRow {
  line: number;
}

export interface ProvinceCsvRow extends ProvinceRow {
  line: number;
}

const COLUMNS = {
  communes: { required: ['code', 'name', 'province_code'], optional: ['unit_type', 'valid_from'] },
  provinces: { required: ['code', 'name'], optional: ['place_type', 'short_name', 'valid_from'] },
} as const satisfies Record<ReferenceCsvKind, { required: readonly string[]; optional: readonly string[] }>;

/**
 * Reads an official commune list: header `code,name,province_code` plus optional `unit_type` (`xa`, `phuong`,
 * `dac_khu`, or Xã/Phường/Đặc khu; derived from the name prefix when absent) and `valid_from` (YYYY-MM-DD or
 * DD/MM/YYYY, the date the row takes effect). Columns may come in any order.
 */
export function parseCommunesCsv(text: string): CommuneCsvRow[] {
  const issues: CsvIssue[] = [];
  const table = readTable('communes', text, issues);
  const rows: CommuneCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const cell = cellReader(table.columns, record, issues);
    const code = cell.code('code', 5);
    const name = cell.name('name');
    const provinceCode = cell.code('province_code', 2);
    const validFrom = cell.date('valid_from');
    const declared = cell.raw('unit_type');
    const fromName = name === null ? null : communeUnitTypeFromName(name);
    let unitType = fromName;
    if (declared) {
      const parsed = parseCommuneUnitType(declared);
      if (!parsed) {
        cell.issue('unit_type', `unknown unit type "${declared}"; write xa, phuong or dac_khu`);
      } else if (fromName && parsed !== fromName) {
        cell.issue(
          'unit_type',
          `"${parsed}" contradicts the name "${name}", which starts with "${COMMUNE_UNIT_TYPE_LABELS[fromName].vi}"; ` +
            `a xã that becomes a phường is also renamed "${COMMUNE_UNIT_TYPE_LABELS[parsed].vi} …": correct one of them`,
        );
      } else {
        unitType = parsed;
      }
    } else if (name !== null && !fromName) {
      cell.issue(
        'name',
        `cannot tell the unit type: "${name}" does not start with "Xã ", "Phường " or "Đặc khu "; add a unit_type column`,
      );
    }
    if (code !== null) {
      const firstLine = seen.get(code);
      if (firstLine !== undefined) cell.issue('code', `code ${code} already appears on line ${firstLine}`);
      else seen.set(code, record.line);
    }
    if (cell.ok && code !== null && name !== null && provinceCode !== null && unitType !== null) {
      rows.push({ line: record.line, code, name, provinceCode, unitType, validFrom });
    }
  }
  if (issues.length > 0) throw new ReferenceCsvError('communes', issues);
  return rows;
}

/**
 * Reads an official province list: header `code,name` plus optional `place_type` ("Thành phố Trung Ương" or
 * "Tỉnh"; derived from a "Thành phố " name prefix when absent), `short_name` (defaults to the name) and
 * `valid_from`.
 */
export function parseProvincesCsv(text: string): ProvinceCsvRow[] {
  const issues: CsvIssue[] = [];
  const table = readTable('provinces', text, issues);
  const rows: ProvinceCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const cell = cellReader(table.columns, record, issues);
    const code = cell.code('code', 2);
    const name = cell.name('name');
    const shortName = cell.raw('short_name');
    const validFrom = cell.date('valid_from');
    const declared = cell.raw('place_type');
    let placeType = name === null ? null : provincePlaceTypeFromName(name);
    if (declared) {
      placeType = parseProvincePlaceType(declared);
      if (!placeType)
        cell.issue('place_type', `unknown place type "${declared}"; write "Thành phố Trung Ương" or "Tỉnh"`);
    }
    if (code !== null) {
      const firstLine = seen.get(code);
      if (firstLine !== undefined) cell.issue('code', `code ${code} already appears on line ${firstLine}`);
      else seen.set(code, record.line);
    }
    if (cell.ok && code !== null && name !== null && placeType !== null) {
      rows.push({
        line: record.line,
        code,
        name,
        shortName: shortName ? normalizeName(shortName) : name,
        placeType,
        validFrom,
      });
    }
  }
  if (issues.length > 0) throw new ReferenceCsvError('provinces', issues);
  return rows;
}

interface Table {
  /** Column name → 0-based index. */
  columns: Map<string, number>;
  records: CsvRecord[];
}

function readTable(kind: ReferenceCsvKind, text: string, issues: CsvIssue[]): Table {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new ReferenceCsvError(kind, [{ line: error.line, column: error.column, message: error.reason }]);
    }
    throw error;
  }
  const spec = COLUMNS[kind];
  const expected = `${spec.required.join(',')}${spec.optional.map((name) => `[,${name}]`).join('')}`;
  const [header, ...data] = records;
  if (!header)
    throw new ReferenceCsvError(kind, [{ line: 1, message: `the file is empty; expected the header ${expected}` }]);

  const columns = new Map<string, number>();
  const allowed: readonly string[] = [...spec.required, ...spec.optional];
  header.fields.forEach((raw, index) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const at = { line: header.line, column: index + 1, columnName: raw.trim() };
    if (!allowed.includes(name)) {
      issues.push({ ...at, message: `unknown column "${raw.trim()}"; the header must be ${expected}` });
    } else if (columns.has(name)) {
      issues.push({ ...at, message: `column "${name}" appears twice` });
    } else {
      columns.set(name, index);
    }
  });
  const missing = spec.required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    issues.push({
      line: header.line,
      message: `missing column(s) ${missing.join(', ')}; the header must be ${expected}`,
    });
  }
  if (issues.length > 0) throw new ReferenceCsvError(kind, issues);
  if (data.length === 0) {
    throw new ReferenceCsvError(kind, [{ line: header.line + 1, message: 'no data rows after the header' }]);
  }

  for (const record of data) {
    if (record.fields.length < header.fields.length) {
      issues.push({
        line: record.line,
        message: `expected ${header.fields.length} fields (${header.fields.join(',')}), found ${record.fields.length}`,
      });
    } else if (record.fields.slice(header.fields.length).some((value) => value.trim() !== '')) {
      issues.push({
        line: record.line,
        column: header.fields.length + 1,
        message: `expected ${header.fields.length} fields (${header.fields.join(',')}), found ${record.fields.length}; put a value containing a comma in double quotes`,
      });
    }
  }
  // Rows with the wrong number of fields are reported once, not once per cell.
  const broken = new Set(issues.map((issue) => issue.line));
  return { columns, records: data.filter((record) => !broken.has(record.line)) };
}

function cellReader(columns: Map<string, number>, record: CsvRecord, issues: CsvIssue[]) {
  let ok = true;
  const issue = (columnName: string, message: string): void => {
    ok = false;
    const index = columns.get(columnName);
    issues.push({ line: record.line, column: index === undefined ? undefined : index + 1, columnName, message });
  };
  const raw = (columnName: string): string | null => {
    const index = columns.get(columnName);
    const value = index === undefined ? undefined : record.fields[index]?.trim();
    return value ? value : null;
  };
  return {
    get ok(): boolean {
      return ok;
    },
    issue,
    raw,
    /** An official numeric code of exactly `digits` digits. */
    code(columnName: string, digits: number): string | null {
      const value = raw(columnName);
      if (value === null) {
        issue(columnName, 'is empty');
        return null;
      }
      if (new RegExp(`^[0-9]{${digits}}$`).test(value)) return value;
      const hint =
        /^[0-9]+$/.test(value) && value.length < digits
          ? `; leading zeros were probably lost by a spreadsheet: write ${value.padStart(digits, '0')} and keep the column as text`
          : '';
      issue(columnName, `"${value}" is not a ${digits}-digit code${hint}`);
      return null;
    },
    name(columnName: string): string | null {
      const value = raw(columnName);
      if (value === null) {
        issue(columnName, 'is empty');
        return null;
      }
      return normalizeName(value);
    },
    date(columnName: string): string | null {
      const value = raw(columnName);
      if (value === null) return null;
      const date = parseCivilDate(value);
      if (!date)
        issue(columnName, `"${value}" is not a date; write YYYY-MM-DD (2026-04-30) or DD/MM/YYYY (30/04/2026)`);
      return date;
    },
  };
}

/** YYYY-MM-DD or DD/MM/YYYY (the Vietnamese order) → YYYY-MM-DD, or null for anything else or an impossible date. */
export function parseCivilDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const parts = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
