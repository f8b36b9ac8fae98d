import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEventType, CaseStatus, EscalationLevel, Role } from '@libs/domain';

/**
 * Append-only log of everything that happened to a case. (case_id, sequence) is the natural key that makes the
 * writing activity idempotent; a database trigger refuses UPDATE and DELETE.
 */
@Entity({ name: 'case_events' })
@Index('ux_case_events_case_sequence', ['caseId', 'sequence'], { unique: true })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: CaseEventType;

  @Column({ name: 'actor_user_id', type: 'text' })
  actorUserId!: string;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles!: Role[];

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'policy_id', type: 'text', nullable: true })
  policyId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'status_after', type: 'varchar', length: 32, nullable: true })
  statusAfter!: CaseStatus | null;

  @Column({ name: 'escalation_level_after', type: 'varchar', length: 32, nullable: true })
  escalationLevelAfter!: EscalationLevel | null;

  /** Shape version of `payload` (libs/contracts/case-events.ts reads every version). */
  @Column({ name: 'payload_version', type: 'smallint', default: 1 })
  payloadVersion!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
