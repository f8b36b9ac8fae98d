import type { Client } from '@temporalio/client';
import type { Client as PgClient } from 'pg';

/**
 * Tables that legitimately change when a request is refused, or that are not application data: migration
 * bookkeeping, the failed-login counters, idempotency keys (a refused create may still claim and release its key)
 * and refresh tokens (sessions).
 */
export const TABLES_ALLOWED_TO_CHANGE = [
  'schema_migrations',
  'migrations',
  'typeorm_metadata',
  'login_throttle',
  'idempotency_keys',
  'refresh_tokens',
];

export interface TableFingerprint {
  rows: number;
  /** md5 of every row as text, in a stable order. */
  hash: string;
}

export interface Fingerprint {
  tables: Record<string, TableFingerprint>;
  temporal: {
    /** Workflow executions in the namespace (open and closed). */
    executions: number;
    /** Workflow ids on the stack's task queue. */
    workflowIds: string[];
    /** History length of each of those workflows: a refused update must not reach the history. */
    historyLengths: Record<string, number>;
  };
}

/** Every application table of the public schema, from information_schema, minus TABLES_ALLOWED_TO_CHANGE. */
export async function applicationTables(db: PgClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1::text[]))
      ORDER BY table_name`,
    [TABLES_ALLOWED_TO_CHANGE],
  );
  return rows.map((row) => row.name);
}

export async function databaseFingerprint(db: PgClient): Promise<Record<string, TableFingerprint>> {
  const tables: Record<string, TableFingerprint> = {};
  for (const table of await applicationTables(db)) {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const { rows } = await db.query<TableFingerprint>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash
         FROM ${quoted} t`,
    );
    tables[table] = rows[0];
  }
  return tables;
}

export async function temporalFingerprint(client: Client, taskQueue: string): Promise<Fingerprint['temporal']> {
  const { count } = await client.workflow.count();
  const workflowIds: string[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    workflowIds.push(execution.workflowId);
  }
  workflowIds.sort();
  const historyLengths: Record<string, number> = {};
  for (const id of workflowIds) historyLengths[id] = (await client.workflow.getHandle(id).describe()).historyLength;
  return { executions: count, workflowIds, historyLengths };
}

export async function fingerprint(db: PgClient, client: Client, taskQueue: string): Promise<Fingerprint> {
  const [tables, temporal] = await Promise.all([databaseFingerprint(db), temporalFingerprint(client, taskQueue)]);
  return { tables, temporal };
}

/** Waits until the workflows on the task queue are idle and visibility agrees with itself twice in a row. */
export async function settledFingerprint(db: PgClient, client: Client, taskQueue: string): Promise<Fingerprint> {
  let previous = '';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const busy = await busyWorkflows(client, taskQueue);
    const current = await fingerprint(db, client, taskQueue);
    const serialised = JSON.stringify(current);
    if (busy.length === 0 && serialised === previous) return current;
    previous = serialised;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error('the stack did not settle: workflows keep running activities or visibility keeps changing');
}

/** Workflows with a pending activity or workflow task. */
export async function busyWorkflows(client: Client, taskQueue: string): Promise<string[]> {
  const busy: string[] = [];
  for await (const execution of client.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
  })) {
    const description = await client.workflow.getHandle(execution.workflowId).describe();
    if ((description.raw.pendingActivities?.length ?? 0) > 0 || description.raw.pendingWorkflowTask) {
      busy.push(execution.workflowId);
    }
  }
  return busy;
}

/** Running workflows whose activities keep failing (attempt > 2): a case the engine can no longer record. */
export async function wedgedWorkflows(
  client: Client,
  taskQueue: string,
): Promise<{ workflowId: string; activity: string; attempt: number; failure: string }[]> {
  const wedged: { workflowId: string; activity: string; attempt: number; failure: string }[] = [];
  for await (const execution of client.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
  })) {
    const description = await client.workflow.getHandle(execution.workflowId).describe();
    for (const activity of description.raw.pendingActivities ?? []) {
      if ((activity.attempt ?? 0) > 2) {
        wedged.push({
          workflowId: execution.workflowId,
          activity: activity.activityType?.name ?? '?',
          attempt: activity.attempt ?? 0,
          failure: activity.lastFailure?.message ?? '',
        });
      }
    }
  }
  return wedged;
}

/** Table by table and item by item, what differs between two fingerprints (empty when they are identical). */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): string[] {
  const differences: string[] = [];
  const tables = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  for (const table of tables) {
    const [was, now] = [before.tables[table], after.tables[table]];
    if (JSON.stringify(was) !== JSON.stringify(now)) {
      differences.push(`table ${table}: ${was?.rows ?? '∅'} → ${now?.rows ?? '∅'} rows, contents changed`);
    }
  }
  if (before.temporal.executions !== after.temporal.executions) {
    differences.push(`temporal: ${before.temporal.executions} → ${after.temporal.executions} workflow executions`);
  }
  const added = after.temporal.workflowIds.filter((id) => !before.temporal.workflowIds.includes(id));
  const removed = before.temporal.workflowIds.filter((id) => !after.temporal.workflowIds.includes(id));
  if (added.length > 0) differences.push(`temporal: new workflows ${added.join(', ')}`);
  if (removed.length > 0) differences.push(`temporal: workflows gone ${removed.join(', ')}`);
  for (const [id, length] of Object.entries(before.temporal.historyLengths)) {
    const now = after.temporal.historyLengths[id];
    if (now !== undefined && now !== length) differences.push(`temporal: history of ${id} ${length} → ${now} events`);
  }
  return differences;
}
