import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProvinceEntity } from './province.entity';

/** Commune-level unit types since 1 July 2025: xã (commune), phường (ward), đặc khu (special zone). */
export type CommuneUnitType = 'xa' | 'phuong' | 'dac_khu';

/**
 * Commune-level unit. The five-digit official code is the identity: a rename or a change of type (xã → phường)
 * updates the row in place, so cases pointing at the code keep resolving. Rows are never deleted; a unit that
 * leaves the official list is retired (`retired_at`), and `replaced_by_code` names its successor when known.
 */
@Entity({ name: 'communes' })
@Index('ix_communes_province_code', ['provinceCode'])
// btree text_pattern_ops (prefix LIKE), which TypeORM cannot express: the migration owns it.
@Index('ix_communes_name_folded', { synchronize: false })
export class CommuneEntity {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code!: string;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @ManyToOne(() => ProvinceEntity, { nullable: false })
  @JoinColumn({
    name: 'province_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'communes_province_code_fkey',
  })
  province?: ProvinceEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'unit_type', type: 'varchar', length: 16 })
  unitType!: CommuneUnitType;

  /** `foldVietnamese(name)`: lower case, no diacritics, for searches typed without accents. */
  @Column({ name: 'name_folded', type: 'text' })
  nameFolded!: string;

  /** Since when the row's state (name, type or retirement) applies; an older source never overwrites a newer row. */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'replaced_by_code', type: 'varchar', length: 5, nullable: true })
  replacedByCode!: string | null;

  @ManyToOne(() => CommuneEntity, { nullable: true })
  @JoinColumn({
    name: 'replaced_by_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'communes_replaced_by_code_fkey',
  })
  replacedBy?: CommuneEntity | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
