import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How a province-level unit is constituted: a centrally-run city or a province (Vietnamese labels, as published). */
export type ProvincePlaceType = 'Thành phố Trung Ương' | 'Tỉnh';

/**
 * Province-level unit (tỉnh / thành phố trực thuộc trung ương). The code is the official two-digit code and never
 * changes on rename; a province that disappears from a full import is retired, never deleted.
 */
@Entity({ name: 'provinces' })
// btree text_pattern_ops (prefix LIKE), which TypeORM cannot express: the migration owns it.
@Index('ix_provinces_name_folded', { synchronize: false })
export class ProvinceEntity {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'short_name', type: 'text' })
  shortName!: string;

  @Column({ name: 'place_type', type: 'varchar', length: 32 })
  placeType!: ProvincePlaceType;

  /** `foldVietnamese(name)`: lower case, no diacritics, for searches typed without accents. */
  @Column({ name: 'name_folded', type: 'text' })
  nameFolded!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
