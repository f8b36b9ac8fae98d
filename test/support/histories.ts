import type { WorkflowHandle } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const HISTORY_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'histories');

/** The release whose histories new recordings belong to: one folder per release, kept and replayed forever. */
export const FIXTURE_RELEASE = '0.2.0';

/**
 * With RECORD_HISTORIES=1, stores the workflow's event history as a replay fixture (test/fixtures/histories), in the
 * JSON form Temporal's own tools write (`temporal workflow show --output json`). The replay suite runs every fixture
 * against the current workflow code, so a non-deterministic change fails CI. See README, "Changing workflow code".
 */
export async function saveHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await handle.describe(); // the workflow exists and its history is readable
  const json = execFileSync(
    process.env.TEMPORAL_CLI_PATH!,
    [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      '--output',
      'json',
      '--address',
      process.env.TEMPORAL_ADDRESS!,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const folder = path.join(HISTORY_FIXTURES, FIXTURE_RELEASE);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${name}.json`), json);
}
