import { Controller, Get, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { AUDIT_FIGURES, figureDocs, type AuditFigureName } from './audit-figures';
import { sendCsv } from './audit-csv';
import { AuditService, type CaseAuditView, type DrillDownPage, type FigureResult } from './audit.service';
import { AuditDrillDownQuery, AuditFilterQuery } from './dto/audit-filter.query';
import { REPORT_PUNCTUALITY, ReportPunctualityService } from './report-punctuality';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DRILL_COLUMNS = [
  'caseId',
  'title',
  'provinceCode',
  'communeCode',
  'field',
  'priority',
  'status',
  'raisedAt',
  'raisedByUserId',
  'currentLevel',
  'maxLevel',
  'unitCode',
  'firstAnswerWorkingMs',
  'resolutionWorkingMs',
  'breachCount',
  'autoEscalationCount',
];

function figureName(value: string): AuditFigureName {
  if (!(AUDIT_FIGURES as readonly string[]).includes(value))
    throw new ApiError(HttpStatus.NOT_FOUND, 'UNKNOWN_AUDIT_FIGURE');
  return value as AuditFigureName;
}

/** Leadership's audit (DOMAIN.md §7): per-case timelines and figures across cases, each with its drill-down. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('leadership', 'personnel', 'working_group')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly punctuality: ReportPunctualityService,
  ) {}

  @Get('figures/report-punctuality')
  @ApiOperation({
    summary: 'Tỷ lệ nộp báo cáo tuần đúng hạn / Weekly-report punctuality (format=csv to download)',
    description: `${REPORT_PUNCTUALITY.definitionVi}\n\n${REPORT_PUNCTUALITY.definitionEn}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Rows "all", "province:…", "official:…" with reportsHref (the drill-down)' })
  @ApiErrorResponses(400, 403, 503)
  async reportPunctuality(
    @Query() query: AuditFilterQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.punctuality.figure(query, actor);
    if (query.format !== 'csv') return result;
    const columns = ['key', 'reports', 'onTime', 'late', 'missing', 'punctuality', 'reportsHref'];
    sendCsv(response, 'audit-report-punctuality.csv', columns, result.rows as unknown as Record<string, unknown>[]);
    return undefined;
  }

  @Get('figures/report-punctuality/reports')
  @ApiOperation({
    summary: 'Các báo cáo sau một dòng / The weekly reports behind a punctuality row (format=csv to download all)',
    description:
      'Cùng bộ lọc; `key` chọn dòng ("all" nếu bỏ trống). Sắp theo hạn nộp, phân trang bằng con trỏ. / Same filters; ' +
      '`key` picks the row ("all" when absent). Ordered by due time, cursor-paginated.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrorResponses(400, 403, 503)
  async reportPunctualityReports(
    @Query() query: AuditDrillDownQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (query.format !== 'csv') return this.punctuality.drillDown(query, actor);
    const items = await this.punctuality.drillDownAll(query, actor);
    const columns = [
      'reportId',
      'deploymentId',
      'officialUserId',
      'officialName',
      'provinceCode',
      'cycleIndex',
      'windowStart',
      'windowEnd',
      'dueAt',
      'missingAt',
      'firstSubmittedAt',
      'punctuality',
    ];
    sendCsv(response, 'audit-report-punctuality-reports.csv', columns, items as unknown as Record<string, unknown>[]);
    return undefined;
  }

  @Get('cases/:id')
  @ApiOperation({
    summary: 'Kiểm tra một vụ việc / The audit of one case',
    description:
      'Mỗi lượt ở một cấp: thời gian làm việc và thời gian lịch, hạn ban đầu và hạn đang áp dụng, thời gian chờ bổ ' +
      'sung thông tin (tách khỏi thời gian cấp trả lời giữ), quá hạn, tự động chuyển cấp. / Every stint at a level ' +
      'with working and calendar durations (running ones up to now), the initial deadline and the one in force, ' +
      'time waiting for information apart from the time the answerer held it, breaches and automatic escalations.',
  })
  @ApiErrorResponses(403, 404, 503)
  caseAudit(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<CaseAuditView> {
    if (!UUID.test(id)) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    return this.audit.caseAudit(id.toLowerCase(), actor);
  }

  @Get('figures/:figure')
  @ApiOperation({
    summary: 'Một số liệu kiểm tra / One audit figure (format=csv to download)',
    description: `Định nghĩa các số liệu / Definitions:\n\n${figureDocs()}`,
  })
  @ApiParam({ name: 'figure', enum: AUDIT_FIGURES })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Rows with a key, the values and casesHref (the drill-down)' })
  @ApiErrorResponses(400, 403, 404, 503)
  async figure(
    @Param('figure') figure: string,
    @Query() query: AuditFilterQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FigureResult | undefined> {
    const result = await this.audit.figure(figureName(figure), query, actor);
    if (query.format !== 'csv') return result;
    const columns = ['key', ...new Set(result.rows.flatMap((row) => Object.keys(row)).filter((k) => k !== 'key'))];
    sendCsv(response, `audit-${figure}.csv`, columns, result.rows);
    return undefined;
  }

  @Get('figures/:figure/cases')
  @ApiOperation({
    summary: 'Các vụ việc sau một số liệu / The cases behind a figure row (format=csv to download all)',
    description:
      'Cùng bộ lọc với số liệu; `key` chọn dòng. Sắp theo thời điểm nêu vụ việc, phân trang bằng con trỏ. / ' +
      'Same filters as the figure; `key` picks the row. Ordered by raised time, cursor-paginated.',
  })
  @ApiParam({ name: 'figure', enum: AUDIT_FIGURES })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrorResponses(400, 403, 404, 503)
  async drillDown(
    @Param('figure') figure: string,
    @Query() query: AuditDrillDownQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DrillDownPage | undefined> {
    const name = figureName(figure);
    if (query.format !== 'csv') return this.audit.drillDown(name, query, actor);
    const items = await this.audit.drillDownAll(name, query, actor);
    sendCsv(response, `audit-${figure}-cases.csv`, DRILL_COLUMNS, items as unknown as Record<string, unknown>[]);
    return undefined;
  }
}
