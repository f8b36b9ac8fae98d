import { spawn } from 'node:child_process';
import { distEntry } from '../support/dist';
import { freePort } from '../support/ports';
import { eventually } from '../support/stack';

interface Run {
  exitCode: Promise<number | null>;
  output: () => string;
  stop: () => void;
}

/** The compiled API as an operator starts it (`npm run start:api`), with only the given environment. */
function startCompiledApi(env: Record<string, string>, entry = 'apps/api/src/main.js'): Run {
  const child = spawn(process.execPath, [distEntry(entry)], {
    // Nothing inherited: no NODE_ENV from jest, no secret from the developer's shell.
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: process.env.DATABASE_URL!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    exitCode: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    output: () => output,
    stop: () => child.kill('SIGTERM'),
  };
}

describe('the API refuses to start without its secrets unless NODE_ENV says development or test', () => {
  it('refuses with NODE_ENV unset and no AUTH_JWT_SECRET, naming the variable', async () => {
    const run = startCompiledApi({ API_PORT: String(await freePort()) });
    expect(await run.exitCode).toBe(1);
    expect(run.output()).toContain('AUTH_JWT_SECRET is not set and NODE_ENV is "production"');
  });

  it('refuses an unknown NODE_ENV rather than treating it as development', async () => {
    const run = startCompiledApi({ NODE_ENV: 'staging', API_PORT: String(await freePort()) });
    expect(await run.exitCode).toBe(1);
    expect(run.output()).toContain('NODE_ENV must be development, test or production');
  });

  it('refuses single sign-on without OIDC_AUDIENCE in production', async () => {
    const run = startCompiledApi({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'k'.repeat(48),
      OIDC_ISSUER: 'https://sso.example.gov.vn/realms/bnv',
      OIDC_JWKS_URL: 'https://sso.example.gov.vn/certs',
      API_PORT: String(await freePort()),
    });
    expect(await run.exitCode).toBe(1);
    expect(run.output()).toContain('OIDC_AUDIENCE is required');
  });

  it('refuses in production without the payload keys of case data in Temporal, naming the variable', async () => {
    const run = startCompiledApi({ AUTH_JWT_SECRET: 'k'.repeat(48), API_PORT: String(await freePort()) });
    expect(await run.exitCode).toBe(1);
    expect(run.output()).toContain('TEMPORAL_PAYLOAD_KEYS is not set and NODE_ENV is "production"');
  });

  it('the worker refuses as well', async () => {
    const run = startCompiledApi({ TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! }, 'apps/worker/src/main.js');
    expect(await run.exitCode).toBe(1);
    expect(run.output()).toContain('TEMPORAL_PAYLOAD_KEYS is not set and NODE_ENV is "production"');
  });

  it.each([
    [
      'NODE_ENV unset with AUTH_JWT_SECRET and TEMPORAL_PAYLOAD_KEYS',
      { AUTH_JWT_SECRET: 'k'.repeat(48), TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}` },
    ],
    ['NODE_ENV=development without a secret', { NODE_ENV: 'development' }],
  ])('starts with %s', async (_name, env: Record<string, string>) => {
    const port = await freePort();
    const run = startCompiledApi({ ...env, API_PORT: String(port), TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! });
    try {
      await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
          return response ? response.status : undefined;
        },
        30000,
        250,
      );
    } finally {
      run.stop();
    }
    expect(await run.exitCode).toBe(0);
  });
});
