import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import {
  ReferenceQueries,
  type CommuneSearch,
  type CommuneSearchHit,
  type CommuneView,
  type MinistryFieldView,
  type MinistryUnitView,
  type ProvinceView,
} from './query/reference-queries';

/** Reads provinces, communes, Ministry units and fields; lets admins change a field's escalation routing. */
@Injectable()
export class ReferenceQueryService {
  constructor(private readonly database: DatabaseService) {}

  listProvinces(options?: { includeRetired?: boolean }): Promise<ProvinceView[]> {
    return this.queries().listProvinces(options);
  }

  /** Communes by name (with or without diacritics), code, or former (pre-July-2025) name. */
  searchCommunes(search: CommuneSearch): Promise<CommuneSearchHit[]> {
    return this.queries().searchCommunes(search);
  }

  /** One commune by code, including retired ones (what a case's commune_code resolves to). */
  findCommune(code: string): Promise<CommuneView | null> {
    return this.queries().findCommune(code);
  }

  listUnits(): Promise<MinistryUnitView[]> {
    return this.queries().listUnits();
  }

  listFields(): Promise<MinistryFieldView[]> {
    return this.queries().listFields();
  }

  /** Routes a field's escalations to another unit; throws ReferenceDataError for an unknown field or unit. */
  setFieldRouting(fieldCode: string, unitCode: string, changedBy?: string): Promise<MinistryFieldView> {
    return this.queries().setFieldRouting(fieldCode, unitCode, changedBy ?? null);
  }

  private queries(): ReferenceQueries {
    return new ReferenceQueries(this.database.ready);
  }
}
