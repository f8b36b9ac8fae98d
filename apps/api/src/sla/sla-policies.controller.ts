import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { SlaPolicyView } from './dto/sla.views';
import { SlaPoliciesService } from './sla-policies.service';

/**
 * Answer-target policies (DOMAIN.md §5), editable without redeploying. A level keeps the policy it started with,
 * so changes apply to levels that start afterwards.
 */
@ApiTags('sla (admin)')
@Roles('admin')
@Controller('sla/policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách chính sách thời hạn / List answer-target policies' })
  @ApiOkResponse({ type: [SlaPolicyView] })
  @ApiErrorResponses(400, 503)
  list(@Query() query: ListSlaPoliciesQuery): Promise<SlaPolicyView[]> {
    return this.policies.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một chính sách / One policy' })
  @ApiOkResponse({ type: SlaPolicyView })
  @ApiErrorResponses(404, 503)
  findOne(@Param('id') id: string): Promise<SlaPolicyView> {
    return this.policies.findOne(id);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Thêm chính sách / Create a policy',
    description: 'At most one active policy per set and scope (field, priority, level): a second one answers 409.',
  })
  @ApiCreatedResponse({ type: SlaPolicyView })
  @Idempotent()
  @ApiErrorResponses(400, 409, 503)
  create(@Body() dto: CreateSlaPolicyDto, @CurrentActor() actor: AuthenticatedActor): Promise<SlaPolicyView> {
    return this.policies.create(dto, actor.userId);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Sửa chính sách / Update a policy (allowance, reminders, calendar, active)' })
  @ApiOkResponse({ type: SlaPolicyView })
  @ApiErrorResponses(400, 404, 409, 503)
  update(
    @Param('id') id: string,
    @Body() dto: UpdateSlaPolicyDto,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<SlaPolicyView> {
    return this.policies.update(id, dto, actor.userId);
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ngừng áp dụng chính sách / Deactivate a policy (kept for the record)' })
  @ApiOkResponse({ type: SlaPolicyView })
  @ApiErrorResponses(404, 503)
  deactivate(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<SlaPolicyView> {
    return this.policies.deactivate(id, actor.userId);
  }
}
