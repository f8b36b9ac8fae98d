import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import type { StoredCalendarConfig } from '@libs/database/entities/sla';
import { ApiError } from '../common/api-error';
import type { PutCalendarOverrideDto } from './dto/calendar-override.dto';
import type { CalendarOverrideView, WorkingCalendarView } from './dto/sla.views';

interface OverrideRow {
  calendar_id: string;
  date: string;
  kind: 'day_off' | 'working_day';
  note_vi: string | null;
  note_en: string | null;
  updated_at: Date;
  updated_by: string | null;
}

const OVERRIDE_COLUMNS = `calendar_id, date::text AS date, kind, note_vi, note_en, updated_at, updated_by`;

function overrideView(row: OverrideRow): CalendarOverrideView {
  return {
    calendarId: row.calendar_id,
    date: row.date,
    kind: row.kind,
    noteVi: row.note_vi,
    noteEn: row.note_en,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/**
 * Working calendars and the yearly override table (extra days off, make-up working days, the exact Tết days the
 * government fixes). A case level loads its calendar when it starts, so an override changes the deadlines of levels
 * that start afterwards.
 */
@Injectable()
export class WorkingCalendarsService {
  constructor(private readonly database: DatabaseService) {}

  async list(): Promise<WorkingCalendarView[]> {
    const rows: {
      id: string;
      name_vi: string;
      name_en: string;
      config: StoredCalendarConfig;
      override_count: number;
      updated_at: Date;
    }[] = await this.database.ready.query(
      `SELECT c.id, c.name_vi, c.name_en, c.config, c.updated_at,
              (SELECT count(*)::int FROM calendar_overrides o WHERE o.calendar_id = c.id) AS override_count
         FROM working_calendars c ORDER BY c.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      nameVi: row.name_vi,
      nameEn: row.name_en,
      config: row.config,
      overrideCount: row.override_count,
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  /** Overrides of a calendar, by date; only one year's when `year` is given. */
  async listOverrides(calendarId: string, year?: number): Promise<CalendarOverrideView[]> {
    await this.assertCalendarExists(calendarId);
    const rows: OverrideRow[] = await this.database.ready.query(
      `SELECT ${OVERRIDE_COLUMNS} FROM calendar_overrides
        WHERE calendar_id = $1 AND ($2::int IS NULL OR extract(year FROM date) = $2::int)
        ORDER BY date`,
      [calendarId, year ?? null],
    );
    return rows.map(overrideView);
  }

  /** Adds the override, or replaces the one already on that date. */
  async putOverride(
    calendarId: string,
    dto: PutCalendarOverrideDto,
    updatedBy: string | null,
  ): Promise<{ override: CalendarOverrideView; replaced: boolean }> {
    await this.assertCalendarExists(calendarId);
    const rows: (OverrideRow & { inserted: boolean })[] = await this.database.ready.query(
      `INSERT INTO calendar_overrides (calendar_id, date, kind, note_vi, note_en, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (calendar_id, date) DO UPDATE SET
         kind = EXCLUDED.kind, note_vi = EXCLUDED.note_vi, note_en = EXCLUDED.note_en,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${OVERRIDE_COLUMNS}, (xmax = 0) AS inserted`,
      [calendarId, dto.date, dto.kind, dto.noteVi.trim(), dto.noteEn?.trim() || null, updatedBy],
    );
    return { override: overrideView(rows[0]), replaced: !rows[0].inserted };
  }

  async removeOverride(calendarId: string, date: string): Promise<void> {
    await this.assertCalendarExists(calendarId);
    // For DELETE and UPDATE, TypeORM's query() answers [rows, affected].
    const [, deleted]: [unknown[], number] = await this.database.ready.query(
      `DELETE FROM calendar_overrides WHERE calendar_id = $1 AND date = $2`,
      [calendarId, date],
    );
    if (deleted === 0) throw new ApiError(HttpStatus.NOT_FOUND, 'CALENDAR_OVERRIDE_NOT_FOUND');
  }

  private async assertCalendarExists(calendarId: string): Promise<void> {
    const rows: unknown[] = await this.database.ready.query(`SELECT 1 FROM working_calendars WHERE id = $1`, [
      calendarId,
    ]);
    if (rows.length === 0) throw new ApiError(HttpStatus.NOT_FOUND, 'WORKING_CALENDAR_NOT_FOUND');
  }
}
