import type { TypedCaseEvent } from '../../contracts/case-events';
import { computePeriodReport, computeWindowReport, durationStats, percentile } from './report-figures';

const T0 = Date.parse('2026-01-05T01:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** A small event log builder: each case's events get increasing sequence numbers. */
function log() {
  const events: TypedCaseEvent[] = [];
  const sequences = new Map<string, number>();
  const add = (caseId: string, minute: number, body: Partial<TypedCaseEvent> & Pick<TypedCaseEvent, 'type'>) => {
    const sequence = (sequences.get(caseId) ?? 0) + 1;
    sequences.set(caseId, sequence);
    events.push({
      caseId,
      sequence,
      actorUserId: 'official-1',
      actorRoles: ['official'],
      occurredAt: at(minute),
      deadlineAt: null,
      policyId: null,
      requestId: null,
      statusAfter: null,
      escalationLevelAfter: null,
      payload: {},
      ...body,
    } as TypedCaseEvent);
  };
  const report = (caseId: string, minute: number, title = `Vụ việc ${caseId}`) =>
    add(caseId, minute, {
      type: 'case_reported',
      statusAfter: 'reported',
      payload: {
        title,
        description: 'd',
        provinceCode: '01',
        communeCode: '00004',
        field: 'civil_service',
        priority: 'high',
      },
    });
  const escalate = (
    caseId: string,
    minute: number,
    level: 'unit_head' | 'working_group' | 'leadership',
    deadlineMinute: number,
    automatic = false,
  ) =>
    add(caseId, minute, {
      type: 'case_escalated',
      statusAfter: 'escalated',
      escalationLevelAfter: level,
      deadlineAt: at(deadlineMinute),
      payload: automatic
        ? {
            automatic: true,
            reason: 'deadline_missed',
            fromLevel: 'unit_head',
            level,
            unitCode: null,
            allowanceMs: 1,
            reminderPercents: [],
            calendarId: 'c',
          }
        : {
            automatic: false,
            target: 'unit_head',
            level,
            question: 'q',
            unitCode: 'CCVC',
            allowanceMs: 1,
            reminderPercents: [],
            calendarId: 'c',
          },
    });
  return { events, add, report, escalate };
}

describe('computeWindowReport', () => {
  // Window: minutes [60, 120).
  const { events, add, report, escalate } = log();
  report('a', 10); // before the window; resolved inside it
  add('a', 20, { type: 'local_handling_started', statusAfter: 'local_handling', payload: { note: 'n' } });
  add('a', 70, { type: 'case_resolved', statusAfter: 'closed', payload: { outcome: 'ok', reopenUntil: null } });
  report('b', 65); // inside; escalated, breached, escalated automatically to working group, still overdue at the end
  escalate('b', 66, 'unit_head', 80);
  add('b', 80, {
    type: 'deadline_breached',
    statusAfter: 'escalated',
    escalationLevelAfter: 'unit_head',
    deadlineAt: at(80),
    payload: { level: 'unit_head', escalatedTo: 'working_group' },
  });
  escalate('b', 80, 'working_group', 100, true);
  report('c', 90); // inside; escalated to leadership and answered, then policy proposed
  escalate('c', 91, 'leadership', 200);
  add('c', 95, {
    type: 'escalation_answered',
    statusAfter: 'answered',
    escalationLevelAfter: 'leadership',
    deadlineAt: at(200),
    payload: { text: 't', legalBasis: null, publishAsGuidance: false, level: 'leadership', question: 'q' },
  });
  add('c', 100, {
    type: 'policy_proposed',
    statusAfter: 'policy_proposed',
    payload: { proposal: 'Sửa Nghị định', fromStatus: 'answered' },
  });
  report('d', 120); // at the window end: not in it
  report('e', 30); // before the window, awaiting information (paused), so open but not overdue
  escalate('e', 31, 'unit_head', 40);
  add('e', 35, {
    type: 'information_requested',
    statusAfter: 'awaiting_info',
    escalationLevelAfter: 'unit_head',
    deadlineAt: null,
    payload: { question: 'q', level: 'unit_head', remainingMs: 5 },
  });

  const result = computeWindowReport(events, at(60), at(120));

  it('counts each figure from the events inside the window', () => {
    expect(result.figures).toEqual({
      issuesFound: 2,
      handledLocally: 0,
      escalated: 2,
      automaticEscalations: 1,
      answered: 1,
      resolved: 1,
      policyProposals: 1,
      breaches: 1,
      openAtEnd: 3,
      overdueAtEnd: 1,
    });
    expect(result.casesBehind.issuesFound).toEqual(['b', 'c']);
    expect(result.casesBehind.openAtEnd).toEqual(['b', 'c', 'e']);
    expect(result.casesBehind.overdueAtEnd).toEqual(['b']);
  });

  it('lists notable cases with their reasons and a link', () => {
    expect(result.notable.map((item) => [item.caseId, item.reasons])).toEqual([
      ['b', ['deadline_breached']],
      ['c', ['top_level_reached', 'policy_proposed']],
    ]);
    expect(result.notable[1]).toMatchObject({ title: 'Vụ việc c', status: 'policy_proposed', href: '/api/cases/c' });
    expect(result.overdueItems[0]).toMatchObject({
      caseId: 'b',
      escalationLevel: 'working_group',
      deadlineAt: at(100),
    });
  });

  it('gives the same figures when recomputed later, with more events after the window', () => {
    const later = [...events];
    const more = log();
    more.report('z', 500);
    later.push(...more.events);
    expect(computeWindowReport(later, at(60), at(120))).toEqual(result);
    expect(computeWindowReport([...events].reverse(), at(60), at(120))).toEqual(result);
  });

  it('an empty window has zero everywhere', () => {
    const empty = computeWindowReport([], at(0), at(10));
    expect(Object.values(empty.figures).every((value) => value === 0)).toBe(true);
    expect(empty.notable).toEqual([]);
  });
});

describe('computePeriodReport', () => {
  it('adds time to first answer and to resolution, outcomes and proposals with their decisions', () => {
    const { events, add, report, escalate } = log();
    report('a', 0);
    escalate('a', 1, 'unit_head', 100);
    add('a', 10, {
      type: 'escalation_answered',
      statusAfter: 'answered',
      payload: { text: 't', legalBasis: null, publishAsGuidance: false, level: 'unit_head', question: 'q' },
    });
    add('a', 30, { type: 'case_resolved', statusAfter: 'closed', payload: { outcome: 'ok', reopenUntil: null } });
    report('b', 5);
    escalate('b', 6, 'unit_head', 100);
    add('b', 25, {
      type: 'escalation_answered',
      statusAfter: 'answered',
      payload: { text: 't', legalBasis: null, publishAsGuidance: false, level: 'unit_head', question: 'q' },
    });
    add('b', 26, {
      type: 'policy_proposed',
      statusAfter: 'policy_proposed',
      payload: { proposal: 'P1', fromStatus: 'answered' },
    });
    add('b', 40, { type: 'policy_decided', statusAfter: 'closed', payload: { decision: 'accepted', note: null } });
    report('c', 7);
    add('c', 8, {
      type: 'policy_proposed',
      statusAfter: 'policy_proposed',
      payload: { proposal: 'P2', fromStatus: 'reported' },
    });
    add('c', 500, { type: 'policy_decided', statusAfter: 'closed', payload: { decision: 'rejected', note: null } });

    const period = computePeriodReport(events, at(0), at(60));
    expect(period.timeToFirstAnswer).toEqual({ count: 2, medianMs: 10 * 60_000, p90Ms: 20 * 60_000 });
    expect(period.timeToResolution).toEqual({ count: 1, medianMs: 30 * 60_000, p90Ms: 30 * 60_000 });
    expect(period.outcomes).toEqual({ closed: 2, policy_proposed: 1 });
    expect(period.proposals.map((p) => [p.caseId, p.proposal, p.decision])).toEqual([
      ['c', 'P2', null],
      ['b', 'P1', 'accepted'],
    ]);
    expect(period.figures.policyProposals).toBe(2);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, null],
    [[5], 90, 5],
    [[1, 2, 3, 4], 50, 2],
    [[10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90, 9],
    [[10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 50, 5],
  ])('%j p%d = %p', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarises durations', () => {
    expect(durationStats([3, 1, 2])).toEqual({ count: 3, medianMs: 2, p90Ms: 3 });
  });
});
