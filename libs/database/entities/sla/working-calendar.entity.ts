import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkingCalendarConfig } from '@libs/domain/calendar';

/** The rules part of a calendar; the yearly exceptions live in `calendar_overrides`. */
export type StoredCalendarConfig = Omit<WorkingCalendarConfig, 'id' | 'overrides'>;

/** A working calendar deadlines count in (working weekdays, hours, time zone, statutory holidays). */
@Entity({ name: 'working_calendars' })
export class WorkingCalendarEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'jsonb' })
  config!: StoredCalendarConfig;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
