import { writeFile } from 'node:fs/promises';
import { bundleCaseWorkflows } from '@libs/temporal';

/** Writes the workflow bundle to a file, for images whose worker should not bundle at start (WORKFLOW_BUNDLE_PATH). */
async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) throw new Error('usage: bundle-workflows <output-file>');
  const bundle = await bundleCaseWorkflows();
  await writeFile(output, bundle.code);
  console.log(`Workflow bundle written to ${output} (${Math.round(bundle.code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
