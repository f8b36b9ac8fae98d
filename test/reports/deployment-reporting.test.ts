import type { INestApplicationContext } from '@nestjs/common';
import JSZip from 'jszip';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { addDays, vietnamDate } from '@libs/identity';
import { parseCsv } from '@libs/reference/csv/csv-parser';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { insertTestUnit } from '../support/signed-in';
import { eventually, pgClient, startApi, startWorker, testConfig, type RunningApi } from '../support/stack';

jest.setTimeout(300_000);

const FIGURES = [
  'issuesFound',
  'handledLocally',
  'escalated',
  'automaticEscalations',
  'answered',
  'resolved',
  'policyProposals',
  'breaches',
  'openAtEnd',
  'overdueAtEnd',
] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/** A "week" of 30 s: a "day" lasts 30/7 s, so a 21-day deployment has three cycles and ends after 90 s. */
const COMPRESSED = {
  kind: 'compressed',
  cycleMs: 30_000,
  draftReadyAfterCutoffMs: 1_000,
  dueAfterCutoffMs: 12_000,
  reminderMsBeforeDue: [6_000],
  finalReportAfterEndMs: 20_000,
};

/**
 * The figures of a window straight from the event log, in SQL, independently of libs/domain/reports: distinct cases
 * with each kind of event inside [from, to), and the cases open (and overdue) by their last event before `to`.
 */
async function figuresFromLog(db: PgClient, userId: string, from: string, to: string): Promise<Figures> {
  const { rows } = await db.query<Record<string, number>>(
    `WITH ev AS (
       SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE c.raised_by_user_id = $1 AND c.province_code = '01'),
     inside AS (SELECT * FROM ev WHERE occurred_at >= $2 AND occurred_at < $3),
     last AS (SELECT DISTINCT ON (case_id) case_id, status_after, deadline_at FROM ev WHERE occurred_at < $3
               ORDER BY case_id, sequence DESC)
     SELECT
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'case_reported')::int AS "issuesFound",
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'local_handling_started')::int AS "handledLocally",
       (SELECT count(DISTINCT case_id) FROM inside
         WHERE type = 'case_escalated' AND payload->>'automatic' = 'false')::int AS "escalated",
       (SELECT count(DISTINCT case_id) FROM inside
         WHERE type = 'case_escalated' AND payload->>'automatic' = 'true')::int AS "automaticEscalations",
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'escalation_answered')::int AS "answered",
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'case_resolved')::int AS "resolved",
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'policy_proposed')::int AS "policyProposals",
       (SELECT count(DISTINCT case_id) FROM inside WHERE type = 'deadline_breached')::int AS "breaches",
       (SELECT count(*) FROM last WHERE status_after NOT IN ('resolved', 'closed'))::int AS "openAtEnd",
       (SELECT count(*) FROM last WHERE status_after = 'escalated' AND deadline_at <= $3)::int AS "overdueAtEnd"`,
    [userId, from, to],
  );
  return rows[0] as Figures;
}

const sleepUntil = async (iso: string, extraMs = 0): Promise<void> => {
  const wait = Date.parse(iso) + extraMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
};

interface ReportView {
  id: string;
  kind: 'weekly' | 'final';
  cycleIndex: number;
  windowStart: string;
  windowEnd: string;
  draftReadyAt: string;
  dueAt: string;
  missingAt: string | null;
  status: string;
  punctuality: string;
  lateMarkedAt: string | null;
  missingMarkedAt: string | null;
  remindersSent: number;
  figures: { figures: Figures; supportRequests: { title: string }[] } | null;
  currentVersion: number;
  versions: {
    version: number;
    documentNumber: string;
    reviewOutcome: string | null;
    correctionReason: string | null;
  }[];
}

