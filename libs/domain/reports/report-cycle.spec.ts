import { DEFAULT_WORKING_CALENDAR, WorkingCalendar, ALWAYS_WORKING_CALENDAR } from '../calendar/working-calendar';
import {
  DEFAULT_REPORT_SCHEDULE,
  ReportScheduleError,
  classifyPunctuality,
  cycleAt,
  deploymentSpan,
  planReports,
  reportScheduleProblems,
  type CompressedReportSchedule,
} from './report-cycle';

const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
/** Local Vietnam time as an ISO instant. */
const vn = (local: string): string => new Date(`${local}+07:00`).toISOString();

const plan878 = () =>
  planReports(
    DEFAULT_REPORT_SCHEDULE,
    deploymentSpan(DEFAULT_REPORT_SCHEDULE, { periodStart: '2025-08-20', periodEnd: '2025-10-20' }, 420, 0),
    calendar,
  );

describe('weekly reporting cycle (Decision 878: 20/08/2025 – 20/10/2025)', () => {
  it('spans 00:00 of the first day to 24:00 of the last, Vietnam time', () => {
    expect(plan878().span).toEqual({ startsAt: vn('2025-08-20T00:00:00'), endsAt: vn('2025-10-21T00:00:00') });
  });

  it('cuts off on Thursday 24:00, drafts Friday 07:00, is due Friday 16:00, missing at the next cut-off', () => {
    const { cycles } = plan878();
    expect(cycles[0]).toEqual({
      index: 1,
      windowStart: vn('2025-08-20T00:00:00'),
      windowEnd: vn('2025-08-22T00:00:00'),
      draftReadyAt: vn('2025-08-22T07:00:00'),
      dueAt: vn('2025-08-22T16:00:00'),
      missingAt: vn('2025-08-29T00:00:00'),
      reminderAt: [vn('2025-08-22T12:00:00'), vn('2025-08-22T15:00:00')],
    });
    expect(cycles[1]).toMatchObject({
      windowStart: vn('2025-08-22T00:00:00'),
      windowEnd: vn('2025-08-29T00:00:00'),
      dueAt: vn('2025-08-29T16:00:00'),
    });
  });

  it('has contiguous windows and cuts the last one at the end of the period', () => {
    const { cycles } = plan878();
    expect(cycles).toHaveLength(10);
    for (let i = 1; i < cycles.length; i += 1) expect(cycles[i].windowStart).toBe(cycles[i - 1].windowEnd);
    const last = cycles[cycles.length - 1];
    expect(last).toMatchObject({
      windowStart: vn('2025-10-17T00:00:00'),
      windowEnd: vn('2025-10-21T00:00:00'),
      dueAt: vn('2025-10-24T16:00:00'),
    });
  });

  it('moves a due time on a day off to the last working day before it, with the cut-off and draft', () => {
    // Friday 02/01/2026 is an ordinary working day; Friday 01/05/2026 is Labour Day (and 30/04 Thursday too).
    const schedule = DEFAULT_REPORT_SCHEDULE;
    const { cycles } = planReports(
      schedule,
      deploymentSpan(schedule, { periodStart: '2026-04-20', periodEnd: '2026-05-15' }, 420, 0),
      calendar,
    );
    const holidayWeek = cycles.find((cycle) => cycle.dueAt.startsWith('2026-04-29'))!;
    expect(holidayWeek).toMatchObject({
      windowEnd: vn('2026-04-29T00:00:00'),
      draftReadyAt: vn('2026-04-29T07:00:00'),
      dueAt: vn('2026-04-29T16:00:00'),
    });
    const next = cycles[cycles.indexOf(holidayWeek) + 1];
    expect(next.windowStart).toBe(vn('2026-04-29T00:00:00'));
    expect(next.dueAt).toBe(vn('2026-05-08T16:00:00'));
    expect(holidayWeek.missingAt).toBe(next.windowEnd);
  });

  it('moves the due time across Tết (Friday 20/02/2026 is a Tết day off)', () => {
    const { cycles } = planReports(
      DEFAULT_REPORT_SCHEDULE,
      deploymentSpan(DEFAULT_REPORT_SCHEDULE, { periodStart: '2026-02-02', periodEnd: '2026-03-06' }, 420, 0),
      calendar,
    );
    const dues = cycles.map((cycle) => cycle.dueAt);
    expect(dues).toContain(vn('2026-02-13T16:00:00'));
    // Tết 16–20/02/2026: the week's due moves back to Friday 13/02 which already has a report; the two merge.
    expect(dues.filter((due) => due.startsWith('2026-02-1'))).toHaveLength(1);
    expect(dues).toContain(vn('2026-02-27T16:00:00'));
    for (let i = 1; i < cycles.length; i += 1) expect(cycles[i].windowStart).toBe(cycles[i - 1].windowEnd);
  });

  it('dues the final report 5 working days after the last day, at the due time', () => {
    // Monday 20/10/2025 + 5 working days = Monday 27/10/2025.
    expect(plan878().finalReport).toEqual({
      windowStart: vn('2025-08-20T00:00:00'),
      windowEnd: vn('2025-10-21T00:00:00'),
      dueAt: vn('2025-10-27T16:00:00'),
    });
  });

  it('follows a decision’s own weekday times', () => {
    const schedule = {
      ...DEFAULT_REPORT_SCHEDULE,
      cutoff: { isoWeekday: 5, time: '12:00' },
      draftReady: { isoWeekday: 5, time: '13:00' },
      due: { isoWeekday: 1, time: '10:00' },
      reminderMinutesBeforeDue: [0, 30, 30, 10_000],
      finalReportWorkingDays: 0,
    };
    const { cycles, finalReport } = planReports(
      schedule,
      deploymentSpan(schedule, { periodStart: '2025-09-08', periodEnd: '2025-09-19' }, 420, 0),
      calendar,
    );
    expect(cycles.map((cycle) => [cycle.windowEnd, cycle.dueAt])).toEqual([
      [vn('2025-09-12T12:00:00'), vn('2025-09-15T10:00:00')],
      [vn('2025-09-19T12:00:00'), vn('2025-09-22T10:00:00')],
      [vn('2025-09-20T00:00:00'), vn('2025-09-29T10:00:00')],
    ]);
    // Duplicates merge; reminders before the draft is ready are dropped; one at the due time is not a reminder.
    expect(cycles[0].reminderAt).toEqual([vn('2025-09-15T09:30:00')]);
    expect(finalReport.dueAt).toBe(vn('2025-09-19T10:00:00'));
  });

  it('refuses unusable schedules, naming the field', () => {
    expect(reportScheduleProblems({ ...DEFAULT_REPORT_SCHEDULE, cutoff: { isoWeekday: 8, time: '24:00' } })).toEqual([
      { field: 'cutoff', message: expect.stringContaining('isoWeekday') },
    ]);
    expect(reportScheduleProblems({ ...DEFAULT_REPORT_SCHEDULE, due: { isoWeekday: 5, time: '25:00' } })[0].field).toBe(
      'due.time',
    );
    expect(
      reportScheduleProblems({ ...DEFAULT_REPORT_SCHEDULE, finalReportWorkingDays: -1 }).map((p) => p.field),
    ).toEqual(['finalReportWorkingDays']);
    expect(() => planReports(DEFAULT_REPORT_SCHEDULE, { startsAt: 10, endsAt: 10 }, calendar)).toThrow(
      ReportScheduleError,
    );
    expect(() =>
      deploymentSpan(DEFAULT_REPORT_SCHEDULE, { periodStart: '2025-02-02', periodEnd: '2025-02-01' }, 420, 0),
    ).toThrow(ReportScheduleError);
  });
});

