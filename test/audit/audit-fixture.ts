import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';

/** Vietnam local time (UTC+7) as an ISO instant. */
export const vn = (local: string): string => new Date(`${local}+07:00`).toISOString();
export const HOUR = 3600_000;

export interface FixtureEvent {
  type: string;
  at: string;
  payload: Record<string, unknown>;
  statusAfter: string;
  levelAfter?: string | null;
  deadlineAt?: string | null;
  policyId?: string | null;
  actor?: string;
}

export interface FixtureCase {
  id: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: string;
  events: FixtureEvent[];
}

const calendar = { allowanceMs: 0, reminderPercents: [50, 90], calendarId: 'vn-civil-service' };

/**
 * Three cases written straight into the log (the projector's only input), in the week of Monday 23/11/2026 — no
 * holidays — on the civil-service calendar (08:00–12:00, 13:00–17:00). Every figure the tests expect is worked out
 * by hand in the comments.
 */
export function fixtureCases(
  official: string,
  answerer: string,
  communes: { hanoi: string; hcm: string },
  tag: string,
): {
  a: FixtureCase;
  b: FixtureCase;
  c: FixtureCase;
} {
  const question = `Bố trí công chức văn phòng - thống kê dôi dư sau sắp xếp xã ${tag}?`;
  // A: unit head U1, information requested for a day, answered on time and published as guidance, resolved.
  const a: FixtureCase = {
    id: randomUUID(),
    title: `Bố trí công chức dôi dư ${tag}`,
    provinceCode: '01',
    communeCode: communes.hanoi,
    field: 'civil_service',
    priority: 'normal',
    events: [
      {
        type: 'case_reported',
        at: vn('2026-11-23T08:00:00'),
        statusAfter: 'reported',
        payload: { title: `Bố trí công chức dôi dư ${tag}`, description: 'Xã mới hình thành từ ba xã cũ.' },
      },
      {
        type: 'case_escalated',
        at: vn('2026-11-23T09:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-26T09:00:00'),
        policyId: 'default.normal',
        payload: {
          automatic: false,
          target: 'unit_head',
          level: 'unit_head',
          question,
          unitCode: 'AUDIT_U1',
          ...calendar,
          allowanceMs: 24 * HOUR,
        },
      },
      // 1 working hour used; the clock pauses.
      {
        type: 'information_requested',
        at: vn('2026-11-23T10:00:00'),
        statusAfter: 'awaiting_info',
        levelAfter: 'unit_head',
        payload: { question: 'Số công chức cụ thể?', level: 'unit_head', remainingMs: 23 * HOUR },
      },
      // Wait: 24 h of calendar time, 8 working hours (Mon 10–12, 13–17; Tue 8–10). 23 h left from Tue 10:00 → Fri 09:00.
      {
        type: 'information_provided',
        at: vn('2026-11-24T10:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-27T09:00:00'),
        policyId: 'default.normal',
        payload: { information: 'Năm công chức.', level: 'unit_head' },
      },
      {
        type: 'deadline_reminder',
        at: vn('2026-11-25T09:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-27T09:00:00'),
        payload: { level: 'unit_head', percent: 50 },
      },
      // Stint: Mon 09:00 → Wed 15:00 = 54 h calendar, 21 working hours (7 + 8 + 6); held 13 h working, 30 h calendar.
      // An old row: no question in the payload (taken from the escalation).
      {
        type: 'escalation_answered',
        at: vn('2026-11-25T15:00:00'),
        statusAfter: 'answered',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-27T09:00:00'),
        actor: answerer,
        payload: {
          text: `Bố trí theo vị trí việc làm, giữ chế độ trong thời gian chờ ${tag}.`,
          legalBasis: 'Nghị định 33/2023/NĐ-CP',
          publishAsGuidance: true,
          level: 'unit_head',
        },
      },
      // Resolution: Mon 08:00 → Thu 10:00 = 74 h calendar, 26 working hours.
      {
        type: 'case_resolved',
        at: vn('2026-11-26T10:00:00'),
        statusAfter: 'resolved',
        payload: { outcome: 'Đã bố trí.', reopenUntil: null },
      },
      {
        type: 'case_closed',
        at: vn('2026-11-26T10:00:00'),
        statusAfter: 'closed',
        payload: { closeReason: 'resolved' },
      },
    ],
  };
  // B: unit head U2 misses its deadline → automatic escalation to the Working Group → forwarded to leadership →
  // answered late → policy proposed and accepted.
  const b: FixtureCase = {
    id: randomUUID(),
    title: `Chưa rõ thẩm quyền ${tag}`,
    provinceCode: '79',
    communeCode: communes.hcm,
    field: 'civil_service',
    priority: 'high',
    events: [
      {
        type: 'case_reported',
        at: vn('2026-11-23T08:00:00'),
        statusAfter: 'reported',
        payload: { title: `Chưa rõ thẩm quyền ${tag}`, description: 'Chưa có quy định.' },
      },
      {
        type: 'case_escalated',
        at: vn('2026-11-23T08:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-24T17:00:00'),
        policyId: 'default.high',
        payload: {
          automatic: false,
          target: 'unit_head',
          level: 'unit_head',
          question: 'Ai có thẩm quyền?',
          unitCode: 'AUDIT_U2',
          ...calendar,
          allowanceMs: 16 * HOUR,
        },
      },
      // Stint 1: Mon 08:00 → Tue 17:00 = 33 h calendar, 16 working hours; breached.
      {
        type: 'deadline_breached',
        at: vn('2026-11-24T17:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'unit_head',
        deadlineAt: vn('2026-11-24T17:00:00'),
        payload: { level: 'unit_head', escalatedTo: 'working_group' },
      },
      {
        type: 'case_escalated',
        at: vn('2026-11-24T17:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'working_group',
        deadlineAt: vn('2026-11-26T17:00:00'),
        policyId: 'default.high',
        payload: {
          automatic: true,
          reason: 'deadline_missed',
          fromLevel: 'unit_head',
          level: 'working_group',
          unitCode: null,
          ...calendar,
          allowanceMs: 16 * HOUR,
        },
      },
      // Stint 2: Tue 17:00 → Wed 12:00 = 19 h calendar, 4 working hours; forwarded, no verdict.
      {
        type: 'escalation_forwarded',
        at: vn('2026-11-25T12:00:00'),
        statusAfter: 'escalated',
        levelAfter: 'leadership',
        deadlineAt: vn('2026-11-26T12:00:00'),
        policyId: 'default.high',
        payload: {
          fromLevel: 'working_group',
          toLevel: 'leadership',
          fromUnitCode: null,
          toUnitCode: null,
          reason: 'Vượt thẩm quyền',
          ...calendar,
          allowanceMs: 8 * HOUR,
        },
      },
      // Stint 3: Wed 12:00 → Thu 14:00 = 26 h calendar, 9 working hours; answered after its 12:00 deadline.
      // First answer: Mon 08:00 → Thu 14:00 = 78 h calendar, 16 + 4 + 9 = 29 working hours.
      {
        type: 'escalation_answered',
        at: vn('2026-11-26T14:00:00'),
        statusAfter: 'answered',
        levelAfter: 'leadership',
        deadlineAt: vn('2026-11-26T12:00:00'),
        actor: answerer,
        payload: {
          text: 'Đề xuất sửa quy định.',
          legalBasis: null,
          publishAsGuidance: false,
          level: 'leadership',
          question: null,
        },
      },
      {
        type: 'policy_proposed',
        at: vn('2026-11-27T09:00:00'),
        statusAfter: 'policy_proposed',
        payload: { proposal: 'Sửa Nghị định.', fromStatus: 'answered' },
      },
      {
        type: 'policy_decided',
        at: vn('2026-11-27T11:00:00'),
        statusAfter: 'policy_proposed',
        actor: answerer,
        payload: { decision: 'accepted', note: null },
      },
      {
        type: 'case_closed',
        at: vn('2026-11-27T11:00:00'),
        statusAfter: 'closed',
        actor: answerer,
        payload: { closeReason: 'policy_decided', decision: 'accepted' },
      },
    ],
  };
  // C: still handled locally (backlog).
  const c: FixtureCase = {
    id: randomUUID(),
    title: `Đang xử lý tại chỗ ${tag}`,
    provinceCode: '01',
    communeCode: communes.hanoi,
    field: 'local_government',
    priority: 'urgent',
    events: [
      {
        type: 'case_reported',
        at: vn('2026-11-23T08:00:00'),
        statusAfter: 'reported',
        payload: { title: `Đang xử lý tại chỗ ${tag}`, description: 'Địa giới hành chính.' },
      },
      {
        type: 'local_handling_started',
        at: vn('2026-11-23T09:00:00'),
        statusAfter: 'local_handling',
        payload: { note: 'Hướng dẫn tại chỗ.' },
      },
    ],
  };
  for (const kase of [a, b, c]) {
    const reported = kase.events[0];
    reported.payload = {
      ...reported.payload,
      provinceCode: kase.provinceCode,
      communeCode: kase.communeCode,
      field: kase.field,
      priority: kase.priority,
    };
    for (const event of kase.events) event.actor ??= official;
  }
  return { a, b, c };
}

/** The case projection row (the log's foreign key needs it) — written as the recording activity would. */
export async function insertCaseRow(db: PgClient, kase: FixtureCase, official: string): Promise<void> {
  const last = kase.events[kase.events.length - 1];
  await db.query(
    `INSERT INTO cases (id, title, description, province_code, commune_code, field, priority, status, raised_by_user_id,
                        raised_at, last_event_sequence, updated_at, search_folded)
     VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $9, lower($2))`,
    [
      kase.id,
      kase.title,
      kase.provinceCode,
      kase.communeCode,
      kase.field,
      kase.priority,
      last.statusAfter,
      official,
      kase.events[0].at,
      kase.events.length,
    ],
  );
}

/** Appends events `from`..`to` (1-based, inclusive) of a fixture case to case_events. */
export async function appendEvents(db: PgClient, kase: FixtureCase, from: number, to: number): Promise<void> {
  for (let sequence = from; sequence <= Math.min(to, kase.events.length); sequence++) {
    const event = kase.events[sequence - 1];
    await db.query(
      `INSERT INTO case_events (case_id, sequence, type, actor_user_id, actor_roles, occurred_at, payload, deadline_at,
                                policy_id, status_after, escalation_level_after)
       VALUES ($1, $2, $3, $4, '{}', $5, $6, $7, $8, $9, $10)`,
      [
        kase.id,
        sequence,
        event.type,
        event.actor,
        event.at,
        JSON.stringify(event.payload),
        event.deadlineAt ?? null,
        event.policyId ?? null,
        event.statusAfter,
        event.levelAfter ?? null,
      ],
    );
  }
}
