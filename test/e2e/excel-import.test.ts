/**
 * End to end: the Excel screen of the built renderer (out/renderer) in Chromium, served with a
 * demo database by the local HTTP host: choose a file, read the preview, commit, import again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tsxArgs = (entry: string, args: string[]): string[] => ['--import', 'tsx', path.join(ROOT, entry), ...args];

function startHost(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, tsxArgs('electron/host/serve.ts', ['--port', '0', '--db', dbPath]), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[0] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with code ${code}:\n${output}`));
    });
  });
}

describe('the Excel screen', () => {
  let tmp: string;
  let host: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  let sheet: string;
  let broken: string;
  const problems: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-e2e-excel-'));
    const dbPath = path.join(tmp, 'demo.sqlite');
    const demo = spawnSync(process.execPath, tsxArgs('electron/host/cli.ts', ['demo', '--db', dbPath, '--households', '200', '--seed', '3']), { cwd: ROOT, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed (${demo.status}):\n${demo.stdout}\n${demo.stderr}`);
    sheet = path.join(tmp, 'xa-cai-dau.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cái Dầu');
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

    const started = await startHost(dbPath);
    host = started.child;
    url = started.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    host?.kill('SIGTERM');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('previews a commune sheet, commits it, and finds nothing to change the second time', async () => {
    await page.goto(url);
    await page.getByRole('tab', { name: 'Excel' }).click();
    await expect.poll(() => page.getByLabel('Xã').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Xã').selectOption({ label: 'Cái Dầu' });

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
