import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { NotificationActivities } from '@activities/notification.activities';
import { createAccount, insertTestUnit, type TestAccount } from '../support/signed-in';
import { pgClient, testConfig } from '../support/stack';
import { notificationActivities, notifyInput } from './support';

describe('notify: audience and idempotency against PostgreSQL', () => {
  let context: INestApplicationContext;
  let activities: NotificationActivities;
  let db: PgClient;
  let unitA: string;
  let unitB: string;
  let headsA: TestAccount[];
  let retiredHeadA: TestAccount;
  let headB: TestAccount;
  let groupMember: TestAccount;
  let official: TestAccount;

  beforeAll(async () => {
    ({ context, activities } = await notificationActivities(testConfig()));
    db = await pgClient();
    // One pg client: one query at a time.
    unitA = await insertTestUnit(db);
    unitB = await insertTestUnit(db);
    headsA = [
      await createAccount(db, { roles: ['unit_head'], unitCode: unitA }),
      await createAccount(db, { roles: ['unit_head', 'working_group'], unitCode: unitA }),
    ];
    retiredHeadA = await createAccount(db, { roles: ['unit_head'], unitCode: unitA, active: false });
    headB = await createAccount(db, { roles: ['unit_head'], unitCode: unitB });
    groupMember = await createAccount(db, { roles: ['working_group'], unitCode: unitB });
    official = await createAccount(db, { roles: ['official'], unitCode: unitA });
  });

  afterAll(async () => {
    await Promise.all([context?.close(), db?.end()]);
  });

  async function rowsOf(caseId: string) {
    const result = await db.query(
      `SELECT id, recipient_user_id, event_sequence, kind, title_vi, body_vi, link, read_at
         FROM notifications WHERE case_id = $1 ORDER BY recipient_user_id, kind`,
      [caseId],
    );
    return result.rows;
  }

  const sorted = (ids: string[]) => [...ids].sort();

  it('notifies the active unit heads of the routed unit only', async () => {
    const input = notifyInput({ roles: ['unit_head'], unitCode: unitA });
    const { notificationIds } = await activities.notify(input);
    const rows = await rowsOf(input.caseId);
    expect(rows.map((row) => row.recipient_user_id).sort()).toEqual(sorted(headsA.map((head) => head.userId)));
    expect(sorted(notificationIds)).toEqual(sorted(rows.map((row) => row.id)));
    expect(rows[0]).toMatchObject({
      event_sequence: 3,
      kind: 'escalation_received',
      title_vi: input.titleVi,
      body_vi: input.bodyVi,
      link: `/cases/${input.caseId}`,
      read_at: null,
    });
  });

  it('takes the union of explicit users and role holders, once each, skipping inactive and placeholder ids', async () => {
    const input = notifyInput({
      userIds: [official.userId, headsA[1].userId, headsA[1].userId.toUpperCase(), retiredHeadA.userId, 'anonymous'],
      roles: ['working_group'],
    });
    const { notificationIds } = await activities.notify(input);
    const recipients = (await rowsOf(input.caseId)).map((row) => row.recipient_user_id as string);
    expect(notificationIds).toHaveLength(recipients.length);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toEqual(expect.arrayContaining([official.userId, headsA[1].userId, groupMember.userId]));
    expect(recipients).not.toContain(retiredHeadA.userId);
    expect(recipients).not.toContain(headB.userId);
    // Other suites add people too: every recipient must be explicitly named or an active Working Group member.
    const { rows } = await db.query(`SELECT id, roles, active FROM users WHERE id = ANY ($1::uuid[])`, [recipients]);
    for (const user of rows) {
      expect(user.active).toBe(true);
      expect(user.id === official.userId || user.roles.includes('working_group')).toBe(true);
    }
  });

  it('returns the same ids and writes nothing more when retried, also concurrently', async () => {
    const input = notifyInput({ roles: ['unit_head'], unitCode: unitA, userIds: [official.userId] });
    const first = await activities.notify(input);
    const before = await rowsOf(input.caseId);
    const retries = await Promise.all(Array.from({ length: 6 }, () => activities.notify(input)));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await rowsOf(input.caseId)).toEqual(before);
    expect(before).toHaveLength(3);
  });

  it('returns every id when several attempts race on a fresh event', async () => {
    const input = notifyInput({ roles: ['unit_head'], unitCode: unitA });
    const results = await Promise.all(Array.from({ length: 6 }, () => activities.notify(input)));
    const rows = await rowsOf(input.caseId);
    expect(rows).toHaveLength(2);
    for (const result of results) expect(sorted(result.notificationIds)).toEqual(sorted(rows.map((row) => row.id)));
  });

  it('keeps one notice per event, kind and person: another kind or event of the same case is a new notice', async () => {
    const caseId = randomUUID();
    const audience = { userIds: [official.userId] };
    const answered = await activities.notify(notifyInput(audience, { caseId, kind: 'escalation_answered' }));
    const reminder = await activities.notify(notifyInput(audience, { caseId, kind: 'deadline_reminder' }));
    const later = await activities.notify(
      notifyInput(audience, { caseId, kind: 'escalation_answered', eventSequence: 9 }),
    );
    const ids = [answered, reminder, later].flatMap((result) => result.notificationIds);
    expect(new Set(ids).size).toBe(3);
    expect(await rowsOf(caseId)).toHaveLength(3);
  });

  it('writes nothing for an empty audience or one that matches nobody', async () => {
    const empty = notifyInput({});
    await expect(activities.notify(empty)).resolves.toEqual({ notificationIds: [] });
    const nobody = notifyInput({ roles: ['unit_head'], unitCode: 'NO-SUCH-UNIT', userIds: ['system'] });
    await expect(activities.notify(nobody)).resolves.toEqual({ notificationIds: [] });
    expect(await rowsOf(empty.caseId)).toHaveLength(0);
    expect(await rowsOf(nobody.caseId)).toHaveLength(0);
  });

  it('refuses malformed input without retrying (NOTIFY_INPUT_INVALID)', async () => {
    const attempts = [
      notifyInput({ userIds: [official.userId] }, { caseId: 'case-1' }),
      notifyInput({ userIds: [official.userId] }, { eventSequence: 0 }),
      notifyInput({ userIds: [official.userId] }, { titleVi: '' }),
    ];
    for (const input of attempts) {
      const error = await activities.notify(input).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'NOTIFY_INPUT_INVALID', nonRetryable: true });
    }
  });
});
