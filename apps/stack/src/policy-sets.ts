import { Client } from 'pg';

/** A policy set for tests and demos: second-long answer targets on the always-working calendar. */
export interface FastPolicySet {
  name: string;
  reopenWindowSeconds: number;
  historyEventLimit: number;
  /** Answer targets in seconds by priority. */
  allowanceSeconds?: Partial<Record<'urgent' | 'high' | 'normal' | 'low', number>>;
  renotifySeconds?: number;
}

/** `fast-test`: what the test setup and the demo seed run cases under (never shipped by a production migration). */
export const FAST_TEST_POLICY_SET: FastPolicySet = {
  name: 'fast-test',
  reopenWindowSeconds: 600,
  historyEventLimit: 5000,
  allowanceSeconds: { urgent: 4, high: 6, normal: 8, low: 10 },
  renotifySeconds: 3,
};

const DEFAULT_ALLOWANCE_SECONDS = { urgent: 4, high: 6, normal: 8, low: 10 } as const;

/** Anything that runs SQL: a pg client or a TypeORM DataSource. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Creates or updates a fast policy set: its settings row and one policy per priority. Every statement is an upsert,
 * so running it again (a restart, a second suite) changes nothing.
 */
export async function ensureFastPolicySet(
  target: string | Queryable,
  set: FastPolicySet = FAST_TEST_POLICY_SET,
): Promise<void> {
  if (typeof target !== 'string') return writeFastPolicySet(target, set);
  const client = new Client({ connectionString: target });
  await client.connect();
  try {
    await writeFastPolicySet(client, set);
  } finally {
    await client.end();
  }
}

async function writeFastPolicySet(client: Queryable, set: FastPolicySet): Promise<void> {
  {
    await client.query(
      `INSERT INTO policy_sets (name, name_vi, name_en, reopen_window_seconds, history_event_limit, updated_by)
       VALUES ($1, $2, $3, $4, $5, 'setup')
       ON CONFLICT (name) DO UPDATE SET reopen_window_seconds = EXCLUDED.reopen_window_seconds,
         history_event_limit = EXCLUDED.history_event_limit, updated_at = now()`,
      [
        set.name,
        `Bộ chính sách thời hạn ngắn (kiểm thử, trình diễn): ${set.name}`,
        `Fast policy set (tests and demos): ${set.name}`,
        set.reopenWindowSeconds,
        set.historyEventLimit,
      ],
    );
    const allowances = { ...DEFAULT_ALLOWANCE_SECONDS, ...set.allowanceSeconds };
    for (const [priority, seconds] of Object.entries(allowances)) {
      await client.query(
        `INSERT INTO sla_policies (id, policy_set, priority, allowance_seconds, reminder_fractions, renotify_seconds,
                                   calendar_id, updated_by)
         VALUES ($1, $2, $3, $4, '{0.5,0.9}', $5, 'always-working', 'setup')
         ON CONFLICT (id) DO UPDATE SET allowance_seconds = EXCLUDED.allowance_seconds,
           renotify_seconds = EXCLUDED.renotify_seconds, active = true, updated_at = now()`,
        [`${set.name}.${priority}`, set.name, priority, seconds, set.renotifySeconds ?? 3],
      );
    }
  }
}
