import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { DatabaseService, type RefreshTokenRevocationReason } from '@libs/database';
import { ApiError } from '../common/api-error';
import { AccessTokenService } from './access-token.service';

export interface IssuedTokens {
  userId: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  accessTokenExpiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

interface PresentedTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  active: boolean;
}

type RotationOutcome =
  | { kind: 'rotated'; userId: string; sessionId: string; refreshToken: string; refreshTokenExpiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'reused' };

/** Only the SHA-256 of a refresh token is stored; the token itself has 256 random bits, so no salt is needed. */
export function refreshTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Login sessions: one refresh-token family per login. Refresh tokens are opaque, rotate on every use (the old one
 * is marked rotated, a successor issued), and presenting a rotated token again — a sign that it was copied —
 * revokes the whole family. Revoking a family also stops its access tokens at once (the auth guard checks `sid`).
 * A session lives while its newest refresh token is unexpired, and never longer than AUTH_SESSION_MAX_LIFETIME_SECONDS
 * from sign-in: a successor token expires no later than that, however often the session is refreshed.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly accessTokens: AccessTokenService,
  ) {}

  /** Starts a new session (family) for a user who has just proved who they are. */
  async start(userId: string, client: ClientInfo, manager?: EntityManager): Promise<IssuedTokens> {
    const sessionId = randomUUID();
    const refresh = await this.insertRefreshToken(manager ?? this.database.ready.manager, userId, sessionId, client);
    return this.withAccessToken(userId, sessionId, refresh.token, refresh.expiresAt);
  }

  /** Exchanges a refresh token for a new pair. 401 INVALID_REFRESH_TOKEN or REFRESH_TOKEN_REUSED otherwise. */
  async rotate(presented: string, client: ClientInfo): Promise<IssuedTokens> {
    const outcome = await this.database.ready.transaction(async (manager): Promise<RotationOutcome> => {
      const rows: PresentedTokenRow[] = await manager.query(
        `SELECT t.id, t.family_id, t.user_id, t.expires_at, t.rotated_at, t.revoked_at, u.active
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [refreshTokenHash(presented)],
      );
      const row = rows[0];
      if (!row || row.revoked_at) return { kind: 'invalid' };
      if (row.rotated_at) {
        // Committed before the 401 goes out: the family stays revoked.
        await revokeFamily(manager, row.family_id, 'reuse_detected');
        return { kind: 'reused' };
      }
      if (row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' };
      if (!row.active) {
        await revokeFamily(manager, row.family_id, 'user_deactivated');
        return { kind: 'invalid' };
      }
      // The session's absolute end: its first token's issue time plus the maximum lifetime. A refresh never moves it.
      const [{ started_at: startedAt }] = await manager.query<{ started_at: Date }[]>(
        `SELECT min(issued_at) AS started_at FROM refresh_tokens WHERE family_id = $1`,
        [row.family_id],
      );
      const sessionEndsAt = new Date(startedAt.getTime() + this.config.auth.sessionMaxLifetimeSeconds * 1000);
      if (sessionEndsAt.getTime() <= Date.now()) return { kind: 'invalid' };
      await manager.query(`UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1`, [row.id]);
      const next = await this.insertRefreshToken(manager, row.user_id, row.family_id, client, sessionEndsAt);
      return {
        kind: 'rotated',
        userId: row.user_id,
        sessionId: row.family_id,
        refreshToken: next.token,
        refreshTokenExpiresAt: next.expiresAt,
      };
    });
    switch (outcome.kind) {
      case 'invalid':
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_REFRESH_TOKEN');
      case 'reused':
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'REFRESH_TOKEN_REUSED');
      case 'rotated':
        return this.withAccessToken(
          outcome.userId,
          outcome.sessionId,
          outcome.refreshToken,
          outcome.refreshTokenExpiresAt,
        );
    }
  }

  /** Ends the session the refresh token belongs to (any token of the family will do). Unknown tokens are ignored. */
  async endSessionOf(presented: string): Promise<void> {
    await this.database.ready.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'logout'
       WHERE revoked_at IS NULL
         AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [refreshTokenHash(presented)],
    );
  }

  /** Ends every session of a user, except `keepSessionId` (the caller's own, after a password change). */
  async endSessionsOfUser(
    manager: EntityManager,
    userId: string,
    reason: RefreshTokenRevocationReason,
    keepSessionId: string | null = null,
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2
       WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR family_id <> $3::uuid)`,
      [userId, reason, keepSessionId],
    );
  }

  private async insertRefreshToken(
    manager: EntityManager,
    userId: string,
    sessionId: string,
    client: ClientInfo,
    sessionEndsAt: Date | null = null,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const issuedAt = new Date();
    const { refreshTokenTtlSeconds, sessionMaxLifetimeSeconds } = this.config.auth;
    const ttlMs = Math.min(refreshTokenTtlSeconds, sessionMaxLifetimeSeconds) * 1000;
    const expiresAt = new Date(Math.min(issuedAt.getTime() + ttlMs, sessionEndsAt?.getTime() ?? Infinity));
    await manager.query(
      `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, issued_at, expires_at, client_ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [randomUUID(), sessionId, userId, refreshTokenHash(token), issuedAt, expiresAt, client.ip, client.userAgent],
    );
    return { token, expiresAt };
  }

  private async withAccessToken(
    userId: string,
    sessionId: string,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
  ): Promise<IssuedTokens> {
    const access = await this.accessTokens.issue(userId, sessionId);
    return {
      userId,
      sessionId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      accessTokenExpiresIn: access.expiresIn,
      refreshToken,
      refreshTokenExpiresAt,
    };
  }
}

async function revokeFamily(
  manager: EntityManager,
  familyId: string,
  reason: RefreshTokenRevocationReason,
): Promise<void> {
  await manager.query(
    `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
    [familyId, reason],
  );
}
