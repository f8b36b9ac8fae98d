import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client as PgClient } from 'pg';
import { freePort } from '../support/ports';
import { eventually, validCase } from '../support/stack';
import {
  call,
  codeOf,
  eventCounts,
  freshDatabase,
  newStackEnv,
  ownTemporal,
  pgClient,
  pool,
  retryUntil,
  signedInPeople,
  startApiProcess,
  startWorkerProcess,
  type ChildApp,
  type JsonResponse,
  type OwnTemporal,
} from './fault-stack';

const CASES = 20;
/** fast-test `low`: 10 s to answer, reminders at 50 % and 90 % (5 s, 9 s). */
const ALLOWANCE_MS = 10000;
const REMINDER_FRACTIONS = [0.5, 0.9];
/** The dev server's timers fire on a ~1 s tick, and the worker needs a moment to run the task. */
const TOLERANCE_MS = 2500;

/**
 * The suite's own Temporal dev server (on its own database file) is stopped while 20 cases wait on their answer
 * deadlines, and started again on the same file after every reminder and deadline of the level has fallen due.
 * Meanwhile the API answers 503 TEMPORAL_UNAVAILABLE; afterwards every timer fires once, late by no more than the
 * outage.
 */
describe('fault: Temporal dev server stopped and restarted while cases wait on deadlines', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: PgClient;
  let temporal: OwnTemporal;
  let api: ChildApp;
  let worker: ChildApp;
  let apiUrl: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'case-engine-faults-temporal-'));
    [database, temporal] = await Promise.all([freshDatabase('trestart'), ownTemporal(path.join(dir, 'temporal.db'))]);
    db = await pgClient(database.url);
    const stack = { ...newStackEnv(database.url, temporal.address, await freePort()), policySet: 'fast-test' };
    apiUrl = `http://127.0.0.1:${stack.apiPort}`;
    [api, worker] = await Promise.all([startApiProcess(stack), startWorkerProcess(stack)]);
  }, 240000);

  afterAll(async () => {
    await Promise.all([api?.kill('SIGKILL'), worker?.kill('SIGKILL')]);
    await temporal?.stop('SIGKILL');
    await db?.end();
    await database?.drop();
  });

  it('answers 503 TEMPORAL_UNAVAILABLE meanwhile; afterwards the deadlines fire, late by at most the outage', async () => {
    const { official } = await signedInPeople(db, apiUrl);
    const raise = (idempotencyKey?: string) =>
      call(apiUrl, 'POST', '/api/cases', {
        session: official,
        body: { ...validCase, priority: 'low' },
        idempotencyKey,
      });
    const ids = await pool(Array.from({ length: CASES + 1 }), 8, async () => {
      const key = randomUUID();
      const answers = await retryUntil(() => raise(key), 201, 60000);
      return answers[answers.length - 1].body.id as string;
    });
    const spare = ids.pop()!;
    const escalate = (id: string, idempotencyKey?: string) =>
      call(apiUrl, 'POST', `/api/cases/${id}/escalate`, {
        session: official,
        body: { target: 'unit_head', question: 'Bố trí công chức dôi dư thế nào?' },
        idempotencyKey,
      });
    // On a loaded machine an escalation may be unconfirmed at first: the client retries it with its key.
    await pool(ids, 5, async (id) => {
      const key = randomUUID();
      await retryUntil(() => escalate(id, key), 200, 60000);
    });

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stoppedAt = Date.now();
    await temporal.stop('SIGTERM');
    const during: Record<string, JsonResponse> = {};
    await new Promise((resolve) => setTimeout(resolve, 1000));
    during.raise = await raise();
    during.action = await escalate(spare);
    during.read = await call(apiUrl, 'GET', `/api/cases/${ids[0]}`, { session: official });
    during.health = await call(apiUrl, 'GET', '/api/health');
    // Every timer of the level (reminders at 5 s and 9 s, the deadline at 10 s) falls due while the server is away.
    const lastEscalatedAt = await db.query<{ at: Date }>(
      `SELECT max(occurred_at) AS at FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'case_escalated'`,
      [ids],
    );
    const restartAt = lastEscalatedAt.rows[0].at.getTime() + ALLOWANCE_MS + 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, restartAt - Date.now())));
    await temporal.start();
    const restartedAt = Date.now();
    const outageMs = restartedAt - stoppedAt;

    expect([during.raise.status, during.raise.body.code]).toEqual([503, 'TEMPORAL_UNAVAILABLE']);
    expect([during.action.status, during.action.body.code]).toEqual([503, 'TEMPORAL_UNAVAILABLE']);
    // Reading a case needs only PostgreSQL.
    expect(during.read.status).toBe(200);
    expect(during.health.status).toBe(503);

    // Each case's first level runs its course: two reminders, the breach, the automatic escalation.
    const expectedPrefix = ['case_reported', 'case_escalated', 'deadline_reminder', 'deadline_reminder'];
    await eventually(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'deadline_breached'`,
          [ids],
        );
        return rows[0].n >= CASES ? true : undefined;
      },
      60000,
      250,
    );
    const { rows } = await db.query<{
      case_id: string;
      sequence: number;
      type: string;
      occurred_at: Date;
      deadline_at: Date | null;
    }>(
      `SELECT case_id, sequence, type, occurred_at, deadline_at FROM case_events
        WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, sequence`,
      [ids],
    );
    const lateness: number[] = [];
    for (const id of ids) {
      const events = rows.filter((row) => row.case_id === id);
      expect([id, events.slice(0, 4).map((event) => event.type)]).toEqual([id, expectedPrefix]);
      const escalation = events[1];
      const dues = [
        ...REMINDER_FRACTIONS.map((fraction) => escalation.occurred_at.getTime() + fraction * ALLOWANCE_MS),
        escalation.deadline_at!.getTime(),
      ];
      expect(escalation.deadline_at!.getTime() - escalation.occurred_at.getTime()).toBe(ALLOWANCE_MS);
      const fired = [events[2], events[3], events.find((event) => event.type === 'deadline_breached')!];
      fired.forEach((event, index) => {
        const late = event.occurred_at.getTime() - dues[index];
        lateness.push(late);
        // Due during the outage: fired after the restart (never while the server was away), never early.
        expect(dues[index]).toBeGreaterThan(stoppedAt);
        expect(dues[index]).toBeLessThan(restartedAt);
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(outageMs + TOLERANCE_MS);
        expect(event.occurred_at.getTime()).toBeGreaterThanOrEqual(restartedAt - TOLERANCE_MS);
      });
    }
    // Each timer fired once: one breach and two reminders per case at the first level, nothing doubled.
    const { duplicates } = await eventCounts(db, ids);
    expect(duplicates).toEqual([]);
    const firstLevel = await db.query<{ type: string; n: number }>(
      `SELECT e.type, count(*)::int AS n FROM case_events e
        WHERE e.case_id = ANY($1::uuid[]) AND e.type IN ('deadline_reminder', 'deadline_breached')
          AND e.payload->>'level' = 'unit_head'
        GROUP BY e.type ORDER BY e.type`,
      [ids],
    );
    expect(firstLevel.rows).toEqual([
      { type: 'deadline_breached', n: CASES },
      { type: 'deadline_reminder', n: 2 * CASES },
    ]);
    // The API serves again.
    const spareKey = randomUUID();
    await retryUntil(() => escalate(spare, spareKey), 200, 60000);
    const sorted = [...lateness].sort((a, b) => a - b);
    process.stdout.write(
      `[faults] Temporal outage ${outageMs} ms: during it raise ${during.raise.status} ${codeOf(during.raise)}, ` +
        `action ${during.action.status} ${codeOf(during.action)}, read ${during.read.status}, health ` +
        `${during.health.status}; ${lateness.length} timers late by ${sorted[0]}–${sorted[sorted.length - 1]} ms ` +
        `(median ${sorted[Math.floor(sorted.length / 2)]} ms; bound outage + ${TOLERANCE_MS} ms)\n`,
    );
  }, 240000);
});
