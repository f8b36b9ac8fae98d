import { CsvSyntaxError, parseCsv } from '@libs/reference/csv/csv-parser';
import { isValidUsername, normalizeUsername, parseCivilDate } from '@libs/identity';

export const DEPLOYMENT_CSV_COLUMNS = [
  'decision_number',
  'username',
  'display_name',
  'home_unit_code',
  'province_code',
  'period_start',
  'period_end',
] as const;
export type DeploymentCsvColumn = (typeof DEPLOYMENT_CSV_COLUMNS)[number];

export interface DeploymentCsvRow {
  line: number;
  decisionNumber: string;
  username: string;
  displayName: string;
  homeUnitCode: string;
  provinceCode: string;
  periodStart: string;
  periodEnd: string;
}

/** One problem at one place of the file; `column` is the 1-based position of the column in the header. */
export interface DeploymentCsvIssue {
  line: number;
  column: DeploymentCsvColumn | null;
  position: number | null;
  code: string;
  vi: string;
  en: string;
}

export const MAX_DEPLOYMENT_CSV_ROWS = 5000;

/**
 * Reads a deployment list: a header naming the seven columns (any order, names case-insensitive) and one row per
 * deployment. Dates are YYYY-MM-DD or DD/MM/YYYY. Every row is checked; all problems are returned together.
 * Checks that need the database (decision, unit, province, existing accounts) happen in the service.
 */