describe('compressed reporting cycle (tests and demos)', () => {
  const schedule: CompressedReportSchedule = {
    kind: 'compressed',
    cycleMs: 60_000,
    draftReadyAfterCutoffMs: 1_000,
    dueAfterCutoffMs: 30_000,
    reminderMsBeforeDue: [10_000],
    finalReportAfterEndMs: 40_000,
  };
  const start = Date.parse('2026-01-05T03:00:00.000Z');
  const always = new WorkingCalendar(ALWAYS_WORKING_CALENDAR);

  it('turns a 21-day period into three minute-long weeks from the start', () => {
    const span = deploymentSpan(schedule, { periodStart: '2026-01-05', periodEnd: '2026-01-25' }, 420, start);
    expect(span).toEqual({ startsAt: start, endsAt: start + 180_000 });
    const plan = planReports(schedule, span, always);
    expect(plan.cycles.map((cycle) => Date.parse(cycle.windowEnd) - start)).toEqual([60_000, 120_000, 180_000]);
    expect(plan.cycles[1]).toEqual({
      index: 2,
      windowStart: new Date(start + 60_000).toISOString(),
      windowEnd: new Date(start + 120_000).toISOString(),
      draftReadyAt: new Date(start + 121_000).toISOString(),
      dueAt: new Date(start + 150_000).toISOString(),
      missingAt: new Date(start + 180_000).toISOString(),
      reminderAt: [new Date(start + 140_000).toISOString()],
    });
    expect(plan.cycles[2].missingAt).toBe(new Date(start + 240_000).toISOString());
    expect(plan.finalReport.dueAt).toBe(new Date(start + 220_000).toISOString());
  });

  it('ends with a short cycle when the period is not whole weeks, and shortening drops later cycles', () => {
    const long = planReports(schedule, { startsAt: start, endsAt: start + 150_000 }, always);
    expect(long.cycles.map((cycle) => Date.parse(cycle.windowEnd) - start)).toEqual([60_000, 120_000, 150_000]);
    expect(Date.parse(long.cycles[2].dueAt) - start).toBe(210_000);
    const short = planReports(schedule, { startsAt: start, endsAt: start + 70_000 }, always);
    expect(short.cycles).toHaveLength(2);
    expect(short.cycles[0]).toEqual(long.cycles[0]);
  });

  it('refuses a due time after the next cut-off', () => {
    expect(reportScheduleProblems({ ...schedule, dueAfterCutoffMs: 60_000 }).map((p) => p.field)).toEqual([
      'dueAfterCutoffMs',
    ]);
    expect(reportScheduleProblems({ ...schedule, dueAfterCutoffMs: 500 }).map((p) => p.field)).toEqual([
      'dueAfterCutoffMs',
    ]);
    expect(reportScheduleProblems({ ...schedule, cycleMs: 10 }).map((p) => p.field)).toEqual([
      'cycleMs',
      'dueAfterCutoffMs',
    ]);
  });

  it('finds the cycle of an instant', () => {
    const plan = planReports(schedule, { startsAt: start, endsAt: start + 180_000 }, always);
    expect(cycleAt(plan, start + 59_999)?.index).toBe(1);
    expect(cycleAt(plan, start + 60_000)?.index).toBe(2);
    expect(cycleAt(plan, start + 180_000)).toBeNull();
  });
});

