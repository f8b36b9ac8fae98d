import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { requestIdOf } from '../common/request-id';
import { CasesService } from './cases.service';
import { CaseEventView, CaseView, CreatedCaseView } from './dto/case.view';
import { CreateCaseDto } from './dto/create-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('official')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Nêu vấn đề mới / Raise an issue',
    description:
      'Officials only, for a province of their current deployment (else 403 PROVINCE_NOT_IN_DEPLOYMENT). ' +
      'Starts the case workflow; the case id is the workflow id.',
  })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @ApiErrorResponses(400, 401, 403, 503)
  raise(
    @Body() dto: CreateCaseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ): Promise<CreatedCaseView> {
    return this.cases.raise(dto, actor, requestIdOf(request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Xem một vụ việc / One case' })
  @ApiOkResponse({ type: CaseView })
  @ApiErrorResponses(401, 404, 503)
  findOne(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<CaseView> {
    return this.cases.findOne(id, actor);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Nhật ký sự kiện của vụ việc / The case event log, oldest first' })
  @ApiOkResponse({ type: [CaseEventView] })
  @ApiErrorResponses(401, 404, 503)
  events(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<CaseEventView[]> {
    return this.cases.events(id, actor);
  }
}
