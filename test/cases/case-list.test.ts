import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { addDays, vietnamDate } from '@libs/identity';
import { asRole, type Session } from '../support/auth';
import { caseApi, communesOf, type CaseApi, type ListedCase } from '../support/case-api';
import { eventually, pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';
import { insertTestUnit } from '../support/signed-in';

type Name = 'reported' | 'local' | 'unitInfo' | 'wgAssigned' | 'answered' | 'overdue' | 'outsider';

const PRIORITY_RANK: Record<string, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

/**
 * GET /api/cases and /api/cases/count against real cases in every stage. The run's database is shared with other
 * suites, so each assertion looks at this suite's cases (all carry a random tag) and checks that whatever else
 * comes back still satisfies the filter.
 */
describe('case list: filters, sorting, cursor pagination and scope', () => {
  const config = testConfig();
  const tag = `tag${randomBytes(4).toString('hex')}`;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let cases: CaseApi;
  let official: Session;
  let outsider: Session;
  let workingGroup: Session;
  let unitHead: Session;
  let testUnit: string;
  let provinces: [string, string, string];
  let communes: Record<'p1a' | 'p1b' | 'p2a' | 'p2b' | 'p3', string>;
  const ids = {} as Record<Name, string>;

  const mine = (items: ListedCase[]): string[] => {
    const own = new Set(Object.values(ids));
    return items.map((item) => item.id).filter((id) => own.has(id));
  };
  const named = (...names: Name[]): string[] => names.map((name) => ids[name]).sort();
  const list = (session: Session, query: Record<string, string | number>) =>
    request(api.url).get('/api/cases').query(query).set(session.authHeader);

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    cases = caseApi(api.url);
    const { rows } = await db.query<{ code: string }>(
      `SELECT code FROM provinces WHERE retired_at IS NULL AND code NOT IN ('01', '79') ORDER BY code DESC LIMIT 3`,
    );
    provinces = [rows[0].code, rows[1].code, rows[2].code];
    const p1 = await communesOf(db, provinces[0], 2);
    const p2 = await communesOf(db, provinces[1], 2);
    const p3 = await communesOf(db, provinces[2], 2);
    communes = { p1a: p1[0], p1b: p1[1], p2a: p2[0], p2b: p2[1], p3: p3[0] };
    testUnit = await insertTestUnit(db);
    [official, outsider, workingGroup, unitHead] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: [provinces[0], provinces[1]] }),
      asRole(api.url, db, 'official', { provinceCodes: [provinces[2]] }),
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'unit_head', { unitCode: testUnit }),
    ]);

    const raise = (session: Session, title: string, description: string, body: Record<string, string>) =>
      cases.raise(session, { title: `${title} ${tag}`, description, ...body });
    [ids.reported, ids.local, ids.unitInfo, ids.wgAssigned, ids.answered, ids.overdue, ids.outsider] =
      await Promise.all([
        raise(official, 'Bố trí công chức văn phòng - thống kê dôi dư', 'Xã có năm người cùng một chức danh.', {
          provinceCode: provinces[0],
          communeCode: communes.p1a,
          field: 'civil_service',
          priority: 'urgent',
        }),
        raise(official, 'Điều chỉnh địa giới hành chính giữa hai xã', 'Ranh giới trên bản đồ chưa khớp.', {
          provinceCode: provinces[0],
          communeCode: communes.p1b,
          field: 'local_government',
          priority: 'high',
        }),
        raise(official, 'Chế độ phụ cấp sau sắp xếp', 'Người hoạt động không chuyên trách hỏi về phụ cấp.', {
          provinceCode: provinces[1],
          communeCode: communes.p2a,
          field: 'civil_service',
          priority: 'normal',
        }),
        raise(official, 'Tiền lương của cán bộ xã sau sáp nhập', 'Hệ số lương chưa được xếp lại.', {
          provinceCode: provinces[1],
          communeCode: communes.p2a,
          field: 'labour_wages_social_insurance',
          priority: 'low',
        }),
        raise(official, 'Lưu trữ hồ sơ của các xã cũ', 'Kho lưu trữ của ba xã cũ cần gộp.', {
          provinceCode: provinces[0],
          communeCode: communes.p1a,
          field: 'records_archives',
          priority: 'normal',
        }),
        raise(official, 'Khẩn: thẩm quyền ký quyết định', 'Chủ tịch xã mới chưa được bầu.', {
          provinceCode: provinces[1],
          communeCode: communes.p2b,
          field: 'civil_service',
          priority: 'urgent',
        }),
        raise(outsider, 'Bố trí công chức văn phòng - thống kê dôi dư', 'Cùng câu hỏi, ở tỉnh khác.', {
          provinceCode: provinces[2],
          communeCode: communes.p3,
          field: 'civil_service',
          priority: 'urgent',
        }),
      ]);

    await cases.act(official, ids.local, 'handle-locally', { note: 'Đã hướng dẫn xã đối chiếu bản đồ.' });
    // Stable states: an information request pauses the clock, so fast-test deadlines cannot move these cases.
    await cases.act(official, ids.unitInfo, 'escalate', { target: 'unit_head', question: 'Phụ cấp thế nào?' });
    await cases.act(workingGroup, ids.unitInfo, 'forward', {
      toLevel: 'unit_head',
      toUnitCode: testUnit,
      reason: 'Thuộc đơn vị kiểm thử.',
    });
    await cases.act(workingGroup, ids.unitInfo, 'request-info', { question: 'Gửi danh sách người hưởng phụ cấp.' });
    await cases.act(official, ids.wgAssigned, 'escalate', { target: 'working_group', question: 'Xếp lương thế nào?' });
    await cases.act(workingGroup, ids.wgAssigned, 'request-info', { question: 'Gửi bảng lương hiện hành.' });
    await cases.act(workingGroup, ids.wgAssigned, 'reassign', { assigneeUserId: workingGroup.user.id });
    await cases.act(official, ids.answered, 'escalate', { target: 'working_group', question: 'Gộp kho thế nào?' });
    await cases.act(workingGroup, ids.answered, 'answer', { text: 'Gộp theo hướng dẫn.', publishAsGuidance: false });
    // Urgent at the Working Group: 4 s there, 4 s at leadership, then overdue for good.
    await cases.act(official, ids.overdue, 'escalate', { target: 'working_group', question: 'Ai ký thay?' });
  }, 60000);

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  it('shows each person only their scope, in lists and in counts', async () => {
    const own = await cases.walk(official, { limit: 100 });
    expect(own.items.every((item) => provinces.slice(0, 2).includes(item.provinceCode))).toBe(true);
    expect(mine(own.items).sort()).toEqual(named('reported', 'local', 'unitInfo', 'wgAssigned', 'answered', 'overdue'));
    const ownCount = await request(api.url).get('/api/cases/count').set(official.authHeader).expect(200);
    expect(ownCount.body).toEqual({ total: own.items.length });
    // The outsider's case matches the text, but lies in another province.
    const tagged = await request(api.url).get('/api/cases/count').query({ q: tag }).set(official.authHeader);
    expect(tagged.body.total).toBe(6);
    expect(mine((await cases.walk(official, { q: 'bo tri cong chuc' })).items)).toEqual([ids.reported]);

    const theirs = await cases.walk(outsider, {});
    expect(theirs.items.every((item) => item.provinceCode === provinces[2])).toBe(true);
    expect(mine(theirs.items)).toEqual([ids.outsider]);

    // A unit head sees only what is routed to their unit (here: one case forwarded to a unit of this suite).
    const unit = await cases.walk(unitHead, {});
    expect(unit.items.map((item) => item.id)).toEqual([ids.unitInfo]);
    expect(unit.items[0].assignedUnitCode).toBe(testUnit);
    expect((await request(api.url).get('/api/cases/count').set(unitHead.authHeader)).body).toEqual({ total: 1 });

    const all = await cases.walk(workingGroup, { q: tag });
    expect(mine(all.items).sort()).toEqual(Object.values(ids).sort());
  });

  it.each<[string, Record<string, string>, Name[], (item: ListedCase) => boolean]>([
    ['one status', { status: 'local_handling' }, ['local'], (item) => item.status === 'local_handling'],
    [
      'statuses as a comma list',
      { status: 'awaiting_info,answered' },
      ['unitInfo', 'wgAssigned', 'answered'],
      (item) => ['awaiting_info', 'answered'].includes(item.status),
    ],
    ['a province', { province: 'P1' }, ['reported', 'local', 'answered'], (item) => item.provinceCode === 'P1'],
    ['a commune', { commune: 'C2A' }, ['unitInfo', 'wgAssigned'], (item) => item.communeCode === 'C2A'],
    [
      'a field',
      { field: 'civil_service' },
      ['reported', 'unitInfo', 'overdue'],
      (item) => item.field === 'civil_service',
    ],
    ['a priority', { priority: 'urgent' }, ['reported', 'overdue'], (item) => item.priority === 'urgent'],
    ['a level', { level: 'unit_head' }, ['unitInfo'], (item) => item.escalationLevel === 'unit_head'],
    ['an assignee', { assignee: 'WG' }, ['wgAssigned'], (item) => item.assigneeUserId === 'WG'],
    ['text without diacritics', { q: 'tien luong can bo' }, ['wgAssigned'], () => true],
    ['text in capitals with diacritics', { q: 'LƯU TRỮ HỒ SƠ' }, ['answered'], () => true],
    ['words in any order, also in the description', { q: 'ban do ranh gioi' }, ['local'], () => true],
  ])('filters by %s', async (_name, rawQuery, expected, matches) => {
    const substitute = (value: string): string =>
      ({ P1: provinces[0], C2A: communes.p2a, WG: workingGroup.user.id })[value] ?? value;
    const query = Object.fromEntries(Object.entries(rawQuery).map(([key, value]) => [key, substitute(value)]));
    const { items } = await cases.walk(official, query);
    expect(mine(items).sort()).toEqual(named(...expected));
    expect(items.every((item) => matches({ ...item, ...reverse(item) }))).toBe(true);

    function reverse(item: ListedCase): Partial<ListedCase> {
      // Predicates are written with placeholders; map the real values back.
      return {
        provinceCode: item.provinceCode === provinces[0] ? 'P1' : item.provinceCode,
        communeCode: item.communeCode === communes.p2a ? 'C2A' : item.communeCode,
        assigneeUserId: item.assigneeUserId === workingGroup.user.id ? 'WG' : item.assigneeUserId,
      };
    }
  });

  it('takes repeated parameters, "me", and combinations of filters', async () => {
    const repeated = await request(api.url)
      .get(`/api/cases?status=awaiting_info&status=answered&province=${provinces[1]}`)
      .set(official.authHeader)
      .expect(200);
    expect(mine(repeated.body.items).sort()).toEqual(named('unitInfo', 'wgAssigned'));

    expect(mine((await cases.walk(workingGroup, { assignee: 'me', q: tag })).items)).toEqual([ids.wgAssigned]);
    expect(
      mine(
        (await cases.walk(official, { province: provinces[1], field: 'civil_service', status: 'awaiting_info' })).items,
      ),
    ).toEqual([ids.unitInfo]);
    expect(mine((await cases.walk(official, { q: 'cong chuc', priority: 'urgent,high' })).items)).toEqual([
      ids.reported,
    ]);
    expect(mine((await cases.walk(official, { q: 'xa', province: provinces[0], level: 'unit_head' })).items)).toEqual(
      [],
    );
  });

  it('filters by the day raised, in Viet Nam time', async () => {
    const today = vietnamDate();
    const yesterday = addDays(today, -1);
    const everything = named('reported', 'local', 'unitInfo', 'wgAssigned', 'answered', 'overdue');
    expect(mine((await cases.walk(official, { raisedFrom: today, raisedTo: today })).items).sort()).toEqual(everything);
    expect(mine((await cases.walk(official, { raisedTo: yesterday })).items)).toEqual([]);

    // Midnight in Ha Noi is 17:00 UTC the day before: the boundaries are Viet Nam days, not UTC days.
    await db.query(`UPDATE cases SET raised_at = $2 WHERE id = $1`, [ids.reported, `${today}T00:00:00+07:00`]);
    await db.query(`UPDATE cases SET raised_at = $2 WHERE id = $1`, [ids.local, `${yesterday}T23:59:59.999+07:00`]);
    expect(mine((await cases.walk(official, { raisedFrom: today, q: tag })).items).sort()).toEqual(
      everything.filter((id) => id !== ids.local),
    );
    expect(mine((await cases.walk(official, { raisedFrom: yesterday, raisedTo: yesterday })).items)).toEqual([
      ids.local,
    ]);
  });

  it.each(['raisedAt', 'updatedAt', 'answerDeadline', 'priority'] as const)(
    'sorts by %s both ways, breaking ties by id, across pages',
    async (sort) => {
      for (const order of ['asc', 'desc'] as const) {
        const { items, pages } = await cases.walk(workingGroup, { q: tag, sort, order, limit: 3 });
        expect(pages).toBe(3);
        expect(items.map((item) => item.id).sort()).toEqual(Object.values(ids).sort());
        const sign = order === 'asc' ? 1 : -1;
        for (let index = 1; index < items.length; index += 1) {
          expect(compare(sort, items[index - 1], items[index], sign)).toBeLessThan(0);
        }
      }
    },
  );

  it('walks every page exactly once even when many cases share the sort value', async () => {
    const batch = `lo${randomBytes(4).toString('hex')}`;
    const priorities = ['normal', 'normal', 'high', 'normal', 'high', 'normal', 'normal'];
    const batchIds = await Promise.all(
      priorities.map((priority, index) =>
        cases.raise(official, {
          title: `Câu hỏi số ${index + 1} ${batch}`,
          description: 'Hỏi về thủ tục.',
          provinceCode: provinces[0],
          communeCode: communes.p1a,
          priority,
        }),
      ),
    );
    await db.query(`UPDATE cases SET raised_at = '2025-09-01T09:00:00+07:00' WHERE id = ANY($1::uuid[])`, [batchIds]);
    for (const sort of ['raisedAt', 'priority'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const { items, pages } = await cases.walk(official, { q: batch, sort, order, limit: 2 });
        const seen = items.map((item) => item.id);
        expect(pages).toBe(4);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual([...batchIds].sort());
        const sign = order === 'asc' ? 1 : -1;
        for (let index = 1; index < items.length; index += 1) {
          expect(compare(sort, items[index - 1], items[index], sign)).toBeLessThan(0);
        }
      }
    }
    const one = await list(official, { q: batch, limit: 7 }).expect(200);
    expect(one.body.items).toHaveLength(7);
    expect(one.body.nextCursor).toBeNull();
  });

  it('finds escalations past their deadline with overdue=true (fast-test policy)', async () => {
    const overdue = await eventually(
      async () => {
        // Between a missed deadline and the automatic escalation it causes, a lower level is briefly overdue too;
        // at the top level it stays overdue.
        const { items } = await cases.walk(official, { overdue: 'true' });
        const kase = items.find((item) => item.id === ids.overdue);
        return kase?.escalationLevel === 'leadership' ? items : undefined;
      },
      30000,
      250,
    );
    expect(mine(overdue)).toEqual([ids.overdue]);
    expect(
      overdue.every((item) => item.status === 'escalated' && Date.parse(item.answerDeadline ?? '') < Date.now()),
    ).toBe(true);
    const notOverdue = await cases.walk(official, { overdue: 'false', q: tag });
    expect(mine(notOverdue.items).sort()).toEqual(
      named('reported', 'local', 'unitInfo', 'wgAssigned', 'answered').sort(),
    );
    expect(mine((await cases.walk(official, { level: 'leadership' })).items)).toEqual([ids.overdue]);
    const counted = await request(api.url)
      .get('/api/cases/count')
      .query({ overdue: 'true', province: provinces[1] })
      .set(official.authHeader)
      .expect(200);
    expect(counted.body.total).toBeGreaterThanOrEqual(1);
  }, 45000);

  it.each<[string, Record<string, string>, string]>([
    ['an unknown status', { status: 'escalated,bogus' }, 'status'],
    ['a malformed province', { province: '1' }, 'province'],
    ['a malformed commune', { commune: 'Hoàn Kiếm' }, 'commune'],
    ['a field of another ministry', { field: 'religion' }, 'field'],
    ['an unknown priority', { priority: 'critical' }, 'priority'],
    ['an unknown level', { level: 'minister' }, 'level'],
    ['overdue other than true/false', { overdue: 'yes' }, 'overdue'],
    ['an assignee that is neither a user id nor me', { assignee: 'someone' }, 'assignee'],
    ['text longer than 200 characters', { q: 'x'.repeat(201) }, 'q'],
    ['an impossible date', { raisedFrom: '2025-02-30' }, 'raisedFrom'],
    ['a date in another format', { raisedTo: '20/10/2025' }, 'raisedTo'],
    ['a period that ends before it starts', { raisedFrom: '2025-10-20', raisedTo: '2025-08-20' }, 'raisedTo'],
    ['an unknown sort key', { sort: 'title' }, 'sort'],
    ['an unknown order', { order: 'up' }, 'order'],
    ['a limit of 0', { limit: '0' }, 'limit'],
    ['a limit above 100', { limit: '101' }, 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['an unknown parameter', { owner: 'me' }, 'owner'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the parameter', async (_what, query, parameter) => {
    const response = await list(official, query).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set([parameter]));
    expect(response.body.errors[0].message).toContain(parameter);
  });

  it('refuses a tampered cursor, or one from another query, with 400 INVALID_CURSOR', async () => {
    const first = await list(official, { q: tag, limit: 2 }).expect(200);
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    await list(official, { q: tag, limit: 2, cursor }).expect(200);

    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 2] ^= 0x01;
    const refusals = await Promise.all([
      list(official, { q: tag, limit: 2, cursor: bytes.toString('base64url') }),
      list(official, { q: tag, limit: 2, cursor: `${cursor.slice(0, -4)}AAAA` }),
      list(official, { q: tag, limit: 2, cursor: 'bm90LWEtY3Vyc29y' }),
      list(official, { q: tag, sort: 'priority', cursor }),
      list(official, { q: tag, order: 'asc', cursor }),
      list(official, { q: `${tag} xa`, cursor }),
    ]);
    for (const response of refusals) {
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_CURSOR');
      expect(response.body.message).toMatch(/trang đầu/);
    }
    // A different page size is the same query.
    await list(official, { q: tag, limit: 5, cursor }).expect(200);
  });
});

/** Negative when `a` must come before `b` in the list's order (ties broken by id in the same direction). */
function compare(
  sort: 'raisedAt' | 'updatedAt' | 'answerDeadline' | 'priority',
  a: ListedCase,
  b: ListedCase,
  sign: 1 | -1,
) {
  if (sort === 'answerDeadline' && (a.answerDeadline === null) !== (b.answerDeadline === null)) {
    return a.answerDeadline === null ? 1 : -1; // no deadline last, whatever the order
  }
  const key = (item: ListedCase): number => {
    switch (sort) {
      case 'raisedAt':
        return Date.parse(item.raisedAt);
      case 'updatedAt':
        return Date.parse(item.updatedAt);
      case 'answerDeadline':
        return item.answerDeadline === null ? 0 : Date.parse(item.answerDeadline);
      case 'priority':
        return PRIORITY_RANK[item.priority];
    }
  };
  const byKey = key(a) - key(b);
  if (byKey !== 0) return sign * byKey;
  return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
