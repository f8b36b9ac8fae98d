import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from './commune.entity';

/**
 * A pre-July-2025 commune-level unit and the current commune it became part of (old → new). An old unit split
 * between several new communes has one row per new commune. The natural key is the old unit's full name
 * (province, district, ward) plus the new commune; the old ward code is missing from some official rows.
 */
@Entity({ name: 'commune_former_names' })
@Index('ux_commune_former_names_natural_key', ['oldProvinceName', 'oldDistrictName', 'oldWardName', 'newCommuneCode'], {
  unique: true,
})
@Index('ix_commune_former_names_new_commune_code', ['newCommuneCode'])
@Index('ix_commune_former_names_old_ward_code', ['oldWardCode'])
// btree text_pattern_ops (prefix LIKE), which TypeORM cannot express: the migration owns it.
@Index('ix_commune_former_names_name_folded', { synchronize: false })
export class CommuneFormerNameEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'old_ward_code', type: 'varchar', length: 5, nullable: true })
  oldWardCode!: string | null;

  @Column({ name: 'old_ward_name', type: 'text' })
  oldWardName!: string;

  @Column({ name: 'old_district_name', type: 'text' })
  oldDistrictName!: string;

  @Column({ name: 'old_province_name', type: 'text' })
  oldProvinceName!: string;

  @Column({ name: 'new_commune_code', type: 'varchar', length: 5 })
  newCommuneCode!: string;

  @ManyToOne(() => CommuneEntity, { nullable: false })
  @JoinColumn({
    name: 'new_commune_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'commune_former_names_new_commune_code_fkey',
  })
  newCommune?: CommuneEntity;

  /** `foldVietnamese(old_ward_name)`. */
  @Column({ name: 'name_folded', type: 'text' })
  nameFolded!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