describe('a deployment on a compressed calendar: weekly and final reports to personnel', () => {
  const config = testConfig();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  let admin: Session;
  let official: Session;
  let otherOfficial: Session;
  let personnel: Session;
  let leadership: Session;
  let unitCode: string;
  const decision = `${Math.floor(Math.random() * 90000) + 10000}/QĐ-BNV`;

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    unitCode = await insertTestUnit(db);
    [admin, official, otherOfficial, personnel, leadership] = await Promise.all([
      asRole(api.url, db, 'admin'),
      asRole(api.url, db, 'official', { provinceCodes: [], unitCode, displayName: 'Phạm Thị Minh Hoà' }),
      asRole(api.url, db, 'official', { provinceCodes: [] }),
      asRole(api.url, db, 'personnel'),
      asRole(api.url, db, 'leadership'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  const get = (session: Session, path: string) => request(api.url).get(path).set(session.authHeader);
  const post = (session: Session, path: string, body: object = {}) =>
    request(api.url).post(path).set(session.authHeader).send(body);

  it('runs three cycles (on time, late, missing) and the final report, every figure from the event log', async () => {
    const today = vietnamDate();
    await post(admin, '/api/dispatch-decisions', {
      number: decision,
      signedOn: today,
      signerTitle: 'Bộ trưởng Bộ Nội vụ',
      periodStart: today,
      periodEnd: addDays(today, 60),
      purpose: 'Kiểm thử chu kỳ báo cáo rút gọn',
    }).expect(201);
    const badSchedule = await request(api.url)
      .put('/api/reports/schedule')
      .set(admin.authHeader)
      .send({ decision, schedule: { ...COMPRESSED, dueAfterCutoffMs: 40_000 } })
      .expect(400);
    expect(badSchedule.body.errors[0].field).toBe('schedule.dueAfterCutoffMs');
    await request(api.url)
      .put('/api/reports/schedule')
      .set(admin.authHeader)
      .send({ decision, schedule: COMPRESSED })
      .expect(200);

    const created = await post(admin, '/api/deployments', {
      decisionNumber: decision,
      username: official.user.username,
      homeUnitCode: unitCode,
      provinceCode: '01',
      periodStart: today,
      periodEnd: addDays(today, 20),
    }).expect(201);
    const deploymentId = created.body.id as string;

    // The workflow plans on start: three cycles and the final report.
    const history = await eventually(async () => {
      const response = await get(official, `/api/deployments/${deploymentId}/history`);
      return response.status === 200 && response.body.run ? response.body : undefined;
    }, 15_000);
    const plan = history.run.plan as {
      span: { startsAt: string; endsAt: string };
      cycles: { windowEnd: string; draftReadyAt: string; dueAt: string; missingAt: string }[];
      finalReport: { dueAt: string };
    };
    expect(plan.cycles).toHaveLength(3);
    expect(Date.parse(plan.span.endsAt) - Date.parse(plan.span.startsAt)).toBe(90_000);
    expect(history.events.map((event: { type: string }) => event.type)).toContain('deployment_started');

    // Someone else's deployment is not visible to an official.
    await get(otherOfficial, `/api/deployments/${deploymentId}/reports`).expect(404);

    // Week 1: one case handled locally and resolved, one escalated that will breach, one answered at once.
    const cases = caseApi(api.url);
    const a = await cases.raise(official, { priority: 'normal' });
    await cases.act(official, a, 'handle-locally', { note: 'Hướng dẫn xã bố trí theo vị trí việc làm.' });
    await cases.act(official, a, 'resolve', { outcome: 'Xã đã bố trí xong.' });
    const b = await cases.raise(official, { priority: 'high' });
    await cases.act(official, b, 'escalate', { target: 'unit_head', question: 'Xử lý công chức dôi dư thế nào?' });
    const c = await cases.raise(official, { priority: 'normal' });
    await cases.act(official, c, 'escalate', { target: 'working_group', question: 'Thẩm quyền phê duyệt đề án?' });
    await cases.act(leadership, c, 'answer', { text: 'UBND tỉnh phê duyệt.', publishAsGuidance: false });

    const reportsNow = async (): Promise<ReportView[]> =>
      (await get(official, `/api/deployments/${deploymentId}/reports`).expect(200)).body as ReportView[];
    const weekly = async (index: number): Promise<ReportView> =>
      (await reportsNow()).find((report) => report.kind === 'weekly' && report.cycleIndex === index)!;
    const finalReport = async (): Promise<ReportView> =>
      (await reportsNow()).find((report) => report.kind === 'final')!;
    const whenDraft = (index: number) =>
      eventually(
        async () => {
          const report = await weekly(index);
          return report.figures ? report : undefined;
        },
        20_000,
        250,
      );

    // Before the draft time the report cannot be submitted.
    const early = await weekly(1);
    expect(early.status).toBe('pending');
    await post(official, `/api/reports/${early.id}/submit`).expect(409);

    await sleepUntil(plan.cycles[0].draftReadyAt);
    const week1 = await whenDraft(1);
    expect(week1.status).toBe('draft');
    await request(api.url)
      .put(`/api/reports/${week1.id}/narrative`)
      .set(official.authHeader)
      .send({
        general: 'Tỉnh đã ổn định tổ chức bộ máy cấp xã.',
        results: 'Đã làm việc với Sở Nội vụ và ba xã.',
        difficulties: 'Còn vướng mắc về bố trí công chức dôi dư.',
        proposals: 'Đề nghị sớm có hướng dẫn.',
        nextPlan: 'Tiếp tục làm việc với các xã phía Tây.',
      })
      .expect(200);
    await request(api.url)
      .put(`/api/reports/${week1.id}/narrative`)
      .set(official.authHeader)
      .send({ general: 123 })
      .expect(400);
    const submitted1 = await post(official, `/api/reports/${week1.id}/submit`).set(
      'Idempotency-Key',
      `w1-${deploymentId}`,
    );
    expect(submitted1.status).toBe(200);
    expect(submitted1.body).toMatchObject({ status: 'submitted', punctuality: 'on_time', currentVersion: 1 });
    expect(submitted1.body.versions[0].documentNumber).toBe(`01/BC-${unitCode}`);
    // The same request again (same key) is a replay, not a second version.
    const replay = await post(official, `/api/reports/${week1.id}/submit`).set('Idempotency-Key', `w1-${deploymentId}`);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await weekly(1)).currentVersion).toBe(1);
    // A further submission without a correction reason is refused: a submitted report cannot be altered.
    await post(official, `/api/reports/${week1.id}/submit`).expect(409);
    // Only personnel acknowledges.
    await post(official, `/api/reports/${week1.id}/versions/1/acknowledge`).expect(403);
    await post(personnel, `/api/reports/${week1.id}/versions/1/acknowledge`, { comment: 'Đã tiếp nhận.' }).expect(200);
    await post(personnel, `/api/reports/${week1.id}/versions/1/acknowledge`).expect(409);

    // Week 2: a policy proposal and a support request; the report goes in after its due time (late).
    await sleepUntil(plan.cycles[0].windowEnd, 200);
    const d = await cases.raise(official, { priority: 'low' });
    await cases.act(official, d, 'handle-locally', { note: 'Đang rà soát quy định.' });
    await cases.act(official, d, 'propose-policy', { proposal: 'Sửa đổi quy định về tiêu chuẩn công chức cấp xã.' });
    const support = await post(official, `/api/deployments/${deploymentId}/support-requests`, {
      title: 'Đề nghị bố trí phương tiện đi lại các xã vùng sâu',
      body: 'Các xã cách trung tâm 60–80 km; cần hỗ trợ phương tiện để làm việc trực tiếp.',
    }).expect(201);
    await post(otherOfficial, `/api/deployments/${deploymentId}/support-requests`, { title: 'x', body: 'y' }).expect(
      404,
    );
    await post(personnel, `/api/support-requests/${support.body.id}/forward`).expect(409);
    await post(personnel, `/api/support-requests/${support.body.id}/acknowledge`).expect(200);

    await sleepUntil(plan.cycles[1].dueAt, 500);
    const late = await eventually(
      async () => {
        const report = await weekly(2);
        return report.lateMarkedAt ? report : undefined;
      },
      10_000,
      250,
    );
    expect(late.punctuality).toBe('late');
    expect(late.remindersSent).toBe(1);
    expect(late.figures!.supportRequests.map((item) => item.title)).toEqual([
      'Đề nghị bố trí phương tiện đi lại các xã vùng sâu',
    ]);
    const submitted2 = await post(official, `/api/reports/${late.id}/submit`).expect(200);
    expect(submitted2.body).toMatchObject({ punctuality: 'late', currentVersion: 1 });
    // Personnel returns it with a comment; the official submits a new version; version 1 stays as it was.
    await post(personnel, `/api/reports/${late.id}/versions/1/return`, { comment: ' ' }).expect(400);
    await post(personnel, `/api/reports/${late.id}/versions/1/return`, { comment: 'Bổ sung phần III.' }).expect(200);
    await request(api.url)
      .put(`/api/reports/${late.id}/narrative`)
      .set(official.authHeader)
      .send({ difficulties: 'Bổ sung: thiếu hướng dẫn về tiêu chuẩn công chức cấp xã.' })
      .expect(200);
    const resubmitted = await post(official, `/api/reports/${late.id}/submit`).expect(200);
    expect(
      resubmitted.body.versions.map((v: { version: number; reviewOutcome: string | null }) => [
        v.version,
        v.reviewOutcome,
      ]),
    ).toEqual([
      [1, 'returned'],
      [2, null],
    ]);
    expect(resubmitted.body.versions[1].documentNumber).toBe(`03/BC-${unitCode}`);
    await expect(
      db.query(`UPDATE report_versions SET narrative = '{}'::jsonb WHERE report_id = $1 AND version = 1`, [late.id]),
    ).rejects.toThrow(/immutable/);

    // Final report: drafted at the end of the period, submitted before its due time.
    await sleepUntil(plan.span.endsAt, 300);
    const final = await eventually(
      async () => {
        const report = await finalReport();
        return report.figures ? report : undefined;
      },
      20_000,
      250,
    );
    await request(api.url)
      .put(`/api/reports/${final.id}/narrative`)
      .set(official.authHeader)
      .send({ lessons: 'Cần làm việc trực tiếp tại xã.', recommendations: 'Duy trì kênh xin ý kiến thường xuyên.' })
      .expect(200);
    const submittedFinal = await post(official, `/api/reports/${final.id}/submit`).expect(200);
    expect(submittedFinal.body.punctuality).toBe('on_time');

    // Week 3 is never submitted: late at its due time, missing at the next cut-off; then the workflow completes.
    await sleepUntil(plan.cycles[2].missingAt, 500);
    const missing = await eventually(
      async () => {
        const report = await weekly(3);
        return report.missingMarkedAt ? report : undefined;
      },
      15_000,
      250,
    );
    expect(missing).toMatchObject({ punctuality: 'missing', currentVersion: 0 });
    expect(missing.lateMarkedAt).not.toBeNull();
    const done = await eventually(
      async () => {
        const response = await get(personnel, `/api/deployments/${deploymentId}/history`).expect(200);
        return response.body.run.state === 'completed' ? response.body : undefined;
      },
      15_000,
      250,
    );
    const types = done.events.map((event: { type: string }) => event.type);
    for (const type of [
      'report_draft_ready',
      'report_reminder',
      'report_submitted',
      'report_acknowledged',
      'report_returned',
      'report_late',
      'report_missing',
      'final_report_draft_ready',
      'support_requested',
      'support_acknowledged',
      'deployment_completed',
    ]) {
      expect(types).toContain(type);
    }

    // Every figure of every submitted version equals the event log's, and recomputing gives the same numbers.
    const all = await reportsNow();
    for (const report of all.filter((item) => item.currentVersion > 0)) {
      const expected = await figuresFromLog(db, official.user.id, report.windowStart, report.windowEnd);
      const { rows } = await db.query<{ version: number; figures: { figures: Figures } }>(
        `SELECT version, figures FROM report_versions WHERE report_id = $1 ORDER BY version`,
        [report.id],
      );
      for (const row of rows) expect(row.figures.figures).toEqual(expected);
    }
    const week1Expected = await figuresFromLog(db, official.user.id, week1.windowStart, week1.windowEnd);
    expect(week1Expected).toMatchObject({ issuesFound: 3, handledLocally: 1, escalated: 2, resolved: 1, answered: 1 });
    const finalExpected = await figuresFromLog(db, official.user.id, final.windowStart, final.windowEnd);
    expect(finalExpected).toMatchObject({ issuesFound: 4, policyProposals: 1, resolved: 1 });
    expect(finalExpected.breaches).toBeGreaterThanOrEqual(1);

    // .docx: A4, margins, Times New Roman, the Decree 30 blocks, and the figures.
    const docx = await get(personnel, `/api/reports/${final.id}/versions/1/document.docx`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    const styles = await zip.file('word/styles.xml')!.async('string');
    const twipToMm = (value: string): number => (Number(value) * 25.4) / 1440;
    const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(xml)!;
    expect([Math.round(twipToMm(size[1])), Math.round(twipToMm(size[2]))]).toEqual([210, 297]);
    const margin = /<w:pgMar ([^>]+)\/>/.exec(xml)![1];
    const side = (name: string): number => twipToMm(new RegExp(`w:${name}="(\\d+)"`).exec(margin)![1]);
    expect(side('top')).toBeGreaterThanOrEqual(20);
    expect(side('top')).toBeLessThanOrEqual(25);
    expect(side('bottom')).toBeGreaterThanOrEqual(20);
    expect(side('bottom')).toBeLessThanOrEqual(25);
    expect(side('left')).toBeGreaterThanOrEqual(30);
    expect(side('left')).toBeLessThanOrEqual(35);
    expect(side('right')).toBeGreaterThanOrEqual(15);
    expect(side('right')).toBeLessThanOrEqual(20);
    expect(styles).toMatch(/w:rFonts w:ascii="Times New Roman"/);
    expect(styles).toMatch(/<w:sz w:val="28"\/>/);
    const fonts = [...xml.matchAll(/w:rFonts w:ascii="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(fonts)).toEqual(new Set(['Times New Roman']));

    /** The run properties of the run holding `text`. */
    const runOf = (text: string): string => {
      const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((match) => match[1]);
      const found = runs.find((item) => item.includes(`>${text}</w:t>`));
      if (!found) throw new Error(`no run with "${text}"`);
      return found;
    };
    const sizeOf = (runXml: string): number => Number(/<w:sz w:val="(\d+)"/.exec(runXml)![1]) / 2;
    const quocHieu = runOf('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(quocHieu).toContain('<w:b/>');
    expect(sizeOf(quocHieu)).toBeGreaterThanOrEqual(12);
    expect(sizeOf(quocHieu)).toBeLessThanOrEqual(13);
    const tieuNgu = runOf('Độc lập - Tự do - Hạnh phúc');
    expect(tieuNgu).toContain('<w:b/>');
    expect(tieuNgu).toMatch(/<w:u w:val="single"\/>/);
    expect(sizeOf(tieuNgu)).toBeGreaterThanOrEqual(13);
    expect(runOf(`Số: 04/BC-${unitCode}`)).toBeTruthy();
    const dateLine = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)]
      .map((match) => match[1])
      .find((item) => /Hà Nội, ngày \d{2} tháng \d{2} năm \d{4}/.test(item))!;
    expect(dateLine).toContain('<w:i/>');
    const [dd, mm, yyyy] = vietnamDate().split('-').reverse();
    expect(dateLine).toContain(`Hà Nội, ngày ${dd} tháng ${mm} năm ${yyyy}`);
    const title = runOf('BÁO CÁO');
    expect(title).toContain('<w:b/>');
    expect(xml).toContain('Kính gửi: Bộ trưởng Bộ Nội vụ (qua Vụ Tổ chức cán bộ).');
    const noiNhan = runOf('Nơi nhận:');
    expect(noiNhan).toContain('<w:b/>');
    expect(noiNhan).toContain('<w:i/>');
    expect(sizeOf(noiNhan)).toBe(12);
    expect(xml).toContain(`- Lưu: VT, ${unitCode}.`);
    expect(xml.indexOf('- Như trên;')).toBeLessThan(xml.indexOf(`- Lưu: VT, ${unitCode}.`));
    expect(runOf('NGƯỜI BÁO CÁO')).toContain('<w:b/>');
    expect(xml).toContain('Phạm Thị Minh Hoà');
    // The figures table: label cell followed by its value cell.
    const cells = [...xml.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((match) =>
      [...match[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    const cellValue = (label: string): string => cells[cells.indexOf(label) + 1];
    expect(cellValue('Số vấn đề, vướng mắc phát hiện')).toBe(String(finalExpected.issuesFound));
    expect(cellValue('Số vụ việc hướng dẫn, xử lý tại chỗ')).toBe(String(finalExpected.handledLocally));
    expect(cellValue('Số vụ việc xin ý kiến Thủ trưởng đơn vị / Tổ công tác')).toBe(String(finalExpected.escalated));
    expect(cellValue('Số vụ việc đã có ý kiến chỉ đạo')).toBe(String(finalExpected.answered));
    expect(cellValue('Số vụ việc đã giải quyết xong')).toBe(String(finalExpected.resolved));
    expect(cellValue('Số đề xuất sửa đổi cơ chế, chính sách')).toBe(String(finalExpected.policyProposals));
    expect(cellValue('Số vụ việc quá hạn trả lời')).toBe(String(finalExpected.breaches));
    expect(cellValue('Số vụ việc còn đang xử lý cuối kỳ')).toBe(String(finalExpected.openAtEnd));
    expect(cellValue('Trong đó: quá hạn trả lời')).toBe(String(finalExpected.overdueAtEnd));
    expect(xml).toContain('Sửa đổi quy định về tiêu chuẩn công chức cấp xã.');
    expect(xml).toContain('Cần làm việc trực tiếp tại xã.');

    // CSV: BOM, one total line per figure equal to the log, one line per case behind it.
    const csv = await get(personnel, `/api/reports/${late.id}/versions/2/data.csv`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(bytes.subarray(3).toString('utf8')).map((record) => record.fields);
    expect(header).toEqual(['document_number', 'figure', 'label', 'total', 'case_id', 'case_title', 'case_link']);
    const week2Expected = await figuresFromLog(db, official.user.id, late.windowStart, late.windowEnd);
    for (const key of FIGURES) {
      const ofFigure = records.filter((record) => record[0] === `03/BC-${unitCode}` && record[1] === key);
      expect(ofFigure.filter((record) => record[4] === '').map((record) => record[3])).toEqual([
        String(week2Expected[key]),
      ]);
      const behind = ofFigure.filter((record) => record[4] !== '');
      expect(behind).toHaveLength(week2Expected[key]);
      for (const record of behind) expect(record[6]).toBe(`/api/cases/${record[4]}`);
    }
    expect(
      records.some((record) => record[5] === 'Chưa rõ thẩm quyền bố trí công chức văn phòng - thống kê sau sắp xếp'),
    ).toBe(true);

    // Roll-up for week 2 and evaluation figures per official.
    const rollUp = await get(leadership, `/api/reports/roll-up`).query({ decision, week: 2 }).expect(200);
    expect(rollUp.body.deployments).toHaveLength(1);
    expect(rollUp.body.deployments[0]).toMatchObject({ punctuality: 'late', status: 'submitted' });
    expect(rollUp.body.totals).toEqual(week2Expected);
    expect(rollUp.body.openSupportRequests).toBe(1);
    await get(official, `/api/reports/roll-up`).query({ decision }).expect(403);
    const evaluation = await get(personnel, `/api/reports/evaluation`).query({ decision }).expect(200);
    expect(evaluation.body.officials[0]).toMatchObject({
      weeklyReports: { on_time: 1, late: 1, missing: 1 },
      finalReport: 'on_time',
      casesRaised: 4,
      policyProposals: 1,
    });
    expect(evaluation.body.officials[0]).not.toHaveProperty('score');
  });
});
