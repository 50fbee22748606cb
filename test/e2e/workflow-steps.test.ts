/**
 * Issue 11, item 6, in a browser: the workflow's steps numbered as the procedure numbers them,
 * each showing what was recorded (dd/mm/yyyy); the list-building step counts the requests; a
 * listed household without a result blocks recognition, is listed with a key that opens it in
 * entry; last year's poor and near-poor missing this year are shown before the decision; the
 * decision number typed as "45/QĐ-UBND" is kept as 45 (never "45/QĐ-UBND/QĐ-UBND"); and on the
 * locked commune the entry screen's save buttons say why they are disabled. All on the demo's
 * latest round, 2025, on the map of 1/7/2025 (no district: step 5 is skipped); step 5 is then
 * recorded on the 2023 round, on the old map.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, watchErrors, type App } from './support';

const SHOT = (name: string) => `/tmp/wf-${name}.png`;

/** Picks "Xã Bình Mỹ" in a commune picker by keyboard. */
async function chooseBinhMy(page: Page, commune: Locator): Promise<void> {
  await expect.poll(() => commune.locator('option').count()).toBeGreaterThan(1);
  const names = await commune.locator('option').allTextContents();
  await commune.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < names.indexOf('Xã Bình Mỹ'); i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => commune.locator('option:checked').textContent()).toBe('Xã Bình Mỹ');
}

