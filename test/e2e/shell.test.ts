import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, launchChromium, pressTabNumber, screenshot, signIn, startHost, watchErrors, type Host } from './support';

let host: Host;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startHost(demoDatabase(300, 3));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  errors = watchErrors(page);
  await signIn(page, host.url, host.admin!);
  await page.getByRole('tab', { name: /Danh sách hộ/u }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  host?.stop();
});

const tab = (name: RegExp) => page.getByRole('tab', { name });

describe('the app shell', () => {
  it('switches screens from the keyboard with Alt + the tab number', async () => {
    const tabs = await page.getByRole('tab').allTextContents();
    const ruleSetsIndex = tabs.findIndex((t) => t.startsWith('Bộ tiêu chí'));
    expect(ruleSetsIndex).toBeGreaterThan(0);
    await pressTabNumber(page, ruleSetsIndex + 1);
    await expect.poll(() => tab(/Bộ tiêu chí/u).getAttribute('aria-selected')).toBe('true');
  });

  it('shows each rule set part as confirmed, to verify, or missing', async () => {
    const section = page.locator('section.ruleset', { hasText: 'vn-2027-2030' });
    await expect.poll(() => section.count()).toBe(1);
    const scoreRow = section.locator('tr', { hasText: 'ngưỡng điểm A (Phiếu B1)' });
    expect(await scoreRow.locator('.part-status').textContent()).toBe('Chưa có');
    const current = page.locator('section.ruleset', { hasText: 'vn-2022-2026' });
    expect(await current.locator('tr', { hasText: 'chuẩn thu nhập' }).locator('.part-status').textContent()).toBe('Đã xác nhận');
    expect(await current.locator('tr', { hasText: 'danh mục chỉ số thiếu hụt' }).locator('.part-status').textContent()).toBe(
      'Chưa đối chiếu văn bản',
    );
    await screenshot(page, 'rulesets');
  });

  it('backs up with one click and restores a backup, keeping the current data first', async () => {
    await tab(/Sao lưu/u).click();
    const rows = page.locator('table.data tbody tr');
    // (The day's automatic backup, taken in its child process when the server opened the new
    // database, can land in the same second as the click: the manual one is found by its kind, not
    // taken to be the newest row.)
    const manual = rows.filter({ hasText: 'Sao lưu thủ công' });
    const before = await rows.count();
    const manualBefore = await manual.count();
    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Đã sao lưu: rasoat-.*-manual\.sqlite\.$/u);
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
    await expect.poll(() => manual.count()).toBeGreaterThan(manualBefore);
    expect(await manual.first().textContent()).toMatch(/Sao lưu thủ công/u);

    page.once('dialog', (d) => void d.accept());
    await manual.first().getByRole('button', { name: 'Khôi phục' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Đã khôi phục dữ liệu về bản lúc .*Dữ liệu trước đó được giữ trong rasoat-.*-before-restore\.sqlite\.$/u);
    await expect.poll(() => page.locator('table.data tbody tr', { hasText: 'Trước khi khôi phục' }).count()).toBe(1);
    await screenshot(page, 'backup');
  });

  it('the household list still works after the restore', async () => {
    await tab(/Danh sách hộ/u).click();
    await expect.poll(() => page.locator('.top-bar .total').textContent()).toMatch(/^\d+ hộ$/u);
    expect(errors).toEqual([]);
  });
});
