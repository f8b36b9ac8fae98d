import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Kiến nghị các biện pháp hỗ trợ: submitted → acknowledged → forwarded (to leadership) → answered. */
@Entity({ name: 'support_requests' })
@Index('ix_support_requests_deployment', ['deploymentId', 'createdAt'])
export class SupportRequestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16, default: 'submitted' })
  status!: 'submitted' | 'acknowledged' | 'forwarded' | 'answered';

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'forwarded_by', type: 'uuid', nullable: true })
  forwardedBy!: string | null;

  @Column({ name: 'forwarded_at', type: 'timestamptz', nullable: true })
  forwardedAt!: Date | null;

  @Column({ name: 'forward_note', type: 'text', nullable: true })
  forwardNote!: string | null;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
