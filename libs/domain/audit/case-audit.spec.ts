import { DEFAULT_WORKING_CALENDAR, WorkingCalendar } from '../calendar';
import { auditCase, runningStint, type AuditEvent } from './case-audit';

const HOUR = 3600_000;
const vn = (local: string): string => new Date(`${local}+07:00`).toISOString();
const calendar = new WorkingCalendar(DEFAULT_WORKING_CALENDAR);
const calendarOf = (): WorkingCalendar => calendar;

let sequence = 0;
function event(
  type: string,
  at: string,
  payload: Record<string, unknown>,
  extra: Partial<AuditEvent> = {},
): AuditEvent {
  sequence += 1;
  return {
    sequence,
    type,
    actorUserId: 'u1',
    occurredAt: vn(at),
    payload,
    deadlineAt: null,
    policyId: null,
    statusAfter: null,
    ...extra,
  };
}

describe('auditCase', () => {
  beforeEach(() => {
    sequence = 0;
  });

  const reported = (): AuditEvent =>
    event(
      'case_reported',
      '2026-11-23T08:00:00',
      { title: 't', provinceCode: '01', communeCode: '00004', field: 'civil_service', priority: 'normal' },
      { statusAfter: 'reported' },
    );

  it('counts a weekend out of working time but not out of calendar time', () => {
    const audit = auditCase(
      'c1',
      [
        reported(),
        event(
          'case_escalated',
          '2026-11-27T15:00:00',
          { automatic: false, level: 'unit_head', question: 'q?', unitCode: 'U' },
          { deadlineAt: vn('2026-12-01T15:00:00'), statusAfter: 'escalated' },
        ),
        event(
          'escalation_answered',
          '2026-11-30T10:00:00',
          { text: 'a', publishAsGuidance: false, level: 'unit_head' },
          { deadlineAt: vn('2026-12-01T15:00:00'), statusAfter: 'answered' },
        ),
      ],
      calendarOf,
    );
    // Friday 15:00 → Monday 10:00: 67 h of calendar time, 2 + 2 = 4 working hours.
    expect(audit.stints[0]).toMatchObject({ calendarMs: 67 * HOUR, workingMs: 4 * HOUR, answeredOnTime: true });
    expect(audit.firstAnswerWorkingMs).toBe(4 * HOUR);
    expect(audit.status).toBe('answered');
  });

  it('keeps a running stint open, and measures it up to now when read', () => {
    const audit = auditCase(
      'c2',
      [
        reported(),
        event(
          'case_escalated',
          '2026-11-23T08:00:00',
          { automatic: false, level: 'working_group', question: 'q?' },
          { statusAfter: 'escalated' },
        ),
        event(
          'information_requested',
          '2026-11-23T09:00:00',
          { question: 'x', level: 'working_group' },
          { statusAfter: 'awaiting_info' },
        ),
      ],
      calendarOf,
    );
    const stint = audit.stints[0];
    expect(stint).toMatchObject({ endedAt: null, workingMs: null, waitingSince: vn('2026-11-23T09:00:00') });
    const now = runningStint(stint, vn('2026-11-23T11:00:00'), calendar);
    expect(now).toMatchObject({ workingMs: 3 * HOUR, infoWaitWorkingMs: 2 * HOUR, heldWorkingMs: 1 * HOUR });
  });

  it('publishes guidance with the question of the escalation when the answer row has none', () => {
    const audit = auditCase(
      'c3',
      [
        reported(),
        event(
          'case_escalated',
          '2026-11-23T08:00:00',
          { automatic: false, level: 'unit_head', question: 'Câu hỏi?' },
          { statusAfter: 'escalated' },
        ),
        event('escalation_answered', '2026-11-23T09:00:00', {
          text: 'Trả lời',
          legalBasis: null,
          publishAsGuidance: true,
          level: 'unit_head',
          question: null,
        }),
      ],
      calendarOf,
    );
    expect(audit.guidance).toEqual([expect.objectContaining({ question: 'Câu hỏi?', answer: 'Trả lời', sequence: 3 })]);
  });

  it('refuses a log without case_reported', () => {
    expect(() => auditCase('c4', [], calendarOf)).toThrow(/no case_reported/);
  });
});
