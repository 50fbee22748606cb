/**
 * End to end: the Documents tab of the built renderer in Chromium, through the local HTTP host:
 * pick a commune, render the decision in the background with a progress bar, preview the PDF in
 * the frame, save link; the dossier lists its files; a running job can be cancelled. The screen
 * opens on the demo's latest round (2025, on the map of 1/7/2025: province An Giang and its new
 * communes, no district); the 2023 round still offers the old district.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, SHOTS, watchErrors, type App } from './support';

describe('the Documents screen', () => {
  let tmp: string;
  let app: App | undefined;
  let page: Page;
  let dbPath: string;
  const problems: string[] = [];

  beforeAll(async () => {
    tmp = tempDir('rasoat-e2e-docs-');
    fs.mkdirSync(SHOTS, { recursive: true });
    dbPath = demoDatabase(1500, 7);
    app = await openApp(dbPath);
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    watchErrors(page, problems);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('renders the decision of a commune with progress and shows it in the preview frame', async () => {
    await page.getByRole('tab', { name: 'In tài liệu' }).click();
    expect(await page.getByLabel('Đợt rà soát').locator('option:checked').textContent()).toBe('Rà soát định kỳ năm 2025');
    const unit = page.getByLabel('Đơn vị');
    // The 2025 round is on the new map: the province, then its communes; no district any more.
    await expect.poll(() => unit.locator('option').allTextContents()).toEqual([
      'Tỉnh An Giang',
      'Xã Bình Mỹ',
      'Xã Châu Phú',
      'Xã Mỹ Đức',
      'Xã Thạnh Mỹ Tây',
      'Xã Vĩnh Thạnh Trung',
    ]);
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
    expect(await save.getAttribute('download')).toBe('M02-2025-30487.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    const saved = path.join(tmp, 'saved.pdf');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: path.join(SHOTS, 'documents-preview.png') });
  }, 60_000);

  it('prints the enumerators’ handbook of the round’s rule set from its own row, into the same preview', async () => {
    const row = page.getByRole('row', { name: /^ST Sổ tay hướng dẫn rà soát viên/u });
    await row.getByRole('button', { name: 'Dựng PDF' }).click();
    const save = page.getByRole('link', { name: 'Lưu tệp PDF' });
    await expect.poll(() => save.getAttribute('download'), { timeout: 30_000 }).toBe('so-tay-huong-dan-vn-2022-2026.pdf');
    await expect.poll(() => page.locator('.documents-preview iframe').getAttribute('src')).toMatch(/^blob:/u);
  }, 60_000);

  it('offers only the reports and the population list for the province (new map) and the district (old map)', async () => {
    const unit = page.getByLabel('Đơn vị');
    const communeOnlyRefused = async () => {
      await expect.poll(() => page.getByRole('row', { name: /M02/u }).getByRole('button').isDisabled()).toBe(true);
      expect(await page.getByRole('row', { name: /BC/u }).getByRole('button').isDisabled()).toBe(false);
      expect(await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).isDisabled()).toBe(true);
    };
    await unit.selectOption({ label: 'Tỉnh An Giang' });
    await communeOnlyRefused();

    // The 2023 round is on the old map: the district of Châu Phú and its 13 communes.
    const round = page.getByLabel('Đợt rà soát');
    await round.selectOption({ label: 'Rà soát định kỳ năm 2023' });
    await expect.poll(async () => (await unit.locator('option').allTextContents())[0]).toBe('Huyện Châu Phú');
    expect(await unit.locator('option').count()).toBe(14);
    await unit.selectOption({ label: 'Huyện Châu Phú' });
    await communeOnlyRefused();
    await round.selectOption({ label: 'Rà soát định kỳ năm 2025' });
    await expect.poll(async () => (await unit.locator('option').allTextContents())[0]).toBe('Tỉnh An Giang');
  });

  it('prints Mẫu 01 filled in for a household found by keyboard, and Phiếu B for a village', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Bình Mỹ' });
    await page.getByRole('button', { name: 'In M01 điền sẵn' }).click();
    // The search box has the focus: type a household code, Enter prints the first match.
    await page.keyboard.type('30487-0001');
    const pick = page.getByLabel('Hộ', { exact: true });
    await expect.poll(() => pick.locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Tìm hộ (tên chủ hộ, mã hộ, số định danh)').press('Tab');
    await page.keyboard.press('ArrowDown'); // the second match
    const chosen = (await pick.locator('option:checked').textContent())!;
    const [code, head] = chosen.split(' — ');
    await page.keyboard.press('Tab'); // to "Dựng PDF điền sẵn"
    await page.keyboard.press('Enter');
    const name = page.locator('.documents-actions span');
    await expect.poll(() => name.textContent(), { timeout: 30_000 }).toBe(`M01-2025-30487-ho-${code}.pdf`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lưu tệp PDF' }).click()]);
    const saved = path.join(tmp, 'm01.pdf');
    await download.saveAs(saved);
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', saved, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain(`Họ và tên: ${head}`);
    const db = openDatabase(dbPath, { readonly: true });
    const members = db.sqlite
      .prepare("SELECT m.full_name FROM members m JOIN households h ON h.id = m.household_id JOIN rounds r ON r.id = h.round_id WHERE r.year = 2025 AND h.code = ? ORDER BY m.relation != 'head', m.seq")
      .pluck()
      .all(code) as string[];
    db.close();
    members.forEach((m, i) => expect(text).toContain(`${String(i + 1).padStart(2, '0')} ${m} `));
    await page.screenshot({ path: path.join(SHOTS, 'documents-prefill-m01.png') });

    // Phiếu B for a village: choose the scope with the arrow keys, Tab to the village, Enter.
    await page.getByRole('button', { name: 'In PB điền sẵn' }).click();
    await page.keyboard.press('ArrowDown'); // from "Mọi hộ của xã" to "Các hộ của một thôn, ấp"
    await expect.poll(() => page.getByLabel('Thôn, ấp', { exact: true }).isVisible()).toBe(true);
    await page.keyboard.press('Tab'); // to the village
    await page.keyboard.press('ArrowDown'); // the second village
    const village = await page.getByLabel('Thôn, ấp', { exact: true }).inputValue();
    await page.keyboard.press('Tab'); // to "Dựng PDF điền sẵn"
    await page.keyboard.press('Enter');
    await expect.poll(() => name.textContent(), { timeout: 60_000 }).toBe(`PB-2025-30487-thon-${village}.pdf`);
    expect(problems).toEqual([]);
  }, 120_000);

  it('makes the dossier, lists its files, and a running job can be cancelled', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Bình Mỹ' });
    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await expect.poll(() => page.locator('.documents-files li').count(), { timeout: 60_000 }).toBe(7);
    expect(await page.locator('.documents-files li').first().textContent()).toMatch(/Hồ sơ \(một tệp\) \d+ trang/u);
    await page.locator('.documents-files').getByRole('button', { name: 'LK' }).click();
    await expect.poll(() => page.locator('.documents-actions span').textContent()).toBe('LK-2025-30487.pdf');

    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await page.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => page.locator('.documents-job').textContent(), { timeout: 15_000 }).toContain('Đã hủy.');
    expect(problems).toEqual([]);
  }, 120_000);
});
