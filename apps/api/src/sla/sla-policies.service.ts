import { HttpStatus, Injectable } from '@nestjs/common';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { DatabaseService } from '@libs/database';
import { SlaPolicyEntity } from '@libs/database/entities/sla';
import { ApiError } from '../common/api-error';
import type { CreateSlaPolicyDto, ListSlaPoliciesQuery, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { SlaPolicyView } from './dto/sla.views';
import { postgresError, unknownCalendar } from './sla-errors';

export const DEFAULT_CALENDAR_ID = 'vn-civil-service';
const DEFAULT_REMINDER_FRACTIONS = [0.5, 0.9];
const DEFAULT_RENOTIFY_SECONDS = 8 * 3600;

/**
 * Admin edits of answer-target policies. A case level reads its policy once, when it starts, so an edit here affects
 * levels that start afterwards and never a running deadline.
 */
@Injectable()
export class SlaPoliciesService {
  constructor(private readonly database: DatabaseService) {}

  async list(query: ListSlaPoliciesQuery): Promise<SlaPolicyView[]> {
    const where: FindOptionsWhere<SlaPolicyEntity> = {};
    if (query.policySet) where.policySet = query.policySet;
    if (query.includeInactive !== 'true') where.active = true;
    const policies = await this.policies().find({ where, order: { policySet: 'ASC', id: 'ASC' } });
    return policies.map((policy) => SlaPolicyView.from(policy));
  }

  async findOne(id: string): Promise<SlaPolicyView> {
    return SlaPolicyView.from(await this.entity(id));
  }

  async create(dto: CreateSlaPolicyDto, updatedBy: string | null): Promise<SlaPolicyView> {
    const calendarId = dto.calendarId ?? DEFAULT_CALENDAR_ID;
    await this.assertCalendarExists(calendarId);
    const scope = { field: dto.field ?? null, priority: dto.priority ?? null, level: dto.level ?? null };
    const id = dto.id ?? (await this.freeId(dto.policySet, scope));
    const policy = { id, policySet: dto.policySet, ...scope, calendarId };
    await this.assertNoClash(policy, { creating: true, active: dto.active ?? true });
    try {
      await this.policies().insert({
        id,
        policySet: dto.policySet,
        ...scope,
        allowanceSeconds: dto.allowanceSeconds,
        reminderFractions: dto.reminderFractions ?? DEFAULT_REMINDER_FRACTIONS,
        renotifySeconds: dto.renotifySeconds ?? DEFAULT_RENOTIFY_SECONDS,
        calendarId,
        active: dto.active ?? true,
        updatedBy,
      });
    } catch (error) {
      throw await this.translateWriteError(error, policy);
    }
    return this.findOne(id);
  }

  async update(id: string, dto: UpdateSlaPolicyDto, updatedBy: string | null): Promise<SlaPolicyView> {
    const current = await this.entity(id);
    if (dto.calendarId !== undefined) await this.assertCalendarExists(dto.calendarId);
    const changes: Partial<SlaPolicyEntity> = {};
    if (dto.allowanceSeconds !== undefined) changes.allowanceSeconds = dto.allowanceSeconds;
    if (dto.reminderFractions !== undefined) changes.reminderFractions = dto.reminderFractions;
    if (dto.renotifySeconds !== undefined) changes.renotifySeconds = dto.renotifySeconds;
    if (dto.calendarId !== undefined) changes.calendarId = dto.calendarId;
    if (dto.active !== undefined) changes.active = dto.active;
    if (Object.keys(changes).length === 0) return SlaPolicyView.from(current);
    if (changes.active && !current.active) await this.assertNoClash(current, { creating: false, active: true });
    try {
      await this.policies().update({ id }, { ...changes, updatedBy, updatedAt: () => 'now()' });
    } catch (error) {
      throw await this.translateWriteError(error, { ...current, calendarId: changes.calendarId ?? current.calendarId });
    }
    return this.findOne(id);
  }

  /** Levels that start afterwards no longer see it; running levels keep the values they started with. */
  deactivate(id: string, updatedBy: string | null): Promise<SlaPolicyView> {
    return this.update(id, { active: false }, updatedBy);
  }

  private policies(): Repository<SlaPolicyEntity> {
    return this.database.ready.getRepository(SlaPolicyEntity);
  }

  private async entity(id: string): Promise<SlaPolicyEntity> {
    const policy = await this.policies().findOneBy({ id });
    if (!policy) throw new ApiError(HttpStatus.NOT_FOUND, 'SLA_POLICY_NOT_FOUND');
    return policy;
  }

  private async assertCalendarExists(calendarId: string): Promise<void> {
    const rows: unknown[] = await this.database.ready.query(`SELECT 1 FROM working_calendars WHERE id = $1`, [
      calendarId,
    ]);
    if (rows.length === 0) throw unknownCalendar(calendarId);
  }

  /** A readable id from the scope, e.g. `default.civil_service.urgent.any`, numbered when already taken. */
  private async freeId(
    policySet: string,
    scope: { field: string | null; priority: string | null; level: string | null },
  ): Promise<string> {
    const base = [policySet, scope.field ?? 'any', scope.priority ?? 'any', scope.level ?? 'any'].join('.');
    const taken: { id: string }[] = await this.database.ready.query(
      `SELECT id FROM sla_policies WHERE id = $1 OR id LIKE $2`,
      [base, `${base.replace(/[\\%_]/g, '\\$&')}.%`],
    );
    const ids = new Set(taken.map((row) => row.id));
    let candidate = base;
    for (let n = 2; ids.has(candidate); n += 1) candidate = `${base}.${n}`;
    return candidate;
  }

  /**
   * 409 when a new policy's id is taken, or when the policy would be active beside another active one of the same
   * set and scope. Checked first for a clear answer; the database's unique indexes still decide a race.
   */
  private async assertNoClash(policy: PolicyScope, options: { creating: boolean; active: boolean }): Promise<void> {
    const clashes: { id: string }[] = await this.database.ready.query(
      `SELECT id FROM sla_policies
        WHERE ($6 AND id = $1)
           OR ($7 AND active AND id <> $1 AND policy_set = $2 AND field IS NOT DISTINCT FROM $3
               AND priority IS NOT DISTINCT FROM $4 AND level IS NOT DISTINCT FROM $5)
        ORDER BY id = $1 DESC
        LIMIT 1`,
      [policy.id, policy.policySet, policy.field, policy.priority, policy.level, options.creating, options.active],
    );
    const clash = clashes[0]?.id;
    if (clash === undefined) return;
    throw clash === policy.id ? idTaken(policy.id) : scopeTaken(policy.policySet, clash);
  }

  private async translateWriteError(error: unknown, policy: PolicyScope): Promise<unknown> {
    const pg = postgresError(error);
    if (pg?.code === '23503') return unknownCalendar(policy.calendarId);
    if (pg?.code !== '23505') return error;
    if (pg.constraint === 'sla_policies_pkey') return idTaken(policy.id);
    const rivals: { id: string }[] = await this.database.ready.query(
      `SELECT id FROM sla_policies
        WHERE active AND id <> $1 AND policy_set = $2 AND field IS NOT DISTINCT FROM $3
          AND priority IS NOT DISTINCT FROM $4 AND level IS NOT DISTINCT FROM $5`,
      [policy.id, policy.policySet, policy.field, policy.priority, policy.level],
    );
    return scopeTaken(policy.policySet, rivals[0]?.id ?? '?');
  }
}

interface PolicyScope {
  id: string;
  policySet: string;
  field: string | null;
  priority: string | null;
  level: string | null;
  calendarId: string;
}

function idTaken(id: string): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'SLA_POLICY_CONFLICT', undefined, {
    vi: `Đã có chính sách mang mã "${id}". Chọn mã khác hoặc sửa chính sách đó.`,
    en: `A policy with id "${id}" already exists. Choose another id or update that policy.`,
  });
}

function scopeTaken(policySet: string, rival: string): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'SLA_POLICY_CONFLICT', undefined, {
    vi:
      `Bộ "${policySet}" đã có chính sách đang áp dụng cho cùng lĩnh vực, mức ưu tiên và cấp ("${rival}"). ` +
      'Sửa chính sách đó hoặc ngừng áp dụng nó trước.',
    en:
      `Set "${policySet}" already has an active policy with the same field, priority and level ("${rival}"). ` +
      'Update it, or deactivate it first.',
  });
}
