import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import type { AuthenticatedActor, Role } from '@libs/domain';
import { vietnamDate } from '@libs/identity';

export interface LoadedIdentity {
  actor: AuthenticatedActor;
  username: string;
  mustChangePassword: boolean;
}

interface IdentityRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_code: string | null;
  must_change_password: boolean;
  province_codes: string[];
  session_live: boolean;
}

// Roles and unit come from the database on every request, so a change by an admin (or a deactivation) applies at
// once rather than when the token expires.
const SELECT_IDENTITY = `
  SELECT u.id, u.username, u.display_name, u.roles, u.unit_code, u.must_change_password,
         ARRAY(
           SELECT DISTINCT d.province_code::text FROM deployments d
           WHERE d.user_id = u.id AND d.period_start <= $2::date AND $2::date <= d.period_end
           ORDER BY 1
         ) AS province_codes,
         ($3::uuid IS NULL OR EXISTS (
           SELECT 1 FROM refresh_tokens t
           WHERE t.family_id = $3::uuid AND t.user_id = u.id AND t.revoked_at IS NULL AND t.rotated_at IS NULL
             AND t.expires_at > now()
         )) AS session_live
  FROM users u`;

/**
 * `AUTH_IDENTITY_CACHE_MS` (default 0: off): how long a looked-up identity may be reused for the same user and
 * login session. Off by default, because with it on a role change, a deactivation or a logout reaches requests of
 * the same token only after that many milliseconds (per API process); on, it saves one database round trip per
 * request. Meant for read-heavy deployments that accept the delay (e.g. 1000 ms).
 */
export function identityCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUTH_IDENTITY_CACHE_MS;
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 60_000) {
    throw new Error(`AUTH_IDENTITY_CACHE_MS must be an integer number of milliseconds in 0..60000, got "${raw}"`);
  }
  return value;
}

const CACHE_MAX_ENTRIES = 10_000;

/** Turns a verified token into the actor the API works with. */
@Injectable()
export class IdentityLookupService {
  private readonly cacheMs = identityCacheMs();
  private readonly cache = new Map<string, { at: number; identity: LoadedIdentity }>();

  constructor(private readonly database: DatabaseService) {}

  private cached(key: string, now: number): LoadedIdentity | null {
    if (this.cacheMs === 0) return null;
    const hit = this.cache.get(key);
    if (!hit) return null;
    if (now - hit.at < this.cacheMs) return hit.identity;
    this.cache.delete(key);
    return null;
  }

  private remember(key: string, identity: LoadedIdentity, now: number): void {
    if (this.cacheMs === 0) return;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { at: now, identity });
  }

  /**
   * The active user behind one of our tokens, provided its login session is live: its newest refresh token is
   * neither revoked nor expired (an access token never outlives the session it belongs to).
   */
  async byUserId(userId: string, sessionId: string | null, now = new Date()): Promise<LoadedIdentity | null> {
    const key = `local:${userId}:${sessionId ?? ''}:${vietnamDate(now)}`;
    const hit = this.cached(key, now.getTime());
    if (hit) return hit;
    const rows: IdentityRow[] = await this.database.ready.query(
      `${SELECT_IDENTITY} WHERE u.id = $1::uuid AND u.active`,
      [userId, vietnamDate(now), sessionId],
    );
    const row = rows[0];
    if (!row || !row.session_live) return null;
    const identity = toIdentity(row);
    this.remember(key, identity, now.getTime());
    return identity;
  }

  /** The active user linked to a single sign-on subject. */
  async byExternalSubject(subject: string, now = new Date()): Promise<LoadedIdentity | null> {
    const rows: IdentityRow[] = await this.database.ready.query(
      `${SELECT_IDENTITY} WHERE u.external_subject = $1 AND u.active`,
      [subject, vietnamDate(now), null],
    );
    return rows[0] ? toIdentity(rows[0]) : null;
  }
}

function toIdentity(row: IdentityRow): LoadedIdentity {
  return {
    actor: {
      userId: row.id,
      roles: row.roles,
      unitCode: row.unit_code,
      displayName: row.display_name,
      // Deployments make a person act for provinces only while they hold the official role.
      provinceCodes: row.roles.includes('official') ? row.province_codes : [],
    },
    username: row.username,
    mustChangePassword: row.must_change_password,
  };
}
