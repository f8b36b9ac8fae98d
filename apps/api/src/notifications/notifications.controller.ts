import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import {
  ListNotificationsQuery,
  NotificationPageView,
  NotificationView,
  ReadAllResultView,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** The signed-in person's notifications (written by the case workflow through the `notify` activity). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Thông báo của tôi / My notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageView })
  @ApiErrorResponses(400, 401, 503)
  list(
    @Query() query: ListNotificationsQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<NotificationPageView> {
    return this.notifications.list(actor.userId, {
      unreadOnly: query.unread === 'true',
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Đánh dấu tất cả đã đọc / Mark all read' })
  @ApiOkResponse({ type: ReadAllResultView })
  @ApiErrorResponses(401, 503)
  markAllRead(@CurrentActor() actor: AuthenticatedActor): Promise<ReadAllResultView> {
    return this.notifications.markAllRead(actor.userId);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Đánh dấu đã đọc / Mark one read' })
  @ApiOkResponse({ type: NotificationView })
  @ApiErrorResponses(401, 404, 503)
  markRead(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<NotificationView> {
    return this.notifications.markRead(actor.userId, id);
  }
}
