import type { CaseEventActivities } from './case-events.activities';

export { CaseEventActivities } from './case-events.activities';

/** The activity functions the case workflow calls, as seen through `proxyActivities`. */
export interface CaseActivities {
  recordCaseEvent: CaseEventActivities['recordCaseEvent'];
}
