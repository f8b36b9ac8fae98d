import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { REFERENCE_ENTITIES } from './reference';

export { CaseEntity, CaseEventEntity };

/** Every entity the DataSource knows; add new ones here. */
export const ALL_ENTITIES = [CaseEntity, CaseEventEntity, ...REFERENCE_ENTITIES];
