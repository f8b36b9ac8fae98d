import type { RecordDeploymentEventInput } from '@libs/contracts/deployment-workflow';
import type { Queryable } from './report-data';

/** Writes a deployment event once per (deployment, key); true when it was written now. */
export async function insertEvent(db: Queryable, event: RecordDeploymentEventInput): Promise<boolean> {
  const written = (await db.query(
    `INSERT INTO deployment_events (deployment_id, event_key, type, actor_user_id, occurred_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (deployment_id, event_key) DO NOTHING
     RETURNING id`,
    [event.deploymentId, event.eventKey, event.type, event.actorUserId, event.occurredAt, event.payload],
  )) as unknown[];
  return written.length > 0;
}
