import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MinistryUnitEntity } from './ministry-unit.entity';

/**
 * A field of state management of the Ministry (Decree 25/2025/NĐ-CP) and the unit that answers escalations in it.
 * `responsible_unit_code` is live routing that admins edit; seeding never overwrites it.
 */
@Entity({ name: 'ministry_fields' })
@Index('ix_ministry_fields_responsible_unit_code', ['responsibleUnitCode'])
export class MinistryFieldEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'responsible_unit_code', type: 'varchar', length: 32 })
  responsibleUnitCode!: string;

  @ManyToOne(() => MinistryUnitEntity, { nullable: false })
  @JoinColumn({
    name: 'responsible_unit_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'ministry_fields_responsible_unit_code_fkey',
  })
  responsibleUnit?: MinistryUnitEntity;

  /** When and by whom the routing was last changed by hand (null while it is still the seeded default). */
  @Column({ name: 'routing_changed_at', type: 'timestamptz', nullable: true })
  routingChangedAt!: Date | null;

  @Column({ name: 'routing_changed_by', type: 'text', nullable: true })
  routingChangedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
