import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CASE_PRIORITIES,
  ESCALATION_LEVELS,
  MINISTRY_FIELD_CODES,
  type CasePriority,
  type EscalationLevel,
} from '@libs/domain';
import { IsReminderFractions } from './sla-validators';

/** A year of working time (250 working days of 8 hours), in seconds: anything longer is a typo. */
const MAX_ALLOWANCE_SECONDS = 250 * 8 * 3600;
const POLICY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const POLICY_SET = /^[a-z0-9][a-z0-9._-]*$/;
const CALENDAR_ID = /^[a-z0-9][a-z0-9._-]*$/;

export class CreateSlaPolicyDto {
  @ApiPropertyOptional({
    description:
      'Mã chính sách (mặc định sinh từ bộ, lĩnh vực, mức ưu tiên, cấp) / Policy id; generated from the scope when omitted',
    example: 'default.civil_service.urgent.leadership',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(POLICY_ID, { message: 'id may contain letters, digits, ".", "_", ":" and "-" only' })
  id?: string;

  @ApiProperty({ description: 'Bộ chính sách / Policy set', example: 'default', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(POLICY_SET, { message: 'policySet may contain lower-case letters, digits, ".", "_" and "-" only' })
  policySet!: string;

  @ApiPropertyOptional({
    description: 'Lĩnh vực; bỏ trống = mọi lĩnh vực / Field; null = any field',
    enum: MINISTRY_FIELD_CODES,
    nullable: true,
  })
  @IsOptional()
  @IsIn(MINISTRY_FIELD_CODES, { message: `field must be null or one of: ${MINISTRY_FIELD_CODES.join(', ')}` })
  field?: string | null;

  @ApiPropertyOptional({
    description: 'Mức độ ưu tiên; bỏ trống = mọi mức / Priority; null = any',
    enum: CASE_PRIORITIES,
    nullable: true,
  })
  @IsOptional()
  @IsIn(CASE_PRIORITIES, { message: `priority must be null or one of: ${CASE_PRIORITIES.join(', ')}` })
  priority?: CasePriority | null;

  @ApiPropertyOptional({
    description: 'Cấp xin ý kiến; bỏ trống = mọi cấp / Escalation level; null = any',
    enum: ESCALATION_LEVELS,
    nullable: true,
  })
  @IsOptional()
  @IsIn(ESCALATION_LEVELS, { message: `level must be null or one of: ${ESCALATION_LEVELS.join(', ')}` })
  level?: EscalationLevel | null;

  @ApiProperty({
    description: 'Thời hạn trả lời, tính bằng giây thời gian làm việc (1 ngày làm việc = 28800) / Working seconds',
    example: 28800,
    minimum: 1,
    maximum: MAX_ALLOWANCE_SECONDS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ALLOWANCE_SECONDS)
  allowanceSeconds!: number;

  @ApiPropertyOptional({
    description: 'Các mốc nhắc hạn (tỷ lệ thời hạn) / Reminder points as fractions of the allowance',
    type: [Number],
    example: [0.5, 0.9],
    default: [0.5, 0.9],
  })
  @IsOptional()
  @IsReminderFractions()
  reminderFractions?: number[];

  @ApiPropertyOptional({
    description: 'Nhắc lại khi cấp cao nhất quá hạn, giây làm việc / Re-notify interval when overdue, working seconds',
    example: 28800,
    default: 28800,
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ALLOWANCE_SECONDS)
  renotifySeconds?: number;

  @ApiPropertyOptional({
    description: 'Lịch làm việc áp dụng / Working calendar',
    example: 'vn-civil-service',
    default: 'vn-civil-service',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CALENDAR_ID, { message: 'calendarId must be the id of a working calendar, e.g. "vn-civil-service"' })
  calendarId?: string;

  @ApiPropertyOptional({ description: 'Đang áp dụng / Active', default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** What may change on a policy. Its set and scope (field, priority, level) are its identity: create another one. */
export class UpdateSlaPolicyDto {
  @ApiPropertyOptional({ description: 'Working seconds allowed', minimum: 1, maximum: MAX_ALLOWANCE_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ALLOWANCE_SECONDS)
  allowanceSeconds?: number;

  @ApiPropertyOptional({ type: [Number], example: [0.5, 0.9] })
  @IsOptional()
  @IsReminderFractions()
  reminderFractions?: number[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ALLOWANCE_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ALLOWANCE_SECONDS)
  renotifySeconds?: number;

  @ApiPropertyOptional({ example: 'vn-civil-service' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CALENDAR_ID, { message: 'calendarId must be the id of a working calendar, e.g. "vn-civil-service"' })
  calendarId?: string;

  @ApiPropertyOptional({ description: 'Reactivate (true) or deactivate (false)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListSlaPoliciesQuery {
  @ApiPropertyOptional({ description: 'Only this policy set', example: 'default' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(POLICY_SET, { message: 'policySet may contain lower-case letters, digits, ".", "_" and "-" only' })
  policySet?: string;

  @ApiPropertyOptional({ description: 'Include deactivated policies', enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeInactive must be "true" or "false"' })
  includeInactive?: 'true' | 'false';
}
