import { Context } from '@temporalio/activity';
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import type { RecordedCaseEvent } from '@libs/contracts';

/**
 * Names of the domain metrics. They go through the Temporal SDK's metric meter, so the worker's one Prometheus
 * listener (WORKER_METRICS_ADDRESS) serves them next to the SDK's own (`temporal_*`); the SDK's prefix applies only
 * to its own metrics, and it adds the activity's labels (`namespace`, `taskQueue`, `activityType`).
 */
export const CASE_METRICS = {
  casesRaised: 'case_engine_cases_raised',
  actions: 'case_engine_case_actions',
  reminders: 'case_engine_deadline_reminders',
  breaches: 'case_engine_deadline_breaches',
  automaticEscalations: 'case_engine_automatic_escalations',
  reminderLag: 'case_engine_reminder_lag',
} as const;

/** Events a deadline timer produces: their lag (timer instant → row inserted) is observed. */
const TIMER_EVENTS = new Set<string>(['deadline_reminder', 'deadline_breached', 'overdue_renotified']);

/** Buckets of the timer lag histogram (ms), handed to the SDK's exporter. */
export const REMINDER_LAG_BUCKETS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

function meter(): MetricMeter {
  try {
    return Context.current().metricMeter;
  } catch {
    // Outside an activity (a direct call in a test): nothing to report to.
    return noopMetricMeter;
  }
}

/**
 * Counts the events a `recordCaseEvents` call really inserted (a retried or replayed call inserts nothing and
 * counts nothing). Labels are bounded: event types, escalation levels, and whether a person or the system acted.
 */
export function countRecordedEvents(events: readonly RecordedCaseEvent[], recordedAtMs = Date.now()): void {
  if (events.length === 0) return;
  const m = meter();
  const raised = m.createCounter(CASE_METRICS.casesRaised, 'cases', 'Cases raised (first event recorded)');
  const actions = m.createCounter(CASE_METRICS.actions, 'events', 'Case events recorded, by type and actor');
  const reminders = m.createCounter(CASE_METRICS.reminders, 'events', 'Deadline reminders recorded, by level');
  const breaches = m.createCounter(CASE_METRICS.breaches, 'events', 'Missed answer deadlines, by level');
  const automatic = m.createCounter(
    CASE_METRICS.automaticEscalations,
    'events',
    'Escalations made by the system after a missed deadline, by level reached',
  );
  const lag = m.createHistogram(
    CASE_METRICS.reminderLag,
    'int',
    'ms',
    'From the instant a deadline timer fired in the workflow to its event row being inserted',
  );
  for (const event of events) {
    const system = event.actor.userId === 'system';
    actions.add(1, { type: event.type, actor: system ? 'system' : 'person' });
    if (event.type === 'case_reported') raised.add(1);
    else if (event.type === 'deadline_reminder') reminders.add(1, { level: event.payload.level });
    else if (event.type === 'deadline_breached') breaches.add(1, { level: event.payload.level });
    else if (event.type === 'case_escalated' && event.payload.automatic) {
      automatic.add(1, { level: event.payload.level });
    }
    if (TIMER_EVENTS.has(event.type)) {
      lag.record(Math.max(0, recordedAtMs - Date.parse(event.occurredAt)), { type: event.type });
    }
  }
}
