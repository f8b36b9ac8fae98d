import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { SlaActivities } from '@activities/sla.activities';
import { APP_CONFIG, ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { WORKING_DAY_MS } from '@libs/domain/calendar';
import { createAccount } from '../support/signed-in';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const suffix = randomBytes(4).toString('hex');

describe('SLA admin endpoints', () => {
  const config = testConfig();
  let api: RunningApi;
  let db: PgClient;
  let activityContext: INestApplicationContext;
  let sla: SlaActivities;
  let admin: string;
  let adminUserId: string;
  let official: string;
  const calendarId = `api-cal-${suffix}`;

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    activityContext = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule],
      providers: [SlaActivities],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await activityContext.init();
    sla = activityContext.get(SlaActivities);
    const adminAccount = await createAccount(db, { roles: ['admin'], apiUrl: api.url });
    const officialAccount = await createAccount(db, { roles: ['official'], apiUrl: api.url });
    admin = `Bearer ${adminAccount.token}`;
    adminUserId = adminAccount.userId;
    official = `Bearer ${officialAccount.token}`;
    // A calendar of this suite's own: overrides on the shared civil-service calendar would move other suites' deadlines.
    await db.query(
      `INSERT INTO working_calendars (id, name_vi, name_en, config)
       SELECT $1, 'Lịch kiểm thử API', 'API test calendar', config FROM working_calendars WHERE id = 'vn-civil-service'`,
      [calendarId],
    );
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end(), activityContext?.close()]);
  });

  const as = (token: string) => ({
    get: (url: string) => request(api.url).get(url).set('Authorization', token),
    post: (url: string) => request(api.url).post(url).set('Authorization', token),
    patch: (url: string) => request(api.url).patch(url).set('Authorization', token),
    delete: (url: string) => request(api.url).delete(url).set('Authorization', token),
  });

  function fieldsOf(body: { code: string; errors: { field: string }[] }): string[] {
    expect(body.code).toBe('VALIDATION_FAILED');
    return [...new Set(body.errors.map((error) => error.field))].sort();
  }

  describe('access', () => {
    it('answers 401 without a token and 403 ROLE_NOT_ALLOWED for a non-admin', async () => {
      for (const url of ['/api/sla/policies', '/api/sla/calendars', `/api/sla/calendars/${calendarId}/overrides`]) {
        await request(api.url).get(url).expect(401);
        const refused = await as(official).get(url).expect(403);
        expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
      }
      const post = await as(official)
        .post('/api/sla/policies')
        .send({ policySet: `x-${suffix}`, priority: 'urgent', allowanceSeconds: 1 })
        .expect(403);
      expect(post.body.code).toBe('ROLE_NOT_ALLOWED');
      const { rows } = await db.query(`SELECT 1 FROM sla_policies WHERE policy_set = $1`, [`x-${suffix}`]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('policies', () => {
    it('lists the seeded default set with its allowances in working days', async () => {
      const response = await as(admin).get('/api/sla/policies?policySet=default').expect(200);
      const byId = Object.fromEntries(
        (response.body as { id: string; allowanceWorkingDays: number }[]).map((policy) => [policy.id, policy]),
      );
      expect(Object.keys(byId).sort()).toEqual(['default.high', 'default.low', 'default.normal', 'default.urgent']);
      expect(byId['default.low']).toMatchObject({
        policySet: 'default',
        field: null,
        priority: 'low',
        level: null,
        allowanceSeconds: 144000,
        allowanceWorkingDays: 5,
        reminderFractions: [0.5, 0.9],
        renotifySeconds: 28800,
        calendarId: 'vn-civil-service',
        active: true,
      });
    });

    it('creates a policy the activity then applies, names it from its scope, and records who did it', async () => {
      const policySet = `api-${suffix}`;
      const created = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, field: 'civil_service', priority: 'urgent', allowanceSeconds: 4 * 3600 })
        .expect(201);
      expect(created.body).toMatchObject({
        id: `${policySet}.civil_service.urgent.any`,
        level: null,
        allowanceWorkingDays: 0.5,
        reminderFractions: [0.5, 0.9],
        calendarId: 'vn-civil-service',
        active: true,
        updatedBy: adminUserId,
      });
      const decision = await sla.resolveSlaPolicy({
        policySet,
        field: 'civil_service',
        priority: 'urgent',
        level: 'leadership',
      });
      expect(decision).toMatchObject({ policyId: created.body.id, allowanceMs: WORKING_DAY_MS / 2 });
    });

    it('refuses a second active policy for the same scope, naming the one in force (409)', async () => {
      const policySet = `dup-${suffix}`;
      const first = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, priority: 'high', level: 'unit_head', allowanceSeconds: 100 })
        .expect(201);
      const second = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, priority: 'high', level: 'unit_head', allowanceSeconds: 200 })
        .set('Accept-Language', 'en')
        .expect(409);
      expect(second.body.code).toBe('SLA_POLICY_CONFLICT');
      expect(second.body.message).toContain(first.body.id);
      const sameId = await as(admin)
        .post('/api/sla/policies')
        .send({ id: first.body.id, policySet, priority: 'low', allowanceSeconds: 200 })
        .expect(409);
      expect(sameId.body.code).toBe('SLA_POLICY_CONFLICT');
      // Once the first is deactivated the scope is free again; the generated id is numbered.
      await as(admin).post(`/api/sla/policies/${first.body.id}/deactivate`).expect(200);
      const replacement = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, priority: 'high', level: 'unit_head', allowanceSeconds: 200 })
        .expect(201);
      expect(replacement.body.id).toBe(`${first.body.id}.2`);
    });

    const invalid: [string, Record<string, unknown>, string[]][] = [
      ['missing everything', {}, ['allowanceSeconds', 'policySet']],
      ['zero allowance', { policySet: 'a', allowanceSeconds: 0 }, ['allowanceSeconds']],
      ['fractional allowance', { policySet: 'a', allowanceSeconds: 1.5 }, ['allowanceSeconds']],
      ['unknown priority', { policySet: 'a', allowanceSeconds: 60, priority: 'critical' }, ['priority']],
      ['unknown level', { policySet: 'a', allowanceSeconds: 60, level: 'minister' }, ['level']],
      ['field outside the Ministry', { policySet: 'a', allowanceSeconds: 60, field: 'religion' }, ['field']],
      [
        'reminders out of order',
        { policySet: 'a', allowanceSeconds: 60, reminderFractions: [0.9, 0.5] },
        ['reminderFractions'],
      ],
      ['reminder at 100%', { policySet: 'a', allowanceSeconds: 60, reminderFractions: [1] }, ['reminderFractions']],
      ['policy set with spaces', { policySet: 'my set', allowanceSeconds: 60 }, ['policySet']],
      ['unknown property', { policySet: 'a', allowanceSeconds: 60, deadline: 'tomorrow' }, ['deadline']],
      ['unknown calendar', { policySet: 'a', allowanceSeconds: 60, calendarId: 'mars-time' }, ['calendarId']],
    ];

    it.each(invalid)('create with %s → 400 naming the fields', async (_name, body, fields) => {
      const response = await as(admin).post('/api/sla/policies').send(body).expect(400);
      expect(fieldsOf(response.body)).toEqual(fields);
      for (const error of response.body.errors) expect(error.message).toContain(error.field);
    });

    it('updates allowance and reminders (the next resolution sees them), but never the scope', async () => {
      const policySet = `upd-${suffix}`;
      const created = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, priority: 'normal', allowanceSeconds: 3 * 28800 })
        .expect(201);
      const key = { policySet, field: 'youth', priority: 'normal' as const, level: 'working_group' as const };
      expect((await sla.resolveSlaPolicy(key)).allowanceMs).toBe(3 * WORKING_DAY_MS);

      const updated = await as(admin)
        .patch(`/api/sla/policies/${created.body.id}`)
        .send({ allowanceSeconds: 28800, reminderFractions: [0.25, 0.5, 0.75], calendarId: calendarId })
        .expect(200);
      expect(updated.body).toMatchObject({ allowanceSeconds: 28800, reminderFractions: [0.25, 0.5, 0.75], calendarId });
      expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
      const decision = await sla.resolveSlaPolicy(key);
      expect(decision).toMatchObject({ allowanceMs: WORKING_DAY_MS, reminderFractions: [0.25, 0.5, 0.75] });
      expect(decision.calendar.id).toBe(calendarId);

      const scope = await as(admin)
        .patch(`/api/sla/policies/${created.body.id}`)
        .send({ priority: 'urgent', policySet: 'default' })
        .expect(400);
      expect(fieldsOf(scope.body)).toEqual(['policySet', 'priority']);
      const badCalendar = await as(admin)
        .patch(`/api/sla/policies/${created.body.id}`)
        .send({ calendarId: 'no-such-calendar' })
        .expect(400);
      expect(fieldsOf(badCalendar.body)).toEqual(['calendarId']);
    });

    it('deactivates a policy: hidden from the default listing, no longer applied', async () => {
      const policySet = `deact-${suffix}`;
      const general = await as(admin).post('/api/sla/policies').send({ policySet, allowanceSeconds: 999 }).expect(201);
      const specific = await as(admin)
        .post('/api/sla/policies')
        .send({ policySet, priority: 'low', allowanceSeconds: 111 })
        .expect(201);
      const key = { policySet, field: 'youth', priority: 'low' as const, level: 'leadership' as const };
      expect((await sla.resolveSlaPolicy(key)).policyId).toBe(specific.body.id);

      const deactivated = await as(admin).post(`/api/sla/policies/${specific.body.id}/deactivate`).expect(200);
      expect(deactivated.body.active).toBe(false);
      expect((await sla.resolveSlaPolicy(key)).policyId).toBe(general.body.id);

      const active = await as(admin).get(`/api/sla/policies?policySet=${policySet}`).expect(200);
      expect(active.body.map((policy: { id: string }) => policy.id)).toEqual([general.body.id]);
      const all = await as(admin).get(`/api/sla/policies?policySet=${policySet}&includeInactive=true`).expect(200);
      expect(all.body).toHaveLength(2);

      // Reactivating is an update; it would clash if another active policy had taken the scope meanwhile.
      await as(admin).patch(`/api/sla/policies/${specific.body.id}`).send({ active: true }).expect(200);
      expect((await sla.resolveSlaPolicy(key)).policyId).toBe(specific.body.id);
    });

    it('answers 404 SLA_POLICY_NOT_FOUND for an unknown policy', async () => {
      for (const call of [
        as(admin).get('/api/sla/policies/no-such-policy'),
        as(admin).patch('/api/sla/policies/no-such-policy').send({ allowanceSeconds: 5 }),
        as(admin).post('/api/sla/policies/no-such-policy/deactivate'),
      ]) {
        const response = await call.expect(404);
        expect(response.body.code).toBe('SLA_POLICY_NOT_FOUND');
      }
    });
  });

  describe('calendars and overrides', () => {
    const overridesUrl = `/api/sla/calendars/${calendarId}/overrides`;

    it('lists the calendars with their rules', async () => {
      const response = await as(admin).get('/api/sla/calendars').expect(200);
      const byId = Object.fromEntries(response.body.map((calendar: { id: string }) => [calendar.id, calendar]));
      expect(byId['vn-civil-service'].config).toEqual({
        utcOffsetMinutes: 420,
        workingWeekdays: [1, 2, 3, 4, 5],
        workingPeriods: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        publicHolidays: true,
      });
      expect(byId['always-working'].config).toMatchObject({ alwaysWorking: true });
      expect(byId[calendarId]).toMatchObject({ nameVi: 'Lịch kiểm thử API', overrideCount: 0 });
    });

    it('adds an override (201), replaces it on the same date (200), lists it by year, removes it (204)', async () => {
      const added = await as(admin)
        .post(overridesUrl)
        .send({ date: '2026-02-16', kind: 'day_off', noteVi: 'Nghỉ Tết Nguyên đán', noteEn: 'Lunar New Year' })
        .expect(201);
      expect(added.body).toMatchObject({ calendarId, date: '2026-02-16', kind: 'day_off', noteEn: 'Lunar New Year' });
      await as(admin)
        .post(overridesUrl)
        .send({ date: '2027-01-02', kind: 'working_day', noteVi: 'Làm bù' })
        .expect(201);
      const replaced = await as(admin)
        .post(overridesUrl)
        .send({ date: '2026-02-16', kind: 'working_day', noteVi: 'Làm bù thay ngày nghỉ' })
        .expect(200);
      expect(replaced.body).toMatchObject({ kind: 'working_day', noteVi: 'Làm bù thay ngày nghỉ', noteEn: null });

      const year2026 = await as(admin).get(`${overridesUrl}?year=2026`).expect(200);
      expect(year2026.body.map((row: { date: string; kind: string }) => [row.date, row.kind])).toEqual([
        ['2026-02-16', 'working_day'],
      ]);
      const all = await as(admin).get(overridesUrl).expect(200);
      expect(all.body.map((row: { date: string }) => row.date)).toEqual(['2026-02-16', '2027-01-02']);

      // The activity hands the overrides to the next level that starts on this calendar.
      const policySet = `cal-${suffix}`;
      await as(admin).post('/api/sla/policies').send({ policySet, allowanceSeconds: 60, calendarId }).expect(201);
      const decision = await sla.resolveSlaPolicy({ policySet, field: 'youth', priority: 'low', level: 'unit_head' });
      expect(decision.calendar.overrides).toEqual([
        { date: '2026-02-16', kind: 'working_day', noteVi: 'Làm bù thay ngày nghỉ' },
        { date: '2027-01-02', kind: 'working_day', noteVi: 'Làm bù' },
      ]);

      await as(admin).delete(`${overridesUrl}/2027-01-02`).expect(204);
      const gone = await as(admin).delete(`${overridesUrl}/2027-01-02`).expect(404);
      expect(gone.body.code).toBe('CALENDAR_OVERRIDE_NOT_FOUND');
      expect((await as(admin).get(overridesUrl).expect(200)).body).toHaveLength(1);
    });

    const invalid: [string, Record<string, unknown>, string[]][] = [
      ['missing everything', {}, ['date', 'kind', 'noteVi']],
      ['impossible date', { date: '2026-02-30', kind: 'day_off', noteVi: 'x' }, ['date']],
      ['Vietnamese date format', { date: '16/02/2026', kind: 'day_off', noteVi: 'x' }, ['date']],
      ['unknown kind', { date: '2026-02-16', kind: 'holiday', noteVi: 'x' }, ['kind']],
      ['blank note', { date: '2026-02-16', kind: 'day_off', noteVi: '   ' }, ['noteVi']],
      ['note too long', { date: '2026-02-16', kind: 'day_off', noteVi: 'x'.repeat(301) }, ['noteVi']],
      ['unknown property', { date: '2026-02-16', kind: 'day_off', noteVi: 'x', hours: 4 }, ['hours']],
    ];

    it.each(invalid)('override with %s → 400 naming the fields', async (_name, body, fields) => {
      const response = await as(admin).post(overridesUrl).send(body).expect(400);
      expect(fieldsOf(response.body)).toEqual(fields);
    });

    it('validates the date and year in the address, and answers 404 for an unknown calendar', async () => {
      const badDate = await as(admin).delete(`${overridesUrl}/2026-13-01`).expect(400);
      expect(fieldsOf(badDate.body)).toEqual(['date']);
      const badYear = await as(admin).get(`${overridesUrl}?year=26`).expect(400);
      expect(fieldsOf(badYear.body)).toEqual(['year']);
      const unknown = await as(admin)
        .post('/api/sla/calendars/no-such-calendar/overrides')
        .send({ date: '2026-02-16', kind: 'day_off', noteVi: 'x' })
        .expect(404);
      expect(unknown.body.code).toBe('WORKING_CALENDAR_NOT_FOUND');
      await as(admin).get('/api/sla/calendars/no-such-calendar/overrides').expect(404);
    });
  });
});
