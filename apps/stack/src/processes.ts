import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLOURS: Record<string, string> = { temporal: '35', worker: '36', api: '32', postgres: '34', up: '33' };

/** Prefixes each line a process prints with its name, so one terminal shows the whole system readably. */
export function prefixedLogger(name: string): (line: string) => void {
  const tty = Boolean(process.stdout.isTTY);
  const label = name.padEnd(8);
  const prefix = tty ? `\x1b[${COLOURS[name] ?? '37'}m${label}|\x1b[0m ` : `${label}| `;
  return (line: string) => process.stdout.write(`${prefix}${line}\n`);
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Sends `signal` and waits up to `timeoutMs` before SIGKILL. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log = prefixedLogger(name),
): ManagedProcess {
  // Own process group: Ctrl-C reaches only `up`, which stops the parts in order (API, worker, Temporal).
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', log);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.on('error', (error) => {
      log(`failed to start: ${error.message}`);
      resolve(1);
    });
  });
  return {
    name,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 35000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => {
        log(`still running after ${timeoutMs} ms: killing`);
        child.kill('SIGKILL');
      }, timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
