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

const isoDaysAgo = (days: number): string => {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
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
    await form.getByLabel('Ngày nhận').fill(isoDaysAgo(20));
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
});
