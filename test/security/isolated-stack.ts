import type { INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { AppConfig } from '@libs/config';
import { CASE_SEARCH_ATTRIBUTES } from '@libs/contracts';
import { runMigrations } from '@libs/database';
import { runReferenceImport } from '@libs/reference/import-cli';
import { databaseNameOf, dropDatabase, ensureDatabase, withDatabase } from '../../apps/stack/src/postgres';
import { pgClient, startApi, startWorker, testConfig, testDataConverter, type RunningApi } from '../support/stack';

/**
 * An API and a worker with a PostgreSQL database and a Temporal namespace of their own. Other suites run in parallel
 * against the run's shared database and the `default` namespace; a before/after fingerprint of "everything" is only
 * meaningful where nothing else writes.
 */
export interface IsolatedStack {
  config: AppConfig;
  api: RunningApi;
  worker: INestApplicationContext;
  db: PgClient;
  temporal: Client;
  close(): Promise<void>;
}

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** A migrated database with the real reference data, and a namespace with the case search attributes. */
export async function startIsolatedStack(label: string): Promise<IsolatedStack> {
  const suffix = `${label}_${randomBytes(3).toString('hex')}`;
  const shared = process.env.DATABASE_URL!;
  const databaseUrl = withDatabase(shared, `${databaseNameOf(shared)}_${suffix}`.slice(-63));
  const namespace = `${label}-${randomBytes(4).toString('hex')}`;

  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  await runReferenceImport(databaseUrl, {});

  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]])),
  });
  const client = new Client({ connection, namespace, dataConverter: testDataConverter() });

  const base = testConfig({ databaseUrl });
  // Production answer-target policies: no reminder or automatic escalation fires while the suite compares states.
  // An action that is never confirmed is a finding; waiting 20 s for each one would only slow the suite down.
  const config: AppConfig = {
    ...base,
    temporal: { ...base.temporal, namespace, updateTimeoutMs: 5000 },
    slaPolicySet: 'default',
  };
  const [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient(databaseUrl)]);
  return {
    config,
    api,
    worker,
    db,
    temporal: client,
    async close() {
      await Promise.all([api.close(), worker.close(), db.end()]);
      await connection.close();
      if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(databaseUrl).catch(() => undefined);
    },
  };
}
