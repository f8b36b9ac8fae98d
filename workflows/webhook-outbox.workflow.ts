import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { OutboxActivities } from '@activities';

const DRAIN_RUN_MS = 5 * 60_000;
const DRAINS_PER_RUN = 100;

// A drain runs for minutes and heartbeats; a worker that dies mid-drain is noticed within the heartbeat timeout and
// another attempt takes over (rows it had leased come due again after their short lease).
const { drainWebhookOutbox } = proxyActivities<OutboxActivities>({
  startToCloseTimeout: `${DRAIN_RUN_MS / 60_000 + 2} minutes`,
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Delivers the webhook outbox (notifications written with their case events) off every case's critical path: one
 * long-lived workflow per task queue runs drains back to back, so a receiver that is down delays only its own
 * deliveries, never a deadline or a continue-as-new. Started by the worker when a webhook is configured.
 */
export async function webhookOutboxWorkflow(): Promise<void> {
  for (let drain = 0; drain < DRAINS_PER_RUN; drain += 1) {
    await drainWebhookOutbox({ maxRunMs: DRAIN_RUN_MS });
  }
  await continueAsNew<typeof webhookOutboxWorkflow>();
}
