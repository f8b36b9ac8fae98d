import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '@libs/domain';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { requestIdOf } from '../common/request-id';
import { CasesService } from './cases.service';
import { CaseEventView, CaseView, CreatedCaseView } from './dto/case.view';
import { CreateCaseDto } from './dto/create-case.dto';

/** Until accounts exist every case is raised by this placeholder actor (see README, "Access"). */
const UNAUTHENTICATED_OFFICIAL: Actor = { userId: 'anonymous', roles: ['official'], unitCode: null, displayName: null };

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Nêu vấn đề mới / Raise an issue',
    description: 'Starts the case workflow; the case id is the workflow id.',
  })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @ApiErrorResponses(400, 503)
  raise(@Body() dto: CreateCaseDto, @Req() request: Request): Promise<CreatedCaseView> {
    return this.cases.raise(dto, UNAUTHENTICATED_OFFICIAL, requestIdOf(request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Xem một vụ việc / One case' })
  @ApiOkResponse({ type: CaseView })
  @ApiErrorResponses(404, 503)
  findOne(@Param('id') id: string): Promise<CaseView> {
    return this.cases.findOne(id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Nhật ký sự kiện của vụ việc / The case event log, oldest first' })
  @ApiOkResponse({ type: [CaseEventView] })
  @ApiErrorResponses(404, 503)
  events(@Param('id') id: string): Promise<CaseEventView[]> {
    return this.cases.events(id);
  }
}
