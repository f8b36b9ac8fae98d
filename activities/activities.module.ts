import { Module } from '@nestjs/common';
import { CaseEventActivities } from './case-events.activities';
import type { CaseActivities } from './index';

/** Activity classes, built by Nest DI so they share the process's DataSource and configuration. */
@Module({
  providers: [CaseEventActivities],
  exports: [CaseEventActivities],
})
export class ActivitiesModule {}

/** Flattens the injectable activity classes into the name → function map the Temporal worker registers. */
export function activityFunctions(caseEvents: CaseEventActivities): CaseActivities {
  return {
    recordCaseEvent: caseEvents.recordCaseEvent.bind(caseEvents),
  };
}
