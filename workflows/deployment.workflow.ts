import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DeploymentActivities } from '@activities';
import {
  changeDeploymentPeriodUpdate,
  DEPLOYMENT_ALREADY_ENDED,
  DEPLOYMENT_PERIOD_INVALID,
  deploymentStateQuery,
  type ChangeDeploymentPeriodInput,
  type ChangeDeploymentPeriodResult,
  type DeploymentSetup,
  type DeploymentWorkflowInput,
  type ReportStepInput,
} from '@libs/contracts/deployment-workflow';
import { WorkingCalendar } from '@libs/domain/calendar';
import { MS_PER_DAY, isoDateFromJdn, jdnFromIsoDate, UNIX_EPOCH_JDN } from '@libs/domain/calendar/civil-date';
import { deploymentSpan, planReports, type DeploymentSpan, type ReportPlan } from '@libs/domain/reports';

const activities = proxyActivities<DeploymentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** History grows by a few events per step; a long deployment continues as new well before Temporal's limits. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 2000;
const WEEK_MS = 7 * MS_PER_DAY;
/** Cycles whose report went missing more than this before the first run started are not reported any more. */
const CATCH_UP_MS = 8 * WEEK_MS;
/** The plan saved and followed covers cycles up to this far ahead; it moves forward as time passes. */
const HORIZON_MS = 53 * WEEK_MS;
/** Longest single timer; the loop re-plans after it (long periods, horizon moves). */
const MAX_WAIT_MS = 30 * MS_PER_DAY;

/** The cycles of the plan within [from, to] (by missing time and window start), keeping their indices. */
export function withinHorizon(plan: ReportPlan, from: number, to: number): ReportPlan {
  return {
    ...plan,
    cycles: plan.cycles.filter((cycle) => Date.parse(cycle.missingAt) >= from && Date.parse(cycle.windowStart) <= to),
  };
}

interface Step {
  key: string;
  at: number;
  kind: 'draft' | 'reminder' | 'late' | 'missing';
  report: Omit<ReportStepInput, 'at'>;
}

