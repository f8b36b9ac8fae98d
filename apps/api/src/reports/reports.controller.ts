import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  AcknowledgeReportDto,
  ChangePeriodDto,
  CreateSupportRequestDto,
  EvaluationQuery,
  ReportNarrativeDto,
  ReportScheduleDto,
  ReturnReportDto,
  RollUpQuery,
  SubmitReportDto,
  SupportAnswerDto,
  SupportNoteDto,
  SupportRequestsQuery,
} from './dto/report.dto';
import { buildReportCsv, buildReportDocx, type ReportDocumentInput } from './report-document';
import { ReportsService } from './reports.service';

const READERS = ['official', 'personnel', 'leadership', 'working_group', 'admin'] as const;

/** A deployment's reporting: its reports, history, period changes and support requests. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('deployments/:deploymentId')
export class DeploymentReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Báo cáo của một đợt tăng cường / Reports of a deployment',
    description:
      'Every weekly report (with its window, draft, due and missing times, punctuality and versions) and the final ' +
      'report. An official sees only their own deployments; personnel, leadership, the Working Group and admins all.',
  })
  @ApiErrorResponses(401, 403, 404)
  list(@CurrentActor() actor: AuthenticatedActor, @Param('deploymentId') deploymentId: string) {
    return this.reports.listReports(actor, deploymentId);
  }

  @Get('history')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Lịch sử đợt tăng cường / Deployment history',
    description:
      'The plan in force and every event: started, drafts, reminders, late, missing, period changes, reviews.',
  })
  @ApiErrorResponses(401, 403, 404)
  history(@CurrentActor() actor: AuthenticatedActor, @Param('deploymentId') deploymentId: string) {
    return this.reports.history(actor, deploymentId);
  }

  @Post('period')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rút ngắn, kéo dài hoặc kết thúc sớm / Shorten, extend or end a deployment early',
    description:
      'An update of the deployment workflow: recorded in the history; the reporting cycle follows (later cycles are ' +
      'cancelled when shortened, added when extended; the final report moves). 400 DEPLOYMENT_PERIOD_INVALID / ' +
      'VALIDATION_FAILED, 409 DEPLOYMENT_ALREADY_ENDED.',
  })
  @Idempotent()
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  changePeriod(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('deploymentId') deploymentId: string,
    @Body() dto: ChangePeriodDto,
  ) {
    return this.reports.changePeriod(actor, deploymentId, dto);
  }

  @Post('support-requests')
  @Roles('official')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Kiến nghị biện pháp hỗ trợ / Ask the Minister for support (through personnel)',
    description: 'The deployment’s own official only. Open requests appear in section IV of the reports.',
  })
  @Idempotent()
  @ApiErrorResponses(400, 401, 403, 404)
  createSupportRequest(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('deploymentId') deploymentId: string,
    @Body() dto: CreateSupportRequestDto,
  ) {
    return this.reports.createSupportRequest(actor, deploymentId, dto);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('roll-up')
  @Roles('leadership', 'personnel', 'working_group', 'admin')
  @ApiOperation({
    summary: 'Tổng hợp toàn Bộ / Ministry roll-up',
    description:
      'Every deployment of a decision for week N (`week=N`) or the whole period (no week): submitted, late, missing; ' +
      'totals; issues by field and province; proposals; open support requests. Figures are recomputed from the log.',
  })
  @ApiErrorResponses(400, 401, 403, 404)
  rollUp(@Query() query: RollUpQuery) {
    return this.reports.rollUp(query.decision, query.week);
  }

  @Get('evaluation')
  @Roles('personnel', 'leadership', 'admin')
  @ApiOperation({
    summary: 'Số liệu đánh giá từng công chức / Evaluation figures per official',
    description:
      'Reports on time / late / missing, cases raised, handled locally, escalated, resolved, time to ' +
      'resolution, proposals. Figures only: no score.',
  })
  @ApiErrorResponses(400, 401, 403, 404)
  evaluation(@Query() query: EvaluationQuery) {
    return this.reports.evaluation(query.decision);
  }

  @Put('schedule')
  @Roles('admin')
  @ApiOperation({
    summary: 'Lịch báo cáo của một quyết định / Set a decision’s reporting schedule',
    description:
      'Checked as a whole (400 VALIDATION_FAILED naming schedule.<field>); deployments started later use it.',
  })
  @ApiErrorResponses(400, 401, 403, 404)
  setSchedule(@Body() dto: ReportScheduleDto) {
    return this.reports.setSchedule(dto.decision, dto.schedule);
  }

  @Get(':reportId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Một báo cáo / One report (draft figures, narrative, versions)' })
  @ApiErrorResponses(401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Param('reportId') reportId: string) {
    return this.reports.getReport(actor, reportId);
  }

  @Put(':reportId/narrative')
  @Roles('official')
  @ApiOperation({
    summary: 'Viết phần thuyết minh / Write the narrative of sections I–V',
    description: 'The report’s own official. Submitted versions are never changed by this: it prepares the next one.',
  })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  writeNarrative(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('reportId') reportId: string,
    @Body() dto: ReportNarrativeDto,
  ) {
    return this.reports.writeNarrative(actor, reportId, dto);
  }

  @Post(':reportId/submit')
  @Roles('official')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Gửi báo cáo / Submit the report to the Minister through personnel',
    description:
      'Freezes a new immutable version with a document number "NN/BC-<unit>". 409 REPORT_NOT_READY before the draft ' +
      'time; 409 REPORT_ALREADY_SUBMITTED when re-submitting without correctionReason (unless personnel returned it).',
  })
  @Idempotent()
  @ApiErrorResponses(400, 401, 403, 404, 409)
  submit(@CurrentActor() actor: AuthenticatedActor, @Param('reportId') reportId: string, @Body() dto: SubmitReportDto) {
    return this.reports.submit(actor, reportId, dto.correctionReason);
  }

  @Post(':reportId/versions/:version/acknowledge')
  @Roles('personnel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Tiếp nhận báo cáo / Acknowledge a version (personnel)' })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  acknowledge(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('reportId') reportId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() dto: AcknowledgeReportDto,
  ) {
    return this.reports.review(actor, reportId, version, 'acknowledged', dto.comment ?? null);
  }

  @Post(':reportId/versions/:version/return')
  @Roles('personnel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Trả lại để chỉnh sửa / Return a version with a comment (personnel)' })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  returnForCorrection(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('reportId') reportId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() dto: ReturnReportDto,
  ) {
    return this.reports.review(actor, reportId, version, 'returned', dto.comment);
  }

  @Get(':reportId/versions/:version/document.docx')
  @Roles(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ description: 'Văn bản theo Nghị định 30/2020/NĐ-CP / Decree 30 document' })
  @ApiOperation({ summary: 'Tải văn bản .docx / Download the version as a Decree 30 .docx' })
  @ApiErrorResponses(401, 403, 404)
  async docx(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('reportId') reportId: string,
    @Param('version', ParseIntPipe) version: number,
    @Res() response: Response,
  ): Promise<void> {
    const input = await this.documentInput(actor, reportId, version);
    const buffer = await buildReportDocx(input);
    response
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(input)}.docx"`)
      .send(buffer);
  }

  @Get(':reportId/versions/:version/data.csv')
  @Roles(...READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Số liệu (UTF-8 có BOM) / The data behind every figure (UTF-8 with BOM)' })
  @ApiOperation({ summary: 'Tải số liệu CSV / Download the data behind every figure' })
  @ApiErrorResponses(401, 403, 404)
  async csv(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('reportId') reportId: string,
    @Param('version', ParseIntPipe) version: number,
    @Res() response: Response,
  ): Promise<void> {
    const input = await this.documentInput(actor, reportId, version);
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(input)}.csv"`)
      .send(buildReportCsv(input));
  }

  private async documentInput(
    actor: AuthenticatedActor,
    reportId: string,
    versionNumber: number,
  ): Promise<ReportDocumentInput> {
    const { report, deployment, version } = await this.reports.version(actor, reportId, versionNumber);
    return {
      kind: report.kind,
      cycleIndex: report.cycle_index,
      documentNumber: version.document_number,
      issuedAt: version.submitted_at.toISOString(),
      windowStart: report.window_start.toISOString(),
      windowEnd: report.window_end.toISOString(),
      homeUnitName: deployment.homeUnitName,
      homeUnitCode: deployment.homeUnitCode,
      provinceName: deployment.provinceName,
      officialName: deployment.displayName,
      decisionNumber: deployment.decisionNumber,
      narrative: version.narrative,
      figures: version.figures,
      version: version.version,
      correctionReason: version.correction_reason,
    };
  }
}

function fileName(input: ReportDocumentInput): string {
  return `bao-cao-${input.documentNumber.replace(/[^A-Za-z0-9]+/g, '-')}-v${input.version}`;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('support-requests')
export class SupportRequestsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Kiến nghị hỗ trợ / Support requests (an official: their own)' })
  @ApiErrorResponses(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: SupportRequestsQuery) {
    return this.reports.listSupportRequests(actor, query.deploymentId);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Một kiến nghị hỗ trợ / One support request' })
  @ApiErrorResponses(401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.reports.supportRequest(actor, id);
  }

  @Post(':id/acknowledge')
  @Roles('personnel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Tiếp nhận / Acknowledge (personnel)' })
  @ApiErrorResponses(401, 403, 404, 409)
  acknowledge(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.reports.advanceSupportRequest(actor, id, 'acknowledge', null);
  }

  @Post(':id/forward')
  @Roles('personnel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Chuyển Lãnh đạo Bộ / Forward to leadership (personnel)' })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  forward(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() dto: SupportNoteDto) {
    return this.reports.advanceSupportRequest(actor, id, 'forward', dto.note ?? null);
  }

  @Post(':id/answer')
  @Roles('personnel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ghi ý kiến trả lời / Record the answer (personnel)' })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  answer(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() dto: SupportAnswerDto) {
    return this.reports.advanceSupportRequest(actor, id, 'answer', dto.answer);
  }
}
