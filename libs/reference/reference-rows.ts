import type { CommuneUnitType, ProvincePlaceType } from './unit-types';

/** A province as a source describes it, normalized (NFC names, validated codes). */
export interface ProvinceRow {
  code: string;
  name: string;
  shortName: string;
  placeType: ProvincePlaceType;
  /** ISO date (YYYY-MM-DD) since which this description applies, or null when the source does not say. */
  validFrom: string | null;
}

/** A commune as a source describes it, normalized. */
export interface CommuneRow {
  code: string;
  provinceCode: string;
  name: string;
  unitType: CommuneUnitType;
  validFrom: string | null;
}

/** A pre-July-2025 unit and the current commune (by code) it became part of. */
export interface FormerNameRow {
  oldWardCode: string | null;
  oldWardName: string;
  oldDistrictName: string;
  oldProvinceName: string;
  newCommuneCode: string;
}

/** What an import did to one table. */
export interface TableCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows absent from a full list (or moved to another code) and marked `retired_at`; never deleted. */
  retired: number;
  /** Rows kept because the database already holds a description valid from a later date than the source's. */
  keptNewer: number;
  /** Former-name rows absent from a full list and removed (nothing references them). */
  removed: number;
}

export type ReferenceTable = 'provinces' | 'communes' | 'formerNames' | 'ministryUnits' | 'ministryFields';

export interface ImportReport {
  /** reference_imports.id of the audit row. */
  importId: string;
  source: string;
  startedAt: Date;
  finishedAt: Date;
  /** Totals over every table touched. */
  inserted: number;
  updated: number;
  unchanged: number;
  retired: number;
  tables: Partial<Record<ReferenceTable, TableCounts>>;
  /** Source problems that were worked around (e.g. a mapping whose code was repaired from its name). */
  warnings: string[];
}

export function emptyCounts(): TableCounts {
  return { inserted: 0, updated: 0, unchanged: 0, retired: 0, keptNewer: 0, removed: 0 };
}
