import { timelineStages, type TimelineEvent } from './case-timeline';

const event = (sequence: number, minute: number, rest: Partial<TimelineEvent>): TimelineEvent => ({
  sequence,
  type: 'case_reported',
  occurredAt: new Date(Date.UTC(2026, 0, 5, 1, minute)).toISOString(),
  actorUserId: 'u',
  statusAfter: 'reported',
  levelAfter: null,
  deadlineAt: null,
  policyId: null,
  ...rest,
});

describe('timelineStages', () => {
  const deadline = new Date(Date.UTC(2026, 0, 5, 1, 30)).toISOString();
  const events: TimelineEvent[] = [
    event(1, 0, {}),
    event(2, 5, {
      type: 'case_escalated',
      statusAfter: 'escalated',
      levelAfter: 'unit_head',
      deadlineAt: deadline,
      policyId: 'p1',
    }),
    event(3, 10, {
      type: 'deadline_reminder',
      statusAfter: 'escalated',
      levelAfter: 'unit_head',
      deadlineAt: deadline,
      policyId: 'p1',
    }),
    event(4, 20, {
      type: 'escalation_answered',
      statusAfter: 'answered',
      levelAfter: 'unit_head',
      deadlineAt: deadline,
    }),
    event(5, 50, { type: 'case_resolved', statusAfter: 'closed' }),
  ];

  it('cuts the log into stages at each change of status or level, with durations', () => {
    const stages = timelineStages(events, new Date(Date.UTC(2026, 0, 5, 2, 0)).toISOString());
    expect(stages.map((stage) => [stage.status, stage.level, stage.durationMs / 60000])).toEqual([
      ['reported', null, 5],
      ['escalated', 'unit_head', 15],
      ['answered', 'unit_head', 30],
      ['closed', null, 0],
    ]);
    expect(stages[1]).toMatchObject({
      deadlineAt: deadline,
      policyId: 'p1',
      endedBeforeDeadline: true,
      eventSequences: [2, 3],
    });
    expect(stages[3].endedAt).toBe(stages[3].startedAt);
  });

  it('marks an escalated stage that outlived its deadline and lets the open stage run until now', () => {
    const late = [
      event(1, 0, {}),
      event(2, 5, { type: 'case_escalated', statusAfter: 'escalated', levelAfter: 'unit_head', deadlineAt: deadline }),
      event(3, 40, { type: 'case_escalated', statusAfter: 'escalated', levelAfter: 'working_group', deadlineAt: null }),
    ];
    const stages = timelineStages(late, new Date(Date.UTC(2026, 0, 5, 1, 45)).toISOString());
    expect(stages[1]).toMatchObject({ level: 'unit_head', endedBeforeDeadline: false, durationMs: 35 * 60000 });
    expect(stages[2]).toMatchObject({ level: 'working_group', endedAt: null, durationMs: 5 * 60000 });
  });

  it('is empty for an empty log', () => {
    expect(timelineStages([], new Date().toISOString())).toEqual([]);
  });
});
