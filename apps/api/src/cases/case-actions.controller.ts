import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedActor, CaseAction } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { requestIdOf } from '../common/request-id';
import { idempotencyOf } from '../idempotency/idempotency-context';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CaseActionsService } from './case-actions.service';
import {
  AnswerDto,
  AssigneeView,
  CaseActionResultView,
  CaseActionsView,
  DecidePolicyDto,
  EscalateDto,
  ForwardDto,
  HandleLocallyDto,
  MergeDto,
  ProposePolicyDto,
  ProvideInfoDto,
  ReassignDto,
  ReopenDto,
  RequestInfoDto,
  ResolveDto,
  WithdrawDto,
} from './dto/case-actions.dto';

/**
 * Every action of the case lifecycle (DOMAIN.md §4). Each one is a Temporal update on the case workflow: the answer
 * says at once whether it was accepted. Refusals: 400 bad input, 403 wrong role or person, 409 wrong state — each
 * with a stable code (e.g. CASE_NOT_ESCALATED, NOT_ASSIGNED_LEVEL, ALREADY_ANSWERED).
 */
@ApiTags('case actions')
@ApiBearerAuth()
@Controller('cases/:id')
@Idempotent()
export class CaseActionsController {
  constructor(private readonly actions: CaseActionsService) {}

  private run(id: string, actor: AuthenticatedActor, action: CaseAction, request: Request) {
    return this.actions.perform(id, actor, action, requestIdOf(request), idempotencyOf(request));
  }

  @Get('actions')
  @ApiOperation({
    summary: 'Các thao tác bạn được thực hiện lúc này / The actions you may take now',
    description:
      'Every action type in display order, each with `allowed` and, when it is not, the refusal the action would ' +
      'get now (stable code, Vietnamese and English message). Computed from the committed case by the same ' +
      'lifecycle rules the workflow validates with; the web console draws its buttons from it.',
  })
  @ApiOkResponse({ type: CaseActionsView })
  @ApiErrorResponses(401, 404, 503)
  allowed(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<CaseActionsView> {
    return this.actions.availability(id, actor);
  }

  @Get('assignees')
  @Roles('unit_head', 'working_group', 'leadership')
  @ApiOperation({
    summary: 'Những người có thể được giao vụ việc / Who the case can be reassigned to',
    description:
      "Active accounts that may answer at the case's current level (for the unit head level: the unit's heads, of " +
      "`unitCode` when given, else of the case's unit; the Working Group and leadership above them), for the " +
      'reassign picker. The same rule the reassign action checks.',
  })
  @ApiQuery({ name: 'unitCode', required: false, description: 'Đơn vị sẽ giao / The unit it will be assigned to' })
  @ApiQuery({
    name: 'q',
    required: false,
    description: 'Tên hoặc tên đăng nhập (không dấu cũng được) / Name or username',
  })
  @ApiOkResponse({ type: [AssigneeView] })
  @ApiErrorResponses(401, 403, 404, 503)
  assignees(
    @Param('id') id: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Query('unitCode') unitCode?: string,
    @Query('q') q?: string,
  ): Promise<AssigneeView[]> {
    const text = (value: unknown) =>
      typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined;
    return this.actions.assignees(id, actor, text(unitCode), text(q));
  }

  @Post('handle-locally')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hướng dẫn, xử lý tại chỗ / Handle locally (official)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  handleLocally(
    @Param('id') id: string,
    @Body() dto: HandleLocallyDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'handle_locally', note: dto.note }, req);
  }

  @Post('escalate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Xin ý kiến Thủ trưởng đơn vị hoặc Tổ công tác / Escalate (official)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  escalate(
    @Param('id') id: string,
    @Body() dto: EscalateDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'escalate', target: dto.target, question: dto.question }, req);
  }

  @Post('request-info')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đề nghị bổ sung thông tin (tạm dừng thời hạn) / Request information (pauses the deadline)',
  })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  requestInfo(
    @Param('id') id: string,
    @Body() dto: RequestInfoDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'request_info', question: dto.question }, req);
  }

  @Post('provide-info')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Bổ sung thông tin (thời hạn tiếp tục) / Provide information (the deadline resumes)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  provideInfo(
    @Param('id') id: string,
    @Body() dto: ProvideInfoDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'provide_info', information: dto.information }, req);
  }

  @Post('answer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cho ý kiến chỉ đạo / Answer the escalation' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  answer(
    @Param('id') id: string,
    @Body() dto: AnswerDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      {
        type: 'answer',
        text: dto.text,
        publishAsGuidance: dto.publishAsGuidance,
        ...(dto.legalBasis ? { legalBasis: dto.legalBasis } : {}),
      },
      req,
    );
  }

  @Post('forward')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Chuyển đơn vị / cấp khác (thời hạn mới) / Forward to another unit or level (new deadline)',
  })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  forward(
    @Param('id') id: string,
    @Body() dto: ForwardDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      {
        type: 'forward',
        reason: dto.reason,
        ...(dto.toLevel ? { toLevel: dto.toLevel } : {}),
        ...(dto.toUnitCode ? { toUnitCode: dto.toUnitCode } : {}),
      },
      req,
    );
  }

  @Post('reassign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Giao lại người xử lý (Tổ công tác) / Reassign (Working Group)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  reassign(
    @Param('id') id: string,
    @Body() dto: ReassignDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      {
        type: 'reassign',
        assigneeUserId: dto.assigneeUserId,
        ...(dto.unitCode ? { unitCode: dto.unitCode } : {}),
        ...(dto.reason ? { reason: dto.reason } : {}),
      },
      req,
    );
  }

  @Post('resolve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ghi nhận kết quả xử lý (đóng vụ việc) / Resolve (closes the case)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  resolve(
    @Param('id') id: string,
    @Body() dto: ResolveDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'resolve', outcome: dto.outcome }, req);
  }

  @Post('propose-policy')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Đề xuất chính sách / Propose a policy change' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  proposePolicy(
    @Param('id') id: string,
    @Body() dto: ProposePolicyDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'propose_policy', proposal: dto.proposal }, req);
  }

  @Post('decide-policy')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Quyết định đề xuất chính sách (Lãnh đạo Bộ) / Decide a policy proposal (leadership)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  decidePolicy(
    @Param('id') id: string,
    @Body() dto: DecidePolicyDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      { type: 'decide_policy', decision: dto.decision, ...(dto.note ? { note: dto.note } : {}) },
      req,
    );
  }

  @Post('withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Rút vụ việc / Withdraw' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  withdraw(
    @Param('id') id: string,
    @Body() dto: WithdrawDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'withdraw', reason: dto.reason }, req);
  }

  @Post('merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Gộp vào vụ việc trùng / Merge as a duplicate of another case' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  merge(
    @Param('id') id: string,
    @Body() dto: MergeDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'merge', intoCaseId: dto.intoCaseId, caseId: id }, req);
  }

  @Post('reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mở lại (trong 30 ngày) / Reopen (within 30 days of resolution)' })
  @ApiOkResponse({ type: CaseActionResultView })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  reopen(
    @Param('id') id: string,
    @Body() dto: ReopenDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, { type: 'reopen', reason: dto.reason }, req);
  }
}
