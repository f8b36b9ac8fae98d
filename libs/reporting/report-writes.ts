import { insertEvent } from '@libs/reporting/deployment-events';
import { vietnamDate } from '@libs/identity';
import { computeDraft, type DeploymentRecord, type Queryable } from './report-data';

export interface NewReportVersion {
  reportId: string;
  deployment: Pick<DeploymentRecord, 'id' | 'userId' | 'provinceCode' | 'homeUnitCode'>;
  kind: 'weekly' | 'final';
  window: { from: string; to: string };
  narrative: Record<string, string>;
  version: number;
  userId: string;
  at: Date;
  correctionReason: string | null;
}

/**
 * Writes a submitted version (inside the caller's transaction, with the report row locked): the figures recomputed
 * for exactly the window, the narrative frozen, the next "NN/BC-<unit>" number of the issuing unit for the year,
 * the report's status and first submission time, and the deployment event.
 */
export async function writeReportVersion(db: Queryable, input: NewReportVersion): Promise<{ documentNumber: string }> {
  const figures = await computeDraft(db, input.deployment, input.kind, input.window);
  const documentNumber = await nextDocumentNumber(db, input.deployment.homeUnitCode, input.at);
  await db.query(
    `INSERT INTO report_versions (report_id, version, document_number, narrative, figures, submitted_by,
                                  submitted_at, correction_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.reportId,
      input.version,
      documentNumber,
      input.narrative,
      figures,
      input.userId,
      input.at,
      input.correctionReason,
    ],
  );
  await db.query(
    `UPDATE reports SET status = 'submitted', current_version = $2, figures = $3,
            first_submitted_at = coalesce(first_submitted_at, $4), updated_at = now()
      WHERE id = $1`,
    [input.reportId, input.version, figures, input.at],
  );
  await insertEvent(db, {
    deploymentId: input.deployment.id,
    eventKey: `report:${input.reportId}:v${input.version}:submitted`,
    type: 'report_submitted',
    actorUserId: input.userId,
    occurredAt: input.at.toISOString(),
    payload: {
      reportId: input.reportId,
      version: input.version,
      documentNumber,
      correctionReason: input.correctionReason,
    },
  });
  return { documentNumber };
}

/** "NN/BC-<unit>": the next number of the issuing unit for the year (Vietnam time), two digits at least. */
export async function nextDocumentNumber(db: Queryable, unitCode: string, at: Date): Promise<string> {
  const year = Number(vietnamDate(at).slice(0, 4));
  const rows = (await db.query(
    `INSERT INTO report_numbers (unit_code, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (unit_code, year) DO UPDATE SET last_number = report_numbers.last_number + 1
     RETURNING last_number`,
    [unitCode, year],
  )) as { last_number: number }[];
  return `${String(rows[0].last_number).padStart(2, '0')}/BC-${unitCode}`;
}
