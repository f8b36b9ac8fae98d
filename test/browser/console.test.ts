// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import type { INestApplicationContext } from '@nestjs/common';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { createUser, loginAs, type TestUser } from '../support/auth';
import { repositoryRoot } from '../support/dist';
import { pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';
import {
  ensureChromium,
  launchChromium,
  screenshot,
  settledAccessibilityViolations,
  signInThroughForm,
} from './browser';

/**
 * The web console end to end in Debian's Chromium, against the real API (serving the built console at `/`), worker,
 * Temporal dev server and PostgreSQL. Journeys in Vietnamese: an official raises an issue and escalates it, the unit
 * head answers from the inbox, the official resolves; an admin imports deployments with a bad line. Every main page
 * gets an axe-core check and a screenshot (test-artifacts/browser/).
 */
describe('web console in a browser', () => {
  let db: PgClient;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let official: TestUser;
  let unitHead: TestUser;
  let admin: TestUser;
  const title = `Chưa rõ cách bố trí công chức dôi dư sau sắp xếp ${Date.now().toString(36)}`;
  let caseUrl = '';

  beforeAll(async () => {
    const index = path.join(repositoryRoot, 'dist', 'web', 'index.html');
    if (!existsSync(index)) throw new Error(`${index} is missing: run "npm run build" first (npm test does)`);
    ensureChromium();
    // Real answer targets (working days on the civil-service calendar): deadlines do not expire during the test.
    const config = { ...testConfig(), slaPolicySet: 'default' };
    db = await pgClient();
    [worker, api] = await Promise.all([startWorker(config), startApi(config)]);
    browser = await launchChromium();
    official = await createUser(db, { roles: ['official'], provinceCodes: ['01'], displayName: 'Trần Thị Kiểm Thử' });
    unitHead = await createUser(db, { roles: ['unit_head'], unitCode: 'CCVC', displayName: 'Lê Văn Thủ Trưởng' });
    admin = await createUser(db, { roles: ['admin'], displayName: 'Phạm Quản Trị' });
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  async function signIn(user: TestUser, viewport = { width: 1280, height: 860 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await signInThroughForm(page, api.url, user.username, user.password!);
    return page;
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await settledAccessibilityViolations(page)).toEqual([]);
  }

  it('official raises an issue (commune typed without diacritics) and escalates it; unit head answers from the inbox; official resolves', async () => {
    const officialPage = await signIn(official);
    await officialPage.getByRole('heading', { name: 'Công việc của tôi' }).waitFor();
    await officialPage.getByTestId('my-open-cases').waitFor();
    await expectAccessible(officialPage);
    await screenshot(officialPage, 'official-home-new-account');

    // Raise: the commune picker searches the server without diacritics.
    await officialPage.getByRole('link', { name: 'Nêu vấn đề' }).first().click();
    await officialPage.getByRole('heading', { name: 'Nêu vấn đề mới' }).waitFor();
    await officialPage.getByLabel('Xã, phường, đặc khu').pressSequentially('hoan kiem', { delay: 20 });
    await officialPage.locator('.ant-select-item-option', { hasText: 'Phường Hoàn Kiếm' }).first().click();
    await officialPage.getByLabel('Lĩnh vực').click();
    await officialPage.locator('.ant-select-item-option', { hasText: 'công vụ' }).first().click();
    await officialPage.getByText('Cao', { exact: true }).click();
    // A blank title passes the browser's "required" check; the API refuses it and the message sits under the field.
    await officialPage.getByLabel('Tiêu đề').fill('   ');
    await officialPage
      .getByLabel('Mô tả')
      .fill('Xã mới hình thành từ ba xã cũ có năm công chức văn phòng - thống kê; chưa có hướng dẫn bố trí.');
    await officialPage.getByRole('button', { name: 'Gửi vấn đề' }).click();
    const titleError = officialPage.locator('.ant-form-item', { has: officialPage.getByLabel('Tiêu đề') });
    await titleError.locator('.ant-form-item-explain-error').waitFor();
    expect(await titleError.locator('.ant-form-item-explain-error').innerText()).toContain('title');
    await expect(officialPage.locator('[data-error-code="VALIDATION_FAILED"]').innerText()).resolves.toContain(
      'không hợp lệ',
    );
    await officialPage.getByLabel('Tiêu đề').fill(title);
    await expectAccessible(officialPage);
    await screenshot(officialPage, 'raise-case');
    await officialPage.getByRole('button', { name: 'Gửi vấn đề' }).click();
    await officialPage.waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname));
    caseUrl = officialPage.url();
    await officialPage.getByRole('heading', { name: title }).waitFor();
    await officialPage.locator('[data-event-type="case_reported"]').waitFor();

    // The buttons are the API's allowed actions: escalate is offered, answering is refused with the API's reason.
    const panel = officialPage.getByTestId('action-panel');
    await panel.locator('button[data-action="escalate"]:enabled').waitFor();
    expect(await panel.locator('button[data-action="answer"]:enabled').count()).toBe(0);
    await panel.getByText(/^Chưa thực hiện được/).click(); // the refused actions, each with the API's reason
    expect(await panel.locator('button[data-action="answer"]').isDisabled()).toBe(true);
    expect(await panel.locator('#refusal-answer').innerText()).toMatch(/[ạảãáàâăđêôơư]/);

    // Escalate to the unit head.
    await panel.locator('button[data-action="escalate"]:enabled').click();
    const escalate = officialPage.getByRole('dialog', { name: 'Xin ý kiến' });
    await escalate.getByLabel('Câu hỏi').fill('Bố trí công chức dôi dư sau sắp xếp thế nào cho đúng quy định?');
    await escalate.getByRole('button', { name: 'Xin ý kiến' }).click();
    await officialPage.locator('[data-event-type="case_escalated"]').waitFor();

    // Escalated: the official may no longer escalate, and still may not answer (the API says why, in Vietnamese).
    await panel.locator('button[data-action="escalate"]:enabled').waitFor({ state: 'detached' });
    expect(await panel.locator('button[data-action="answer"]:enabled').count()).toBe(0);
    await expectAccessible(officialPage);
    await screenshot(officialPage, 'case-page');
    const bell = officialPage.getByTestId('notification-bell');
    const unreadBefore = await bell.getAttribute('aria-label');

    // The unit head finds it in the inbox with the working time left, and answers.
    const headPage = await signIn(unitHead);
    await headPage.waitForURL('**/inbox');
    const row = headPage.getByTestId('inbox').locator('.ant-list-item', { hasText: title });
    await row.waitFor();
    expect(await row.locator('[data-urgency]').innerText()).toMatch(/^còn .+ làm việc$/);
    await expectAccessible(headPage);
    await screenshot(headPage, 'inbox');
    await row.getByRole('link', { name: title }).click();
    await headPage.getByTestId('action-panel').locator('button[data-action="answer"]:enabled').click();
    const answer = headPage.getByRole('dialog', { name: 'Trả lời' });
    await answer.getByLabel('Ý kiến trả lời').fill('Bố trí theo vị trí việc làm; báo cáo Sở Nội vụ trước 30 ngày.');
    await answer.getByLabel('Căn cứ pháp lý').fill('Nghị định 170/2025/NĐ-CP');
    await answer.getByRole('button', { name: 'Trả lời' }).click();
    await headPage.locator('[data-event-type="escalation_answered"]').waitFor();

    // The official's bell counts the new notification without a reload; the official resolves (with confirmation).
    await officialPage.waitForFunction(
      (before) => document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') !== before,
      unreadBefore,
      { timeout: 30_000 },
    );
    expect(await bell.getAttribute('aria-label')).toMatch(/^[1-9]\d* thông báo chưa đọc$/);
    await officialPage.reload();
    await officialPage.locator('[data-event-type="escalation_answered"]').waitFor();
    await panel.locator('button[data-action="resolve"]:enabled').click();
    const resolve = officialPage.getByRole('dialog', { name: 'Kết thúc: đã giải quyết' });
    await resolve.getByLabel('Kết quả tại xã').fill('Đã bố trí lại hai công chức theo hướng dẫn.');
    await resolve.getByRole('button', { name: 'Kết thúc: đã giải quyết' }).click();
    await officialPage.getByText('Thao tác này không hoàn tác được').waitFor();
    await officialPage.getByRole('button', { name: 'Xác nhận' }).click();
    await officialPage.locator('[data-event-type="case_resolved"]').waitFor();
    await headPage.context().close();
    await officialPage.context().close();
  }, 180_000);

  it('admin imports deployments with one bad line and sees that line’s error; users and answer targets pages', async () => {
    const page = await signIn(admin);
    await page.waitForURL('**/admin/users');
    await page.getByRole('heading', { name: 'Tài khoản' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-users');

    await page.getByRole('link', { name: 'Đợt tăng cường' }).click();
    const csv = [
      'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end',
      `9999/QĐ-TEST,t.csv.${Date.now().toString(36)},Nguyễn Văn Nhập,CCVC,01,20/08/2025,20/10/2025`,
      `9999/QĐ-TEST,t.csv2.${Date.now().toString(36)},Đỗ Thị Sai,CCVC,99,20/08/2025,20/10/2025`,
    ].join('\n');
    await page.getByLabel('Nội dung CSV').fill(csv);
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    const lineErrors = page.getByTestId('csv-line-errors');
    await lineErrors.waitFor();
    const text = await lineErrors.innerText();
    expect(text).toContain('Dòng 3');
    expect(text).not.toContain('Dòng 2,');
    await expectAccessible(page);
    await screenshot(page, 'admin-deployments-import');

    await page.getByRole('link', { name: 'Thời hạn trả lời' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-sla-policies');
    await page.context().close();
  }, 120_000);

  it('reads at 360 px wide without sideways scrolling, and prints the first load of the home page on Fast 3G', async () => {
    // An open case, so the home page has something to list.
    const session = await loginAs(api.url, official.username, official.password!);
    const created = await fetch(`${api.url}/api/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...validCase, title: `${title} (mở)` }),
    });
    expect(created.status).toBe(201);
    const narrow = await signIn(official, { width: 360, height: 780 });
    await narrow.getByTestId('my-open-cases').locator('.ant-list-item').first().waitFor();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(narrow, 'official-home-360');
    if (caseUrl) {
      await narrow.goto(caseUrl);
      await narrow.locator('[data-event-type="case_reported"]').waitFor();
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(narrow, 'case-page-360');
    }
    await narrow.context().close();

    // A signed-in tab (refresh token in sessionStorage) opening the home page cold on a "Fast 3G" line.
    const second = await loginAs(api.url, official.username, official.password!);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
    await context.addInitScript((token) => sessionStorage.setItem('cce.refreshToken', token), second.refreshToken);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 562.5,
      downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
      uploadThroughput: (750 * 1024 * 0.9) / 8,
    });
    const started = Date.now();
    await page.goto(`${api.url}/`);
    await page.getByTestId('my-open-cases').locator('.ant-list-item').first().waitFor({ timeout: 60_000 });
    const elapsed = Date.now() - started;
    const transferred = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .concat(performance.getEntriesByType('navigation'))
        .reduce((sum, entry) => sum + ((entry as PerformanceResourceTiming).transferSize ?? 0), 0),
    );
    console.log(
      `Official home, first load on Fast 3G (1.44 Mbit/s, 562 ms RTT): ${elapsed} ms until the cases show, ` +
        `${Math.round(transferred / 1024)} KiB transferred`,
    );
    expect(elapsed).toBeLessThan(15_000);
    // Everything else on the page (field names, the case search) settles on the slow line too.
    await page.waitForLoadState('networkidle');
    await expectAccessible(page);
    await screenshot(page, 'official-home');
    await context.close();
  }, 120_000);
});
