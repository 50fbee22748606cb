/**
 * A round from nothing on the review screen ("Quy trình rà soát"), for an office set up as
 * xã Bình Mỹ: the defaults shown (reference date 01/09, the map of that date, the rule set in
 * force on it), the duplicate refused in Vietnamese, the round created; then deleted through its
 * confirmation, a backup taken first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { insertHouseholds } from '../../electron/core/households/write';
import { createRoundFor } from '../../electron/core/rounds/create';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { openApp, screenshot, watchErrors, type App } from './support';

/** An office database (xã Bình Mỹ) with a 2024 round of one household, as setup and a first round leave it. */
function officeDatabase(): string {
  const dbPath = path.join(tempDir('rasoat-e2e-rounds-'), 'rasoat.sqlite');
  const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
  try {
    const sqlite = core.db.sqlite;
    loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(unitIdAt(sqlite, '30487', '2025-07-01')));
    const { roundId } = createRoundFor(sqlite, core.registry, { year: 2024, kind: 'periodic' }, 'test');
    insertHouseholds(sqlite, roundId, [{ ...household('30487-00001', unitIdAt(sqlite, '30487', '2024-09-01')!, 0, 100, [], [member(1, 'Nguyễn Văn Một')]), villageId: null }]);
  } finally {
    core.close();
  }
  return dbPath;
}

describe('a new round on the review screen', () => {
  let app: App;
  let page: Page;
  let dbPath: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dbPath = officeDatabase();
    app = await openApp(dbPath);
    page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    // The tab strip (which listens to Alt+4) comes with the rounds; the top bar is there before them.
    await page.waitForSelector('.tabs');
  });
  afterAll(() => app?.close());

  it('creates the 2026 round from nothing: rule set and map by date, duplicate refused', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByRole('button', { name: 'Bắt đầu đợt rà soát mới…' }).click();
    const form = page.getByRole('form', { name: 'Bắt đầu đợt rà soát mới' });
    await form.locator('select[name="fromRoundId"]').selectOption({ label: 'Không lấy: đợt mới chưa có hộ nào' });
    await form.locator('input[name="year"]').fill('2026');
    // The defaults follow the year: 01/09, the map of that day, the rule set in force on it.
    await expect.poll(() => form.locator('input[name="referenceDate"]').inputValue()).toBe('01/09/2026');
    expect(await form.locator('input[name="unitMapDate"]').inputValue()).toBe('01/09/2026');
    expect(await form.locator('input[name="title"]').inputValue()).toBe('Rà soát định kỳ năm 2026');
    await expect.poll(() => form.locator('output[name="ruleSetId"]').textContent()).toBe('Chuẩn nghèo đa chiều quốc gia giai đoạn 2022-2025 (áp dụng đến hết năm 2026) – vn-2022-2026');
    expect(await form.locator('.wf-ruleset-parts').textContent()).toContain('Bản đồ mới, không còn cấp huyện');
    // 2027 takes the next rule set; a date before 1/7/2025 the old map.
    await form.locator('input[name="year"]').fill('2027');
    await expect.poll(() => form.locator('output[name="ruleSetId"]').textContent()).toMatch(/– vn-2027-2030$/u);
    await form.locator('input[name="year"]').fill('2026');
    await form.locator('input[name="unitMapDate"]').fill('15032025');
    await expect.poll(() => form.locator('.wf-ruleset-parts').textContent()).toContain('Bản đồ cũ, còn cấp huyện');
    await form.locator('input[name="unitMapDate"]').fill('01/09/2026');

    await form.locator('input[name="title"]').press('Enter');
    const confirm = form.getByRole('group', { name: 'Xác nhận bắt đầu đợt mới' });
    await expect.poll(() => confirm.locator('li').allTextContents()).toEqual([
      'Tạo đợt “Rà soát định kỳ năm 2026”, bộ tiêu chí vn-2022-2026.',
      'Đợt mới chưa có hộ nào: nhập phiếu hoặc nhập danh sách từ Excel sau khi tạo.',
      'Phạm vi: Xã Bình Mỹ (1 xã trên bản đồ ngày 01/09/2026); tuổi tính đến ngày 01/09/2026.',
    ]);
    await screenshot(page, 'rounds-create-confirm');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Bắt đầu đợt mới');
    await page.keyboard.press('Enter');
    const status = page.locator('.wf-new-round [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('Đã bắt đầu Rà soát định kỳ năm 2026: đợt chưa có hộ nào.');
    const roundPicker = page.locator('.workflow .entry-bar select').first();
    await expect.poll(() => roundPicker.locator('option:checked').textContent()).toMatch(/^Rà soát định kỳ năm 2026/u);
    // The commune of the new map is there to choose.
    await expect.poll(() => page.getByLabel('Xã/phường', { exact: true }).locator('option').allTextContents()).toContain('Xã Bình Mỹ');
    await screenshot(page, 'rounds-create-done');

    // The same again is refused in Vietnamese, before anything is written.
    await page.getByRole('button', { name: 'Bắt đầu đợt rà soát mới…' }).click();
    await form.locator('select[name="fromRoundId"]').selectOption({ label: 'Không lấy: đợt mới chưa có hộ nào' });
    await form.locator('input[name="year"]').fill('2026');
    await form.locator('input[name="year"]').press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Đã có đợt rà soát định kỳ năm 2026 \(«Rà soát định kỳ năm 2026», tạo ngày [\d/]+\): mở đợt đó, hoặc chọn loại thường xuyên \(đột xuất\)\.$/u);
    await screenshot(page, 'rounds-create-duplicate');
    await page.keyboard.press('Escape');
  });

  it('deletes the round with no work after a confirmation; the 2024 round with households keyed stays', async () => {
    await page.getByRole('button', { name: 'Xoá đợt chưa có công việc…' }).click();
    const region = page.getByRole('region', { name: 'Xoá đợt rà soát' });
    await expect.poll(() => region.locator('li').count()).toBe(2);
    const button = region.getByRole('button', { name: 'Xoá đợt «Rà soát định kỳ năm 2026»' });
    await button.click();
    const dialog = region.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Xoá đợt «Rà soát định kỳ năm 2026» (chưa có hộ nào)? Một bản sao lưu được tạo trước khi xoá.');
    await screenshot(page, 'rounds-delete-confirm');
    await dialog.getByRole('button', { name: 'Xoá đợt', exact: true }).click();
    const status = page.locator('.wf-new-round [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Đã xoá đợt «Rà soát định kỳ năm 2026»\. Bản sao lưu trước khi xoá: .+\.sqlite$/u);
    const backup = /: (.+\.sqlite)$/u.exec((await status.textContent())!)![1]!;
    expect(fs.existsSync(backup)).toBe(true);
    const roundPicker = page.locator('.workflow .entry-bar select').first();
    await expect.poll(() => roundPicker.locator('option').allTextContents()).toEqual([expect.stringMatching(/^Rà soát định kỳ năm 2024/u)]);
    await screenshot(page, 'rounds-delete-done');
    expect(problems).toEqual([]);
  });
});
