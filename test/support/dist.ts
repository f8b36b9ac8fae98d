import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '..', '..');

/** Path of a compiled entry point; the test command builds before it runs the suites. */
export function distEntry(relative: string): string {
  const file = path.join(repositoryRoot, 'dist', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return file;
}
