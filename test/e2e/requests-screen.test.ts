/**
 * End to end: the "Đề nghị hằng tháng" tab in Chromium through the local HTTP host: a request of
 * a new household received 20 days ago shows its deadline and an overdue badge; refused with a
 * reason, it reads as settled late and its refusal letter is printed in the background.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, SHOTS, watchErrors, type App } from './support';

/** A date as the officer types it, day first: "29/11/2026". */
const viDaysAgo = (days: number): string => {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
};

describe('the monthly requests screen', () => {
  let app: App | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await openApp(demoDatabase(300, 7));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('records a request, flags it overdue, refuses it with a reason and prints the letter', async () => {
    await page.getByRole('tab', { name: 'Đề nghị hằng tháng' }).click();
    await expect.poll(() => page.getByText('Không có đơn đề nghị nào.').count(), { timeout: 30_000 }).toBe(1);
    const form = page.locator('fieldset.add-request');
    await form.getByLabel('Họ tên chủ hộ').fill('Nguyễn Thị Mười');
    await form.getByLabel('Địa chỉ').fill('Tổ 3, ấp Bình Hưng');
    // Issue 14: no browser date or month box (it shows "11/29/2026", "November 2026"): dates are
    // typed dd/mm/yyyy like on the entry screen, the month is a Vietnamese "Tháng" list and a year.
    const screen = page.locator('.requests-screen');
    expect(await screen.locator('input[type="date"], input[type="month"]').count()).toBe(0);
    expect(await form.getByLabel('Ngày nhận').inputValue()).toBe(viDaysAgo(0));
    expect(await screen.getByLabel('Tháng', { exact: true }).locator('option:checked').textContent()).toBe(`Tháng ${new Date().getMonth() + 1}`);
    expect(await screen.getByLabel('Năm', { exact: true }).inputValue()).toBe(String(new Date().getFullYear()));
    // The commune is named as on every screen ("Xã Bình Mỹ"), from the shell's choice.
    expect(await screen.getByLabel('Xã/phường').locator('option:checked').textContent()).toMatch(/^(Xã|Phường|Thị trấn) \S/u);
    // A wrong date is kept as typed, with the reason, and nothing is sent.
    await form.getByLabel('Ngày nhận').fill('31/02/2026');
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/tháng 2 năm 2026 chỉ có 28 ngày/u);
    expect(await form.getByRole('button', { name: 'Ghi đơn' }).isDisabled()).toBe(true);
    await form.getByLabel('Ngày nhận').fill(viDaysAgo(20));
    await form.getByLabel('Người nhận').fill('Trần Văn Cán');
    await form.getByRole('button', { name: 'Ghi đơn' }).click();
    const row = page.getByRole('row', { name: /Nguyễn Thị Mười/u });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toMatch(/Quá hạn 5 ngày/u);
    await page.screenshot({ path: path.join(SHOTS, 'requests-overdue.png') });

    await row.getByRole('button', { name: 'Không đồng ý…' }).click();
    await row.getByLabel('Lý do (mỗi dòng một lý do)').fill('Thu nhập cao hơn chuẩn cận nghèo');
    await row.getByRole('button', { name: 'Ghi' }).click();
    // Settled: the open filter no longer lists it; all requests show it settled late.
    await expect.poll(() => page.getByText('Không có đơn đề nghị nào.').count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Tình trạng').selectOption({ label: 'Tất cả' });
    const settled = page.getByRole('row', { name: /Nguyễn Thị Mười/u });
    await expect.poll(() => settled.textContent(), { timeout: 15_000 }).toMatch(/Đã trả lời không đồng ý \(quá hạn\)/u);
    await settled.getByRole('button', { name: 'In thông báo trả lời' }).click();
    await expect.poll(() => settled.getByRole('link').textContent(), { timeout: 30_000 }).toMatch(/thong-bao-tra-loi-\d+\.pdf/u);
    await page.screenshot({ path: path.join(SHOTS, 'requests-refused.png') });
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows the province receipts laid out, communes named "Xã …", and no empty table before any package', async () => {
    await page.getByRole('tab', { name: 'Tỉnh nhận gói' }).click();
    const screen = page.locator('.province-screen');
    await expect.poll(() => screen.getByText(/^Chưa nhận gói nào\./u).count(), { timeout: 30_000 }).toBe(1);
    expect(await screen.locator('table').count()).toBe(0);
    expect(await screen.locator('.page-header h2').textContent()).toBe('Tình hình nhận gói dữ liệu của các xã');
    expect(await screen.getByLabel('Đợt rà soát').count()).toBe(1);
    const missing = await screen.locator('.province-not-received li').allTextContents();
    expect(missing.length).toBeGreaterThan(0);
    for (const line of missing) expect(line).toMatch(/^(Xã|Phường|Thị trấn) .+ \(\d{5}\)$/u);
    expect(problems).toEqual([]);
  }, 60_000);
});
