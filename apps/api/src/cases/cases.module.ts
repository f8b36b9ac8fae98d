import { Module } from '@nestjs/common';
import { ReferenceModule } from '@libs/reference';
import { CaseListService } from './case-list.service';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';
import { CaseTimelineController } from './case-timeline.controller';
import { CaseTimelineService } from './case-timeline.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [ReferenceModule],
  controllers: [CasesController, CaseActionsController, CaseTimelineController],
  providers: [CasesService, CaseListService, CaseActionsService, CaseTimelineService],
})
export class CasesModule {}
