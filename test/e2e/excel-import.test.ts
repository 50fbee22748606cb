/**
 * End to end: the Excel screen of the built renderer (out/renderer) in Chromium, served with a
 * demo database by the local HTTP host: choose a file, read the preview, commit, import again.
 * The screen opens on the demo's latest round, 2025, on the map of 1/7/2025: the old thị trấn Cái
 * Dầu is now part of xã Châu Phú, which the sheet is for.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, watchErrors, type App } from './support';

describe('the Excel screen', () => {
  let app: App;
  let page: Page;
  let sheet: string;
  let broken: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const tmp = tempDir('rasoat-e2e-excel-');
    sheet = path.join(tmp, 'xa-chau-phu.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Châu Phú');
    ws.addRow(['DANH SÁCH HỘ BỔ SUNG']);
    ws.addRow([]);
    ws.addRow(['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Số CCCD', 'Dân tộc']);
    ws.addRow([1, 'Đặng Văn Mười', '02/02/1975', 'Nam', 'Chủ hộ', '089075123456', 'Kinh']);
    ws.addRow([null, 'Đặng Thị Mười Một', '1978', 'Nữ', 'Vợ', '089178123457', 'Kinh']);
    ws.addRow([2, 'Hồ Thị Mười Hai', '12/12/1960', 'Nữ', 'Chủ hộ', '089160123458', 'Hoa']);
    await wb.xlsx.writeFile(sheet);
    broken = path.join(tmp, 'loi.xlsx');
    const bad = new ExcelJS.Workbook();
    const bs = bad.addWorksheet('Lỗi');
    bs.addRow(['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ']);
    bs.addRow([1, 'Lý Văn Sai', '1970', '?', 'Chủ hộ']);
    await bad.xlsx.writeFile(broken);

    app = await openApp(demoDatabase(200, 3));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(page, problems);
  });

  afterAll(() => app?.close());

  it('previews a commune sheet, commits it, and finds nothing to change the second time', async () => {
    await page.goto(app.url);
    await page.getByRole('tab', { name: 'Excel' }).click();
    // Communes are named as everywhere ("Xã Châu Phú"): the type word, then the name.
    const commune = page.getByLabel('Xã/phường', { exact: true });
    const names = () => commune.locator('option').allTextContents();
    await expect.poll(async () => (await names()).some((n) => n.endsWith(' Châu Phú'))).toBe(true);
    expect((await names()).some((n) => n.endsWith(' Cái Dầu'))).toBe(false);
    await commune.selectOption({ label: (await names()).find((n) => n.endsWith(' Châu Phú'))! });

    await page.getByLabel('Tệp danh sách hộ').setInputFiles(sheet);
    const preview = page.locator('.excel-preview');
    await expect.poll(() => preview.locator('tbody tr').first().textContent(), { timeout: 30_000 }).toBe('Hộ200');
    expect(await preview.locator('tbody tr').nth(1).textContent()).toBe('Nhân khẩu3000');
    expect(await preview.textContent()).toContain('0 lỗi, 0 cảnh báo');

    await page.getByRole('button', { name: /Ghi vào CSDL/u }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã ghi vào CSDL.' }).count(), { timeout: 30_000 }).toBe(1);

    await page.getByLabel('Tệp danh sách hộ').setInputFiles(sheet);
    await expect.poll(() => preview.locator('tbody tr').first().textContent(), { timeout: 30_000 }).toBe('Hộ002');
    expect(problems).toEqual([]);
  });

  it('shows each problem by sheet, row and column, offers the rows to fix, and no commit', async () => {
    await page.getByLabel('Tệp danh sách hộ').setInputFiles(broken);
    const rows = page.locator('.excel-problems tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['Lỗi', 'Lỗi', '2', 'D (Giới tính)', 'Giới tính không đọc được: "?" (ghi Nam hoặc Nữ)']);
    expect(await page.getByRole('button', { name: /Ghi vào CSDL/u }).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp các dòng lỗi' }).click()]);
    expect(download.suggestedFilename()).toBe('loi-nhap-lieu.xlsx');
  });
});
