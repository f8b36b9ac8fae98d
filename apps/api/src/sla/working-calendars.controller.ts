import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  CalendarOverrideParams,
  ListCalendarOverridesQuery,
  PutCalendarOverrideDto,
} from './dto/calendar-override.dto';
import { CalendarOverrideView, WorkingCalendarView } from './dto/sla.views';
import { WorkingCalendarsService } from './working-calendars.service';

/** Working calendars and their yearly override table (DOMAIN.md §5). */
@ApiTags('sla (admin)')
@Roles('admin')
@Controller('sla/calendars')
export class WorkingCalendarsController {
  constructor(private readonly calendars: WorkingCalendarsService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách lịch làm việc / List working calendars' })
  @ApiOkResponse({ type: [WorkingCalendarView] })
  @ApiErrorResponses(503)
  list(): Promise<WorkingCalendarView[]> {
    return this.calendars.list();
  }

  @Get(':calendarId/overrides')
  @ApiOperation({ summary: 'Ngày nghỉ thêm, ngày làm bù của một lịch / Overrides of a calendar (optionally one year)' })
  @ApiOkResponse({ type: [CalendarOverrideView] })
  @ApiErrorResponses(400, 404, 503)
  listOverrides(
    @Param('calendarId') calendarId: string,
    @Query() query: ListCalendarOverridesQuery,
  ): Promise<CalendarOverrideView[]> {
    return this.calendars.listOverrides(calendarId, query.year);
  }

  @Post(':calendarId/overrides')
  @ApiOperation({
    summary: 'Thêm hoặc thay ngày điều chỉnh / Add an override, or replace the one on that date',
    description: '201 when added, 200 when it replaced the override already on that date.',
  })
  @ApiCreatedResponse({ type: CalendarOverrideView })
  @ApiOkResponse({ type: CalendarOverrideView })
  @Idempotent()
  @ApiErrorResponses(400, 404, 503)
  async putOverride(
    @Param('calendarId') calendarId: string,
    @Body() dto: PutCalendarOverrideDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CalendarOverrideView> {
    const { override, replaced } = await this.calendars.putOverride(calendarId, dto, actor.userId);
    response.status(replaced ? HttpStatus.OK : HttpStatus.CREATED);
    return override;
  }

  @Delete(':calendarId/overrides/:date')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Xoá ngày điều chỉnh / Remove an override' })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 404, 503)
  removeOverride(@Param() params: CalendarOverrideParams): Promise<void> {
    return this.calendars.removeOverride(params.calendarId, params.date);
  }
}
