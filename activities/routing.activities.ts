import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import { MINISTRY_FIELDS, MINISTRY_UNITS } from '@libs/domain';

export interface ResponsibleUnit {
  unitCode: string;
  unitNameVi: string;
  unitNameEn: string;
}

/** Escalation routing: which unit of the Ministry answers for a field (admins edit it in `ministry_fields`). */
@Injectable()
export class RoutingActivities {
  constructor(private readonly database: DatabaseService) {}

  async resolveResponsibleUnit(field: string): Promise<ResponsibleUnit> {
    const rows: { code: string; name_vi: string; name_en: string }[] = await this.database.ready.query(
      `SELECT u.code, u.name_vi, u.name_en
         FROM ministry_fields f JOIN ministry_units u ON u.code = f.responsible_unit_code
        WHERE f.code = $1`,
      [field],
    );
    const row = rows[0];
    if (row) return { unitCode: row.code, unitNameVi: row.name_vi, unitNameEn: row.name_en };
    // Reference data not imported yet: fall back to the statutory routing the seed would have written.
    const unitCode = MINISTRY_FIELDS.find((candidate) => candidate.code === field)?.defaultUnitCode;
    const unit = MINISTRY_UNITS.find((candidate) => candidate.code === unitCode);
    if (!unit) throw new Error(`No unit is responsible for field "${field}"`);
    return { unitCode: unit.code, unitNameVi: unit.nameVi, unitNameEn: unit.nameEn };
  }
}
