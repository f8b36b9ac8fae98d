import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createDataSource } from '@libs/database';
import type { ReferenceCsvKind } from './csv/reference-csv';
import { ReferenceImporter } from './import/reference-importer';
import type { ImportReport } from './reference-rows';

export interface ReferenceImportCliOptions {
  /** Import this CSV instead of the package (a set of changes: units it does not list are left alone). */
  csv?: { kind: ReferenceCsvKind; path: string };
}

/**
 * Imports reference data with a DataSource of its own (no Nest): the package (plus Ministry units and fields) by
 * default, or one official CSV. The schema must be migrated already.
 */
export async function runReferenceImport(
  databaseUrl: string,
  options: ReferenceImportCliOptions = {},
): Promise<ImportReport> {
  const csv = options.csv;
  // Read the file before connecting: a wrong path should not leave a failed import in the audit table.
  const text = csv ? await readFile(csv.path, 'utf8') : null;
  const dataSource = createDataSource({
    url: databaseUrl,
    poolSize: 2,
    applicationName: 'case-engine-reference-import',
  });
  await dataSource.initialize();
  try {
    const importer = new ReferenceImporter(dataSource);
    return csv && text !== null
      ? await importer.importCsv(csv.kind, text, { sourceName: path.basename(csv.path) })
      : await importer.importFromPackage();
  } finally {
    await dataSource.destroy();
  }
}

/** One line per table, e.g. `communes: 0 inserted, 1 updated, 3320 unchanged, 0 retired`. */
export function formatImportReport(report: ImportReport): string {
  const lines = [`Import #${report.importId} from ${report.source}`];
  for (const [table, counts] of Object.entries(report.tables)) {
    const extra = [
      counts.keptNewer ? `, ${counts.keptNewer} kept (newer in the database)` : '',
      counts.removed ? `, ${counts.removed} removed` : '',
    ].join('');
    lines.push(
      `  ${table}: ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.retired} retired${extra}`,
    );
  }
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

/** `import-cli.ts [--provinces FILE | --communes FILE]`, with DATABASE_URL in the environment. */
async function main(argv: string[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/case_engine)');
  const [flag, file] = argv;
  let options: ReferenceImportCliOptions = {};
  if (flag === '--provinces' || flag === '--communes') {
    if (!file) throw new Error(`${flag} needs a CSV file path`);
    options = { csv: { kind: flag === '--provinces' ? 'provinces' : 'communes', path: file } };
  } else if (flag !== undefined) {
    throw new Error(`Unknown argument "${flag}". Usage: [--provinces FILE | --communes FILE]`);
  }
  console.log(formatImportReport(await runReferenceImport(url, options)));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
