import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { NotificationActivities } from '@activities/notification.activities';
import { createAccount, type TestAccount } from '../support/signed-in';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';
import { notificationActivities, notifyInput } from './support';

interface Item {
  id: string;
  kind: string;
  caseId: string;
  titleVi: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

describe('notification inbox API', () => {
  const config = testConfig();
  let api: RunningApi;
  let db: PgClient;
  let context: INestApplicationContext;
  let activities: NotificationActivities;
  let reader: TestAccount;
  let other: TestAccount;
  /** The reader's notification ids, oldest first. */
  const mine: string[] = [];
  let othersId: string;

  beforeAll(async () => {
    [api, db, { context, activities }] = await Promise.all([
      startApi(config),
      pgClient(),
      notificationActivities(config),
    ]);
    reader = await createAccount(db, { roles: ['working_group'], apiUrl: api.url });
    other = await createAccount(db, { roles: ['official'], apiUrl: api.url });
    // Five notices to the reader, written one after the other (distinct creation times), and one to someone else.
    for (let sequence = 1; sequence <= 5; sequence += 1) {
      const result = await activities.notify(
        notifyInput({ userIds: [reader.userId] }, { eventSequence: sequence, caseTitle: `Vụ việc số ${sequence}` }),
      );
      mine.push(...result.notificationIds);
    }
    [othersId] = (await activities.notify(notifyInput({ userIds: [other.userId] }))).notificationIds;
  });

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end(), context?.close()]);
  });

  const as = (account: TestAccount) => ({
    get: (url: string) => request(api.url).get(url).set('Authorization', `Bearer ${account.token}`),
    post: (url: string) => request(api.url).post(url).set('Authorization', `Bearer ${account.token}`),
  });

  async function allPages(account: TestAccount, query: string): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const url: string = `/api/notifications?${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await as(account).get(url).expect(200);
      items.push(...(response.body.items as Item[]));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return items;
    }
    throw new Error('pagination did not end');
  }

  it('lists only my notifications, newest first, with the unread count', async () => {
    const response = await as(reader).get('/api/notifications').expect(200);
    expect(response.body.unreadCount).toBe(5);
    expect(response.body.nextCursor).toBeNull();
    const items = response.body.items as Item[];
    expect(items.map((item) => item.id)).toEqual([...mine].reverse());
    expect(items[0]).toMatchObject({
      kind: 'escalation_received',
      titleVi: 'Vụ việc cần cho ý kiến: Vụ việc số 5',
      readAt: null,
    });
    expect(items[0].link).toBe(`/cases/${items[0].caseId}`);
    expect(items.map((item) => item.id)).not.toContain(othersId);
  });

  it('pages with a cursor without skipping or repeating anything', async () => {
    const response = await as(reader).get('/api/notifications?limit=2').expect(200);
    expect(response.body.items).toHaveLength(2);
    expect(typeof response.body.nextCursor).toBe('string');
    const walked = await allPages(reader, 'limit=2');
    expect(walked.map((item) => item.id)).toEqual([...mine].reverse());
  });

  it('marks one read (idempotently), filters unread, and refuses other people’s notifications', async () => {
    const first = await as(reader).post(`/api/notifications/${mine[1]}/read`).expect(200);
    expect(first.body.id).toBe(mine[1]);
    expect(first.body.readAt).toEqual(expect.any(String));
    const again = await as(reader).post(`/api/notifications/${mine[1]}/read`).expect(200);
    expect(again.body.readAt).toBe(first.body.readAt);

    const unread = await as(reader).get('/api/notifications?unread=true').expect(200);
    expect(unread.body.unreadCount).toBe(4);
    expect(unread.body.items.map((item: Item) => item.id)).toEqual([mine[4], mine[3], mine[2], mine[0]]);
    const unreadPaged = await allPages(reader, 'unread=true&limit=3');
    expect(unreadPaged.map((item) => item.id)).toEqual([mine[4], mine[3], mine[2], mine[0]]);

    for (const id of [othersId, randomUUID(), 'not-a-uuid']) {
      const refused = await as(reader).post(`/api/notifications/${id}/read`).expect(404);
      expect(refused.body.code).toBe('NOTIFICATION_NOT_FOUND');
    }
    const { rows } = await db.query(`SELECT read_at FROM notifications WHERE id = $1`, [othersId]);
    expect(rows[0].read_at).toBeNull();
  });

  it('marks all of mine read, and nobody else’s', async () => {
    const response = await as(reader).post('/api/notifications/read-all').expect(200);
    expect(response.body).toEqual({ marked: 4, unreadCount: 0 });
    const after = await as(reader).get('/api/notifications').expect(200);
    expect(after.body.unreadCount).toBe(0);
    expect(after.body.items.every((item: Item) => item.readAt !== null)).toBe(true);
    expect((await as(reader).get('/api/notifications?unread=true').expect(200)).body.items).toEqual([]);
    expect((await as(reader).post('/api/notifications/read-all').expect(200)).body.marked).toBe(0);

    const theirs = await as(other).get('/api/notifications').expect(200);
    expect(theirs.body.unreadCount).toBe(1);
    expect(theirs.body.items.map((item: Item) => item.id)).toEqual([othersId]);
  });

  it('validates the query, naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/notifications?limit=0', 'limit'],
      ['/api/notifications?limit=101', 'limit'],
      ['/api/notifications?limit=ten', 'limit'],
      ['/api/notifications?unread=yes', 'unread'],
      ['/api/notifications?cursor=not*a*cursor', 'cursor'],
      [`/api/notifications?cursor=${Buffer.from('yesterday|me').toString('base64url')}`, 'cursor'],
      ['/api/notifications?page=2', 'page'],
    ];
    for (const [url, field] of cases) {
      const response = await as(reader).get(url).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });

  it('requires sign-in', async () => {
    await request(api.url).get('/api/notifications').expect(401);
    await request(api.url).post('/api/notifications/read-all').expect(401);
    await request(api.url).post(`/api/notifications/${mine[0]}/read`).expect(401);
  });
});
