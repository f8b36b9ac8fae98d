import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from './sla-validators';

const NOT_BLANK = /\S/;
export const OVERRIDE_KINDS = ['day_off', 'working_day'] as const;

/** An extra day off or a make-up working day; a second override on the same date replaces the first. */
export class PutCalendarOverrideDto {
  @ApiProperty({ description: 'Ngày (YYYY-MM-DD, giờ Việt Nam) / Local date', example: '2026-02-16' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({
    description: 'day_off: ngày nghỉ thêm; working_day: ngày làm bù / extra day off or make-up working day',
    enum: OVERRIDE_KINDS,
  })
  @IsIn(OVERRIDE_KINDS, { message: `kind must be one of: ${OVERRIDE_KINDS.join(', ')}` })
  kind!: (typeof OVERRIDE_KINDS)[number];

  @ApiProperty({
    description: 'Lý do, căn cứ (tiếng Việt) / Reason in Vietnamese',
    example: 'Nghỉ Tết Nguyên đán Bính Ngọ theo thông báo của Bộ Nội vụ',
    maxLength: 300,
  })
  @IsString()
  @MaxLength(300)
  @Matches(NOT_BLANK, { message: 'noteVi must not be blank' })
  noteVi!: string;

  @ApiPropertyOptional({ description: 'Reason in English', example: 'Lunar New Year holiday', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  noteEn?: string;
}

export class CalendarOverrideParams {
  @ApiProperty({ example: 'vn-civil-service' })
  @IsString()
  @MaxLength(64)
  calendarId!: string;

  @ApiProperty({ description: 'YYYY-MM-DD', example: '2026-02-16' })
  @IsCalendarDate()
  date!: string;
}

export class ListCalendarOverridesQuery {
  @ApiPropertyOptional({ description: 'Only this year', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}
