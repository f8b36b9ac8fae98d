import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidGregorianDate } from '@libs/domain/calendar';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused), between 1900 and 2200. */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1900 && year <= 2200 && isValidGregorianDate(year, month, day);
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a real date written YYYY-MM-DD, e.g. 2026-02-16`,
      },
    },
    options,
  );
}

/** Reminder points: a list of at most 10 distinct numbers strictly between 0 and 1, ascending. */
export function IsReminderFractions(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isReminderFractions',
      validator: {
        validate: (value) =>
          Array.isArray(value) &&
          value.length <= 10 &&
          value.every(
            (item, index) =>
              typeof item === 'number' &&
              Number.isFinite(item) &&
              item > 0 &&
              item < 1 &&
              (index === 0 || item > (value[index - 1] as number)),
          ),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ascending list of at most 10 fractions strictly between 0 and 1, e.g. [0.5, 0.9]`,
      },
    },
    options,
  );
}
