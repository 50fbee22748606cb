/**
 * End to end: the Documents tab of the built renderer in Chromium, through the local HTTP host:
 * pick a commune, render the decision in the background with a progress bar, preview the PDF in
 * the frame, save link; the dossier lists its files; a running job can be cancelled.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, SHOTS, watchErrors, type App } from './support';

describe('the Documents screen', () => {
  let tmp: string;
  let app: App | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    tmp = tempDir('rasoat-e2e-docs-');
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await openApp(demoDatabase(1500, 7));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    watchErrors(page, problems);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('renders the decision of a commune with progress and shows it in the preview frame', async () => {
    await page.getByRole('tab', { name: 'In tài liệu' }).click();
    const unit = page.getByLabel('Đơn vị');
    await expect.poll(() => unit.locator('option').allTextContents()).toContain('Xã Bình Mỹ');
    expect((await unit.locator('option').allTextContents())[0]).toBe('Huyện Châu Phú');
    await unit.selectOption({ label: 'Xã Bình Mỹ' });
    const row = page.getByRole('row', { name: /M02/u });
    const statuses: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/jobs.status')) statuses.push(r.url());
    });
    await row.getByRole('button', { name: 'Dựng PDF' }).click();
    const frame = page.locator('.documents-preview iframe');
    await expect.poll(() => frame.getAttribute('src'), { timeout: 30_000 }).toMatch(/^blob:/u);
    expect(statuses.length).toBeGreaterThan(0); // the screen polled the job while it ran
    const save = page.getByRole('link', { name: 'Lưu tệp PDF' });
    expect(await save.getAttribute('download')).toBe('M02-2023-30487.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    const saved = path.join(tmp, 'saved.pdf');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: path.join(SHOTS, 'documents-preview.png') });
  }, 60_000);

  it('offers only the reports and the population list for the district', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Huyện Châu Phú' });
    await expect.poll(() => page.getByRole('row', { name: /M02/u }).getByRole('button').isDisabled()).toBe(true);
    expect(await page.getByRole('row', { name: /BC/u }).getByRole('button').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).isDisabled()).toBe(true);
  });

  it('makes the dossier, lists its files, and a running job can be cancelled', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Bình Mỹ' });
    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await expect.poll(() => page.locator('.documents-files li').count(), { timeout: 60_000 }).toBe(7);
    expect(await page.locator('.documents-files li').first().textContent()).toMatch(/Hồ sơ \(một tệp\) \d+ trang/u);
    await page.locator('.documents-files').getByRole('button', { name: 'LK' }).click();
    await expect.poll(() => page.locator('.documents-actions span').textContent()).toBe('LK-2023-30487.pdf');

    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await page.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => page.locator('.documents-job').textContent(), { timeout: 15_000 }).toContain('Đã hủy.');
    expect(problems).toEqual([]);
  }, 120_000);
});
