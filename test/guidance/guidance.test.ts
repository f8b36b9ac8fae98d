import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectUntilCaughtUp } from '@libs/audit';
import { createDataSource } from '@libs/database';
import { asRole, type Session } from '../support/auth';
import { communesOf } from '../support/case-api';
import { eventually, pgClient, startApi, testConfig, type RunningApi } from '../support/stack';
import { appendEvents, fixtureCases, insertCaseRow } from '../audit/audit-fixture';

/** The labelled set: field, an entry's question, the same question as another official would type it. */
export function labelledPairs(): { field: string; question: string; query: string }[] {
  return readFileSync(path.join(__dirname, '..', 'fixtures', 'guidance-pairs.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [field, question, query] = line.split('\t');
      return { field, question, query };
    });
}

describe('guidance library: entries from answers, search, editing, suggestions', () => {
  const config = testConfig();
  const tag = `g${randomBytes(4).toString('hex')}`;
  const official = randomUUID();
  let api: RunningApi;
  let db: PgClient;
  let dataSource: DataSource;
  let workingGroup: Session;
  let officialSession: Session;
  let fixture: ReturnType<typeof fixtureCases>;
  const pairIds = new Map<string, string>();

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(config), pgClient()]);
    dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2 });
    await dataSource.initialize();
    [workingGroup, officialSession] = await Promise.all([
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
    ]);
    const [hanoi] = await communesOf(db, '01', 1);
    const [hcm] = await communesOf(db, '79', 1);
    fixture = fixtureCases(official, randomUUID(), { hanoi, hcm }, tag);
    for (const kase of Object.values(fixture)) {
      await insertCaseRow(db, kase, official);
      await appendEvents(db, kase, 1, 99);
    }
    await eventually(async () => {
      await projectUntilCaughtUp(dataSource);
      const { rows } = await db.query(`SELECT 1 FROM guidance_entries WHERE source_case_id = $1`, [fixture.a.id]);
      return rows.length === 1 ? true : undefined;
    }, 20000);
    for (const [index, pair] of labelledPairs().entries()) {
      const response = await request(api.url)
        .post('/api/guidance/lessons')
        .set(workingGroup.authHeader)
        .send({
          question: pair.question,
          answer: `Hướng dẫn số ${index + 1}: thực hiện theo quy định hiện hành.`,
          field: pair.field,
          sourceReference: `${tag}#${index}`,
        })
        .expect(201);
      pairIds.set(pair.question, response.body.id as string);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    await db?.end();
  });

  it('an answer published as guidance becomes an entry, with the question of its escalation (old rows too)', async () => {
    const { rows } = await db.query(`SELECT id FROM guidance_entries WHERE source_case_id = $1`, [fixture.a.id]);
    const entry = await request(api.url)
      .get(`/api/guidance/${rows[0].id as string}`)
      .set(officialSession.authHeader);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({
      sourceKind: 'answer',
      sourceCaseId: fixture.a.id,
      sourceEventSequence: 6,
      question: `Bố trí công chức văn phòng - thống kê dôi dư sau sắp xếp xã ${tag}?`,
      legalBasis: 'Nghị định 33/2023/NĐ-CP',
      field: 'civil_service',
      version: 1,
    });
    // Not published: no entry for case B's answer.
    const none = await db.query(`SELECT 1 FROM guidance_entries WHERE source_case_id = $1`, [fixture.b.id]);
    expect(none.rows).toHaveLength(0);
  });

  it('search ignores diacritics and case, highlights matches and filters by field', async () => {
    const hit = await request(api.url)
      .get('/api/guidance')
      .query({ q: `CONG CHUC van phong thong ke ${tag}` })
      .set(officialSession.authHeader)
      .expect(200);
    expect(hit.body.items[0].sourceCaseId).toBe(fixture.a.id);
    expect(hit.body.items[0].questionHighlighted).toContain('<mark>công</mark> <mark>chức</mark>');
    const local = await request(api.url)
      .get('/api/guidance')
      .query({ q: 'hoi dong nhan dan xa moi', field: 'local_government' })
      .set(officialSession.authHeader)
      .expect(200);
    expect(local.body.items.length).toBeGreaterThan(0);
    expect(local.body.items.every((item: { field: string }) => item.field === 'local_government')).toBe(true);
    expect(local.body.items[0].question).toBe('Hội đồng nhân dân xã mới tổ chức kỳ họp thứ nhất như thế nào?');
    await request(api.url).get('/api/guidance').query({ q: '' }).set(officialSession.authHeader).expect(400);
  });

  it('the Working Group edits (history kept), links and retires entries; officials may not', async () => {
    const id = pairIds.get('Con dấu của xã mới được khắc và sử dụng từ ngày nào?')!;
    const other = pairIds.get('Xã mới đặt trụ sở làm việc ở đâu khi ba xã cũ đều có trụ sở?')!;
    await request(api.url)
      .patch(`/api/guidance/${id}`)
      .set(officialSession.authHeader)
      .send({ answer: 'x' })
      .expect(403);
    const edited = await request(api.url)
      .patch(`/api/guidance/${id}`)
      .set(workingGroup.authHeader)
      .send({ answer: 'Dùng con dấu mới từ ngày xã mới hoạt động.', note: 'Cập nhật' })
      .expect(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.versions.map((v: { answer: string }) => v.answer)).toEqual([
      expect.stringContaining('Hướng dẫn số'),
      'Dùng con dấu mới từ ngày xã mới hoạt động.',
    ]);
    const linked = await request(api.url)
      .post(`/api/guidance/${id}/links`)
      .set(workingGroup.authHeader)
      .send({ relatedEntryId: other })
      .expect(200);
    expect(linked.body.related.map((r: { id: string }) => r.id)).toEqual([other]);
    const retired = await request(api.url)
      .post(`/api/guidance/${other}/retire`)
      .set(workingGroup.authHeader)
      .send({ reason: 'Đã có văn bản mới' })
      .expect(200);
    expect(retired.body.status).toBe('retired');
    const search = await request(api.url)
      .get('/api/guidance')
      .query({ q: 'tru so lam viec xa moi' })
      .set(officialSession.authHeader)
      .expect(200);
    expect(search.body.items.map((item: { id: string }) => item.id)).not.toContain(other);
    await request(api.url)
      .patch(`/api/guidance/${other}`)
      .set(workingGroup.authHeader)
      .send({ answer: 'y' })
      .expect(409)
      .expect((response) => expect(response.body.code).toBe('GUIDANCE_ENTRY_RETIRED'));
    // Restore the set for the recall measurement.
    await db.query(`UPDATE guidance_entries SET status = 'active' WHERE id = $1`, [other]);
  });

  it('suggestions while raising: similar open cases within scope, and recall@3 of the labelled set ≥ 0.9', async () => {
    const similar = await request(api.url)
      .get('/api/suggestions')
      .query({ title: `Đang xử lý tại chỗ ${tag}`, provinceCode: '01' })
      .set(officialSession.authHeader)
      .expect(200);
    const ids = similar.body.similarOpenCases.map((c: { id: string }) => c.id);
    expect(ids).toContain(fixture.c.id);
    expect(ids).not.toContain(fixture.a.id); // closed

    const pairs = labelledPairs();
    let found = 0;
    const misses: string[] = [];
    for (const pair of pairs) {
      const response = await request(api.url)
        .get('/api/suggestions')
        .query({ title: pair.query })
        .set(officialSession.authHeader)
        .expect(200);
      const top3 = (response.body.guidance as { id: string }[]).slice(0, 3).map((g) => g.id);
      if (top3.includes(pairIds.get(pair.question)!)) found += 1;
      else misses.push(pair.query);
    }
    const recall = found / pairs.length;
    console.log(
      `guidance suggestions recall@3 = ${recall.toFixed(3)} on ${pairs.length} pairs; misses: ${misses.join(' | ')}`,
    );
    expect(pairs.length).toBeGreaterThanOrEqual(60);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
