import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The minimal pipeline of `npm run bench:engine` (its ceiling, not product code): a workflow that writes one row to
 * PostgreSQL through one activity, and, when asked to stay open, an update that writes one more row and returns.
 */
export interface BareActivities {
  writeRow(id: string): Promise<void>;
}

const { writeRow } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export const touchUpdate = defineUpdate<number, [number]>('touch');
export const finishSignal = defineSignal('finish');

export async function bareRowWorkflow(id: string, stayOpen: boolean): Promise<void> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(touchUpdate, async (n: number) => {
    await writeRow(`${id}:${n}`);
    return n;
  });
  await writeRow(id);
  if (stayOpen) await condition(() => finished);
}
