import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  CASE_STATUSES,
  ESCALATION_LEVELS,
  type AuthenticatedActor,
  type CaseStatus,
  type EscalationLevel,
  type TimelineStage,
} from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { CaseTimelineService, type CaseTimeline } from './case-timeline.service';
import { CaseEventView } from './dto/case.view';

class TimelineStageView implements TimelineStage {
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ enum: ESCALATION_LEVELS, nullable: true }) level!: EscalationLevel | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'Null: the case is still in this stage' }) endedAt!:
    string | null;
  @ApiProperty({ description: 'Thời gian của giai đoạn (ms) / Stage duration in ms' }) durationMs!: number;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'Hạn xử lý đang áp dụng / Deadline in force' })
  deadlineAt!: string | null;
  @ApiProperty({ nullable: true }) policyId!: string | null;
  @ApiProperty({ nullable: true, description: 'Kết thúc trước hạn? / Ended before the deadline?' })
  endedBeforeDeadline!: boolean | null;
  @ApiProperty({ type: [Number] }) eventSequences!: number[];
}

class CaseTimelineView implements CaseTimeline {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: [TimelineStageView] }) stages!: TimelineStageView[];
  @ApiProperty({ type: [CaseEventView] }) events!: CaseEventView[];
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id/timeline')
export class CaseTimelineController {
  constructor(private readonly timelines: CaseTimelineService) {}

  @Get()
  @ApiOperation({ summary: 'Các giai đoạn xử lý và thời gian / Stages of the case with durations and deadlines' })
  @ApiOkResponse({ type: CaseTimelineView })
  @ApiErrorResponses(404, 503)
  timeline(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<CaseTimeline> {
    return this.timelines.timeline(id, actor);
  }
}
