import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import {
  EditGuidanceDto,
  GuidanceSearchQuery,
  LinkCaseDto,
  LinkGuidanceDto,
  PublishFinalReportLessonsDto,
  PublishLessonDto,
  RetireGuidanceDto,
  SuggestionsQuery,
} from './dto/guidance.dto';
import { GuidanceService, type GuidanceEntryView, type GuidanceHit, type SimilarCase } from './guidance.service';

@ApiTags('guidance')
@ApiBearerAuth()
@Controller()
export class GuidanceController {
  constructor(private readonly guidance: GuidanceService) {}

  @Get('guidance')
  @ApiOperation({
    summary: 'Tìm trong thư viện hướng dẫn / Search the guidance library',
    description:
      'Không phân biệt dấu và hoa thường ("chinh quyen" tìm được "chính quyền"); xếp hạng theo độ khớp; đánh dấu ' +
      'chỗ khớp bằng <mark>. / Diacritics and case do not matter; ranked by match; matches wrapped in <mark>.',
  })
  @ApiErrorResponses(400, 503)
  async search(@Query() query: GuidanceSearchQuery): Promise<{ items: GuidanceHit[] }> {
    return { items: await this.guidance.search(query.q, { field: query.field, limit: query.limit }) };
  }

  @Get('suggestions')
  @ApiOperation({
    summary: 'Gợi ý khi nêu vụ việc / Suggestions while raising an issue',
    description:
      'Hướng dẫn tương tự và vụ việc đang mở tương tự trong phạm vi của bạn (có thể trùng). Từ một vụ việc trùng: ' +
      'POST /api/cases/{id}/links để liên kết, hoặc POST /api/cases/{id}/merge để rút và gộp vào vụ việc đó. / ' +
      'Similar guidance and similar open cases within your scope (possible duplicates). Link one with ' +
      'POST /api/cases/{id}/links, or withdraw in favour of it with POST /api/cases/{id}/merge.',
  })
  @ApiErrorResponses(400, 503)
  suggestions(
    @Query() query: SuggestionsQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<{ guidance: GuidanceHit[]; similarOpenCases: SimilarCase[] }> {
    return this.guidance.suggestions(query, actor);
  }

  @Get('guidance/:id')
  @ApiOperation({
    summary: 'Một mục hướng dẫn, lịch sử sửa và mục liên quan / An entry, its history and related entries',
  })
  @ApiErrorResponses(404, 503)
  entry(@Param('id') id: string): Promise<GuidanceEntryView> {
    return this.guidance.entry(id);
  }

  @Patch('guidance/:id')
  @Roles('working_group')
  @ApiOperation({ summary: 'Sửa mục hướng dẫn (giữ lịch sử) / Edit an entry (history kept)' })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  edit(@Param('id') id: string, @Body() body: EditGuidanceDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.edit(id, body, actor);
  }

  @Post('guidance/:id/retire')
  @Roles('working_group')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ngừng áp dụng mục hướng dẫn / Retire an entry' })
  @ApiErrorResponses(400, 403, 404, 503)
  retire(@Param('id') id: string, @Body() body: RetireGuidanceDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.retire(id, body.reason, actor);
  }

  @Post('guidance/:id/links')
  @Roles('working_group')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liên kết mục hướng dẫn liên quan / Link a related entry' })
  @ApiErrorResponses(400, 403, 404, 503)
  link(@Param('id') id: string, @Body() body: LinkGuidanceDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.link(id, body.relatedEntryId, actor);
  }

  @Post('guidance/lessons')
  @Roles('working_group', 'personnel')
  @ApiOperation({
    summary: 'Đăng bài học kinh nghiệm thành mục hướng dẫn / Publish a lesson learned as an entry',
    description: "Idempotent on sourceReference (the reports feature calls it for a final report's lessons).",
  })
  @ApiErrorResponses(400, 403, 503)
  publishLesson(@Body() body: PublishLessonDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.publishLesson(body, actor);
  }

  @Post('guidance/lessons/from-final-report')
  @Roles('working_group', 'personnel')
  @ApiOperation({
    summary:
      "Đăng bài học kinh nghiệm của báo cáo cuối đợt thành mục hướng dẫn / Publish a final report's lessons as an entry",
    description:
      'Câu trả lời là phần "Bài học kinh nghiệm" của phiên bản đã nộp mới nhất; đăng lại trả về cùng mục. / The ' +
      'answer is the lessons-learned section of the latest submitted version; publishing again returns the same entry.',
  })
  @ApiErrorResponses(400, 403, 404, 409, 503)
  publishFinalReportLessons(@Body() body: PublishFinalReportLessonsDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.publishFinalReportLessons(body, actor);
  }

  @Post('cases/:id/links')
  @Roles('official', 'working_group')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liên kết vụ việc có thể trùng / Link a possible duplicate case' })
  @ApiErrorResponses(400, 403, 404, 503)
  linkCase(@Param('id') id: string, @Body() body: LinkCaseDto, @CurrentActor() actor: AuthenticatedActor) {
    return this.guidance.linkCases(id, body.relatedCaseId, actor);
  }
}
