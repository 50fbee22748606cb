/**
 * The overview tab in a browser at 1366×768 (issue 14): it is the first tab and opens first; its
 * figures are those of the database; a household still to score opens in the entry screen with
 * one key (Enter); a chart is reachable by keyboard and saved as a PNG file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumberVi } from '../../shared/text/format';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, screenshot, SHOTS, watchErrors, type App } from './support';

describe('the overview tab', () => {
  let app: App;
  let dbPath: string;

  beforeAll(async () => {
    dbPath = demoDatabase(300, 7);
    // Three households of the latest round left without a result: listed, not yet scored.
    const db = new Database(dbPath);
    db.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = (SELECT MAX(id) FROM rounds) ORDER BY id LIMIT 3)').run();
    db.close();
    app = await openApp(dbPath);
  });
  afterAll(() => app?.close());

  it('is the first tab, shows the latest round’s figures, opens a household in entry with Enter and saves a chart as PNG', async () => {
    const db = new Database(dbPath, { readonly: true });
    const round = db.prepare('SELECT MAX(id) FROM rounds').pluck().get() as number;
    const count = (sql: string): number => db.prepare(sql).pluck().get(round) as number;
    const households = count('SELECT COUNT(*) FROM households WHERE round_id = ?');
    const poor = count("SELECT COUNT(*) FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND r.status = 'poor'");
    const nearPoor = count("SELECT COUNT(*) FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND r.status = 'near_poor'");
    const unscored = count("SELECT COUNT(*) FROM households h LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND h.review_state <> 'not_listed' AND r.household_id IS NULL");
    db.close();
    expect(unscored).toBe(3);

    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    const errors = watchErrors(page);
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    const tabs = page.locator('.tabs [role="tab"]');
    expect((await tabs.first().textContent())?.startsWith('Tổng quan')).toBe(true);
    expect(await tabs.first().getAttribute('aria-selected')).toBe('true');

    await page.locator('.ov-cards').waitFor();
    expect(await page.locator('#ov-summary').textContent()).toContain(`${formatNumberVi(households)} hộ`);
    expect(await page.locator('.ov-card[data-class="poor"] strong').textContent()).toBe(formatNumberVi(poor));
    expect(await page.locator('.ov-card[data-class="near_poor"] strong').textContent()).toBe(formatNumberVi(nearPoor));
    expect(await page.locator('#ov-attention').textContent()).toBe(`Hộ cần xem lại (${formatNumberVi(unscored)})`);
    expect(await page.locator('.ov-deadline').count()).toBe(4);
    await page.locator('.ov-chart canvas').first().waitFor();
    await screenshot(page, 'overview-1366x768');
    await page.screenshot({ path: path.join(SHOTS, 'overview-1366x768-full.png'), fullPage: true });

    // A chart: focusable, with a summary in its label and a table of its figures.
    const chart = page.locator('figure.ov-chart[data-chart="classes"]');
    await chart.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-chart'))).toBe('classes');
    expect(await chart.getAttribute('aria-label')).toContain(`Hộ nghèo ${formatNumberVi(poor)}`);
    expect(await chart.locator('details table tbody tr').count()).toBe(6);
    // Its PNG: a real image file through the browser's download.
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /Lưu ảnh PNG/u }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tong-quan-\d{4}-classes\.png$/u);
    const file = path.join(tempDir('rasoat-ov-png-'), download.suggestedFilename());
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(5000);

    // A household to score: one key (Enter) on it opens its forms in the entry tab.
    const first = page.locator('.ov-household').first();
    const code = (await first.locator('.ov-code').textContent())!;
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.tabs [role="tab"][aria-selected="true"]').textContent()).toMatch(/^Nhập phiếu/u);
    await expect.poll(() => page.locator('.entry-heading').textContent()).toContain(`Đang sửa hộ ${code}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
