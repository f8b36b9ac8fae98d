import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A unit of the Ministry of Home Affairs (Vụ, Cục, Ban) that answers escalations routed to it. */
@Entity({ name: 'ministry_units' })
export class MinistryUnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
