import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CasePriority, CaseStatus, EscalationLevel } from '@libs/domain';

/** Read projection of a case, kept current by the `recordCaseEvent` activity. The workflow is the source of truth. */
@Entity({ name: 'cases' })
@Index('ix_cases_province_status', ['provinceCode', 'status'])
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @Column({ name: 'commune_code', type: 'varchar', length: 5 })
  communeCode!: string;

  @Column({ type: 'varchar', length: 64 })
  field!: string;

  @Column({ type: 'varchar', length: 16 })
  priority!: CasePriority;

  @Column({ type: 'varchar', length: 32 })
  status!: CaseStatus;

  @Column({ name: 'escalation_level', type: 'varchar', length: 32, nullable: true })
  escalationLevel!: EscalationLevel | null;

  @Column({ name: 'assigned_unit_code', type: 'varchar', length: 32, nullable: true })
  assignedUnitCode!: string | null;

  @Column({ name: 'assignee_user_id', type: 'text', nullable: true })
  assigneeUserId!: string | null;

  @Column({ name: 'answer_deadline', type: 'timestamptz', nullable: true })
  answerDeadline!: Date | null;

  @Column({ name: 'raised_by_user_id', type: 'text' })
  raisedByUserId!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'last_event_sequence', type: 'integer' })
  lastEventSequence!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
