import { Connection } from '@temporalio/client';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { searchAttributeFlags } from '@libs/contracts';
import { startProcess, type ManagedProcess } from './processes';

export interface TemporalDevServerOptions {
  binary: string;
  /** SQLite file that keeps workflows and timers across restarts. */
  dbFile: string;
  ip: string;
  port: number;
  uiPort: number;
  env: NodeJS.ProcessEnv;
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string;
  process: ManagedProcess;
}

/**
 * `temporal server start-dev` with a persistent database file and the case search attributes registered
 * (registering at every start is harmless: existing attributes are kept).
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--ip',
    options.ip,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--log-level',
    'error',
    ...searchAttributeFlags().flatMap((flag) => ['--search-attribute', flag]),
  ];
  const managed = startProcess('temporal', options.binary, args, options.env);
  const address = `${options.ip}:${options.port}`;
  await waitForTemporal(address, managed);
  return { address, uiUrl: `http://${options.ip}:${options.uiPort}`, process: managed };
}

async function waitForTemporal(address: string, managed: ManagedProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void managed.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error('the Temporal dev server exited during start-up (see its log above)');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`Temporal did not answer on ${address} within ${timeoutMs / 1000} s`);
}
