import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NOTIFICATION_KINDS, type NotificationKind } from '@libs/contracts';

export const INBOX_PAGE_DEFAULT = 20;
export const INBOX_PAGE_MAX = 100;

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'Chỉ thông báo chưa đọc / Only unread ones', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'unread must be "true" or "false"' })
  unread?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: INBOX_PAGE_MAX, default: INBOX_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INBOX_PAGE_MAX)
  limit?: number;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() eventSequence!: number;
  @ApiProperty({ example: 'Vụ việc cần cho ý kiến: …' }) titleVi!: string;
  @ApiProperty({ example: 'Case awaiting your direction: …' }) titleEn!: string;
  @ApiProperty() bodyVi!: string;
  @ApiProperty() bodyEn!: string;
  @ApiProperty({ example: '/cases/5b0c3c4e-8f87-4a4b-9d4e-6d1f0c1e2a33' }) link!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) readAt!: string | null;
}

export class NotificationPageView {
  @ApiProperty({ type: [NotificationView], description: 'Newest first' }) items!: NotificationView[];
  @ApiProperty({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'All unread notifications of the user (not only this page)' }) unreadCount!: number;
}

export class ReadAllResultView {
  @ApiProperty({ description: 'Notifications marked read by this call' }) marked!: number;
  @ApiProperty({ example: 0 }) unreadCount!: number;
}
