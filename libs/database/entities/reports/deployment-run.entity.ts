import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReportPlan, ReportSchedule } from '@libs/domain/reports';

/** The plan a deployment's workflow follows (span, cycles within the horizon, final report). */
@Entity({ name: 'deployment_runs' })
export class DeploymentRunEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'jsonb' })
  schedule!: ReportSchedule;

  @Column({ type: 'jsonb' })
  plan!: ReportPlan;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  state!: 'running' | 'completed';

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
