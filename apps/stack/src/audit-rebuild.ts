import 'reflect-metadata';
import { rebuildAuditModels } from '@libs/audit';
import { createDataSource } from '@libs/database';

/**
 * `npm run audit:rebuild`: recomputes the audit read models from the whole event log of DATABASE_URL.
 * `npm run audit:rebuild -- --rollups` recomputes only the rollup (`audit_rollups`) from the per-case read models.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'case-engine-audit-rebuild' });
  // A national rebuild runs for minutes: no statement timeout on this connection.
  (dataSource.options.extra as Record<string, unknown>).statement_timeout = 0;
  await dataSource.initialize();
  const started = Date.now();
  const only = process.argv.includes('--rollups') ? ('rollups' as const) : undefined;
  try {
    const result = await rebuildAuditModels(dataSource, {
      chunkCases: 5000,
      only,
      onPhase: (phase, seconds, rows) =>
        console.log(
          phase === 'cases'
            ? `per-case read models: ${rows} cases in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} cases/s)`
            : `rollup: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s)`,
        ),
      onProgress: (cases) => {
        if (cases % 100_000 === 0) console.log(`… ${cases} cases`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Rebuilt the audit ${only ? 'rollup' : 'read models'} of ${result.cases} cases in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.cases / Math.max(seconds, 0.001))} cases/s); checkpoint at event ${result.checkpoint}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