describe('classifyPunctuality (simulated clock)', () => {
  const deadlines = {
    draftReadyAt: '2026-01-09T00:00:00.000Z',
    dueAt: '2026-01-09T09:00:00.000Z',
    missingAt: '2026-01-15T17:00:00.000Z',
  };
  const at = (iso: string): number => Date.parse(iso);

  it.each([
    ['2026-01-08T23:59:59.999Z', 'not_due'],
    ['2026-01-09T00:00:00.000Z', 'open'],
    ['2026-01-09T09:00:00.000Z', 'open'],
    ['2026-01-09T09:00:00.001Z', 'late'],
    ['2026-01-15T17:00:00.000Z', 'late'],
    ['2026-01-15T17:00:00.001Z', 'missing'],
  ])('unsubmitted at %s is %s', (now, expected) => {
    expect(classifyPunctuality(deadlines, null, at(now))).toBe(expected);
  });

  it.each([
    ['2026-01-09T08:59:00.000Z', 'on_time'],
    ['2026-01-09T09:00:00.000Z', 'on_time'],
    ['2026-01-09T09:00:01.000Z', 'late'],
    ['2026-01-15T17:00:00.000Z', 'late'],
    ['2026-01-16T00:00:00.000Z', 'missing'],
  ])('submitted at %s is %s, whenever asked', (submittedAt, expected) => {
    expect(classifyPunctuality(deadlines, submittedAt, at('2030-01-01T00:00:00Z'))).toBe(expected);
  });

  it('a final report has no missing time: it stays late', () => {
    expect(classifyPunctuality({ ...deadlines, missingAt: null }, null, at('2030-01-01T00:00:00Z'))).toBe('late');
  });
});
