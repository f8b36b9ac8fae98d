import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { setContextUser } from '@libs/config/request-context';
import { DatabaseService } from '@libs/database';
import { hashPassword, normalizeUsername, verifyAgainstDummyHash, verifyPassword, vietnamDate } from '@libs/identity';
import { ApiError } from '../common/api-error';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { LoginDto } from './dto/login.dto';
import type { DeploymentSummaryView, MeView, TokenPairView } from './dto/token.view';
import { LoginThrottleService, MAX_LOGIN_FAILURES, type ThrottleLimit } from './login-throttle.service';
import { PasswordCheckLimiter, PasswordChecksBusyError } from './password-check-limiter';
import type { RequestAuth } from './request-auth';
import { SessionsService, type ClientInfo, type IssuedTokens } from './sessions.service';

interface CredentialRow {
  id: string;
  password_hash: string | null;
  active: boolean;
  must_change_password: boolean;
  password_changed_at: Date | null;
}

interface DeploymentRow {
  id: string;
  decision_number: string;
  province_code: string;
  province_name: string;
  home_unit_code: string;
  period_start: string;
  period_end: string;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly passwordChecks: PasswordCheckLimiter,
  ) {}

  /**
   * Username + password → a token pair. Unknown user, inactive account, SSO-only account and wrong password all
   * answer the same 401 after the same amount of hashing work. The attempt is reserved against the throttle before
   * any hashing (per username + address, and per username across all addresses), and the hash runs under the
   * process's bound on concurrent password checks.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<TokenPairView> {
    const username = normalizeUsername(dto.username);
    const limits: ThrottleLimit[] = [
      { key: `login:${username}|${client.ip ?? 'unknown'}`, limit: MAX_LOGIN_FAILURES },
      { key: `login-account:${username}`, limit: this.config.auth.loginMaxFailuresPerAccount },
    ];
    await this.throttle.reserve(limits);
    const rows: CredentialRow[] = await this.database.ready.query(
      `SELECT id, password_hash, active, must_change_password, password_changed_at FROM users WHERE username = $1`,
      [username],
    );
    const user = rows[0];
    const valid = await this.checkPassword(limits, () =>
      user && user.active && user.password_hash
        ? verifyPassword(user.password_hash, dto.password)
        : verifyAgainstDummyHash(dto.password),
    );
    if (!valid || !user) {
      await this.throttle.failed();
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS');
    }
    await this.throttle.succeeded(limits);
    if (user.must_change_password && this.oneTimePasswordExpired(user.password_changed_at)) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'ONE_TIME_PASSWORD_EXPIRED');
    }
    setContextUser(user.id);
    await this.database.ready.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
    return toTokenPair(await this.sessions.start(user.id, client), user.must_change_password);
  }

  /** Runs a hash under the concurrency bound; a check refused for lack of capacity does not count as an attempt. */
  private async checkPassword(limits: ThrottleLimit[], check: () => Promise<boolean>): Promise<boolean> {
    try {
      return await this.passwordChecks.run(check);
    } catch (error) {
      if (error instanceof PasswordChecksBusyError) await this.throttle.release(limits);
      throw error;
    }
  }

  /** A one-time password is valid AUTH_ONE_TIME_PASSWORD_TTL_HOURS from when it was set (created or reset). */
  private oneTimePasswordExpired(issuedAt: Date | null, now = Date.now()): boolean {
    if (issuedAt === null) return true;
    return issuedAt.getTime() + this.config.auth.oneTimePasswordTtlSeconds * 1000 <= now;
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPairView> {
    const tokens = await this.sessions.rotate(refreshToken, client);
    const rows: { must_change_password: boolean }[] = await this.database.ready.query(
      `SELECT must_change_password FROM users WHERE id = $1`,
      [tokens.userId],
    );
    return toTokenPair(tokens, rows[0]?.must_change_password ?? false);
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.endSessionOf(refreshToken);
  }

  /** Changes the caller's own password; every other session of theirs ends, this one continues. */
  async changePassword(auth: RequestAuth, dto: ChangePasswordDto): Promise<void> {
    const userId = auth.actor.userId;
    const limits: ThrottleLimit[] = [{ key: `password-change:${userId}`, limit: MAX_LOGIN_FAILURES }];
    await this.throttle.reserve(limits);
    const rows: { username: string; password_hash: string | null }[] = await this.database.ready.query(
      `SELECT username, password_hash FROM users WHERE id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row?.password_hash) throw new ApiError(HttpStatus.CONFLICT, 'PASSWORD_LOGIN_NOT_AVAILABLE');
    const storedHash = row.password_hash;
    if (!(await this.checkPassword(limits, () => verifyPassword(storedHash, dto.currentPassword)))) {
      await this.throttle.failed();
      throw new ApiError(HttpStatus.BAD_REQUEST, 'CURRENT_PASSWORD_INCORRECT');
    }
    await this.throttle.succeeded(limits);
    const problem =
      dto.newPassword === dto.currentPassword
        ? {
            code: 'sameAsCurrent',
            messages: {
              vi: 'newPassword: Mật khẩu mới phải khác mật khẩu hiện tại.',
              en: 'newPassword: The new password must differ from the current one.',
            },
          }
        : dto.newPassword.toLowerCase().includes(row.username)
          ? {
              code: 'containsUsername',
              messages: {
                vi: 'newPassword: Mật khẩu không được chứa tên đăng nhập.',
                en: 'newPassword: The password must not contain the username.',
              },
            }
          : null;
    if (problem)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', [{ field: 'newPassword', ...problem }]);
    const newHash = await hashPassword(dto.newPassword);
    await this.database.ready.transaction(async (manager) => {
      await manager.query(
        `UPDATE users SET password_hash = $2, password_changed_at = now(), must_change_password = false,
                          updated_at = now()
         WHERE id = $1`,
        [userId, newHash],
      );
      await this.sessions.endSessionsOfUser(manager, userId, 'password_changed', auth.sessionId);
    });
  }

  async me(auth: RequestAuth, now = new Date()): Promise<MeView> {
    const today = vietnamDate(now);
    const [users, deployments] = await Promise.all([
      this.database.ready.query<{ email: string | null }[]>(`SELECT email FROM users WHERE id = $1`, [
        auth.actor.userId,
      ]),
      this.database.ready.query<DeploymentRow[]>(
        `SELECT d.id, dd.number AS decision_number, d.province_code, p.name AS province_name, d.home_unit_code,
                d.period_start::text AS period_start, d.period_end::text AS period_end
         FROM deployments d
         JOIN dispatch_decisions dd ON dd.id = d.decision_id
         JOIN provinces p ON p.code = d.province_code
         WHERE d.user_id = $1 AND d.period_start <= $2::date AND $2::date <= d.period_end
         ORDER BY d.period_start, d.province_code`,
        [auth.actor.userId, today],
      ),
    ]);
    return {
      id: auth.actor.userId,
      username: auth.username,
      displayName: auth.actor.displayName ?? auth.username,
      email: users[0]?.email ?? null,
      roles: auth.actor.roles,
      unitCode: auth.actor.unitCode,
      provinceCodes: auth.actor.provinceCodes,
      deployments: deployments.map((row): DeploymentSummaryView => ({
        id: row.id,
        decisionNumber: row.decision_number,
        provinceCode: row.province_code,
        provinceName: row.province_name,
        homeUnitCode: row.home_unit_code,
        periodStart: row.period_start,
        periodEnd: row.period_end,
      })),
      authMethod: auth.method,
      passwordChangeRequired: auth.mustChangePassword,
    };
  }
}

function toTokenPair(tokens: IssuedTokens, passwordChangeRequired: boolean): TokenPairView {
  return {
    tokenType: 'Bearer',
    accessToken: tokens.accessToken,
    expiresIn: tokens.accessTokenExpiresIn,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
    passwordChangeRequired,
  };
}
