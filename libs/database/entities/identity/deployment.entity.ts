import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MinistryUnitEntity } from '../reference/ministry-unit.entity';
import { ProvinceEntity } from '../reference/province.entity';
import { DispatchDecisionEntity } from './dispatch-decision.entity';
import { UserEntity } from './user.entity';

/**
 * One official sent to one province by a decision, for a period within the decision's (a trigger enforces it).
 * An official's current deployments (period covering today, Vietnam time) give the provinces they act for.
 */
@Entity({ name: 'deployments' })
@Index('ux_deployments_decision_user_province', ['decisionId', 'userId', 'provinceCode'], { unique: true })
@Index('ix_deployments_user_period', ['userId', 'periodStart', 'periodEnd'])
@Index('ix_deployments_province_code', ['provinceCode'])
export class DeploymentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @ManyToOne(() => DispatchDecisionEntity, { nullable: false })
  @JoinColumn({
    name: 'decision_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'deployments_decision_id_fkey',
  })
  decision?: DispatchDecisionEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'deployments_user_id_fkey' })
  user?: UserEntity;

  @Column({ name: 'home_unit_code', type: 'varchar', length: 32 })
  homeUnitCode!: string;

  @ManyToOne(() => MinistryUnitEntity, { nullable: false })
  @JoinColumn({
    name: 'home_unit_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'deployments_home_unit_code_fkey',
  })
  homeUnit?: MinistryUnitEntity;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @ManyToOne(() => ProvinceEntity, { nullable: false })
  @JoinColumn({
    name: 'province_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'deployments_province_code_fkey',
  })
  province?: ProvinceEntity;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
