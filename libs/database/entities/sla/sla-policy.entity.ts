import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import type { CasePriority, EscalationLevel } from '@libs/domain';

/** node-postgres returns numeric as strings (to keep precision); fractions like 0.5 are safe as numbers. */
const numericArray: ValueTransformer = {
  to: (value: number[] | undefined) => value,
  from: (value: string[] | null) => (value ?? []).map(Number),
};

/** A numeric duration column (seconds with millisecond precision) as a number. */
const numericValue: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * An answer target: how much working time a level has to answer, for a field/priority/level (null = any), within a
 * named policy set. The most specific active policy of the set applies; a running level keeps the values it started
 * with, so editing a policy affects levels that start afterwards.
 */
@Entity({ name: 'sla_policies' })
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'policy_set', type: 'varchar', length: 64 })
  policySet!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  field!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  priority!: CasePriority | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  level!: EscalationLevel | null;

  /** Working time, in seconds (millisecond precision). */
  @Column({ name: 'allowance_seconds', type: 'numeric', transformer: numericValue })
  allowanceSeconds!: number;

  @Column({ name: 'reminder_fractions', type: 'numeric', array: true, transformer: numericArray })
  reminderFractions!: number[];

  /** Working time between re-notifications of an overdue top level, in seconds. */
  @Column({ name: 'renotify_seconds', type: 'numeric', transformer: numericValue })
  renotifySeconds!: number;

  @Column({ name: 'calendar_id', type: 'varchar', length: 64 })
  calendarId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;
}
