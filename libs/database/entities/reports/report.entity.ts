import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One weekly report (cycle_index ≥ 1) or the final report (cycle_index 0) of a deployment. */
@Entity({ name: 'reports' })
@Index('ux_reports_deployment_kind_cycle', ['deploymentId', 'kind', 'cycleIndex'], { unique: true })
@Index('ix_reports_due_at', ['dueAt'])
export class ReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'weekly' | 'final';

  @Column({ name: 'cycle_index', type: 'integer' })
  cycleIndex!: number;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  @Column({ name: 'draft_ready_at', type: 'timestamptz' })
  draftReadyAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'missing_at', type: 'timestamptz', nullable: true })
  missingAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** The draft: figures of the window from the event log (libs/reporting computeDraft). */
  @Column({ type: 'jsonb', nullable: true })
  figures!: Record<string, unknown> | null;

  @Column({ name: 'figures_computed_at', type: 'timestamptz', nullable: true })
  figuresComputedAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  narrative!: Record<string, string>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: 'pending' | 'draft' | 'submitted' | 'acknowledged' | 'returned';

  @Column({ name: 'current_version', type: 'integer', default: 0 })
  currentVersion!: number;

  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt!: Date | null;

  @Column({ name: 'late_marked_at', type: 'timestamptz', nullable: true })
  lateMarkedAt!: Date | null;

  @Column({ name: 'missing_marked_at', type: 'timestamptz', nullable: true })
  missingMarkedAt!: Date | null;

  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
