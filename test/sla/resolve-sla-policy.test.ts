import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApplicationFailure } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { SlaActivities } from '@activities/sla.activities';
import { APP_CONFIG, ConfigModule } from '@libs/config';
import type { SlaPolicyDecision } from '@libs/contracts';
import { DatabaseModule } from '@libs/database';
import { CASE_PRIORITIES, ESCALATION_LEVELS } from '@libs/domain';
import { WorkingCalendar, WORKING_DAY_MS } from '@libs/domain/calendar';
import { pgClient, testConfig } from '../support/stack';

/** Policy sets and calendars of this suite only: the seeded ones are shared with other suites and never edited. */
const suffix = randomBytes(4).toString('hex');
const set = (name: string) => `it-${name}-${suffix}`;

describe('resolveSlaPolicy against PostgreSQL', () => {
  let context: INestApplicationContext;
  let sla: SlaActivities;
  let db: PgClient;

  beforeAll(async () => {
    context = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule], providers: [SlaActivities] })
      .overrideProvider(APP_CONFIG)
      .useValue(testConfig())
      .compile();
    await context.init();
    sla = context.get(SlaActivities);
    db = await pgClient();
  });

  afterAll(async () => {
    await Promise.all([context?.close(), db?.end()]);
  });

  async function addPolicy(
    id: string,
    policySet: string,
    scope: { field?: string; priority?: string; level?: string },
    allowanceSeconds: number,
    calendarId = 'vn-civil-service',
  ): Promise<void> {
    await db.query(
      `INSERT INTO sla_policies (id, policy_set, field, priority, level, allowance_seconds, calendar_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, policySet, scope.field ?? null, scope.priority ?? null, scope.level ?? null, allowanceSeconds, calendarId],
    );
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  it('resolves the seeded default set: 1, 2, 3, 5 working days at every level, on the civil-service calendar', async () => {
    const days = { urgent: 1, high: 2, normal: 3, low: 5 };
    for (const priority of CASE_PRIORITIES) {
      for (const level of ESCALATION_LEVELS) {
        const decision = await sla.resolveSlaPolicy({ policySet: 'default', field: 'civil_service', priority, level });
        expect(decision).toEqual<SlaPolicyDecision>({
          policyId: `default.${priority}`,
          allowanceMs: days[priority] * WORKING_DAY_MS,
          reminderFractions: [0.5, 0.9],
          renotifyIntervalMs: WORKING_DAY_MS,
          calendar: {
            id: 'vn-civil-service',
            utcOffsetMinutes: 420,
            workingWeekdays: [1, 2, 3, 4, 5],
            workingPeriods: [
              { start: '08:00', end: '12:00' },
              { start: '13:00', end: '17:00' },
            ],
            publicHolidays: true,
            overrides: expect.any(Array),
          },
        });
      }
    }
  });

  it('hands back a calendar the deadline maths can use: urgent from Friday 15:00 is due Monday 15:00', async () => {
    const decision = await sla.resolveSlaPolicy({
      policySet: 'default',
      field: 'local_government',
      priority: 'urgent',
      level: 'unit_head',
    });
    const calendar = new WorkingCalendar(decision.calendar);
    // Friday 06/11/2026 15:00 in Hà Nội (no holiday near it).
    const due = calendar.addWorkingTime(new Date('2026-11-06T08:00:00Z'), decision.allowanceMs);
    expect(due.toISOString()).toBe('2026-11-09T08:00:00.000Z');
    // Tết 2026 (17/02) is a statutory holiday on this calendar.
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false);
  });

  it('resolves the fast-test set: seconds of allowance on the always-working calendar', async () => {
    const expected = { urgent: 4000, high: 6000, normal: 8000, low: 10000 };
    for (const priority of CASE_PRIORITIES) {
      const decision = await sla.resolveSlaPolicy({
        policySet: 'fast-test',
        field: 'youth',
        priority,
        level: 'leadership',
      });
      expect(decision.policyId).toBe(`fast-test.${priority}`);
      expect(decision.allowanceMs).toBe(expected[priority]);
      expect(decision.renotifyIntervalMs).toBe(3000);
      expect(decision.calendar).toMatchObject({ id: 'always-working', alwaysWorking: true, publicHolidays: false });
      const start = new Date('2026-02-17T03:00:00Z'); // Tết: still working time on this calendar
      expect(new WorkingCalendar(decision.calendar).addWorkingTime(start, decision.allowanceMs).getTime()).toBe(
        start.getTime() + expected[priority],
      );
    }
  });

  it('prefers the most specific active policy, and falls back as specific ones are deactivated', async () => {
    const name = set('specific');
    await addPolicy(`${name}.priority`, name, { priority: 'high' }, 2 * 28800);
    await addPolicy(`${name}.field`, name, { field: 'civil_service' }, 4 * 28800);
    await addPolicy(`${name}.exact`, name, { field: 'civil_service', priority: 'high', level: 'leadership' }, 28800);
    await addPolicy(`${name}.other-level`, name, { field: 'civil_service', priority: 'high', level: 'unit_head' }, 60);
    const key = { policySet: name, field: 'civil_service', priority: 'high' as const, level: 'leadership' as const };

    expect((await sla.resolveSlaPolicy(key)).policyId).toBe(`${name}.exact`);
    await db.query(`UPDATE sla_policies SET active = false WHERE id = $1`, [`${name}.exact`]);
    expect((await sla.resolveSlaPolicy(key)).policyId).toBe(`${name}.field`);
    await db.query(`UPDATE sla_policies SET active = false WHERE id = $1`, [`${name}.field`]);
    const fallback = await sla.resolveSlaPolicy(key);
    expect(fallback.policyId).toBe(`${name}.priority`);
    expect(fallback.allowanceMs).toBe(2 * WORKING_DAY_MS);
    // Another field only sees the priority-wide policy.
    expect((await sla.resolveSlaPolicy({ ...key, field: 'youth', level: 'unit_head' })).policyId).toBe(
      `${name}.priority`,
    );
  });

  it('refuses a second active policy for the same set and scope (resolution is never ambiguous)', async () => {
    const name = set('unique');
    await addPolicy(`${name}.a`, name, { priority: 'low' }, 100);
    await expect(addPolicy(`${name}.b`, name, { priority: 'low' }, 200)).rejects.toThrow(
      /ux_sla_policies_active_scope/,
    );
    await db.query(`UPDATE sla_policies SET active = false WHERE id = $1`, [`${name}.a`]);
    await addPolicy(`${name}.b`, name, { priority: 'low' }, 200);
    expect(
      (await sla.resolveSlaPolicy({ policySet: name, field: 'youth', priority: 'low', level: 'unit_head' })).policyId,
    ).toBe(`${name}.b`);
  });

  it("includes the calendar's override rows, ordered by date, and the deadline honours them", async () => {
    const calendarId = `it-cal-${suffix}`;
    await db.query(
      `INSERT INTO working_calendars (id, name_vi, name_en, config)
       SELECT $1, 'Lịch kiểm thử', 'Test calendar', config FROM working_calendars WHERE id = 'vn-civil-service'`,
      [calendarId],
    );
    await db.query(
      `INSERT INTO calendar_overrides (calendar_id, date, kind, note_vi, note_en) VALUES
         ($1, '2026-11-09', 'day_off', 'Nghỉ bù theo thông báo', NULL),
         ($1, '2026-11-07', 'working_day', 'Làm bù thứ Bảy', 'Make-up Saturday'),
         ($1, '2027-01-02', 'day_off', NULL, NULL)`,
      [calendarId],
    );
    const name = set('overrides');
    await addPolicy(`${name}.urgent`, name, { priority: 'urgent' }, 28800, calendarId);

    const decision = await sla.resolveSlaPolicy({
      policySet: name,
      field: 'youth',
      priority: 'urgent',
      level: 'unit_head',
    });
    expect(decision.calendar.id).toBe(calendarId);
    expect(decision.calendar.overrides).toEqual([
      { date: '2026-11-07', kind: 'working_day', noteVi: 'Làm bù thứ Bảy', noteEn: 'Make-up Saturday' },
      { date: '2026-11-09', kind: 'day_off', noteVi: 'Nghỉ bù theo thông báo' },
      { date: '2027-01-02', kind: 'day_off' },
    ]);
    // Friday 15:00 + 1 working day: Friday 2 h, the make-up Saturday 6 h → Saturday 15:00 (not Monday, a day off).
    const due = new WorkingCalendar(decision.calendar).addWorkingTime(
      new Date('2026-11-06T08:00:00Z'),
      decision.allowanceMs,
    );
    expect(due.toISOString()).toBe('2026-11-07T08:00:00.000Z');
  });

  it('reads policy edits at the next resolution (a running level keeps the decision it already holds)', async () => {
    const name = set('edit');
    await addPolicy(`${name}.normal`, name, { priority: 'normal' }, 3 * 28800);
    const key = { policySet: name, field: 'youth', priority: 'normal' as const, level: 'working_group' as const };
    const before = await sla.resolveSlaPolicy(key);
    await db.query(
      `UPDATE sla_policies SET allowance_seconds = 28800, reminder_fractions = '{0.25,0.75}' WHERE id = $1`,
      [`${name}.normal`],
    );
    const after = await sla.resolveSlaPolicy(key);
    expect(before.allowanceMs).toBe(3 * WORKING_DAY_MS);
    expect(after.allowanceMs).toBe(WORKING_DAY_MS);
    expect(after.reminderFractions).toEqual([0.25, 0.75]);
  });

  it('fails non-retryably with SLA_POLICY_MISSING, naming the set, field, priority and level', async () => {
    const name = set('partial');
    await addPolicy(`${name}.urgent`, name, { priority: 'urgent' }, 100);
    const failure = await failureOf(
      sla.resolveSlaPolicy({ policySet: name, field: 'youth', priority: 'low', level: 'leadership' }),
    );
    expect(failure.type).toBe('SLA_POLICY_MISSING');
    expect(failure.nonRetryable).toBe(true);
    for (const part of [name, 'youth', 'low', 'leadership']) expect(failure.message).toContain(`"${part}"`);
    expect(failure.details).toEqual([{ policySet: name, field: 'youth', priority: 'low', level: 'leadership' }]);

    const unknownSet = await failureOf(
      sla.resolveSlaPolicy({ policySet: 'no-such-set', field: 'youth', priority: 'urgent', level: 'unit_head' }),
    );
    expect(unknownSet.type).toBe('SLA_POLICY_MISSING');
    expect(unknownSet.message).toContain('"no-such-set"');
  });

  it('fails non-retryably with SLA_CALENDAR_INVALID when the stored calendar cannot be used', async () => {
    const calendarId = `it-broken-${suffix}`;
    await db.query(
      `INSERT INTO working_calendars (id, name_vi, name_en, config) VALUES ($1, 'Lịch hỏng', 'Broken', $2)`,
      [
        calendarId,
        JSON.stringify({
          utcOffsetMinutes: 420,
          workingWeekdays: [1],
          workingPeriods: [{ start: '17:00', end: '08:00' }],
          publicHolidays: false,
        }),
      ],
    );
    const name = set('broken');
    await addPolicy(`${name}.any`, name, {}, 100, calendarId);
    const failure = await failureOf(
      sla.resolveSlaPolicy({ policySet: name, field: 'youth', priority: 'urgent', level: 'unit_head' }),
    );
    expect(failure.type).toBe('SLA_CALENDAR_INVALID');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(calendarId);
  });
});
