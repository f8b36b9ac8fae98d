import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import type { BareActivities } from './bare-workflows';

/**
 * The bare worker of `npm run bench:engine` (run as its own process so its CPU and memory are measured apart): polls
 * BENCH_BARE_TASK_QUEUE and runs the bare workflow, whose one activity inserts a row into `bench_rows`.
 */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = process.env.BENCH_BARE_TASK_QUEUE ?? 'bench-bare';
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'bench-bare-worker' });
  Runtime.install({ shutdownSignals: ['SIGTERM', 'SIGINT'] });
  const activities: BareActivities = {
    async writeRow(id: string) {
      await pool.query('INSERT INTO bench_rows (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [id]);
    },
  };
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./bare-workflows'),
    activities,
  });
  console.log('bare worker ready');
  await worker.run();
  await connection.close();
  await pool.end();
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
});
