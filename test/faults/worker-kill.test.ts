import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Session } from '../support/auth';
import { freePort } from '../support/ports';
import { validCase } from '../support/stack';
import {
  call,
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
  type StackEnv,
} from './fault-stack';

const CASES = 200;

/**
 * The worker process is SIGKILLed (no draining) twice: while the escalations of 200 cases are in flight through the
 * API, and again while their answers are. A client retries whatever was not confirmed with the same Idempotency-Key.
 * Every case ends answered, with exactly its three events: none lost, none written twice.
 */
describe('fault: worker killed while hundreds of cases are mid-action', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: PgClient;
  let stack: StackEnv;
  let api: ChildApp;
  let worker: ChildApp;
  const killed: ChildApp[] = [];
  let people: Awaited<ReturnType<typeof signedInPeople>>;
  let apiUrl: string;

  beforeAll(async () => {
    database = await freshDatabase('wkill');
    db = await pgClient(database.url);
    stack = newStackEnv(database.url, process.env.TEMPORAL_ADDRESS!, await freePort());
    apiUrl = `http://127.0.0.1:${stack.apiPort}`;
    [api, worker] = await Promise.all([startApiProcess(stack), startWorkerProcess(stack)]);
    people = await signedInPeople(db, apiUrl);
  }, 240000);

  afterAll(async () => {
    await Promise.all([api?.kill('SIGKILL'), worker?.kill('SIGKILL'), ...killed.map((app) => app.kill('SIGKILL'))]);
    await db?.end();
    await database?.drop();
  });

  /**
   * Fires `send` for every case at once, SIGKILLs the worker when `killAfter` answers have come back (the rest are
   * in flight), starts a new worker 2 s later, then retries every unconfirmed one with its key until it is 200.
   */
  async function actAllWithKill(
    ids: string[],
    send: (id: string, key: string) => Promise<JsonResponse>,
    killAfter: number,
  ): Promise<{ first: JsonResponse[]; inFlightAtKill: number; retried: number }> {
    const keys = ids.map(() => randomUUID());
    let answered = 0;
    let inFlightAtKill = -1;
    const restart: { done: Promise<void> | null } = { done: null };
    const first = await Promise.all(
      ids.map(async (id, index) => {
        const answer = await send(id, keys[index]);
        answered += 1;
        if (answered === killAfter && !restart.done) {
          inFlightAtKill = ids.length - answered;
          const old = worker;
          killed.push(old);
          restart.done = old.kill('SIGKILL').then(async () => {
            await new Promise((resolve) => setTimeout(resolve, 2000));
            worker = await startWorkerProcess(stack);
          });
        }
        return answer;
      }),
    );
    await restart.done;
    let retried = 0;
    await pool(ids, 20, async (id, index) => {
      if (first[index].status === 200) return;
      retried += 1;
      await retryUntil(() => send(id, keys[index]), 200, 90000);
    });
    return { first, inFlightAtKill, retried };
  }

  it('every case reaches its state with exactly its events', async () => {
    const startedAt = Date.now();
    const progress = (what: string) =>
      process.stdout.write(`[faults] worker kill: ${what} after ${Math.round((Date.now() - startedAt) / 1000)} s\n`);
    const raised = await pool(Array.from({ length: CASES }), 32, async () => {
      const answers = await retryUntil(
        () => call(apiUrl, 'POST', '/api/cases', { session: people.official, body: validCase }),
        201,
      );
      return answers[answers.length - 1].body.id as string;
    });
    expect(new Set(raised).size).toBe(CASES);
    progress(`${CASES} cases raised`);

    const post = (session: Session, action: string, body: object) => (id: string, key: string) =>
      call(apiUrl, 'POST', `/api/cases/${id}/${action}`, { session, body, idempotencyKey: key });

    const escalations = await actAllWithKill(
      raised,
      post(people.official, 'escalate', { target: 'unit_head', question: 'Bố trí công chức dôi dư thế nào?' }),
      10,
    );
    expect(escalations.inFlightAtKill).toBeGreaterThanOrEqual(100);
    progress('escalations confirmed');
    const answers = await actAllWithKill(
      raised,
      post(people.unitHead, 'answer', { text: 'Bố trí theo vị trí việc làm.', publishAsGuidance: false }),
      10,
    );
    expect(answers.inFlightAtKill).toBeGreaterThanOrEqual(100);
    progress('answers confirmed');
    expect(killed).toHaveLength(2);
    for (const old of killed) expect((await old.exited).signal).toBe('SIGKILL');

    // Whatever was not confirmed at first was a clear answer, never a 500: confirmed late (503), or the API's own
    // wait for the update ran out while no worker was there.
    const firstStatuses = [...escalations.first, ...answers.first].map((answer) => answer.status);
    expect(firstStatuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    for (const answer of [...escalations.first, ...answers.first].filter((a) => a.status === 503))
      expect(answer.body.code).toBe('CASE_ACTION_UNCONFIRMED');

    const { perCase, duplicates, byType } = await eventCounts(db, raised);
    expect(duplicates).toEqual([]);
    expect(byType).toEqual({ case_reported: CASES, case_escalated: CASES, escalation_answered: CASES });
    for (const id of raised)
      expect([id, perCase.get(id)]).toEqual([id, ['1:case_reported', '2:case_escalated', '3:escalation_answered']]);
    const states = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) GROUP BY status`,
      [raised],
    );
    expect(states.rows).toEqual([{ status: 'answered', n: CASES }]);
    // One notification per recipient and event: a retried activity never notified twice.
    const doubled = await db.query(
      `SELECT case_id, recipient_user_id, kind, event_sequence FROM notifications WHERE case_id = ANY($1::uuid[])
        GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
      [raised],
    );
    expect(doubled.rows).toEqual([]);
    process.stdout.write(
      `[faults] worker kill: ${CASES} cases; in flight at the kills ${escalations.inFlightAtKill} escalations, ` +
        `${answers.inFlightAtKill} answers; first answers ${JSON.stringify(countBy(firstStatuses))}; retried ` +
        `${escalations.retried + answers.retried}; events ${JSON.stringify(byType)}\n`,
    );
  }, 420000);
});

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
