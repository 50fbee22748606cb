/**
 * Issue 12, point 7, in a browser: the administrator sets the office's backup passphrase on the
 * backup screen; the next backup is sealed; restoring it asks for the passphrase, refuses a wrong
 * one in Vietnamese (the data untouched) and restores with the right one.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, screenshot, watchErrors, type App } from './support';

const PASSPHRASE = 'Mật khẩu sao lưu Bình Mỹ';

describe('sealed backups on the backup screen', () => {
  let app: App;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await openApp(demoDatabase(60, 7));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    // The restore asks "are you sure?" (window.confirm): yes.
    page.on('dialog', (d) => void d.accept());
    await page.goto(app.url);
    await page.getByRole('tab', { name: /Sao lưu/u }).click();
  });
  afterAll(() => app?.close());

  it('seals backups once the passphrase is set, and restores one only with it', async () => {
    await page.getByText(/Bản sao lưu CHƯA được mã hoá/u).waitFor();
    await page.getByLabel('Mật khẩu sao lưu mới (ít nhất 10 ký tự)').fill(PASSPHRASE);
    await page.getByLabel('Nhập lại mật khẩu sao lưu').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Đặt mật khẩu sao lưu' }).click();
    await page.getByText(/Đã đặt mật khẩu sao lưu/u).waitFor();
    await page.getByText(/Bản sao lưu được mã hoá \(AES-256-GCM\).*bởi Trần Quản Trị/u).waitFor();

    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    const done = await page.getByText(/^Đã sao lưu: /u).textContent();
    const name = /rasoat-[\w-]+\.sqlite\.enc/u.exec(done ?? '')?.[0];
    expect(name, done ?? '').toBeDefined();
    const row = page.locator('table.data tbody tr', { hasText: name! });
    await expect.poll(() => row.textContent()).toMatch(/đã mã hoá/u);

    // Restoring asks for the passphrase; a wrong one is refused in Vietnamese.
    await row.getByRole('button', { name: 'Khôi phục' }).click();
    const box = row.getByLabel(`Mật khẩu sao lưu để mở ${name!}`);
    await box.fill('sai mật khẩu');
    await box.press('Enter');
    await page.getByRole('status').filter({ hasText: /^Mật khẩu không đúng nên không mở được tệp/u }).waitFor();

    await box.fill(PASSPHRASE);
    await box.press('Enter');
    await page.getByText(/Đã khôi phục dữ liệu về bản lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/u).waitFor();
    await screenshot(page, 'backup-sealed');
    expect(problems.filter((p) => !/status of 4\d\d/u.test(p))).toEqual([]);
  });
});
