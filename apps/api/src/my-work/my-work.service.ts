import { Injectable, Logger } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { CaseEntity, DatabaseService } from '@libs/database';
import type { StoredCalendarConfig } from '@libs/database/entities/sla';
import { OPEN_CASE_STATUSES, type AuthenticatedActor } from '@libs/domain';
import { WorkingCalendar, type CalendarOverride } from '@libs/domain/calendar';
import { signedWorkingTimeLeftMs } from '@libs/domain/deadlines';
import { caseScopeWhere } from '../auth/case-scope';
import { CaseView } from '../cases/dto/case.view';
import { MY_WORK_GROUP_DEFAULT, type MyWorkItemView, type MyWorkView } from './dto/my-work.dto';

const ALIAS = 'kase';
const WAITING_FOR_ANSWER = `${ALIAS}.status IN ('escalated', 'awaiting_info')`;

/** Running deadlines first (soonest first), then paused clocks (least time left first), then cases without one. */
const DEADLINE_ORDER: [sql: string, order: 'ASC' | 'DESC', nulls?: 'NULLS LAST'][] = [
  [
    `CASE WHEN ${ALIAS}.status = 'escalated' AND ${ALIAS}.answer_deadline IS NOT NULL THEN 0 ` +
      `WHEN ${ALIAS}.status = 'awaiting_info' THEN 1 ELSE 2 END`,
    'ASC',
  ],
  [`${ALIAS}.answer_deadline`, 'ASC', 'NULLS LAST'],
  [`${ALIAS}.deadline_remaining_ms`, 'ASC', 'NULLS LAST'],
  [`${ALIAS}.raised_at`, 'ASC'],
  [`${ALIAS}.id`, 'ASC'],
];

interface Group {
  items: CaseEntity[];
  total: number;
}

/**
 * "My work" (GET /api/my-work): what a person has to act on, by role, each case with the working time left before
 * its answer deadline. A person with several roles gets the union; every group stays inside the case scope
 * (auth/case-scope.ts).
 */
@Injectable()
export class MyWorkService {
  private readonly logger = new Logger(MyWorkService.name);

  constructor(private readonly database: DatabaseService) {}

  async forActor(actor: AuthenticatedActor, limit = MY_WORK_GROUP_DEFAULT, now = new Date()): Promise<MyWorkView> {
    const isOfficial = actor.roles.includes('official');
    const [toAnswer, needsMyInput, myOpenCases] = await Promise.all([
      this.group(actor, limit, this.toAnswerCondition(actor)),
      this.group(
        actor,
        limit,
        isOfficial
          ? {
              sql: `${ALIAS}.raised_by_user_id = :me AND ${ALIAS}.status IN ('awaiting_info', 'answered')`,
              parameters: { me: actor.userId },
            }
          : null,
      ),
      this.group(
        actor,
        limit,
        isOfficial
          ? {
              sql: `${ALIAS}.raised_by_user_id = :me AND ${ALIAS}.status IN (:...openStatuses)`,
              parameters: { me: actor.userId, openStatuses: [...OPEN_CASE_STATUSES] },
            }
          : null,
      ),
    ]);
    const calendars = await this.calendarsOf([...toAnswer.items, ...needsMyInput.items, ...myOpenCases.items]);
    const view = (entity: CaseEntity): MyWorkItemView => itemView(entity, calendars, now);
    return {
      toAnswer: toAnswer.items.map(view),
      needsMyInput: needsMyInput.items.map(view),
      myOpenCases: myOpenCases.items.map(view),
      totals: { toAnswer: toAnswer.total, needsMyInput: needsMyInput.total, myOpenCases: myOpenCases.total },
    };
  }

