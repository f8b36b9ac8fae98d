import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last "Số" given by an issuing unit in a year. */
@Entity({ name: 'report_numbers' })
export class ReportNumberEntity {
  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber!: number;
}
