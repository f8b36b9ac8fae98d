import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { ResolveSlaPolicyInput, SlaPolicyDecision } from '@libs/contracts';
import { DatabaseService } from '@libs/database';
import type { StoredCalendarConfig } from '@libs/database/entities/sla';
import { WorkingCalendar, type CalendarOverride, type WorkingCalendarConfig } from '@libs/domain/calendar';
import { selectSlaPolicy } from '@libs/domain/sla';

/** Failure types the workflow may switch on; both are non-retryable (waiting does not fix admin data). */
export const SLA_POLICY_MISSING = 'SLA_POLICY_MISSING';
export const SLA_CALENDAR_INVALID = 'SLA_CALENDAR_INVALID';

interface PolicyRow {
  id: string;
  field: string | null;
  priority: string | null;
  level: string | null;
  allowance_seconds: number;
  reminder_fractions: number[];
  renotify_seconds: number;
  calendar_id: string;
}

interface CalendarRow {
  id: string;
  config: StoredCalendarConfig;
  overrides: CalendarOverride[];
}

/**
 * Reads answer-target policies and working calendars (DOMAIN.md §5). Read-only and cheap (two small queries); the
 * workflow calls it once when a level starts and keeps the decision for the whole level, so a policy an admin edits
 * later affects only levels that start afterwards.
 */
@Injectable()
export class SlaActivities {
  constructor(private readonly database: DatabaseService) {}

  /**
   * The most specific active policy of the set for (field, priority, level), with its calendar and the calendar's
   * override table. Throws a non-retryable `SLA_POLICY_MISSING` failure naming what was looked for when no policy
   * applies, and `SLA_CALENDAR_INVALID` when the stored calendar cannot be used.
   */
  async resolveSlaPolicy(input: ResolveSlaPolicyInput): Promise<SlaPolicyDecision> {
    const { policySet, field, priority, level } = input;
    const dataSource = this.database.ready;
    const candidates: PolicyRow[] = await dataSource.query(
      `SELECT id, field, priority, level, allowance_seconds::float8 AS allowance_seconds,
              reminder_fractions::float8[] AS reminder_fractions, renotify_seconds::float8 AS renotify_seconds, calendar_id
         FROM sla_policies
        WHERE policy_set = $1 AND active
          AND (field IS NULL OR field = $2) AND (priority IS NULL OR priority = $3) AND (level IS NULL OR level = $4)`,
      [policySet, field, priority, level],
    );
    const policy = selectSlaPolicy(candidates, { field, priority, level });
    if (!policy) {
      throw ApplicationFailure.create({
        type: SLA_POLICY_MISSING,
        nonRetryable: true,
        message:
          `No active SLA policy in set "${policySet}" for field "${field}", priority "${priority}", level ` +
          `"${level}": an administrator must add one (POST /api/sla/policies).`,
        details: [{ policySet, field, priority, level }],
      });
    }

    const calendars: CalendarRow[] = await dataSource.query(
      `SELECT c.id, c.config,
              coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                                 'date', o.date::text, 'kind', o.kind, 'noteVi', o.note_vi, 'noteEn', o.note_en))
                                 ORDER BY o.date)
                          FROM calendar_overrides o
                         WHERE o.calendar_id = c.id), '[]'::json) AS overrides
         FROM working_calendars c
        WHERE c.id = $1`,
      [policy.calendar_id],
    );
    const calendar = calendars[0];
    // The foreign key makes a missing row impossible; guard anyway so the failure names the calendar.
    if (!calendar) throw invalidCalendar(policy.calendar_id, policy.id, 'the calendar does not exist');

    return {
      policyId: policy.id,
      allowanceMs: Math.round(policy.allowance_seconds * 1000),
      reminderFractions: [...new Set(policy.reminder_fractions)].sort((a, b) => a - b),
      renotifyIntervalMs: Math.round(policy.renotify_seconds * 1000),
      calendar: calendarConfig(calendar, policy.id),
    };
  }
}

/** The full `WorkingCalendarConfig` (rules + overrides), checked by building a calendar from it. */
function calendarConfig(row: CalendarRow, policyId: string): WorkingCalendarConfig {
  const stored = row.config;
  const config: WorkingCalendarConfig = {
    id: row.id,
    utcOffsetMinutes: stored.utcOffsetMinutes,
    workingWeekdays: stored.workingWeekdays,
    workingPeriods: stored.workingPeriods,
    publicHolidays: stored.publicHolidays,
    overrides: row.overrides,
    ...(stored.alwaysWorking !== undefined ? { alwaysWorking: stored.alwaysWorking } : {}),
    ...(stored.nationalDayAdjacentDay !== undefined ? { nationalDayAdjacentDay: stored.nationalDayAdjacentDay } : {}),
  };
  try {
    new WorkingCalendar(config);
  } catch (error) {
    throw invalidCalendar(row.id, policyId, (error as Error).message);
  }
  return config;
}

function invalidCalendar(calendarId: string, policyId: string, reason: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: SLA_CALENDAR_INVALID,
    nonRetryable: true,
    message: `Working calendar "${calendarId}" of SLA policy "${policyId}" cannot be used: ${reason}`,
    details: [{ calendarId, policyId }],
  });
}
