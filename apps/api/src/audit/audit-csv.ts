import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/** Sends rows as a CSV download: UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly. */
export function sendCsv(
  response: Response,
  fileName: string,
  columns: string[],
  rows: Record<string, unknown>[],
): void {
  const body = stringify(
    rows.map((row) => columns.map((column) => row[column] ?? '')),
    { header: true, columns, bom: true, record_delimiter: 'windows' },
  );
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.send(body);
}
