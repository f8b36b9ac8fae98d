import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The Temporal CLI release the project builds when none is installed (newest whose go.mod has no `replace`). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Per-user cache outside the clone, keyed by version, so every clone on the machine shares one build. */
export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'commune-case-engine', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function onPath(env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'temporal'))) return path.join(dir, 'temporal');
  }
  return null;
}

/**
 * Finds the `temporal` binary: TEMPORAL_CLI_PATH, then PATH, then the project's cache. Returns null if none.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): { path: string; source: string } | null {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    }
    return { path: env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath(env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = path.join(temporalCacheDir(env), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  return null;
}

/** Finds the binary, or builds it with `go install` into the cache (a few minutes the first time). */
export async function ensureTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  const found = findTemporalCli();
  if (found) return found.path;
  const goCheck = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goCheck.status !== 0) {
    throw new Error(
      'No `temporal` binary found (TEMPORAL_CLI_PATH, PATH, cache) and Go is not installed to build it. ' +
        'Install Go, or set TEMPORAL_CLI_PATH to a Temporal CLI binary.',
    );
  }
  const dir = temporalCacheDir();
  mkdirSync(dir, { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${goCheck.stdout.trim()} into ${dir} (first run only)…`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
  });
  const built = path.join(dir, 'temporal');
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing`);
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
  return built;
}

if (require.main === module) {
  ensureTemporalCli()
    .then((binary) => console.log(binary))
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
