/**
 * End to end: files through the browser transport. A 20 MB file reaches the core (it used to be
 * refused past ~3.7 MB: base64 in a JSON body capped at 5 MB); a file over the one limit is
 * refused with the Vietnamese message before a byte travels.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from '../../shared/api/files';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, type App } from './support';

describe('uploads in the browser', () => {
  let app: App;
  let page: Page;
  const tmp = tempDir('rasoat-e2e-upload-');

  beforeAll(async () => {
    app = await openApp(demoDatabase(50, 3));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  });

  afterAll(() => app?.close());

  it('sends a 20 MB file through the upload door (streamed), and the import job reads it', async () => {
    await page.goto(app.url);
    await page.getByRole('tab', { name: 'Excel' }).click();
    const commune = page.getByLabel('Xã/phường', { exact: true });
    await expect.poll(() => commune.locator('option').count()).toBeGreaterThan(1);
    // The import is for a commune: the first one.
    await commune.selectOption({ index: 1 });
    const file = path.join(tmp, 'danh-sach-lon.xlsx');
    fs.writeFileSync(file, crypto.randomBytes(20 * 1024 * 1024));
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/files/uploads?name=danh-sach-lon.xlsx'));
    await page.getByLabel('Tệp danh sách hộ').setInputFiles(file);
    const response = await uploaded;
    expect(response.status()).toBe(200);
    expect(response.request().method()).toBe('POST');
    await expect.poll(() => page.getByText('danh-sach-lon.xlsx', { exact: true }).count()).toBe(1);
    // Random bytes are no workbook: the job that got the upload says so (the upload itself went through).
    await expect.poll(() => page.locator('.job-progress [role="alert"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByText('Tệp quá lớn').count()).toBe(0);
  });

  it('refuses a file over the limit in Vietnamese, without sending it', async () => {
    const file = path.join(tmp, 'qua-lon.xlsx');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, MAX_UPLOAD_BYTES + 1); // sparse: no disk used
    let sent = false;
    page.on('request', (r) => {
      if (r.url().includes('/files/uploads')) sent = true;
    });
    await page.getByLabel('Tệp danh sách hộ').setInputFiles(file);
    const alert = page.getByRole('alert').filter({ hasText: 'Không nhận được tệp' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toBe(`Không nhận được tệp: ${UPLOAD_TOO_LARGE_MESSAGE}`);
    expect(sent).toBe(false);
  });
});
