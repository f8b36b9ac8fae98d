import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { freePort } from '../support/ports';
import { eventually, validCase } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import {
  call,
  describeAnswer,
  eventCounts,
  freshDatabase,
  newStackEnv,
  pgClient,
  pool,
  retryUntil,
  signedInPeople,
  startApiProcess,
  startWorkerProcess,
  type ChildApp,
  type JsonResponse,
} from './fault-stack';

const CASES = 40;
const OUTAGE_MS = 30000;

/**
 * PostgreSQL becomes unreachable for 30 s (a TCP proxy between the processes and the server refuses new connections
 * and cuts the open ones) while escalations are being recorded. The API answers 503 with a stable code meanwhile;
 * the worker's event writes retry; after recovery every escalation is recorded exactly once.
 */
describe('fault: PostgreSQL unreachable for 30 s during activity traffic', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: PgClient;
  let proxy: TcpProxy;
  let api: ChildApp;
  let worker: ChildApp;
  let apiUrl: string;

  beforeAll(async () => {
    database = await freshDatabase('pgcut');
    db = await pgClient(database.url);
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432), await freePort());
    await proxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const stack = newStackEnv(viaProxy.toString(), process.env.TEMPORAL_ADDRESS!, await freePort());
    apiUrl = `http://127.0.0.1:${stack.apiPort}`;
    [api, worker] = await Promise.all([startApiProcess(stack), startWorkerProcess(stack)]);
  }, 240000);

  afterAll(async () => {
    await Promise.all([api?.kill('SIGKILL'), worker?.kill('SIGKILL')]);
    await proxy?.stop();
    await db?.end();
    await database?.drop();
  });

  it('answers 503 meanwhile, retries, and afterwards has lost and doubled nothing', async () => {
    const { official } = await signedInPeople(db, apiUrl);
    const ids = await pool(Array.from({ length: CASES }), 8, async () => {
      const idempotencyKey = randomUUID();
      const answers = await retryUntil(
        () => call(apiUrl, 'POST', '/api/cases', { session: official, body: validCase, idempotencyKey }),
        201,
      );
      return answers[answers.length - 1].body.id as string;
    });

    const keys = ids.map(() => randomUUID());
    const escalate = (index: number) =>
      call(apiUrl, 'POST', `/api/cases/${ids[index]}/escalate`, {
        session: official,
        body: { target: 'unit_head', question: 'Bố trí công chức dôi dư thế nào?' },
        idempotencyKey: keys[index],
      });
    // The escalations go out; the database goes away while their events are being written.
    const inFlight = ids.map((_, index) => escalate(index));
    // Cut once the first escalations are recorded: the others are then inside the workflow, writing their events.
    await eventually(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'case_escalated'`,
          [ids],
        );
        return rows[0].n >= 3 ? true : undefined;
      },
      30000,
      10,
    );
    const cutAt = Date.now();
    await proxy.stop();

    // During the outage: reads and writes are refused with 503 and a stable code, never 500.
    const during: JsonResponse[] = [];
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const timeoutMs = 10000;
    during.push(await call(apiUrl, 'GET', `/api/cases/${ids[0]}`, { session: official, timeoutMs }));
    during.push(await call(apiUrl, 'GET', '/api/cases', { session: official, timeoutMs }));
    during.push(await call(apiUrl, 'POST', '/api/cases', { session: official, body: validCase, timeoutMs }));
    during.push(await call(apiUrl, 'GET', '/api/health', { timeoutMs }));
    expect(during.slice(0, 3).map(describeAnswer)).toEqual(during.slice(0, 3).map(() => '503 DATABASE_UNAVAILABLE'));
    expect(during[3].status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    await proxy.start();
    const restoredAt = Date.now();

    const first = await Promise.all(inFlight);
    const firstStatuses = first.map(describeAnswer);
    expect(firstStatuses.filter((status) => status !== '200' && !status.startsWith('503 '))).toEqual([]);
    // Some escalations were already inside the workflow when the database went: their event write had to retry.
    expect(
      firstStatuses.filter((status) => status === '200' || status === '503 CASE_ACTION_UNCONFIRMED').length,
    ).toBeGreaterThan(3);
    // A careful client retries what was not confirmed with the same key: the one escalation, never a second.
    let retried = 0;
    await pool(ids, 10, async (_, index) => {
      if (first[index].status === 200) return;
      retried += 1;
      const answers = await retryUntil(() => escalate(index), 200, 90000);
      expect(answers[answers.length - 1].body.eventSequence).toBe(2);
    });

    const { perCase, duplicates, byType } = await eventCounts(db, ids);
    expect(duplicates).toEqual([]);
    expect(byType).toEqual({ case_reported: CASES, case_escalated: CASES });
    for (const id of ids) expect([id, perCase.get(id)]).toEqual([id, ['1:case_reported', '2:case_escalated']]);
    const states = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) GROUP BY status`,
      [ids],
    );
    expect(states.rows).toEqual([{ status: 'escalated', n: CASES }]);
    // The writes that met the outage were retried and landed after it: recorded after the proxy came back.
    const late = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'case_escalated'
          AND recorded_at >= $2`,
      [ids, new Date(restoredAt - 1000)],
    );
    expect(late.rows[0].n).toBeGreaterThan(0);
    const health = await call(apiUrl, 'GET', '/api/health');
    expect(health.status).toBe(200);
    process.stdout.write(
      `[faults] PostgreSQL outage ${Math.round((restoredAt - cutAt) / 1000)} s: during it ` +
        `${during.map(describeAnswer).join(', ')}; first answers ` +
        `${JSON.stringify(countBy(firstStatuses))}; retried ${retried}; ${late.rows[0].n} escalations recorded ` +
        `after recovery; events ${JSON.stringify(byType)}\n`,
    );
  }, 240000);
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
