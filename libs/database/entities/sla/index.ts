import { CalendarOverrideEntity } from './calendar-override.entity';
import { SlaPolicyEntity } from './sla-policy.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

export type { StoredCalendarConfig } from './working-calendar.entity';
export { CalendarOverrideEntity, SlaPolicyEntity, WorkingCalendarEntity };

/** Answer-target policies and the working calendars they count in. */
export const SLA_ENTITIES = [WorkingCalendarEntity, CalendarOverrideEntity, SlaPolicyEntity];
