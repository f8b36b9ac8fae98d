import { Module } from '@nestjs/common';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';
import { CaseTimelineController } from './case-timeline.controller';
import { CaseTimelineService } from './case-timeline.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController, CaseActionsController, CaseTimelineController],
  providers: [CasesService, CaseActionsService, CaseTimelineService],
})
export class CasesModule {}
