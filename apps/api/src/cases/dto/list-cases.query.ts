import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  ESCALATION_LEVELS,
  MINISTRY_FIELD_CODES,
  type CasePriority,
  type CaseStatus,
  type EscalationLevel,
} from '@libs/domain';
import { IsCalendarDate } from '../../sla/dto/sla-validators';
import { CASE_SORTS, SORT_ORDERS, type CaseSort, type SortOrder } from '../case-list-cursor';
import { CaseView } from './case.view';

export const CASE_PAGE_DEFAULT = 20;
export const CASE_PAGE_MAX = 100;
const MAX_LIST_VALUES = 50;

/** `?status=a&status=b` and `?status=a,b` both give ['a', 'b']; anything that is not text is left for validation. */
function listOf({ value }: { value: unknown }): unknown {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts
    .flatMap((part) => part.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const LIST_NOTE = 'Lặp lại tham số hoặc phân cách bằng dấu phẩy / Repeat the parameter or separate values by commas';

/** Filters shared by the case list and the case count. Every value is checked; unknown parameters are refused. */
export class CaseFilterQuery {
  @ApiPropertyOptional({ description: `Trạng thái / Status. ${LIST_NOTE}`, enum: CASE_STATUSES, isArray: true })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @IsIn(CASE_STATUSES, { each: true, message: `status must be among: ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus[];

  @ApiPropertyOptional({ description: `Mã tỉnh / Province code. ${LIST_NOTE}`, type: [String], example: ['01'] })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @Matches(/^[0-9]{2}$/, { each: true, message: 'province must be two-digit province codes, e.g. "01"' })
  province?: string[];

  @ApiPropertyOptional({ description: `Mã xã / Commune code. ${LIST_NOTE}`, type: [String], example: ['00004'] })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @Matches(/^[0-9]{5}$/, { each: true, message: 'commune must be five-digit commune codes, e.g. "00004"' })
  commune?: string[];

  @ApiPropertyOptional({ description: `Lĩnh vực / Field. ${LIST_NOTE}`, enum: MINISTRY_FIELD_CODES, isArray: true })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @IsIn(MINISTRY_FIELD_CODES, { each: true, message: `field must be among: ${MINISTRY_FIELD_CODES.join(', ')}` })
  field?: string[];

  @ApiPropertyOptional({ description: `Mức ưu tiên / Priority. ${LIST_NOTE}`, enum: CASE_PRIORITIES, isArray: true })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @IsIn(CASE_PRIORITIES, { each: true, message: `priority must be among: ${CASE_PRIORITIES.join(', ')}` })
  priority?: CasePriority[];

  @ApiPropertyOptional({
    description: `Cấp đang xin ý kiến / Escalation level. ${LIST_NOTE}`,
    enum: ESCALATION_LEVELS,
    isArray: true,
  })
  @IsOptional()
  @Transform(listOf)
  @ArrayMaxSize(MAX_LIST_VALUES)
  @IsIn(ESCALATION_LEVELS, { each: true, message: `level must be among: ${ESCALATION_LEVELS.join(', ')}` })
  level?: EscalationLevel[];

  @ApiPropertyOptional({
    description:
      'true: chỉ vụ việc đang xin ý kiến đã quá hạn trả lời; false: loại chúng ra / true: only escalated cases past ' +
      'their answer deadline; false: leave them out',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be "true" or "false"' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({
    description: 'Người được giao đích danh (mã tài khoản, hoặc "me") / Named assignee: a user id, or "me"',
    example: 'me',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be a user id (UUID) or "me"',
  })
  assignee?: string;

  @ApiPropertyOptional({
    description:
      'Tìm trong tiêu đề và mô tả, có dấu hay không dấu đều được; mọi từ phải có mặt / Text in the title or ' +
      'description, with or without diacritics; every word must occur',
    example: 'bo tri cong chuc',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    description: 'Nêu từ ngày (giờ Việt Nam, tính cả ngày này) / Raised on or after this day (Viet Nam time)',
    example: '2025-08-20',
  })
  @IsOptional()
  @IsCalendarDate()
  raisedFrom?: string;

  @ApiPropertyOptional({
    description: 'Nêu đến hết ngày (giờ Việt Nam, tính cả ngày này) / Raised on or before this day (Viet Nam time)',
    example: '2025-10-20',
  })
  @IsOptional()
  @IsCalendarDate()
  raisedTo?: string;
}

export class ListCasesQuery extends CaseFilterQuery {
  @ApiPropertyOptional({
    description:
      'Sắp xếp theo / Sort key. priority: desc = khẩn trước / urgent first. answerDeadline: vụ việc không có hạn ' +
      'luôn ở cuối / cases without a running deadline come last either way. Ties are broken by id.',
    enum: CASE_SORTS,
    default: 'raisedAt',
  })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort must be one of: ${CASE_SORTS.join(', ')}` })
  sort?: CaseSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: 'order must be "asc" or "desc"' })
  order?: SortOrder;

  @ApiPropertyOptional({
    description:
      'nextCursor của trang trước, với cùng bộ lọc và cách sắp xếp / nextCursor of the previous page, same filters and sort',
  })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: CASE_PAGE_MAX, default: CASE_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CASE_PAGE_MAX)
  limit?: number;
}

export class CasePageView {
  @ApiProperty({ type: [CaseView] }) items!: CaseView[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Truyền vào tham số cursor để lấy trang sau; null ở trang cuối / Pass as cursor for the next page; null on the last page',
    example: 'n3x0cY2o1u6wX2dU0n6e…',
  })
  nextCursor!: string | null;
}

export class CaseCountView {
  @ApiProperty({
    description: 'Số vụ việc trong phạm vi được xem, khớp bộ lọc / Cases you may see that match',
    example: 12,
  })
  total!: number;
}
