import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createUser, loginAs } from '../support/auth';
import { distEntry } from '../support/dist';
import { freePort } from '../support/ports';
import { eventually, validCase } from '../support/stack';

/**
 * Runs the up command itself (after the install and build steps `npm run up` performs first) without DATABASE_URL,
 * so the embedded-PostgreSQL path stays working, and checks that a case survives a restart of the whole system.
 */
describe('the up command', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'case-engine-up-'));

  async function bringUp(extraEnv: NodeJS.ProcessEnv = {}) {
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pg: await freePort() };
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'WORKFLOW_BUNDLE_PATH', 'TEMPORAL_TASK_QUEUE', 'NODE_ENV'])
      delete env[name];
    Object.assign(env, {
      DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      EMBEDDED_POSTGRES_PORT: String(ports.pg),
      ...extraEnv,
    });
    const child = spawn(process.execPath, [distEntry('apps/stack/src/up.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`up exited early:\n${output}`);
        return output.includes('Ctrl-C stops everything') ? true : undefined;
      },
      120000,
      250,
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\n--- up output ---\n${output}`);
    });
    return { child, exited, ports, output: () => output };
  }

  it('brings everything up with embedded PostgreSQL, serves a case, stops cleanly on Ctrl-C, and keeps the case across a restart', async () => {
    const first = await bringUp();
    const api = `http://127.0.0.1:${first.ports.api}`;
    expect(first.output()).toContain(`${api}/api/docs`);
    expect(first.output()).toContain(`http://127.0.0.1:${first.ports.ui}`);
    expect(first.output()).toContain('(embedded)');
    // The web console is served at / (any page address gives the app; /api stays the API).
    expect(first.output()).toContain(`Web console      ${api}/`);
    for (const page of ['/', '/cases/new']) {
      const html = await fetch(`${api}${page}`, { headers: { Accept: 'text/html' } });
      expect(html.status).toBe(200);
      expect(await html.text()).toContain('<div id="root"></div>');
    }
    expect((await fetch(`${api}/api/no-such-endpoint`, { headers: { Accept: 'text/html' } })).status).toBe(404);

    // An official deployed to the case's province, in the up command's own database.
    const db = new PgClient({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${first.ports.pg}/case_engine`,
    });
    await db.connect();
    const official = await createUser(db, { roles: ['official'], provinceCodes: [validCase.provinceCode] }).finally(
      () => db.end(),
    );
    const { authHeader } = await loginAs(api, official.username, official.password!);
    const created = await fetch(`${api}/api/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeader },
      body: JSON.stringify(validCase),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const events = await eventually(async () => {
      const response = await fetch(`${api}/api/cases/${id}/events`, { headers: authHeader });
      return response.ok ? ((await response.json()) as { type: string }[]) : undefined;
    });
    expect(events.map((event) => event.type)).toEqual(['case_reported']);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/worker stopped \(exit 0\)/);

    const second = await bringUp();
    try {
      const secondApi = `http://127.0.0.1:${second.ports.api}`;
      const session = await loginAs(secondApi, official.username, official.password!);
      const again = await fetch(`${secondApi}/api/cases/${id}`, { headers: session.authHeader });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { status: string }).status).toBe('reported');
      const connection = await Connection.connect({ address: `127.0.0.1:${second.ports.temporal}` });
      try {
        const description = await new Client({ connection }).workflow.getHandle(id).describe();
        expect(description.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 240000);

  it('restarts a SIGKILLed worker with backoff and keeps serving; a crash loop stops everything with the reason', async () => {
    const up = await bringUp({ UP_RESTART_LIMIT: '3', UP_RESTART_WINDOW_SECONDS: '300' });
    try {
      const api = `http://127.0.0.1:${up.ports.api}`;
      const firstWorker = childPid(up.child.pid!, WORKER);
      process.kill(firstWorker, 'SIGKILL');
      await waitForOutput(up.output, /worker exited unexpectedly \(exit 128\); restarting in 1 s/);
      expect(up.output()).toContain('worker thoát bất thường');
      const restarted = await waitForOutput(up.output, /worker restarted \(pid (\d+)\)/);
      const secondWorker = Number(restarted[1]);
      expect(secondWorker).not.toBe(firstWorker);
      expect(childPid(up.child.pid!, WORKER)).toBe(secondWorker);

      // The system keeps serving: a case raised now is recorded by the new worker (201 comes after its first event).
      const db = new PgClient({
        connectionString: `postgres://postgres:postgres@127.0.0.1:${up.ports.pg}/case_engine`,
      });
      await db.connect();
      const official = await createUser(db, { roles: ['official'], provinceCodes: [validCase.provinceCode] }).finally(
        () => db.end(),
      );
      const { authHeader } = await loginAs(api, official.username, official.password!);
      const created = await fetch(`${api}/api/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeader },
        body: JSON.stringify(validCase),
      });
      expect(created.status).toBe(201);
      expect(up.child.exitCode).toBeNull();

      // Two more crashes within the window: the third is a crash loop.
      process.kill(secondWorker, 'SIGKILL');
      await waitForOutput(up.output, /restarting in 2 s/);
      const third = await waitForOutput(
        up.output,
        new RegExp(`worker restarted \\(pid (?!${secondWorker}\\))(\\d+)\\)`),
      );
      process.kill(Number(third[1]), 'SIGKILL');
      expect(await up.exited).toBe(1);
      expect(up.output()).toMatch(/worker crashed 3 times within 300 s/);
      expect(up.output()).toMatch(/Stopping \(worker crash loop: 3 crashes within 300 s\)/);
      expect(up.output()).toMatch(/api stopped \(exit 0\)/);
      expect(up.output()).toMatch(/temporal stopped/);
    } finally {
      up.child.kill('SIGINT');
      await up.exited;
    }
  }, 240000);
});

/** The worker's command line until it sets its process title, then the title. */
const WORKER = ['worker/src/main.js', 'case-engine-worker'];

/** The pid of the child of `parentPid` whose command line (its process title, for the API and worker) contains `entry` (Linux /proc). */
function childPid(parentPid: number, entry: readonly string[]): number {
  const found: number[] = [];
  const children: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      children.push(`${name}: ${cmdline.replace(/\0/g, ' ')}`);
      if (entry.some((needle) => cmdline.includes(needle))) found.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  if (found.length !== 1) {
    throw new Error(
      `expected one child running ${entry.join(' or ')}, found ${found.length}; children:\n${children.join('\n')}`,
    );
  }
  return found[0];
}

async function waitForOutput(output: () => string, pattern: RegExp, timeoutMs = 60000): Promise<RegExpMatchArray> {
  return eventually(() => output().match(pattern) ?? undefined, timeoutMs, 100).catch((error: Error) => {
    throw new Error(`${error.message}: ${pattern}\n--- up output ---\n${output()}`);
  });
}
