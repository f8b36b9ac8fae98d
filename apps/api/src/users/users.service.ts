import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DatabaseService, UserEntity } from '@libs/database';
import type { AuthenticatedActor, Role } from '@libs/domain';
import {
  generateOneTimePassword,
  hashPassword,
  insertUser,
  normalizeUsername,
  uniqueViolationOf,
} from '@libs/identity';
import { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed, type FieldProblem } from '../common/field-errors';
import { SessionsService } from '../auth/sessions.service';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import type { CreatedUserView, PasswordResetView, UserListView, UserView } from './dto/user.view';

/** pg_advisory_xact_lock key serialising account changes ('case-engine accounts'), the same in every API process. */
export const ACCOUNT_CHANGES_LOCK_KEY = 0x63617365_6163;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UserRow extends UserEntity {
  hasPassword: boolean;
}

/** Account administration: create, change roles and unit, deactivate, reset passwords. */
@Injectable()
export class UsersService {
  constructor(
    private readonly database: DatabaseService,
    private readonly sessions: SessionsService,
  ) {}

  async list(query: ListUsersQuery): Promise<UserListView> {
    const builder = this.database.ready
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.password_hash IS NOT NULL', 'has_password')
      .orderBy('u.username', 'ASC')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0);
    if (query.role) builder.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.unitCode) builder.andWhere('u.unit_code = :unitCode', { unitCode: query.unitCode });
    if (query.active) builder.andWhere('u.active = :active', { active: query.active === 'true' });
    if (query.q) {
      builder.andWhere(`(u.username ILIKE :q OR u.display_name ILIKE :q)`, {
        q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const [{ entities, raw }, total] = await Promise.all([builder.getRawAndEntities(), builder.getCount()]);
    return {
      items: entities.map((entity, index) =>
        toView({ ...entity, hasPassword: Boolean((raw[index] as { has_password: boolean }).has_password) }),
      ),
      total,
    };
  }

  async get(id: string): Promise<UserView> {
    return toView(await this.load(this.database.ready.manager, id));
  }

  async create(dto: CreateUserDto): Promise<CreatedUserView> {
    const username = normalizeUsername(dto.username);
    const roles = [...new Set(dto.roles)];
    const unitCode = dto.unitCode ?? null;
    const externalSubject = dto.externalSubject ?? null;
    const passwordLogin = dto.passwordLogin ?? true;
    const problems = await this.accountProblems(this.database.ready.manager, roles, unitCode, dto.unitCode);
    if (!passwordLogin && externalSubject === null) {
      problems.push(
        fieldProblem(
          'passwordLogin',
          'noWayToSignIn',
          'Tài khoản không có mật khẩu phải có externalSubject để đăng nhập qua SSO.',
          'An account without a password needs an externalSubject to sign in through single sign-on.',
        ),
      );
    }
    if (problems.length > 0) throw validationFailed(...problems);
    await this.assertNoConflict(this.database.ready.manager, username, externalSubject, null);
    const oneTimePassword = passwordLogin ? generateOneTimePassword() : null;
    const passwordHash = oneTimePassword ? await hashPassword(oneTimePassword) : null;
    const id = await this.translateConflicts(() =>
      insertUser(this.database.ready.manager, {
        username,
        displayName: dto.displayName,
        email: dto.email ?? null,
        roles,
        unitCode,
        passwordHash,
        mustChangePassword: passwordHash !== null,
        externalSubject,
      }),
    );
    return { user: await this.get(id), oneTimePassword };
  }

  async update(id: string, dto: UpdateUserDto, admin: AuthenticatedActor): Promise<UserView> {
    await this.translateConflicts(() =>
      this.database.ready.transaction(async (manager) => {
        // Account changes run one at a time (a transaction-scoped lock, taken before any row is read), so two
        // admins who demote or deactivate each other at once cannot both see "another admin remains".
        await manager.query(`SELECT pg_advisory_xact_lock($1)`, [ACCOUNT_CHANGES_LOCK_KEY]);
        const current = await this.load(manager, id, true);
        const roles = dto.roles ? [...new Set(dto.roles)] : current.roles;
        const unitCode = dto.unitCode === undefined ? current.unitCode : dto.unitCode;
        const externalSubject = dto.externalSubject === undefined ? current.externalSubject : dto.externalSubject;
        const active = dto.active ?? current.active;
        if (id === admin.userId && (!active || !roles.includes('admin'))) {
          throw new ApiError(HttpStatus.CONFLICT, 'CANNOT_LOCK_OUT_SELF');
        }
        const wasActiveAdmin = current.active && current.roles.includes('admin');
        if (wasActiveAdmin && !(active && roles.includes('admin'))) {
          const [{ others }] = await manager.query<{ others: number }[]>(
            `SELECT count(*)::int AS others FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`,
            [id],
          );
          if (others === 0) throw new ApiError(HttpStatus.CONFLICT, 'LAST_ACTIVE_ADMIN');
        }
        const problems = await this.accountProblems(manager, roles, unitCode, dto.unitCode);
        if (!current.hasPassword && externalSubject === null) {
          problems.push(
            fieldProblem(
              'externalSubject',
              'noWayToSignIn',
              'Tài khoản không có mật khẩu; không thể bỏ định danh SSO. Đặt lại mật khẩu trước.',
              'The account has no password; it cannot lose its single sign-on subject. Reset its password first.',
            ),
          );
        }
        if (problems.length > 0) throw validationFailed(...problems);
        await this.assertNoConflict(manager, null, externalSubject, id);
        await manager.query(
          `UPDATE users SET display_name = $2, email = $3, roles = $4::text[], unit_code = $5, external_subject = $6,
                            active = $7, updated_at = now()
           WHERE id = $1`,
          [
            id,
            dto.displayName ?? current.displayName,
            dto.email === undefined ? current.email : dto.email,
            roles,
            unitCode,
            externalSubject,
            active,
          ],
        );
        if (current.active && !active) await this.sessions.endSessionsOfUser(manager, id, 'user_deactivated');
      }),
    );
    return this.get(id);
  }

  /** A new one-time password; the account must change it at next sign-in, and all its sessions end now. */
  async resetPassword(id: string): Promise<PasswordResetView> {
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    await this.database.ready.transaction(async (manager) => {
      await this.load(manager, id, true);
      await manager.query(
        `UPDATE users SET password_hash = $2, must_change_password = true, password_changed_at = now(),
                          updated_at = now()
         WHERE id = $1`,
        [id, passwordHash],
      );
      await this.sessions.endSessionsOfUser(manager, id, 'password_reset');
    });
    return { oneTimePassword };
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<UserRow> {
    if (!UUID.test(id)) throw new ApiError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND');
    const rows: { has_password: boolean }[] = await manager.query(
      `SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    const entity = await manager.getRepository(UserEntity).findOneBy({ id });
    if (!rows[0] || !entity) throw new ApiError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND');
    return { ...entity, hasPassword: rows[0].has_password };
  }

  private async accountProblems(
    manager: EntityManager,
    roles: Role[],
    unitCode: string | null,
    unitCodeGiven: string | null | undefined,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (unitCode !== null && unitCodeGiven !== undefined) {
      const units: unknown[] = await manager.query(`SELECT 1 FROM ministry_units WHERE code = $1`, [unitCode]);
      if (units.length === 0) {
        problems.push(
          fieldProblem(
            'unitCode',
            'unknownUnit',
            `Không có đơn vị "${unitCode}" trong danh mục đơn vị của Bộ.`,
            `There is no Ministry unit "${unitCode}".`,
          ),
        );
      }
    }
    if (roles.includes('unit_head') && unitCode === null) {
      problems.push(
        fieldProblem(
          'unitCode',
          'requiredForUnitHead',
          'Thủ trưởng đơn vị (unit_head) phải có đơn vị.',
          'A unit head (unit_head) needs a unit.',
        ),
      );
    }
    return problems;
  }

  /**
   * Checked before writing so that the common case never reaches the unique indexes: TypeORM logs a failed query
   * with its parameters, which would put a password hash in the logs. The indexes still catch a race.
   */
  private async assertNoConflict(
    manager: EntityManager,
    username: string | null,
    externalSubject: string | null,
    exceptId: string | null,
  ): Promise<void> {
    const rows = await manager.query<{ username_taken: boolean; subject_taken: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM users WHERE username = $1) AS username_taken,
              EXISTS (SELECT 1 FROM users WHERE external_subject = $2 AND ($3::uuid IS NULL OR id <> $3::uuid))
                AS subject_taken`,
      [username, externalSubject, exceptId],
    );
    if (rows[0].username_taken) throw new ApiError(HttpStatus.CONFLICT, 'USERNAME_TAKEN');
    if (rows[0].subject_taken) throw new ApiError(HttpStatus.CONFLICT, 'EXTERNAL_SUBJECT_TAKEN');
  }

  private async translateConflicts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const constraint = uniqueViolationOf(error);
      if (constraint === 'ux_users_username') throw new ApiError(HttpStatus.CONFLICT, 'USERNAME_TAKEN');
      if (constraint === 'ux_users_external_subject') throw new ApiError(HttpStatus.CONFLICT, 'EXTERNAL_SUBJECT_TAKEN');
      throw error;
    }
  }
}

function toView(user: UserRow): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roles: user.roles,
    unitCode: user.unitCode,
    active: user.active,
    externalSubject: user.externalSubject,
    passwordLogin: user.hasPassword,
    mustChangePassword: user.mustChangePassword,
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
