import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { PrepareLevelInput, PrepareLevelResult } from '@libs/contracts';
import { DatabaseService } from '@libs/database';
import { statutoryFallbackPolicy } from '@libs/domain/deadlines';
import { RoutingActivities } from './routing.activities';
import { SLA_POLICY_MISSING, SlaActivities } from './sla.activities';

/** Refused destination of a forward: the unit code is not a unit of the Ministry. */
export const UNIT_NOT_FOUND = 'UNIT_NOT_FOUND';

/**
 * What a new escalation level starts with, in one round trip: the unit it is routed to (by the case's field, or the
 * unit a forward names) and the answer-target policy in force now (kept for the whole level). Read-only.
 */
@Injectable()
export class LevelActivities {
  private readonly logger = new Logger(LevelActivities.name);

  constructor(
    private readonly database: DatabaseService,
    private readonly sla: SlaActivities,
    private readonly routing: RoutingActivities,
  ) {}

  async prepareLevel(input: PrepareLevelInput): Promise<PrepareLevelResult> {
    const [unit, policy] = await Promise.all([this.unitFor(input), this.policyFor(input)]);
    return { unit, policy };
  }

  private async unitFor(input: PrepareLevelInput): Promise<PrepareLevelResult['unit']> {
    if (input.routeField) {
      const unit = await this.routing.resolveResponsibleUnit(input.routeField);
      return { code: unit.unitCode, nameVi: unit.unitNameVi, nameEn: unit.unitNameEn };
    }
    if (!input.unitCode) return null;
    const rows: { code: string; name_vi: string; name_en: string }[] = await this.database.ready.query(
      `SELECT code, name_vi, name_en FROM ministry_units WHERE code = $1`,
      [input.unitCode],
    );
    const row = rows[0];
    if (!row) {
      throw ApplicationFailure.create({
        type: UNIT_NOT_FOUND,
        nonRetryable: true,
        message: `No Ministry unit has code "${input.unitCode}"`,
        details: [{ unitCode: input.unitCode }],
      });
    }
    return { code: row.code, nameVi: row.name_vi, nameEn: row.name_en };
  }

  /**
   * With no matching policy row (a misconfiguration) the statutory defaults apply and the policy id says so, rather
   * than stalling the case.
   */
  private async policyFor(input: PrepareLevelInput): Promise<PrepareLevelResult['policy']> {
    try {
      return await this.sla.resolveSlaPolicy({
        field: input.field,
        priority: input.priority,
        level: input.level,
        policySet: input.policySet,
      });
    } catch (error) {
      if (error instanceof ApplicationFailure && error.type === SLA_POLICY_MISSING) {
        this.logger.warn(`No answer-target policy matches; using the statutory defaults: ${error.message}`);
        return statutoryFallbackPolicy(input.priority);
      }
      throw error;
    }
  }
}
