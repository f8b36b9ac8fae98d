import { QueryFailedError } from 'typeorm';
import type { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed } from '../common/field-errors';

/** PostgreSQL's SQLSTATE and constraint name of a failed statement, when it is one. */
export function postgresError(error: unknown): { code?: string; constraint?: string } | null {
  if (!(error instanceof QueryFailedError)) return null;
  return error.driverError as { code?: string; constraint?: string };
}

export function unknownCalendar(calendarId: string): ApiError {
  return validationFailed(
    fieldProblem(
      'calendarId',
      'exists',
      `Không có lịch làm việc "${calendarId}" (xem GET /api/sla/calendars).`,
      `No working calendar "${calendarId}" (see GET /api/sla/calendars).`,
    ),
  );
}
