import type { ReportPlan } from '@libs/domain/reports';
import { stepsOf, withinHorizon } from './deployment.workflow';

const at = (minutes: number): string => new Date(Date.UTC(2026, 0, 5) + minutes * 60_000).toISOString();

const plan: ReportPlan = {
  span: { startsAt: at(0), endsAt: at(30) },
  cycles: [
    {
      index: 1,
      windowStart: at(0),
      windowEnd: at(10),
      draftReadyAt: at(11),
      dueAt: at(15),
      missingAt: at(20),
      reminderAt: [at(13)],
    },
    {
      index: 2,
      windowStart: at(10),
      windowEnd: at(20),
      draftReadyAt: at(21),
      dueAt: at(25),
      missingAt: at(30),
      reminderAt: [],
    },
    {
      index: 3,
      windowStart: at(20),
      windowEnd: at(30),
      draftReadyAt: at(31),
      dueAt: at(35),
      missingAt: at(40),
      reminderAt: [],
    },
  ],
  finalReport: { windowStart: at(0), windowEnd: at(30), dueAt: at(33) },
};

describe('deployment workflow steps', () => {
  it('orders every step of the plan in time, with a stable key each', () => {
    expect(stepsOf(plan).map((step) => [step.key, (step.at - Date.parse(at(0))) / 60_000])).toEqual([
      ['cycle:1:draft', 11],
      [`cycle:1:reminder:${at(13)}`, 13],
      ['cycle:1:late', 15],
      ['cycle:1:missing', 20],
      ['cycle:2:draft', 21],
      ['cycle:2:late', 25],
      ['cycle:2:missing', 30],
      ['final:draft', 30],
      ['cycle:3:draft', 31],
      ['final:late', 33],
      ['cycle:3:late', 35],
      ['cycle:3:missing', 40],
    ]);
    expect(stepsOf(plan).find((step) => step.key === 'final:late')?.report).toEqual({
      deploymentId: '',
      kind: 'final',
      cycleIndex: 0,
    });
  });

  it('keeps only the cycles within the horizon, with their indices', () => {
    const trimmed = withinHorizon(plan, Date.parse(at(21)), Date.parse(at(15)));
    expect(trimmed.cycles.map((cycle) => cycle.index)).toEqual([2]);
    expect(trimmed.finalReport).toEqual(plan.finalReport);
  });
});
