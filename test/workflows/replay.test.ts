import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadPayloadEncryptionConfig } from '@libs/config/payload-encryption-config';
import { caseDataConverter } from '@libs/temporal/payload-codec';
import { HISTORY_FIXTURES } from '../support/histories';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';

/**
 * The fixtures were recorded encrypted, as every history is, under the committed TEST-ONLY key of the test runs
 * (test/support/payload-keys.ts; it protects nothing). Replaying decodes them with it, exactly as a worker would.
 */
const fixtureDataConverter = caseDataConverter(
  loadPayloadEncryptionConfig({ TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS }, 'test')!,
);

/**
 * Replays stored histories of representative cases (every path through the action table, automatic escalation,
 * pause/resume, merge) against the current workflow code. A change that would make running cases
 * non-deterministic fails here, before it reaches production. See README, "Changing workflow code".
 */
describe('replaying stored case histories against the current workflow code', () => {
  // One folder per release (0.2.0, …): every release's fixtures stay and keep replaying.
  const files = readdirSync(HISTORY_FIXTURES, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.json'),
  );
  const workflowBundle = { code: readFileSync(process.env.WORKFLOW_BUNDLE_PATH!, 'utf8') };

  it('has fixtures for the representative paths', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORY_FIXTURES, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle, replayName: file, dataConverter: fixtureDataConverter }, history),
    ).resolves.toBeUndefined();
  });
});
