import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import type { ReferenceCsvKind } from './csv/reference-csv';
import { ReferenceImporter, type CsvImportOptions } from './import/reference-importer';
import type { ImportReport } from './reference-rows';

/**
 * Imports reference data into the application's database (admin actions). The logic lives in ReferenceImporter,
 * which the import CLI uses too. See ReferenceImporter for the guarantees: one transaction per run, idempotent,
 * rows never deleted (retired instead), Ministry field routing never overwritten by a re-seed.
 */
@Injectable()
export class ReferenceImportService {
  constructor(private readonly database: DatabaseService) {}

  /** Provinces, communes and former names from the installed package, then Ministry units and fields. */
  importFromPackage(): Promise<ImportReport> {
    return this.importer().importFromPackage();
  }

  /** An official provinces or communes CSV (changes by default; `fullList` retires what it does not list). */
  importCsv(kind: ReferenceCsvKind, text: string, options?: CsvImportOptions): Promise<ImportReport> {
    return this.importer().importCsv(kind, text, options);
  }

  /** Ministry units and fields only: inserts missing ones, updates names, keeps existing routing. */
  seedMinistry(): Promise<ImportReport> {
    return this.importer().seedMinistry();
  }

  private importer(): ReferenceImporter {
    return new ReferenceImporter(this.database.ready);
  }
}
