import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarOverride } from '@libs/domain/calendar';

/** One admin-entered exception to a calendar's rules: an extra day off or a make-up working day. */
@Entity({ name: 'calendar_overrides' })
export class CalendarOverrideEntity {
  /** With `date`, the primary key: one override per calendar and day. */
  @PrimaryColumn({ name: 'calendar_id', type: 'varchar', length: 64 })
  calendarId!: string;

  /** Local date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CalendarOverride['kind'];

  @Column({ name: 'note_vi', type: 'text', nullable: true })
  noteVi!: string | null;

  @Column({ name: 'note_en', type: 'text', nullable: true })
  noteEn!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;
}
