import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@libs/database';
import { seedDemoReports } from '../../apps/stack/src/demo-reports';
import { CURRENT_DEMO_DECISION_NUMBER, seedDemo } from '../../apps/stack/src/seed-demo';
import { eventually, pgClient, startWorker, temporalClient, testConfig } from '../support/stack';

jest.setTimeout(120_000);

/** The demo gives a newcomer running deployments mid-cycle: drafts ready, late or missing weeks, one submitted. */
describe('demo reports', () => {
  const config = testConfig();
  let dataSource: DataSource;
  let db: PgClient;
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    [, db, worker, temporal] = await Promise.all([
      dataSource.initialize(),
      pgClient(),
      startWorker(config),
      temporalClient(),
    ]);
    await seedDemo(dataSource);
  });

  afterAll(async () => {
    await Promise.all([dataSource?.destroy(), db?.end(), worker?.close(), temporal?.close()]);
  });

  it('runs every current deployment and submits one week of the demo official, idempotently', async () => {
    const first = await seedDemoReports(dataSource, temporal.client, config.temporal.taskQueue);
    expect(first.submitted).toBe(true);
    const again = await seedDemoReports(dataSource, temporal.client, config.temporal.taskQueue);
    expect(again).toEqual({ started: again.started, submitted: true });

    const counts = await eventually(
      async () => {
        const { rows } = await db.query<{
          drafts: number;
          submitted: number;
          late: number;
          runs: number;
          deployments: number;
        }>(
          `SELECT count(*) FILTER (WHERE r.figures IS NOT NULL)::int AS drafts,
                count(*) FILTER (WHERE r.current_version > 0)::int AS submitted,
                count(*) FILTER (WHERE r.late_marked_at IS NOT NULL AND r.current_version = 0)::int AS late,
                (SELECT count(*)::int FROM deployment_runs dr JOIN deployments d2 ON d2.id = dr.deployment_id
                   JOIN dispatch_decisions dd2 ON dd2.id = d2.decision_id WHERE dd2.number = $1) AS runs,
                (SELECT count(*)::int FROM deployments d3 JOIN dispatch_decisions dd3 ON dd3.id = d3.decision_id
                  WHERE dd3.number = $1) AS deployments
           FROM reports r JOIN deployments d ON d.id = r.deployment_id
           JOIN dispatch_decisions dd ON dd.id = d.decision_id
          WHERE dd.number = $1 AND r.kind = 'weekly'`,
          [CURRENT_DEMO_DECISION_NUMBER],
        );
        const row = rows[0];
        return row.runs === row.deployments && row.late > 0 ? row : undefined;
      },
      60_000,
      500,
    );
    expect(counts.submitted).toBe(1);
    expect(counts.drafts).toBeGreaterThan(counts.submitted);
    const pending = await db.query(
      `SELECT 1 FROM reports r JOIN deployments d ON d.id = r.deployment_id JOIN users u ON u.id = d.user_id
        WHERE u.username = 'official' AND r.kind = 'weekly' AND r.figures IS NULL AND r.cancelled_at IS NULL`,
    );
    expect(pending.rowCount).toBeGreaterThan(0);
    const support = await db.query(
      `SELECT status FROM support_requests s JOIN users u ON u.id = s.requested_by WHERE u.username = 'official'`,
    );
    expect(support.rows).toEqual([{ status: 'submitted' }]);
  });
});
