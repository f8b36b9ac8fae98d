import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

  async function bringUp() {
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
});
