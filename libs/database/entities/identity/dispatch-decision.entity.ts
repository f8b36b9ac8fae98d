import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A decision of the Ministry sending officials to the provinces, e.g. 878/QĐ-BNV (11/08/2025, 20/08 – 20/10/2025). */
@Entity({ name: 'dispatch_decisions' })
@Index('ux_dispatch_decisions_number', ['number'], { unique: true })
export class DispatchDecisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The document number as printed, e.g. `878/QĐ-BNV` (Unicode NFC). */
  @Column({ type: 'text' })
  number!: string;

  /** ISO date (YYYY-MM-DD). */
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Column({ name: 'signer_title', type: 'text' })
  signerTitle!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'text', default: '' })
  purpose!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
