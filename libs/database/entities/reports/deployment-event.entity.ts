import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One event of a deployment's history; (deployment, event key) is the natural key that makes retries harmless. */
@Entity({ name: 'deployment_events' })
@Index('ux_deployment_events_key', ['deploymentId', 'eventKey'], { unique: true })
@Index('ix_deployment_events_deployment', ['deploymentId', 'id'])
export class DeploymentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ name: 'event_key', type: 'text' })
  eventKey!: string;

  @Column({ type: 'varchar', length: 48 })
  type!: string;

  @Column({ name: 'actor_user_id', type: 'text' })
  actorUserId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload!: Record<string, unknown>;
}