/** Fills a step's boxes in order by keyboard, then submits with Enter. */
async function fill(page: Page, step: Locator, values: readonly string[]): Promise<void> {
  await step.locator('input').first().focus();
  for (const [i, v] of values.entries()) {
    await page.keyboard.press('Control+a');
    if (v) await page.keyboard.type(v);
    if (i < values.length - 1) await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
}

describe('the workflow drops no household', () => {
  let app: App;
  let unscored: { code: string; head_name: string };
  let gone: { code: string; head_name: string; status: string };
  const problems: string[] = [];

  beforeAll(async () => {
    const db = demoDatabase(300, 7);
    // The workflow opens on the demo's latest round, 2025 (new map; xã Bình Mỹ 30487 took in the
    // old Bình Mỹ), whose previous round is 2023. Two of Bình Mỹ's 2023 poor / near-poor households,
    // as this year's data leaves them: one keyed without a complete Phiếu B (no result), one not in
    // the 2025 round at all.
    const raw = new Database(db);
    const onLists = raw
      .prepare(
        `SELECT h.id, h.code, h.head_name, s.status FROM households h JOIN rounds r ON r.id = h.round_id AND r.year = 2025 JOIN units c ON c.id = h.commune_id AND c.name = 'Bình Mỹ'
           JOIN households p ON p.code = h.code JOIN rounds pr ON pr.id = p.round_id AND pr.year = 2023 JOIN results s ON s.household_id = p.id
         WHERE s.status IN ('poor', 'near_poor') ORDER BY h.id LIMIT 2`,
      )
      .all() as { id: number; code: string; head_name: string; status: string }[];
    unscored = onLists[0]!;
    gone = onLists[1]!;
    raw.prepare('DELETE FROM results WHERE household_id = ?').run(onLists[0]!.id);
    raw.prepare('DELETE FROM households WHERE id = ?').run(onLists[1]!.id);
    raw.close();
    app = await openApp(db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('walks the steps: list, unscored households opened in entry, missing ones, a decision typed "45/QĐ-UBND", the locked entry screen', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1600 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+4');
    await chooseBinhMy(page, page.locator('.workflow .entry-bar select').nth(1));
    const step = (start: string) => page.locator('section.wf-step').filter({ has: page.locator('h3', { hasText: start }) }).first();
    await step('1. ').waitFor();

    // The steps' numbers are the procedure's: 1 list, 2 review and score, 3 meeting, 4 posting (complaints within it), 5 district, 6 recognition.
    const headings = await page.locator('section.wf-step h3').allTextContents();
    expect(headings.map((h) => /^(\d+)\./u.exec(h)?.[1] ?? '-')).toEqual(['1', '2', '3', '4', '4', '4', '5', '-', '6']);
    expect(headings[7]).toMatch(/^Trước khi công nhận/u);

    // 1: built, with the requests counted, and recorded with its date.
    await step('1. ').getByRole('button', { name: 'Lập danh sách' }).click();
    await expect.poll(() => step('1. ').locator('[role="status"]').textContent()).toMatch(/^Đã lập danh sách: \d+ hộ cần rà soát, gồm \d+ hộ nghèo, cận nghèo năm trước và 0 hộ có giấy đề nghị \(Mẫu 01: 0; Mẫu 04: 0\)/u);
    await expect.poll(() => step('1. ').locator('.wf-recorded li').first().textContent()).toMatch(/^Lập ngày \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: \d+ hộ cần rà soát; 0 giấy đề nghị/u);

    // 2: the unscored household, with a key that opens it in entry.
    const two = step('2. ');
    await expect.poll(() => two.locator('[role="alert"]').textContent()).toMatch(/^Còn 1 hộ trong danh sách chưa được chấm điểm/u);
    const row = two.locator('tbody tr');
    expect(await row.locator('td').allTextContents()).toEqual([unscored.code, unscored.head_name, expect.any(String), 'Chưa đủ Phiếu B', 'Mở phiếu']);
    expect((await row.locator('td').nth(2).textContent())!.length).toBeGreaterThan(0);

    // Before the decision: last year's household missing this year.
    const missing = page.locator('section.wf-missing');
    await expect.poll(() => missing.locator('tbody tr').count()).toBe(1);
    expect(await missing.locator('tbody tr td').allTextContents()).toEqual([gone.code, gone.head_name, expect.any(String), gone.status === 'poor' ? 'Hộ nghèo' : 'Hộ cận nghèo']);
    await page.screenshot({ path: SHOT('workflow-before') });
    await missing.screenshot({ path: SHOT('workflow-missing') });

    // 4: recorded, shown with dd/mm/yyyy dates.
    await fill(page, step('4. Niêm yết'), ['20102025', '24102025', 'Trụ sở UBND xã']);
    await expect.poll(() => step('4. Niêm yết').locator('.wf-recorded li').textContent()).toBe('Niêm yết từ ngày 20/10/2025 đến ngày 24/10/2025 tại Trụ sở UBND xã.');
    // 5: the 2025 round is on the map of 1/7/2025, with no district: the step says it is skipped, and asks nothing.
    expect(await step('5. ').locator('p').textContent()).toBe('Đợt rà soát này không còn cấp huyện (từ 1/7/2025): bỏ qua bước này.');
    expect(await step('5. ').locator('input').count()).toBe(0);

    // 6: refused while the household is unscored, naming it.
    const six = step('6. ');
    expect(await six.locator('.wf-error').first().textContent()).toBe('Chưa thể công nhận: còn 1 hộ chưa được chấm điểm (xem bước 2).');
    await fill(page, six, ['45/QĐ-UBND', '05122025', 'Nguyễn Văn Mười', 'Chủ tịch']);
    await expect.poll(() => six.locator('[role="alert"]').textContent()).toContain(`Còn 1 hộ trong danh sách rà soát chưa được chấm điểm`);
    expect(await six.locator('[role="alert"]').textContent()).toContain(`${unscored.code} – ${unscored.head_name}`);

    // The key opens the household in entry (keyboard: focus the button, Enter); saved there, it is scored.
    await two.getByRole('button', { name: 'Mở phiếu' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toBe(`Đang sửa hộ ${unscored.code} – ${unscored.head_name}`);
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.getByRole('button', { name: 'Lưu (Ctrl+S)' }).click()]);
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);

    // Back to the workflow: nothing unscored; the decision, typed with its symbol, is kept as the number alone.
    await page.keyboard.press('Alt+4');
    await chooseBinhMy(page, page.locator('.workflow .entry-bar select').nth(1));
    await expect.poll(() => step('2. ').locator('.wf-ok').textContent()).toBe('Mọi hộ trong danh sách đã được chấm điểm.');
    await fill(page, step('6. '), ['45/QĐ-UBND', '05122025', 'Nguyễn Văn Mười', 'Chủ tịch']);
    // Leaving the box keeps the number alone: the box never reads "45/QĐ-UBND" beside its printed "/QĐ-UBND".
    expect(await step('6. ').locator('input[name="number"]').inputValue()).toBe('45');
    await expect.poll(() => step('6. ').locator('[role="status"]').textContent()).toMatch(/^Đã ghi Quyết định số 45\/QĐ-UBND; \d+ hộ được công nhận\. Xã đã khoá\.$/u);
    await expect.poll(() => step('6. ').locator('.wf-recorded li').textContent()).toBe('Quyết định số 45/QĐ-UBND ngày 05/12/2025, Chủ tịch Nguyễn Văn Mười ký.');
    expect(await page.locator('.workflow').textContent()).not.toContain('QĐ-UBND/QĐ-UBND');
    await step('6. ').screenshot({ path: SHOT('workflow-decided') });

    // The entry screen on the locked commune: the save buttons say why they are disabled.
    await page.keyboard.press('Alt+3');
    await chooseBinhMy(page, page.getByLabel('Xã/phường', { exact: true }));
    const village = page.getByLabel('Thôn/ấp', { exact: true });
    await expect.poll(() => village.locator('option').count()).toBeGreaterThan(1);
    await village.focus();
    await page.keyboard.press('ArrowDown');
    const saveButton = page.getByRole('button', { name: 'Lưu (Ctrl+S)' });
    await saveButton.waitFor();
    const why = 'Xã đã có quyết định công nhận ngày 05/12/2025: không sửa được. Muốn sửa, mở lại ở màn hình Quy trình rà soát (nút “Mở lại để sửa”, ghi rõ lý do), rồi lưu.';
    await expect.poll(() => saveButton.isDisabled()).toBe(true);
    expect(await saveButton.getAttribute('title')).toBe(why);
    const describedBy = await saveButton.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe(why);
    expect(await page.getByRole('button', { name: 'Lưu và mở hộ tiếp theo (Ctrl+Enter)' }).isDisabled()).toBe(true);
    await page.screenshot({ path: SHOT('entry-locked') });
    expect(fs.existsSync(SHOT('entry-locked'))).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('records the district opinion (step 5) on the 2023 round, on the old map', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1600 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+4');
    const roundPicker = page.locator('.workflow .entry-bar select').first();
    const round2023 = (await roundPicker.locator('option').allTextContents()).find((r) => r.startsWith('Rà soát định kỳ năm 2023'))!;
    await roundPicker.selectOption({ label: round2023 });
    await chooseBinhMy(page, page.locator('.workflow .entry-bar select').nth(1));
    const five = page.locator('section.wf-step').filter({ has: page.locator('h3', { hasText: '5. ' }) }).first();
    await fill(page, five, ['20112023', '88/UBND-LĐTBXH', 'Thống nhất']);
    await expect.poll(() => five.locator('.wf-recorded li').textContent()).toBe('Văn bản số 88/UBND-LĐTBXH ngày 20/11/2023: Thống nhất.');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('classifies again from step 2: the commune, or the whole round, with its progress; the locked commune keeps its results', { timeout: 150_000 }, async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1200 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+4');
    // The 2025 round's Bình Mỹ was recognised (and locked) by the first test: its own button is off.
    await chooseBinhMy(page, page.locator('.workflow .entry-bar select').nth(1));
    const two = page.locator('section.wf-step').filter({ has: page.locator('h3', { hasText: '2. ' }) }).first();
    const commune = two.getByRole('button', { name: 'Phân loại lại các hộ của xã' });
    await commune.waitFor();
    expect(await commune.isDisabled()).toBe(true);
    // The whole round: the other communes classified again, Bình Mỹ left as it is.
    const [started] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/jobs.start')), two.getByRole('button', { name: 'Phân loại lại cả đợt' }).click()]);
    expect(((await started.json()) as { ok: boolean }).ok).toBe(true);
    await expect
      .poll(() => two.locator('.wf-reclassify [role="status"]').last().textContent(), { timeout: 60_000 })
      .toMatch(/^Đã phân loại [\d.]+ hộ theo bộ tiêu chí vn-2022-2026 \(phiên bản [^)]+\); [\d.]+ hộ chưa đủ Phiếu B để phân loại; 1 xã đã có quyết định công nhận giữ nguyên kết quả\.$/u);
    await two.screenshot({ path: SHOT('reclassify-round') });

    // Another commune, open: its own button classifies it.
    const picker = page.locator('.workflow .entry-bar select').nth(1);
    const names = await picker.locator('option').allTextContents();
    const other = names.find((n) => n.startsWith('Xã ') && n !== 'Xã Bình Mỹ')!;
    await picker.selectOption({ label: other });
    await expect.poll(() => commune.isDisabled()).toBe(false);
    await commune.click();
    await expect
      .poll(() => two.locator('.wf-reclassify [role="status"]').last().textContent(), { timeout: 60_000 })
      .toMatch(/^Đã phân loại [\d.]+ hộ theo bộ tiêu chí vn-2022-2026 \(phiên bản [^)]+\); [\d.]+ hộ chưa đủ Phiếu B để phân loại\.$/u);
    await page.close();
    expect(problems).toEqual([]);
  });
});
