import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { MyWorkQuery, MyWorkView } from './dto/my-work.dto';
import { MyWorkService } from './my-work.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('my-work')
export class MyWorkController {
  constructor(private readonly myWork: MyWorkService) {}

  @Get()
  @ApiOperation({
    summary: 'Việc của tôi / My work',
    description:
      'For every signed-in person: what waits on them, by role (a person with several roles gets the union; a role ' +
      'without a group gets empty lists). `toAnswer` for unit heads, the Working Group and leadership, ordered by ' +
      'deadline (soonest first, paused clocks after, no deadline last); `needsMyInput` and `myOpenCases` for ' +
      'officials. `workingTimeLeftMs` counts working time in the calendar of the policy in force (negative when ' +
      'overdue). Only cases within your scope.',
  })
  @ApiOkResponse({ type: MyWorkView })
  @ApiErrorResponses(400, 401, 503)
  get(@Query() query: MyWorkQuery, @CurrentActor() actor: AuthenticatedActor): Promise<MyWorkView> {
    return this.myWork.forActor(actor, query.limit);
  }
}
