import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const NOT_BLANK = /\S/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const nfcTrim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

/** The sections of the outline (DOMAIN.md §6) the official writes; a final report adds lessons and recommendations. */
export const NARRATIVE_SECTIONS = [
  'general',
  'results',
  'difficulties',
  'proposals',
  'nextPlan',
  'lessons',
  'recommendations',
] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

const section = (vi: string, en: string) => ApiPropertyOptional({ description: `${vi} / ${en}`, maxLength: 20000 });

export class ReportNarrativeDto {
  @section('I. Tình hình chung', 'I. General situation')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  general?: string;

  @section('II. Kết quả thực hiện nhiệm vụ (phần thuyết minh)', 'II. Results (narrative beside the figures)')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  results?: string;

  @section('III. Khó khăn, vướng mắc', 'III. Difficulties and obstacles')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  difficulties?: string;

  @section('IV. Đề xuất, kiến nghị', 'IV. Proposals and recommendations')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  proposals?: string;

  @section('V. Kế hoạch tuần tới (báo cáo tuần)', 'V. Plan for next week (weekly report)')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  nextPlan?: string;

  @section('Bài học kinh nghiệm (báo cáo cuối đợt)', 'Lessons learned (final report)')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  lessons?: string;

  @section('Kiến nghị (báo cáo cuối đợt)', 'Recommendations (final report)')
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  recommendations?: string;
}

export class SubmitReportDto {
  @ApiPropertyOptional({
    description:
      'Lý do đính chính — bắt buộc khi gửi lại một báo cáo đã gửi mà chưa bị trả lại / Why this corrects an ' +
      'earlier version; required when re-submitting a report that was not returned',
    maxLength: 2000,
  })
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'correctionReason must not be blank' })
  @MaxLength(2000)
  correctionReason?: string;
}

export class ReturnReportDto {
  @ApiProperty({ description: 'Nhận xét, yêu cầu chỉnh sửa / What must change', maxLength: 4000 })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  @MaxLength(4000)
  comment!: string;
}

export class AcknowledgeReportDto {
  @ApiPropertyOptional({ description: 'Ghi chú tiếp nhận / Note', maxLength: 4000 })
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class CreateSupportRequestDto {
  @ApiProperty({ description: 'Nội dung kiến nghị (tóm tắt) / Title', maxLength: 300 })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title!: string;

  @ApiProperty({ description: 'Biện pháp hỗ trợ cần có và lý do / The support needed and why', maxLength: 8000 })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  @MaxLength(8000)
  body!: string;
}

export class SupportNoteDto {
  @ApiPropertyOptional({ description: 'Ghi chú / Note', maxLength: 4000 })
  @Transform(nfcTrim)
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class SupportAnswerDto {
  @ApiProperty({ description: 'Ý kiến trả lời của Lãnh đạo Bộ / The leadership’s answer', maxLength: 8000 })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @Matches(NOT_BLANK, { message: 'answer must not be blank' })
  @MaxLength(8000)
  answer!: string;
}

export class ChangePeriodDto {
  @ApiProperty({ enum: ['shorten', 'extend', 'end_early'] })
  @IsDefined()
  @IsIn(['shorten', 'extend', 'end_early'])
  kind!: 'shorten' | 'extend' | 'end_early';

  @ApiPropertyOptional({ description: 'Ngày cuối mới (trừ end_early) / New last day', format: 'date' })
  @ValidateIf((dto: ChangePeriodDto) => dto.kind !== 'end_early')
  @IsDefined()
  @IsString()
  @Matches(ISO_DATE, { message: 'periodEnd must be a date YYYY-MM-DD' })
  periodEnd?: string;

  @ApiProperty({ description: 'Lý do / Reason', maxLength: 2000 })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

export class RollUpQuery {
  @ApiProperty({ description: 'Số quyết định / Decision number', example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(64)
  decision!: string;

  @ApiPropertyOptional({ description: 'Tuần thứ (bỏ trống: cả đợt) / Week number (omit: the whole period)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(520)
  week?: number;
}

export class EvaluationQuery {
  @ApiProperty({ description: 'Số quyết định / Decision number', example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(64)
  decision!: string;
}

export class ReportScheduleDto {
  @ApiProperty({ description: 'Số quyết định / Decision number', example: '878/QĐ-BNV' })
  @Transform(nfcTrim)
  @IsDefined()
  @IsString()
  @MaxLength(64)
  decision!: string;

  @ApiProperty({
    description:
      'Lịch báo cáo / Reporting schedule. Weekly: `{"kind":"weekly","cutoff":{"isoWeekday":4,"time":"24:00"},' +
      '"draftReady":{"isoWeekday":5,"time":"07:00"},"due":{"isoWeekday":5,"time":"16:00"},' +
      '"reminderMinutesBeforeDue":[240,60],"finalReportWorkingDays":5}`. Compressed (tests, demos): `{"kind":' +
      '"compressed","cycleMs":60000,"draftReadyAfterCutoffMs":1000,"dueAfterCutoffMs":30000,' +
      '"reminderMsBeforeDue":[10000],"finalReportAfterEndMs":40000}`. Applies to deployments started afterwards.',
    type: 'object',
    additionalProperties: true,
  })
  @IsDefined()
  @IsObject()
  schedule!: Record<string, unknown>;
}

export class SupportRequestsQuery {
  @ApiPropertyOptional({ description: 'Chỉ của đợt tăng cường này / Only this deployment', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  deploymentId?: string;
}
