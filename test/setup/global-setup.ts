import './register-paths';
import 'reflect-metadata';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASE_SEARCH_ATTRIBUTES } from '@libs/contracts';
import { runMigrations } from '@libs/database';
import { runReferenceImport } from '@libs/reference/import-cli';
import { bundleCaseWorkflows } from '@libs/temporal';
import { ensureFastPolicySet } from '../../apps/stack/src/policy-sets';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../../apps/stack/src/postgres';
import { ensureTemporalCli } from '../../apps/stack/src/temporal-cli';
import { freePort } from '../support/ports';
import { TEST_PAYLOAD_KEY_ID, TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { setGlobalResources } from './global-resources';

/**
 * Starts what the integration suites share: one Temporal dev server (through @temporalio/testing, using the CLI
 * binary the project builds) and one fresh PostgreSQL database with every migration applied. The values reach the
 * test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[global-setup] ${line}\n`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'case-engine-test-'));

  const temporalBinary = await ensureTemporalCli(log);
  const [temporalEnv, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalBinary },
        ip: '127.0.0.1',
        searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
        extraArgs: ['--headless', '--log-level', 'error'],
      },
    }),
    bundleCaseWorkflows(),
  ]);
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  let embeddedStop: (() => Promise<void>) | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const port = await freePort();
    log(`DATABASE_URL is not set: starting embedded PostgreSQL on port ${port}`);
    // PostgreSQL's own log lines (tests provoke errors on purpose) would drown the test output.
    const embedded = await startEmbeddedPostgres(workDir, port, () => undefined);
    embeddedStop = () => embedded.stop();
    serverUrl = embedded.url;
  }
  const databaseUrl = withDatabase(serverUrl, `case_engine_test_${Date.now()}_${process.pid}`);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  // Real reference data (provinces, communes, the Ministry's units and fields with their routing), as `up` has it.
  await runReferenceImport(databaseUrl, {});
  // The `fast-test` policy set (second-long answer targets) the suites run cases under.
  await ensureFastPolicySet(databaseUrl);

  process.env.DATABASE_URL = databaseUrl;
  process.env.TEMPORAL_ADDRESS = temporalEnv.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  process.env.TEMPORAL_CLI_PATH = temporalBinary;
  process.env.TEST_WORK_DIR = workDir;
  process.env.NODE_ENV = 'test';
  // A fixed, test-only payload key (public: it protects nothing), so test clients and workers share it.
  process.env.TEMPORAL_PAYLOAD_KEYS = TEST_PAYLOAD_KEYS;
  process.env.TEMPORAL_PAYLOAD_KEY_ID = TEST_PAYLOAD_KEY_ID;
  delete process.env.TEMPORAL_PAYLOAD_KEYS_FILE;
  log(`Temporal ${temporalEnv.address}; database ${new URL(databaseUrl).pathname.slice(1)}`);

  setGlobalResources({ temporalEnv, embeddedStop, databaseUrl, keepDatabase: Boolean(process.env.KEEP_TEST_DATABASE) });
}