  /** What the answering roles the actor holds wait on; null when they hold none. */
  private toAnswerCondition(actor: AuthenticatedActor): { sql: string; parameters: Record<string, unknown> } | null {
    const parts: string[] = [];
    const parameters: Record<string, unknown> = { me: actor.userId };
    if (actor.roles.includes('unit_head') && actor.unitCode !== null) {
      parts.push(
        `(${ALIAS}.escalation_level = 'unit_head' AND ${ALIAS}.assigned_unit_code = :myUnit AND ${WAITING_FOR_ANSWER})`,
      );
      parameters.myUnit = actor.unitCode;
    }
    if (actor.roles.includes('working_group')) {
      parts.push(`(${ALIAS}.escalation_level = 'working_group' AND ${WAITING_FOR_ANSWER})`);
    }
    if (actor.roles.includes('leadership')) {
      parts.push(`(${ALIAS}.escalation_level = 'leadership' AND ${WAITING_FOR_ANSWER})`);
      parts.push(`${ALIAS}.status = 'policy_proposed'`);
    }
    if (parts.length === 0) return null;
    // The Working Group can hand an escalation to a person by name (reassign).
    parts.push(`(${ALIAS}.assignee_user_id = :me AND ${WAITING_FOR_ANSWER})`);
    return { sql: `(${parts.join(' OR ')})`, parameters };
  }

  private async group(
    actor: AuthenticatedActor,
    limit: number,
    condition: { sql: string; parameters: Record<string, unknown> } | null,
  ): Promise<Group> {
    if (condition === null) return { items: [], total: 0 };
    const scope = caseScopeWhere(actor, ALIAS);
    const query = (): SelectQueryBuilder<CaseEntity> =>
      this.database.ready
        .getRepository(CaseEntity)
        .createQueryBuilder(ALIAS)
        .where(scope.condition, scope.parameters)
        .andWhere(condition.sql, condition.parameters);
    const listed = query();
    DEADLINE_ORDER.forEach(([sql, order, nulls], index) =>
      index === 0 ? listed.orderBy(sql, order, nulls) : listed.addOrderBy(sql, order, nulls),
    );
    const [items, total] = await Promise.all([listed.limit(limit).getMany(), query().getCount()]);
    return { items, total };
  }

  /** The working calendar (rules and admin overrides) of each answer-target policy the cases run under. */
  private async calendarsOf(cases: CaseEntity[]): Promise<Map<string, WorkingCalendar>> {
    const policyIds = [...new Set(cases.map((kase) => kase.slaPolicyId).filter((id): id is string => id !== null))];
    const calendars = new Map<string, WorkingCalendar>();
    if (policyIds.length === 0) return calendars;
    const rows: {
      policy_id: string;
      calendar_id: string;
      config: StoredCalendarConfig;
      overrides: CalendarOverride[];
    }[] = await this.database.ready.query(
      `SELECT p.id AS policy_id, c.id AS calendar_id, c.config,
                coalesce((SELECT json_agg(json_build_object('date', o.date::text, 'kind', o.kind) ORDER BY o.date)
                            FROM calendar_overrides o WHERE o.calendar_id = c.id), '[]'::json) AS overrides
           FROM sla_policies p JOIN working_calendars c ON c.id = p.calendar_id
          WHERE p.id = ANY($1::text[])`,
      [policyIds],
    );
    const byCalendar = new Map<string, WorkingCalendar>();
    for (const row of rows) {
      let calendar = byCalendar.get(row.calendar_id);
      if (!calendar) {
        try {
          calendar = new WorkingCalendar({ ...row.config, id: row.calendar_id, overrides: row.overrides });
        } catch (error) {
          this.logger.warn(`working calendar ${row.calendar_id} cannot be used: ${String(error)}`);
          continue;
        }
        byCalendar.set(row.calendar_id, calendar);
      }
      calendars.set(row.policy_id, calendar);
    }
    return calendars;
  }
}

function itemView(entity: CaseEntity, calendars: Map<string, WorkingCalendar>, now: Date): MyWorkItemView {
  const paused = entity.status === 'awaiting_info';
  let workingTimeLeftMs: number | null = null;
  if (paused) {
    workingTimeLeftMs = entity.deadlineRemainingMs;
  } else if (entity.answerDeadline !== null) {
    const calendar = entity.slaPolicyId === null ? undefined : calendars.get(entity.slaPolicyId);
    // A deadline without a readable policy calendar (never expected) is shown in plain elapsed time.
    workingTimeLeftMs = calendar
      ? signedWorkingTimeLeftMs(calendar, now, entity.answerDeadline)
      : entity.answerDeadline.getTime() - now.getTime();
  }
  return { ...CaseView.from(entity), workingTimeLeftMs, deadlinePaused: paused && workingTimeLeftMs !== null };
}
