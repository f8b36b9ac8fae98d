import type { Client as PgClient } from 'pg';
import type { Actor } from '@libs/domain';

/**
 * Inserts the given actors as users (no password: they exist for routing and notifications; they sign in through
 * an external subject that nothing issues).
 */
export async function insertUsers(db: PgClient, actors: Actor[]): Promise<void> {
  for (const actor of actors) {
    await db.query(
      `INSERT INTO users (id, username, display_name, roles, unit_code, external_subject)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING`,
      [
        actor.userId,
        `u-${actor.userId.slice(0, 8)}`,
        actor.displayName ?? actor.userId,
        actor.roles,
        actor.unitCode ?? null,
        `test:${actor.userId}`,
      ],
    );
  }
}
