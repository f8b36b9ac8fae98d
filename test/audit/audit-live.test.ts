import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { asRole, type Session } from '../support/auth';
import { caseApi, type CaseApi } from '../support/case-api';
import { eventually, pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';

/**
 * End to end through the real workflow and worker: the worker's projector follows the log on its own, so an answer
 * published as guidance turns up in the library and the case's stints in the audit without anyone asking.
 */
describe('audit and guidance from real workflows', () => {
  const config = testConfig();
  const tag = `live${randomBytes(4).toString('hex')}`;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let cases: CaseApi;
  let official: Session;
  let workingGroup: Session;
  let leadership: Session;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    cases = caseApi(api.url);
    [official, workingGroup, leadership] = await Promise.all([
      asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
      asRole(api.url, db, 'working_group'),
      asRole(api.url, db, 'leadership'),
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  it('an answer published as guidance becomes a searchable entry; the audit shows the Working Group stint', async () => {
    const id = await cases.raise(official, { title: `Xác định thẩm quyền ký văn bản của xã mới ${tag}` });
    await cases.act(official, id, 'escalate', {
      target: 'working_group',
      question: `Chủ tịch xã mới ký thay cấp huyện những văn bản nào ${tag}?`,
    });
    await cases.act(workingGroup, id, 'answer', {
      text: 'Chủ tịch Ủy ban nhân dân xã ký các văn bản thuộc thẩm quyền cấp huyện trước đây đã chuyển giao.',
      legalBasis: 'Luật Tổ chức chính quyền địa phương 2025',
      publishAsGuidance: true,
    });

    const hit = await eventually(async () => {
      const response = await request(api.url)
        .get('/api/guidance')
        .query({ q: `chu tich xa ky thay cap huyen ${tag}` })
        .set(official.authHeader);
      const items = response.body.items as { sourceCaseId: string; question: string }[];
      return items.find((item) => item.sourceCaseId === id);
    }, 20000);
    expect(hit.question).toBe(`Chủ tịch xã mới ký thay cấp huyện những văn bản nào ${tag}?`);

    const audit = await request(api.url).get(`/api/audit/cases/${id}`).set(leadership.authHeader).expect(200);
    expect(audit.body.firstAnswerLevel).toBe('working_group');
    expect(audit.body.stints).toEqual([
      expect.objectContaining({
        level: 'working_group',
        startedVia: 'manual',
        endReason: 'answered',
        answeredOnTime: true,
      }),
    ]);
  });
});
