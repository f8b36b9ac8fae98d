// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import type { INestApplicationContext } from '@nestjs/common';
import JSZip from 'jszip';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { addDays, vietnamDate } from '@libs/identity';
import { createUser, loginAs, type SignedIn, type TestUser } from '../support/auth';
import { repositoryRoot } from '../support/dist';
import { eventually, pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';
import {
  ARTIFACTS_DIR,
  ensureChromium,
  launchChromium,
  screenshot,
  settledAccessibilityViolations,
  signInThroughForm,
} from './browser';

/** A "week" of 20 s (a "day" lasts 20/7 s): a 7-day deployment has one weekly report, then the final report. */
const COMPRESSED = {
  kind: 'compressed',
  cycleMs: 20_000,
  draftReadyAfterCutoffMs: 1_000,
  dueAfterCutoffMs: 15_000,
  reminderMsBeforeDue: [5_000],
  finalReportAfterEndMs: 15_000,
};

interface ReportSummary {
  id: string;
  kind: 'weekly' | 'final';
  cycleIndex: number;
  figures: unknown;
}

/**
 * The official's reports and support requests, the guidance library, the Working Group's case actions and the admin
 * pages, in Debian's Chromium against the real API (serving the built console), worker, Temporal and PostgreSQL.
 * Every page gets an axe-core check and a screenshot (test-artifacts/browser/).
 */
describe('web console: reports, guidance library, Working Group actions, admin pages', () => {
  let db: PgClient;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let admin: TestUser;
  let reporter: TestUser;
  let official: TestUser;
  let groupMember: TestUser;
  let personnel: TestUser;
  const token = Date.now().toString(36);

  beforeAll(async () => {
    const index = path.join(repositoryRoot, 'dist', 'web', 'index.html');
    if (!existsSync(index)) throw new Error(`${index} is missing: run "npm run build" first (npm test does)`);
    ensureChromium();
    const config = { ...testConfig(), slaPolicySet: 'default' };
    db = await pgClient();
    [worker, api] = await Promise.all([startWorker(config), startApi(config)]);
    browser = await launchChromium();
    admin = await createUser(db, { roles: ['admin'], displayName: 'Phạm Quản Trị' });
    reporter = await createUser(db, { roles: ['official'], provinceCodes: [], displayName: 'Nguyễn Thị Báo Cáo' });
    official = await createUser(db, { roles: ['official'], provinceCodes: ['01'], displayName: 'Trần Văn Nêu' });
    groupMember = await createUser(db, { roles: ['working_group'], displayName: 'Hoàng Tổ Công Tác' });
    personnel = await createUser(db, { roles: ['personnel'], displayName: 'Đặng Thị Nhân Sự' });
    // Someone to reassign to, found in the picker by name.
    await createUser(db, { roles: ['working_group'], displayName: `Vũ Thành Viên ${token}` });
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  async function call(session: SignedIn, method: string, route: string, body?: unknown): Promise<Response> {
    return fetch(`${api.url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function signIn(user: TestUser, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signInThroughForm(page, api.url, user.username, user.password!);
    return page;
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await settledAccessibilityViolations(page)).toEqual([]);
  }

  /** Submits the open report page's narrative and waits for the new version row. */
  async function submitReport(page: Page, versions: number): Promise<void> {
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('không sửa được nữa').waitFor();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page
      .getByTestId('report-versions')
      .locator('.ant-table-row')
      .nth(versions - 1)
      .waitFor();
  }

  it('an official writes and submits the weekly report, downloads a real .docx, files a support request, submits the final report', async () => {
    const adminSession = await loginAs(api.url, admin.username, admin.password!);
    const decision = `${Math.floor(Math.random() * 90000) + 10000}/QĐ-BNV`;
    const today = vietnamDate();
    expect(
      (
        await call(adminSession, 'POST', '/api/dispatch-decisions', {
          number: decision,
          signedOn: today,
          signerTitle: 'Bộ trưởng Bộ Nội vụ',
          periodStart: today,
          periodEnd: addDays(today, 30),
          purpose: 'Kiểm thử báo cáo trên giao diện',
        })
      ).status,
    ).toBe(201);
    expect((await call(adminSession, 'PUT', '/api/reports/schedule', { decision, schedule: COMPRESSED })).status).toBe(
      200,
    );
    const created = await call(adminSession, 'POST', '/api/deployments', {
      decisionNumber: decision,
      username: reporter.username,
      homeUnitCode: 'CCVC',
      provinceCode: '01',
      periodStart: today,
      periodEnd: addDays(today, 6),
    });
    expect(created.status).toBe(201);
    const deploymentId = ((await created.json()) as { id: string }).id;
    const reporterSession = await loginAs(api.url, reporter.username, reporter.password!);
    const reportsOf = async (): Promise<ReportSummary[]> =>
      (await (
        await call(reporterSession, 'GET', `/api/deployments/${deploymentId}/reports`)
      ).json()) as ReportSummary[];
    const weekly = await eventually(
      async () => (await reportsOf()).find((report) => report.kind === 'weekly' && report.figures !== null),
      60_000,
      500,
    );

    const page = await signIn(reporter);
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.getByRole('heading', { name: 'Báo cáo tuần và báo cáo cuối đợt' }).waitFor();
    await page.getByTestId('reports-table').getByRole('link', { name: 'Báo cáo tuần 1' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'official-reports');

    // A support request, with the API's own message under the field for a blank title.
    const support = page.getByTestId('support-requests');
    await support.getByLabel('Nội dung kiến nghị (tóm tắt)').fill('   ');
    await support.getByLabel('Biện pháp hỗ trợ cần có và lý do').fill('Cần bố trí thêm máy tính cho bộ phận một cửa.');
    await support.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    const titleItem = support.locator('.ant-form-item', { has: page.getByLabel('Nội dung kiến nghị (tóm tắt)') });
    await titleItem.locator('.ant-form-item-explain-error').waitFor();
    await support.getByLabel('Nội dung kiến nghị (tóm tắt)').fill(`Hỗ trợ trang thiết bị ${token}`);
    await support.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await support.locator('.ant-list-item', { hasText: `Hỗ trợ trang thiết bị ${token}` }).waitFor();
    await expectAccessible(page);

    // The weekly report: figures, narrative, submit after confirming, the numbered version.
    await page.getByTestId('reports-table').getByRole('link', { name: 'Báo cáo tuần 1' }).click();
    await page.waitForURL(`**/reports/${weekly.id}`);
    await page.getByTestId('report-figures').waitFor();
    const general = `Tuần đầu tiên tại tỉnh, đã làm việc với các xã ${token}.`;
    await page.getByLabel('I. Tình hình chung').fill(general);
    await page.getByLabel('III. Khó khăn, vướng mắc').fill('Đường truyền chậm ở các xã vùng cao.');
    await page.getByLabel('V. Kế hoạch tuần tới').fill('Tiếp tục hướng dẫn bố trí công chức.');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu phần thuyết minh.').waitFor();
    await submitReport(page, 1);
    const numberCell = await page.getByTestId('report-versions').locator('.ant-table-row').first().innerText();
    expect(numberCell).toMatch(/Số: \d+\/BC-CCVC/);
    // Submitted once: submitting again is a correction and needs its reason.
    await page.getByLabel('Lý do đính chính').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'official-report-submitted');

    // The download is a real Word document with the narrative in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-download="docx"][data-version="1"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const saved = path.join(ARTIFACTS_DIR, 'bao-cao-tuan.docx');
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    expect(bytes.subarray(0, 4).toString('binary')).toBe('PK\u0003\u0004');
    const documentXml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(documentXml).toContain(general);
    expect(documentXml).toContain('BÁO CÁO');

    // The final report, once its draft is ready: lessons and recommendations, submitted the same way.
    const final = await eventually(
      async () => (await reportsOf()).find((report) => report.kind === 'final' && report.figures !== null),
      90_000,
      500,
    );
    await page.goto(`${api.url}/reports/${final.id}`);
    await page.getByRole('heading', { name: 'Báo cáo tổng hợp cuối đợt' }).waitFor();
    await page.getByLabel('Bài học kinh nghiệm').fill(`Nắm chắc địa bàn trước khi hướng dẫn ${token}.`);
    await page.getByLabel('Kiến nghị', { exact: true }).fill('Duy trì đường dây nóng của Tổ công tác.');
    await submitReport(page, 1);
    await expectAccessible(page);
    await screenshot(page, 'official-final-report');

    // Personnel acknowledges the support request and records the answer; the official reads it.
    const review = await signIn(personnel);
    await review.goto(`${api.url}/support-requests`);
    const request = review.getByTestId('support-review').locator('.ant-list-item', { hasText: token });
    await request.getByRole('button', { name: 'Tiếp nhận' }).click();
    await review.getByRole('dialog', { name: 'Tiếp nhận' }).getByRole('button', { name: 'Tiếp nhận' }).click();
    await request.getByRole('button', { name: 'Ghi ý kiến trả lời' }).click();
    const answerDialog = review.getByRole('dialog', { name: 'Ghi ý kiến trả lời' });
    await answerDialog.getByLabel('Ý kiến trả lời').fill('Bộ đã đề nghị tỉnh bố trí máy tính trong tháng.');
    await answerDialog.getByRole('button', { name: 'Ghi ý kiến trả lời' }).click();
    await review.getByRole('button', { name: 'Xác nhận' }).click();
    await review.getByLabel('Chỉ kiến nghị chưa trả lời').click();
    await request.getByText('Đã có ý kiến').waitFor();
    await expectAccessible(review);
    await screenshot(review, 'personnel-support-requests');
    await review.context().close();
    await page.goto(`${api.url}/reports`);
    await page
      .getByTestId('support-requests')
      .locator('.ant-list-item', { hasText: token })
      .getByText('Bộ đã đề nghị tỉnh bố trí máy tính trong tháng.')
      .waitFor();
    await page.context().close();
  }, 240_000);

  it('a Working Group member reassigns with the picker, answers and publishes as guidance; the library finds it without diacritics, highlighted', async () => {
    const officialSession = await loginAs(api.url, official.username, official.password!);
    const question = `Thủ tục chỉnh lý hồ sơ lưu trữ của xã sau sắp xếp đơn vị hành chính ${token}`;
    const raised = await call(officialSession, 'POST', '/api/cases', {
      ...validCase,
      field: 'records_archives',
      title: `Hồ sơ lưu trữ của xã cũ ${token}`,
    });
    expect(raised.status).toBe(201);
    const caseId = ((await raised.json()) as { id: string }).id;
    const escalated = await call(officialSession, 'POST', `/api/cases/${caseId}/escalate`, {
      target: 'working_group',
      question,
    });
    expect(escalated.status).toBe(200);

    const page = await signIn(groupMember);
    await page.goto(`${api.url}/cases/${caseId}`);
    const panel = page.getByTestId('action-panel');

    // Reassign: the assignee is picked by name from the API's list, not typed as an id.
    await panel.locator('button[data-action="reassign"]:enabled').click();
    const reassign = page.getByRole('dialog', { name: 'Giao người xử lý' });
    await reassign.getByLabel('Người được giao').pressSequentially(`vu thanh vien ${token}`, { delay: 20 });
    await page.locator('.ant-select-item-option', { hasText: `Vũ Thành Viên ${token}` }).click();
    await reassign.getByLabel('Lý do').fill('Chuyên viên phụ trách lưu trữ.');
    await expectAccessible(page);
    await screenshot(page, 'wg-reassign');
    await reassign.getByRole('button', { name: 'Giao người xử lý' }).click();
    await page.locator('[data-event-type="assignee_changed"]').waitFor();

    // Answer with a legal basis, published as guidance.
    await panel.locator('button[data-action="answer"]:enabled').click();
    const answer = page.getByRole('dialog', { name: 'Trả lời' });
    const answerText = `Xã mới tiếp nhận toàn bộ hồ sơ của các xã cũ, lập mục lục và bàn giao theo quy định ${token}.`;
    await answer.getByLabel('Ý kiến trả lời').fill(answerText);
    await answer.getByLabel('Căn cứ pháp lý').fill('Luật Lưu trữ 2024');
    await answer.getByLabel('Công bố làm hướng dẫn chung').check();
    await answer.getByRole('button', { name: 'Trả lời' }).click();
    await page.locator('[data-event-type="escalation_answered"]').waitFor();

    // The library: typed without diacritics, found, matches highlighted (as <mark> elements, not as text).
    await page.getByRole('link', { name: 'Thư viện hướng dẫn' }).click();
    await page.getByRole('heading', { name: 'Thư viện hướng dẫn' }).waitFor();
    const results = page.getByTestId('guidance-results');
    const hit = results.locator('.ant-list-item', { hasText: token }).first();
    await eventually(
      async () => {
        await page.getByLabel('Từ khoá').fill(`chinh ly ho so luu tru ${token}`);
        await page.getByRole('button', { name: 'Tìm', exact: true }).click();
        await results.locator('.ant-list-item, .ant-empty').first().waitFor();
        return (await hit.count()) > 0 ? true : undefined;
      },
      30_000,
      1_000,
    );
    const marks = await hit.locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((mark) => mark.toLowerCase())).toContain(token);
    // Typed without diacritics, highlighted where the entry has them.
    expect(marks.some((mark) => /[ưữơồỉ]/.test(mark))).toBe(true);
    expect(await hit.innerText()).not.toContain('<mark>');
    await expectAccessible(page);
    await screenshot(page, 'guidance-search');

    // The entry: question, answer, legal basis, source case, publisher; then an edit kept in the history.
    await hit.locator('a.guidance-question').click();
    await page.getByTestId('guidance-question').waitFor();
    expect(await page.getByTestId('guidance-question').innerText()).toBe(question);
    expect(await page.getByTestId('guidance-answer').innerText()).toBe(answerText);
    await page.getByText('Luật Lưu trữ 2024').waitFor();
    await page.getByText('Hoàng Tổ Công Tác').first().waitFor();
    expect(await page.getByRole('link', { name: 'Ý kiến trả lời vụ việc' }).getAttribute('href')).toBe(
      `/cases/${caseId}`,
    );
    await page.getByRole('button', { name: 'Sửa mục hướng dẫn' }).click();
    const edit = page.getByRole('dialog', { name: 'Sửa mục hướng dẫn' });
    await edit.getByLabel('Hướng dẫn').fill(`${answerText} Lưu ý lập biên bản bàn giao.`);
    await edit.getByLabel('Lý do sửa').fill('Bổ sung biên bản bàn giao');
    await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByTestId('guidance-history').locator('[data-version="2"]').waitFor();
    expect(await page.getByTestId('guidance-history').innerText()).toContain('Bổ sung biên bản bàn giao');

    // A related entry (a lesson learned), linked from the entry page by searching for it.
    const groupSession = await loginAs(api.url, groupMember.username, groupMember.password!);
    const lesson = await call(groupSession, 'POST', '/api/guidance/lessons', {
      question: `Kinh nghiệm số hoá hồ sơ lưu trữ cấp xã ${token}`,
      answer: 'Ưu tiên số hoá hồ sơ đất đai và hộ tịch trước.',
      field: 'records_archives',
      sourceReference: `browser-test-${token}`,
    });
    expect(lesson.status).toBeLessThan(300);
    await page.getByRole('button', { name: 'Liên kết mục liên quan' }).click();
    const link = page.getByRole('dialog', { name: 'Liên kết mục liên quan' });
    await link.getByLabel('Tìm mục cần liên kết').pressSequentially(`so hoa ho so ${token}`, { delay: 20 });
    await page.locator('.ant-select-item-option', { hasText: 'Kinh nghiệm số hoá hồ sơ' }).click();
    await link.getByRole('button', { name: 'Liên kết mục liên quan' }).click();
    await page.getByTestId('guidance-related').getByText(`Kinh nghiệm số hoá hồ sơ lưu trữ cấp xã ${token}`).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'guidance-entry');

    // Retiring asks twice; the retired entry is no longer found.
    await page.getByTestId('guidance-related').getByRole('link').first().click();
    await page.getByRole('button', { name: 'Ngừng áp dụng' }).click();
    await page
      .getByRole('dialog', { name: 'Ngừng áp dụng' })
      .getByLabel('Lý do ngừng áp dụng')
      .fill('Đã có hướng dẫn mới.');
    await page.getByRole('dialog', { name: 'Ngừng áp dụng' }).getByRole('button', { name: 'Ngừng áp dụng' }).click();
    await page.getByText('không áp dụng lại được').waitFor();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText(/^Ngừng áp dụng ngày/).waitFor();
    await page.context().close();
  }, 180_000);

  it('an admin sees the bad CSV line with its number, records a decision, adds and removes a calendar override, and sees the field routing', async () => {
    const page = await signIn(admin);
    await page.waitForURL('**/admin/users');
    await page.getByRole('link', { name: 'Đợt tăng cường' }).click();
    const csv = [
      'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end',
      `9999/QĐ-TEST,t.ops.${token},Nguyễn Văn Nhập,CCVC,01,20/08/2025,20/10/2025`,
      `9999/QĐ-TEST,t.ops2.${token},Đỗ Thị Sai,CCVC,01,20/08/2025,20/10/2025`,
      `9999/QĐ-TEST,t.ops3.${token},Lê Văn Lỗi,CCVC,99,20/08/2025,20/10/2025`,
    ].join('\n');
    await page.getByLabel('Nội dung CSV').fill(csv);
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    const lineErrors = page.getByTestId('csv-line-errors');
    await lineErrors.waitFor();
    const text = await lineErrors.innerText();
    expect(text).toContain('Dòng 4');
    expect(text).toContain('province_code');
    expect(text).not.toMatch(/Dòng [23]\b/);
    await expectAccessible(page);
    await screenshot(page, 'admin-deployments-line-error');

    // A dispatch decision, with the dates typed as dd/mm/yyyy.
    await page.getByRole('link', { name: 'Quyết định cử' }).click();
    await page.getByRole('heading', { name: 'Quyết định cử công chức tăng cường' }).waitFor();
    const number = `${Math.floor(Math.random() * 90000) + 10000}/QĐ-UI`;
    const typeDate = async (label: string, value: string) => {
      await page.getByLabel(label, { exact: true }).click();
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByLabel(label, { exact: true }).press('Enter');
    };
    await page.getByLabel('Số quyết định').fill(number);
    await typeDate('Ngày ký', '11/08/2025');
    await typeDate('Ngày bắt đầu đợt', '20/08/2025');
    await typeDate('Ngày kết thúc đợt', '20/10/2025');
    await page.getByLabel('Trích yếu').fill('Cử công chức tăng cường (kiểm thử giao diện)');
    await page.getByRole('button', { name: 'Ghi nhận quyết định mới' }).click();
    await page.locator('.ant-table-row', { hasText: number }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-decisions');

    // A calendar override far in the future (other suites' deadlines never reach it), then removed after confirming.
    await page.getByRole('link', { name: 'Lịch làm việc' }).click();
    await page.getByRole('heading', { name: 'Lịch làm việc và ngày điều chỉnh trong năm', exact: true }).waitFor();
    await typeDate('Ngày', '04/01/2099');
    await page.getByText('Ngày làm bù', { exact: true }).click();
    await page.getByLabel('Lý do, căn cứ').fill(`Làm bù (kiểm thử) ${token}`);
    await page.getByRole('button', { name: 'Thêm hoặc thay ngày điều chỉnh' }).click();
    const row = page.getByTestId('calendar-overrides').locator('.ant-table-row', { hasText: token });
    await row.waitFor();
    expect(await row.innerText()).toContain('04/01/2099');
    await expectAccessible(page);
    await screenshot(page, 'admin-calendars');
    await row.getByRole('button', { name: 'Xoá' }).click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await row.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Phân công lĩnh vực' }).click();
    await page.getByTestId('field-routing').locator('.ant-table-row').nth(11).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-routing');
    await page.context().close();
  }, 120_000);
});
