import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses, ErrorView } from '../common/api-error.decorators';
import { requestIdOf } from '../common/request-id';
import { CurrentIdempotency, type IdempotencyContext } from '../idempotency/idempotency-context';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CaseListService } from './case-list.service';
import { CasesService } from './cases.service';
import { CaseEventView, CaseView, CreatedCaseView } from './dto/case.view';
import { CreateCaseDto } from './dto/create-case.dto';
import { CaseCountView, CaseFilterQuery, CasePageView, ListCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly caseList: CaseListService,
  ) {}

  @Post()
  @Roles('official')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Nêu vấn đề mới / Raise an issue',
    description:
      'Officials only, for a province of their current deployment (else 403 PROVINCE_NOT_IN_DEPLOYMENT). The commune ' +
      "must be a current commune of that province and the field one of the Ministry's (else 400 VALIDATION_FAILED " +
      'naming communeCode or field); a pre-2025 commune is found with GET /api/reference/communes. Starts the case ' +
      'workflow; the case id is the workflow id. With an Idempotency-Key the id is derived from (you, key), so a ' +
      'retry answers 201 with the same case and never starts a second workflow.',
  })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @Idempotent()
  @ApiErrorResponses(400, 401, 403, 503)
  raise(
    @Body() dto: CreateCaseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
    @CurrentIdempotency() idempotency: IdempotencyContext | null,
  ): Promise<CreatedCaseView> {
    return this.cases.raise(dto, actor, requestIdOf(request), idempotency);
  }

  @Get()
  @ApiOperation({
    summary: 'Danh sách vụ việc / List cases',
    description:
      'Only cases within your scope: an official sees the provinces of their current deployment, a unit head the ' +
      'cases routed to their unit, the Working Group, leadership, personnel and admins every case. Filters combine ' +
      'with AND; a filter given several values matches any of them. Pages are keyset-paginated: pass `nextCursor` as ' +
      '`cursor` with the same filters and sort until it is null; every case appears exactly once even when many ' +
      'share the sort value (ties are broken by id). A cursor that was altered or belongs to another query is ' +
      '400 INVALID_CURSOR.',
  })
  @ApiOkResponse({
    type: CasePageView,
    description:
      'e.g. GET /api/cases?status=escalated,awaiting_info&province=01&q=bo%20tri%20cong%20chuc&sort=answerDeadline&order=asc',
  })
  @ApiResponse({
    status: 400,
    type: ErrorView,
    description: 'VALIDATION_FAILED (naming the parameter), INVALID_CURSOR',
  })
  @ApiErrorResponses(401, 503)
  list(@Query() query: ListCasesQuery, @CurrentActor() actor: AuthenticatedActor): Promise<CasePageView> {
    return this.caseList.list(query, actor);
  }

  @Get('count')
  @ApiOperation({
    summary: 'Đếm vụ việc / Count cases',
    description: 'How many cases within your scope match the filters (the same filters as the list).',
  })
  @ApiOkResponse({ type: CaseCountView })
  @ApiErrorResponses(400, 401, 503)
  async count(@Query() query: CaseFilterQuery, @CurrentActor() actor: AuthenticatedActor): Promise<CaseCountView> {
    return { total: await this.caseList.count(query, actor) };
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
