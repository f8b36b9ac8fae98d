import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { NOTIFICATION_ENTITIES } from './notifications';
import { IDENTITY_ENTITIES } from './identity';
import { REFERENCE_ENTITIES } from './reference';
import { REPORT_ENTITIES } from './reports';
import { SLA_ENTITIES } from './sla';

export { CaseEntity, CaseEventEntity };
export * from './identity';

/** Every entity the DataSource knows; add new ones here. */
export const ALL_ENTITIES = [
  CaseEntity,
  CaseEventEntity,
  ...REFERENCE_ENTITIES,
  ...SLA_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...REPORT_ENTITIES,
];
