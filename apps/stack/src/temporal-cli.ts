import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the build lock of the cache directory (a file holding the builder's pid). Returns false while another live
 * process holds it; a lock left by a process that died is taken over.
 */
export function tryLock(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lockFile, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
  rmSync(lockFile, { force: true });
  return tryLock(lockFile);
}

/**
 * Finds the binary, or builds it with `go install` into the cache (a few minutes the first time). Several processes
 * asking at once (parallel test runs, two clones) share one build: the first takes a lock, the others wait for it.
 * The binary is built in a private directory and renamed into place, so nobody ever runs a half-written file.
 */
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
  const built = path.join(dir, 'temporal');
  const lockFile = path.join(dir, '.build.lock');
  let waiting = false;
  while (!tryLock(lockFile)) {
    if (!waiting) log(`Another process is building the Temporal CLI into ${dir}; waiting for it…`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  try {
    if (isExecutable(built)) return built;
    log(
      `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${goCheck.stdout.trim()} into ${dir} (first run only)…`,
    );
    const started = Date.now();
    const staging = path.join(dir, `.build-${process.pid}`);
    mkdirSync(staging, { recursive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
          env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
      });
      const staged = path.join(staging, 'temporal');
      if (!isExecutable(staged)) throw new Error(`go install finished but ${staged} is missing`);
      renameSync(staged, built);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
    return built;
  } finally {
    rmSync(lockFile, { force: true });
  }
}

if (require.main === module) {
  ensureTemporalCli()
    .then((binary) => console.log(binary))
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