/** The timed steps of a plan, in time order: drafts, reminders, late marks, missing marks, the final report. */
export function stepsOf(plan: ReportPlan): Step[] {
  const steps: Step[] = [];
  for (const cycle of plan.cycles) {
    const report = { deploymentId: '', kind: 'weekly' as const, cycleIndex: cycle.index };
    steps.push({ key: `cycle:${cycle.index}:draft`, at: Date.parse(cycle.draftReadyAt), kind: 'draft', report });
    for (const reminder of cycle.reminderAt) {
      steps.push({
        key: `cycle:${cycle.index}:reminder:${reminder}`,
        at: Date.parse(reminder),
        kind: 'reminder',
        report,
      });
    }
    steps.push({ key: `cycle:${cycle.index}:late`, at: Date.parse(cycle.dueAt), kind: 'late', report });
    steps.push({ key: `cycle:${cycle.index}:missing`, at: Date.parse(cycle.missingAt), kind: 'missing', report });
  }
  const final = { deploymentId: '', kind: 'final' as const, cycleIndex: 0 };
  steps.push({ key: 'final:draft', at: Date.parse(plan.finalReport.windowEnd), kind: 'draft', report: final });
  steps.push({ key: 'final:late', at: Date.parse(plan.finalReport.dueAt), kind: 'late', report: final });
  return steps.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/**
 * One run per deployment (DOMAIN.md §6): plans the reporting cycle from the decision's schedule and the working
 * calendar, then at each time of the plan prepares the draft, reminds, and marks a report late or missing; at the
 * end of the period it prepares the final summary report and marks it late if it is not in by its due time.
 * Shortening, extending or ending early is the `changeDeploymentPeriod` update: recorded, and the plan follows.
 */
export async function deploymentWorkflow(input: DeploymentWorkflowInput): Promise<void> {
  const { deploymentId } = input;
  const workflowId = workflowInfo().workflowId;
  const done = new Set(input.done ?? []);
  const firstRunAt = input.firstRunAt ? Date.parse(input.firstRunAt) : Date.now();
  const setup: DeploymentSetup = await activities.loadDeploymentSetup(deploymentId);
  const calendar = new WorkingCalendar(setup.calendar);
  const offsetMinutes = setup.calendar.utcOffsetMinutes;
  let periodEnd = setup.periodEnd;
  // Weekly spans follow the stored dates; a compressed clock keeps the instants it started with (and ended at).
  let span: DeploymentSpan =
    setup.schedule.kind === 'compressed' && setup.startsAt && setup.endsAt
      ? { startsAt: Date.parse(setup.startsAt), endsAt: Date.parse(setup.endsAt) }
      : deploymentSpan(setup.schedule, { periodStart: setup.periodStart, periodEnd }, offsetMinutes, Date.now());
  let fullPlan = planReports(setup.schedule, span, calendar);
  let horizonEnd = Date.now() + HORIZON_MS;
  let plan = withinHorizon(fullPlan, firstRunAt - CATCH_UP_MS, horizonEnd);
  let planVersion = 0;
  let completed = false;
  const applied = new Map<string, ChangeDeploymentPeriodResult>();

  await activities.saveDeploymentPlan({
    deploymentId,
    workflowId,
    schedule: setup.schedule,
    plan,
    lastCycleIndex: fullPlan.cycles.length,
    event: {
      deploymentId,
      eventKey: 'started',
      type: 'deployment_started',
      actorUserId: 'system',
      occurredAt: new Date().toISOString(),
      payload: { schedule: setup.schedule, cycles: fullPlan.cycles.length, finalReportDueAt: plan.finalReport.dueAt },
    },
  });

  setHandler(deploymentStateQuery, () => ({ deploymentId, plan, done: [...done], completed }));

  const newSpan = (change: ChangeDeploymentPeriodInput): { periodEnd: string; span: DeploymentSpan } => {
    const now = Date.now();
    if (change.kind !== 'end_early') {
      const end = change.periodEnd!;
      return {
        periodEnd: end,
        span: deploymentSpan(
          setup.schedule,
          { periodStart: setup.periodStart, periodEnd: end },
          offsetMinutes,
          span.startsAt,
        ),
      };
    }
    if (setup.schedule.kind === 'compressed') {
      const dayMs = setup.schedule.cycleMs / 7;
      const days = Math.max(1, Math.ceil((now - span.startsAt) / dayMs));
      const end = isoDateFromJdn(jdnFromIsoDate(setup.periodStart) + days - 1);
      return { periodEnd: end, span: { startsAt: span.startsAt, endsAt: Math.max(now, span.startsAt + 1) } };
    }
    const today = isoDateFromJdn(Math.floor((now + offsetMinutes * 60_000) / MS_PER_DAY) + UNIX_EPOCH_JDN);
    const end = today < setup.periodStart ? setup.periodStart : today;
    return {
      periodEnd: end,
      span: deploymentSpan(
        setup.schedule,
        { periodStart: setup.periodStart, periodEnd: end },
        offsetMinutes,
        span.startsAt,
      ),
    };
  };

  setHandler(
    changeDeploymentPeriodUpdate,
    async (change) => {
      const earlier = applied.get(change.changeId);
      if (earlier) return earlier;
      const next = newSpan(change);
      const previousEnd = periodEnd;
      periodEnd = next.periodEnd;
      span = next.span;
      fullPlan = planReports(setup.schedule, span, calendar);
      plan = withinHorizon(fullPlan, firstRunAt - CATCH_UP_MS, horizonEnd);
      planVersion += 1;
      await activities.saveDeploymentPlan({
        deploymentId,
        workflowId,
        schedule: setup.schedule,
        plan,
        lastCycleIndex: fullPlan.cycles.length,
        periodEnd,
        event: {
          deploymentId,
          eventKey: `period:${change.changeId}`,
          type: 'deployment_period_changed',
          actorUserId: change.actorUserId,
          occurredAt: new Date().toISOString(),
          payload: {
            kind: change.kind,
            reason: change.reason,
            fromPeriodEnd: previousEnd,
            toPeriodEnd: periodEnd,
            endsAt: plan.span.endsAt,
            cycles: fullPlan.cycles.length,
            finalReportDueAt: plan.finalReport.dueAt,
          },
        },
      });
      const result = {
        periodEnd,
        endsAt: plan.span.endsAt,
        cycles: fullPlan.cycles.length,
        finalReportDueAt: plan.finalReport.dueAt,
      };
      applied.set(change.changeId, result);
      return result;
    },
    {
      validator: (change: ChangeDeploymentPeriodInput): void => {
        if (completed) {
          throw ApplicationFailure.create({ type: DEPLOYMENT_ALREADY_ENDED, message: 'the deployment has ended' });
        }
        const invalid = (message: string): never => {
          throw ApplicationFailure.create({ type: DEPLOYMENT_PERIOD_INVALID, message });
        };
        if (!['shorten', 'extend', 'end_early'].includes(change.kind))
          invalid('kind must be shorten, extend or end_early');
        if (typeof change.reason !== 'string' || change.reason.trim() === '') invalid('reason is required');
        if (typeof change.changeId !== 'string' || change.changeId === '') invalid('changeId is required');
        if (applied.has(change.changeId)) return;
        if (change.kind === 'end_early') {
          if (Date.now() >= span.endsAt) invalid('the period is already over');
          return;
        }
        const end = change.periodEnd ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) invalid('periodEnd must be a date YYYY-MM-DD');
        if (end < setup.periodStart) invalid(`periodEnd ${end} is before the start ${setup.periodStart}`);
        if (change.kind === 'shorten' && end >= periodEnd) invalid(`periodEnd ${end} does not shorten ${periodEnd}`);
        if (change.kind === 'extend' && end <= periodEnd) invalid(`periodEnd ${end} does not extend ${periodEnd}`);
        if (change.kind === 'shorten') {
          const ends = deploymentSpan(
            setup.schedule,
            { periodStart: setup.periodStart, periodEnd: end },
            offsetMinutes,
            span.startsAt,
          );
          if (ends.endsAt <= Date.now()) invalid(`periodEnd ${end} is already past: end the deployment early instead`);
        }
      },
    },
  );

  for (;;) {
    // Past the horizon's first half, move it forward and save the longer plan.
    if (Date.now() > horizonEnd - HORIZON_MS / 2 && plan.cycles.length < fullPlan.cycles.length) {
      horizonEnd = Date.now() + HORIZON_MS;
      plan = withinHorizon(fullPlan, firstRunAt - CATCH_UP_MS, horizonEnd);
      await activities.saveDeploymentPlan({
        deploymentId,
        workflowId,
        schedule: setup.schedule,
        plan,
        lastCycleIndex: fullPlan.cycles.length,
        event: {
          deploymentId,
          eventKey: `horizon:${plan.cycles[plan.cycles.length - 1]?.index ?? 0}`,
          type: 'deployment_plan_extended',
          actorUserId: 'system',
          occurredAt: new Date().toISOString(),
          payload: { plannedUntil: new Date(horizonEnd).toISOString(), cycles: plan.cycles.length },
        },
      });
    }
    const pending = stepsOf(plan).filter((step) => !done.has(step.key));
    const step = pending[0];
    if (!step) break;
    const wait = step.at - Date.now();
    if (wait > 0) {
      const version = planVersion;
      if (await condition(() => planVersion !== version, Math.min(wait, MAX_WAIT_MS))) continue;
      if (wait > MAX_WAIT_MS) continue;
    }
    const report: ReportStepInput = { ...step.report, deploymentId, at: new Date(Math.max(step.at, 0)).toISOString() };
    switch (step.kind) {
      case 'draft':
        await activities.prepareReportDraft(report);
        break;
      case 'reminder':
        await activities.sendReportReminder(report);
        break;
      case 'late':
        await activities.markReportLate(report);
        break;
      case 'missing':
        await activities.markReportMissing(report);
        break;
    }
    done.add(step.key);
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_AFTER_EVENTS) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof deploymentWorkflow>({
        deploymentId,
        // Steps of cycles that fell out of the plan are not needed any more.
        done: stepsOf(plan)
          .map((planned) => planned.key)
          .filter((key) => done.has(key)),
        generation: (input.generation ?? 0) + 1,
        firstRunAt: new Date(firstRunAt).toISOString(),
      });
    }
  }

  completed = true;
  await condition(allHandlersFinished);
  await activities.recordDeploymentEvent({
    deploymentId,
    eventKey: 'completed',
    type: 'deployment_completed',
    actorUserId: 'system',
    occurredAt: new Date().toISOString(),
    payload: { periodEnd, steps: done.size },
    completed: true,
  });
}
