import { Module } from '@nestjs/common';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesService } from './sla-policies.service';
import { WorkingCalendarsController } from './working-calendars.controller';
import { WorkingCalendarsService } from './working-calendars.service';

/** Admin endpoints for answer-target policies and working calendars. */
@Module({
  controllers: [SlaPoliciesController, WorkingCalendarsController],
  providers: [SlaPoliciesService, WorkingCalendarsService],
})
export class SlaModule {}