export function parseDeploymentCsv(text: string): { rows: DeploymentCsvRow[]; issues: DeploymentCsvIssue[] } {
  const issues: DeploymentCsvIssue[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      rows: [],
      issues: [
        {
          line: error.line,
          column: null,
          position: error.column,
          code: 'csvSyntax',
          vi: `Dòng ${error.line}, cột thứ ${error.column}: tệp không đúng định dạng CSV (${error.reason}).`,
          en: `Line ${error.line}, column ${error.column}: not valid CSV (${error.reason}).`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header) {
    return {
      rows: [],
      issues: [
        {
          line: 1,
          column: null,
          position: null,
          code: 'empty',
          vi: `Dòng 1: tệp rỗng. Dòng đầu phải là tiêu đề: ${DEPLOYMENT_CSV_COLUMNS.join(',')}.`,
          en: `Line 1: the file is empty. The first line must be the header: ${DEPLOYMENT_CSV_COLUMNS.join(',')}.`,
        },
      ],
    };
  }

  const positions = new Map<DeploymentCsvColumn, number>();
  header.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if ((DEPLOYMENT_CSV_COLUMNS as readonly string[]).includes(name)) {
      if (positions.has(name as DeploymentCsvColumn)) {
        issues.push(headerIssue(header.line, index + 1, 'duplicateColumn', name, 'lặp lại', 'appears twice'));
      } else {
        positions.set(name as DeploymentCsvColumn, index);
      }
    } else {
      issues.push(
        headerIssue(
          header.line,
          index + 1,
          'unknownColumn',
          raw,
          `không phải cột hợp lệ (các cột: ${DEPLOYMENT_CSV_COLUMNS.join(', ')})`,
          `is not a known column (columns: ${DEPLOYMENT_CSV_COLUMNS.join(', ')})`,
        ),
      );
    }
  });
  for (const column of DEPLOYMENT_CSV_COLUMNS) {
    if (!positions.has(column)) {
      issues.push({
        line: header.line,
        column,
        position: null,
        code: 'missingColumn',
        vi: `Dòng ${header.line}: thiếu cột ${column} trong tiêu đề.`,
        en: `Line ${header.line}: the header has no ${column} column.`,
      });
    }
  }
  if (issues.length > 0) return { rows: [], issues };
  if (body.length === 0) {
    issues.push({
      line: header.line + 1,
      column: null,
      position: null,
      code: 'noRows',
      vi: 'Tệp chỉ có dòng tiêu đề, không có đợt tăng cường nào.',
      en: 'The file has a header but no deployments.',
    });
    return { rows: [], issues };
  }
  if (body.length > MAX_DEPLOYMENT_CSV_ROWS) {
    issues.push({
      line: body[MAX_DEPLOYMENT_CSV_ROWS].line,
      column: null,
      position: null,
      code: 'tooManyRows',
      vi: `Tệp có quá ${MAX_DEPLOYMENT_CSV_ROWS} dòng; hãy chia nhỏ.`,
      en: `The file has more than ${MAX_DEPLOYMENT_CSV_ROWS} rows; split it.`,
    });
    return { rows: [], issues };
  }

  const rows: DeploymentCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const record of body) {
    const problem = (column: DeploymentCsvColumn, code: string, vi: string, en: string): void => {
      const position = positions.get(column)! + 1;
      issues.push({
        line: record.line,
        column,
        position,
        code,
        vi: `Dòng ${record.line}, cột ${column} (cột thứ ${position}): ${vi}`,
        en: `Line ${record.line}, column ${column} (column ${position}): ${en}`,
      });
    };
    if (record.fields.length !== header.fields.length) {
      issues.push({
        line: record.line,
        column: null,
        position: null,
        code: 'fieldCount',
        vi: `Dòng ${record.line}: có ${record.fields.length} cột, tiêu đề có ${header.fields.length}.`,
        en: `Line ${record.line}: has ${record.fields.length} fields, the header has ${header.fields.length}.`,
      });
      continue;
    }
    const cell = (column: DeploymentCsvColumn): string =>
      (record.fields[positions.get(column)!] ?? '').normalize('NFC').trim();
    const required = (column: DeploymentCsvColumn): string | null => {
      const value = cell(column);
      if (value === '') {
        problem(column, 'required', 'không được để trống.', 'must not be empty.');
        return null;
      }
      return value;
    };

    const decisionNumber = required('decision_number');
    const rawUsername = required('username');
    const username = rawUsername === null ? null : normalizeUsername(rawUsername);
    if (username !== null && !isValidUsername(username)) {
      problem(
        'username',
        'invalidUsername',
        `"${rawUsername}" không hợp lệ: 3–64 ký tự gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.`,
        `"${rawUsername}" is not valid: 3–64 characters, unaccented letters, digits, dot, underscore, hyphen.`,
      );
    }
    const displayName = required('display_name');
    const homeUnitCode = required('home_unit_code');
    const provinceCode = required('province_code');
    if (provinceCode !== null && !/^[0-9]{2}$/.test(provinceCode)) {
      problem(
        'province_code',
        'invalidProvinceCode',
        `"${provinceCode}" không phải mã tỉnh (2 chữ số, ví dụ 01).`,
        `"${provinceCode}" is not a province code (two digits, e.g. 01).`,
      );
    }
    const date = (column: 'period_start' | 'period_end'): string | null => {
      const value = required(column);
      if (value === null) return null;
      const parsed = parseCivilDate(value);
      if (parsed === null) {
        problem(
          column,
          'invalidDate',
          `"${value}" không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).`,
          `"${value}" is not a valid date (YYYY-MM-DD or DD/MM/YYYY).`,
        );
      }
      return parsed;
    };
    const periodStart = date('period_start');
    const periodEnd = date('period_end');
    if (periodStart !== null && periodEnd !== null && periodStart > periodEnd) {
      problem(
        'period_end',
        'periodReversed',
        `ngày kết thúc ${periodEnd} trước ngày bắt đầu ${periodStart}.`,
        `the end ${periodEnd} is before the start ${periodStart}.`,
      );
    }
    if (
      decisionNumber === null ||
      username === null ||
      !isValidUsername(username) ||
      displayName === null ||
      homeUnitCode === null ||
      provinceCode === null ||
      periodStart === null ||
      periodEnd === null
    ) {
      continue;
    }
    const key = `${decisionNumber}|${username}|${provinceCode}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      problem(
        'username',
        'duplicateRow',
        `trùng với dòng ${firstLine} (cùng quyết định, công chức và tỉnh).`,
        `repeats line ${firstLine} (same decision, official and province).`,
      );
      continue;
    }
    seen.set(key, record.line);
    rows.push({
      line: record.line,
      decisionNumber,
      username,
      displayName,
      homeUnitCode,
      provinceCode,
      periodStart,
      periodEnd,
    });
  }
  return { rows: issues.length > 0 ? [] : rows, issues };
}

function headerIssue(
  line: number,
  position: number,
  code: string,
  name: string,
  vi: string,
  en: string,
): DeploymentCsvIssue {
  return {
    line,
    column: null,
    position,
    code,
    vi: `Dòng ${line}, cột thứ ${position}: "${name}" ${vi}.`,
    en: `Line ${line}, column ${position}: "${name}" ${en}.`,
  };
}

/** The issue as a field error of the API's error body: `field` names the line and the column. */
export function csvIssueField(issue: Pick<DeploymentCsvIssue, 'line' | 'column' | 'position'>): string {
  if (issue.column) return `line ${issue.line}, ${issue.column}`;
  return issue.position !== null ? `line ${issue.line}, column ${issue.position}` : `line ${issue.line}`;
}
