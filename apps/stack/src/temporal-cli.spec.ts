import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tryLock } from './temporal-cli';

describe('the Temporal CLI build lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-cli-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken once and refused while its holder lives', () => {
    const lock = path.join(dir, '.build.lock');
    expect(tryLock(lock)).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    // The same live pid holds it: a second caller waits.
    expect(tryLock(lock)).toBe(false);
  });

  it('is taken over from a builder that died', () => {
    const lock = path.join(dir, '.build.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(lock, String(dead));
    expect(tryLock(lock)).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
  });
});
