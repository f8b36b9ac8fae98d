import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CasePriority, CaseStatus, CloseReason, EscalationLevel, EscalationTarget } from '@libs/domain';

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

  @Column({ name: 'escalation_target', type: 'varchar', length: 32, nullable: true })
  escalationTarget!: EscalationTarget | null;

  @Column({ name: 'assigned_unit_code', type: 'varchar', length: 32, nullable: true })
  assignedUnitCode!: string | null;

  @Column({ name: 'assignee_user_id', type: 'text', nullable: true })
  assigneeUserId!: string | null;

  @Column({ name: 'answer_deadline', type: 'timestamptz', nullable: true })
  answerDeadline!: Date | null;

  @Column({
    name: 'deadline_remaining_ms',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  deadlineRemainingMs!: number | null;

  @Column({ name: 'sla_policy_id', type: 'text', nullable: true })
  slaPolicyId!: string | null;

  @Column({ name: 'breach_count', type: 'integer', default: 0 })
  breachCount!: number;

  @Column({ name: 'raised_by_user_id', type: 'text' })
  raisedByUserId!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 32, nullable: true })
  closeReason!: CloseReason | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** End of a resolved case's reopen window (from its policy set). */
  @Column({ name: 'reopen_until', type: 'timestamptz', nullable: true })
  reopenUntil!: Date | null;

  @Column({ name: 'merged_into_case_id', type: 'uuid', nullable: true })
  mergedIntoCaseId!: string | null;

  @Column({ name: 'last_event_sequence', type: 'integer' })
  lastEventSequence!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Title and description folded for search (`foldVietnamese`); NULL on rows not touched since it was added. */
  @Column({ name: 'search_folded', type: 'text', nullable: true, select: false })
  searchFolded!: string | null;
}
