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

/** Turns a verified token into the actor the API works with. */
@Injectable()
export class IdentityLookupService {
  constructor(private readonly database: DatabaseService) {}

  /**
   * The active user behind one of our tokens, provided its login session is live: its newest refresh token is
   * neither revoked nor expired (an access token never outlives the session it belongs to).
   */
  async byUserId(userId: string, sessionId: string | null, now = new Date()): Promise<LoadedIdentity | null> {
    const rows: IdentityRow[] = await this.database.ready.query(
      `${SELECT_IDENTITY} WHERE u.id = $1::uuid AND u.active`,
      [userId, vietnamDate(now), sessionId],
    );
    const row = rows[0];
    return row && row.session_live ? toIdentity(row) : null;
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
