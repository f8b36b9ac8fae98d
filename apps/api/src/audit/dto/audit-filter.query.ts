import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CASE_PRIORITIES,
  ESCALATION_LEVELS,
  MINISTRY_FIELD_CODES,
  type CasePriority,
  type EscalationLevel,
} from '@libs/domain';
import { IsCalendarDate } from '../../sla/dto/sla-validators';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/**
 * Filters every audit figure and drill-down takes. The period is the cohort of cases **raised** in
 * [from, to] (dates in Asia/Ho_Chi_Minh, both inclusive); how `unitCode` and `level` apply is in each figure's
 * definition.
 */
export class AuditFilterQuery {
  @ApiPropertyOptional({ description: 'Từ ngày (ngày phát sinh vụ việc) / Raised on or after, YYYY-MM-DD (UTC+7)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Đến ngày / Raised on or before, YYYY-MM-DD (UTC+7)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Mã tỉnh / Province code', example: '01' })
  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit province code, e.g. "01"' })
  provinceCode?: string;

  @ApiPropertyOptional({ description: 'Mã xã / Commune code', example: '00004' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'communeCode must be a five-digit commune code, e.g. "00004"' })
  communeCode?: string;

  @ApiPropertyOptional({ description: 'Lĩnh vực / Field', enum: MINISTRY_FIELD_CODES })
  @IsOptional()
  @IsIn(MINISTRY_FIELD_CODES)
  field?: string;

  @ApiPropertyOptional({ description: 'Đơn vị được giao (cấp Thủ trưởng đơn vị) / Unit routed to', example: 'VU_CCVC' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unitCode?: string;

  @ApiPropertyOptional({ description: 'Công chức tăng cường đã nêu vụ việc / Official who raised the case (user id)' })
  @IsOptional()
  @IsUUID()
  officialUserId?: string;

  @ApiPropertyOptional({ description: 'Mức ưu tiên / Priority', enum: CASE_PRIORITIES })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;

  @ApiPropertyOptional({ description: 'Cấp xin ý kiến / Escalation level', enum: ESCALATION_LEVELS })
  @IsOptional()
  @IsIn(ESCALATION_LEVELS)
  level?: EscalationLevel;

  @ApiPropertyOptional({ description: 'csv: tải về CSV (UTF-8 có BOM) / download as CSV', enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({
    description:
      'Cách tính (chỉ cho số liệu): auto — bảng tổng hợp khi bộ lọc được hỗ trợ và số vụ việc lớn, exact — luôn ' +
      'tính chính xác từng vụ việc, rollup — luôn dùng bảng tổng hợp khi được hỗ trợ / How a figure is computed: ' +
      'auto (default) reads the rollup when it covers the filters and the cohort is large; exact always aggregates ' +
      'per case; rollup reads the rollup whenever it covers the filters',
    enum: ['auto', 'exact', 'rollup'],
  })
  @IsOptional()
  @IsIn(['auto', 'exact', 'rollup'])
  precision?: 'auto' | 'exact' | 'rollup';
}

export class AuditDrillDownQuery extends AuditFilterQuery {
  @ApiPropertyOptional({
    description: 'Khoá của dòng số liệu (trường `key` của dòng) / The figure row whose cases to list (its `key`)',
    example: 'unit_head',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ description: 'Con trỏ trang sau / Cursor of the next page (nextCursor)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Số vụ việc mỗi trang / Page size', default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}
