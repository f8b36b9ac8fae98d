import { ApiProperty } from '@nestjs/swagger';
import { CASE_PRIORITIES, ESCALATION_LEVELS, type CasePriority, type EscalationLevel } from '@libs/domain';
import { WORKING_DAY_MS } from '@libs/domain/calendar';
import type { SlaPolicyEntity, StoredCalendarConfig } from '@libs/database/entities/sla';

export class SlaPolicyView {
  @ApiProperty({ example: 'default.urgent' }) id!: string;
  @ApiProperty({ example: 'default' }) policySet!: string;
  @ApiProperty({ nullable: true, example: null }) field!: string | null;
  @ApiProperty({ enum: CASE_PRIORITIES, nullable: true }) priority!: CasePriority | null;
  @ApiProperty({ enum: ESCALATION_LEVELS, nullable: true }) level!: EscalationLevel | null;
  @ApiProperty({ example: 28800, description: 'Working seconds' }) allowanceSeconds!: number;
  @ApiProperty({ example: 1, description: 'The allowance in working days of 8 hours' }) allowanceWorkingDays!: number;
  @ApiProperty({ type: [Number], example: [0.5, 0.9] }) reminderFractions!: number[];
  @ApiProperty({ example: 28800 }) renotifySeconds!: number;
  @ApiProperty({ example: 'vn-civil-service' }) calendarId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true }) updatedBy!: string | null;

  static from(entity: SlaPolicyEntity): SlaPolicyView {
    return {
      id: entity.id,
      policySet: entity.policySet,
      field: entity.field,
      priority: entity.priority,
      level: entity.level,
      allowanceSeconds: entity.allowanceSeconds,
      allowanceWorkingDays: Math.round(((entity.allowanceSeconds * 1000) / WORKING_DAY_MS) * 1000) / 1000,
      reminderFractions: entity.reminderFractions,
      renotifySeconds: entity.renotifySeconds,
      calendarId: entity.calendarId,
      active: entity.active,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
      updatedBy: entity.updatedBy,
    };
  }
}

export class WorkingCalendarView {
  @ApiProperty({ example: 'vn-civil-service' }) id!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Rules: utcOffsetMinutes, workingWeekdays, workingPeriods, publicHolidays, alwaysWorking?',
  })
  config!: StoredCalendarConfig;
  @ApiProperty({ description: 'Number of override rows (all years)' }) overrideCount!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CalendarOverrideView {
  @ApiProperty({ example: 'vn-civil-service' }) calendarId!: string;
  @ApiProperty({ example: '2026-02-16' }) date!: string;
  @ApiProperty({ enum: ['day_off', 'working_day'] }) kind!: 'day_off' | 'working_day';
  @ApiProperty({ nullable: true }) noteVi!: string | null;
  @ApiProperty({ nullable: true }) noteEn!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true }) updatedBy!: string | null;
}
