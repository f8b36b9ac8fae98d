import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '@libs/domain';
import { MinistryUnitEntity } from '../reference/ministry-unit.entity';

/**
 * A person who signs in: their roles, home unit and how they authenticate (a password, an external OpenID Connect
 * subject, or both). The username is stored lower-case. Accounts are deactivated, never deleted: events name them.
 */
@Entity({ name: 'users' })
@Index('ux_users_username', ['username'], { unique: true })
@Index('ux_users_external_subject', ['externalSubject'], { unique: true })
@Index('ix_users_unit_code', ['unitCode'])
// GIN index on roles, which TypeORM cannot express: the migration owns it.
@Index('ix_users_roles', { synchronize: false })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ name: 'unit_code', type: 'varchar', length: 32, nullable: true })
  unitCode!: string | null;

  @ManyToOne(() => MinistryUnitEntity, { nullable: true })
  @JoinColumn({ name: 'unit_code', referencedColumnName: 'code', foreignKeyConstraintName: 'users_unit_code_fkey' })
  unit?: MinistryUnitEntity | null;

  /** Argon2id PHC string; null for accounts that sign in only through single sign-on. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  /** Set for one-time passwords (new accounts, resets): everything but changing it is refused until it is changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The `sub` claim of the external OpenID Connect provider, when single sign-on is used. */
  @Column({ name: 'external_subject', type: 'text', nullable: true })
  externalSubject!: string | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
