/**
 * Phiếu A on the entry screen, in a browser: once the round's rule set has an item list (here the
 * synthetic one of the tests, loaded as an administrator's copy and confirmed, never an official
 * list), each item is a box keyed 1 (có) / 2 (không); the live outcome says whether the household
 * is screened out; the answers are saved and found again. An existing household of the demo is
 * opened by its code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { confirmPendingRuleSets } from '../fixtures/rulesets-confirmed';
import { SYNTHETIC_SCREENING } from '../fixtures/synthetic-rules';
import { RESOURCES } from '../helpers';
import { demoDatabase, openApp, openEntryAt, screenshot, watchErrors, type App } from './support';

const box = (page: Page, name: string) => page.locator(`.entry-form input[name="${name}"]`);

describe('Phiếu A on the entry screen', () => {
  let app: App;
  let code: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const db = demoDatabase(300, 7);
    // The administrator's copy of the rule set with a Phiếu A item list, beside the database, confirmed.
    const rs = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8')) as Record<string, unknown>;
    rs.version = '2022.1+phieu-a-gia-lap';
    rs.screening = SYNTHETIC_SCREENING;
    fs.mkdirSync(path.join(path.dirname(db), 'standards'), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(db), 'standards', 'vn-2022-2026.json'), JSON.stringify(rs));
    const core = new Core({ dbPath: db, resourcesDir: RESOURCES });
    try {
      expect(confirmPendingRuleSets(core)).toEqual(['vn-2022-2026']);
      code = core.db.sqlite
        .prepare("SELECT h.code FROM households h JOIN rounds r ON r.id = h.round_id AND r.year = 2025 JOIN units c ON c.id = h.commune_id AND c.name = 'Bình Mỹ' ORDER BY h.id LIMIT 1")
        .pluck()
        .get() as string;
    } finally {
      core.close();
    }
    app = await openApp(db);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('keys each item 1/2, shows the outcome live, and saves the answers', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1200 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await openEntryAt(page, app.url);
    const search = page.getByLabel('Mở hộ theo mã hoặc tên');
    await search.focus();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toMatch(new RegExp(`^Đang sửa hộ ${code}`, 'u'));
    for (const id of ['A1', 'A2', 'A3']) await box(page, `a.screening.${id}`).waitFor();
    // No car (group 1 needs one "có"); a solid house and a pension: group 2's two → screened out.
    for (const [id, value] of [['A1', '2'], ['A2', '1'], ['A3', '1']] as const) {
      await box(page, `a.screening.${id}`).focus();
      await page.keyboard.press('Control+a');
      await page.keyboard.type(value);
    }
    await expect.poll(() => page.locator('.live-screening').getAttribute('class')).toBe('live-screening excluded');
    await screenshot(page, 'entry-screening');
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.getByRole('button', { name: 'Lưu (Ctrl+S)' }).click()]);
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);

    // Found again after a reload.
    await page.reload();
    await openEntryAt(page, app.url);
    await search.focus();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toMatch(new RegExp(`^Đang sửa hộ ${code}`, 'u'));
    expect([await box(page, 'a.screening.A1').inputValue(), await box(page, 'a.screening.A2').inputValue(), await box(page, 'a.screening.A3').inputValue()]).toEqual(['2', '1', '1']);
    await page.close();
    expect(problems).toEqual([]);
  }, 150_000);
});
