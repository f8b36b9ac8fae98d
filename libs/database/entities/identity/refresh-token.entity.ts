import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export const REFRESH_TOKEN_REVOCATION_REASONS = [
  'logout',
  'reuse_detected',
  'password_changed',
  'password_reset',
  'user_deactivated',
] as const;
export type RefreshTokenRevocationReason = (typeof REFRESH_TOKEN_REVOCATION_REASONS)[number];

/**
 * An issued refresh token, stored as the SHA-256 of the opaque value. Every use rotates it (`rotated_at` set, a
 * successor issued in the same family); presenting a rotated token again revokes the whole family.
 */
@Entity({ name: 'refresh_tokens' })
@Index('ux_refresh_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('ix_refresh_tokens_family_id', ['familyId'])
// Partial index (live tokens per user), which TypeORM cannot express: the migration owns it.
@Index('ix_refresh_tokens_user_live', { synchronize: false })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** One login session: the first token and every token rotated from it. Access tokens carry it as `sid`. */
  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'refresh_tokens_user_id_fkey' })
  user?: UserEntity;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 32, nullable: true })
  revokedReason!: RefreshTokenRevocationReason | null;

  @Column({ name: 'client_ip', type: 'text', nullable: true })
  clientIp!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;
}
