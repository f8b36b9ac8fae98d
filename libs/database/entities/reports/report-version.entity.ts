import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A submitted version of a report: immutable (a trigger refuses changes) except the review, filled in once. */
@Entity({ name: 'report_versions' })
export class ReportVersionEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** "NN/BC-<unit>". */
  @Column({ name: 'document_number', type: 'text' })
  documentNumber!: string;

  @Column({ type: 'jsonb' })
  narrative!: Record<string, string>;

  @Column({ type: 'jsonb' })
  figures!: Record<string, unknown>;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason!: string | null;

  @Column({ name: 'review_outcome', type: 'varchar', length: 16, nullable: true })
  reviewOutcome!: 'acknowledged' | 'returned' | null;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;
}
