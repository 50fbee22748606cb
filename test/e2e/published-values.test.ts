/**
 * End to end: the screen «Giá trị công bố của bộ tiêu chí» in Chromium through the local HTTP
 * host (issue 15 item 3). The administrator changes the rural score A cut-off and one cell of the
 * Phiếu B1 point table (typed the Vietnamese way, "2,5", moving by Enter), types a box that is
 * not a number and is refused by the cell's name with nothing lost, fixes it, previews (the
 * changes name both, the sample's classes before/after are shown, the household keyed item by
 * item changes class), saves, and the new version is in use: read back by the screen and written
 * in the data folder with the new point.
 *
 * The point table is the SYNTHETIC one of test/fixtures/excel (never an official table), loaded
 * before the host starts through the real Excel load.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { ruleSetDirs } from '../../electron/core/rulesets/load';
import type { RuleSet } from '../../shared/engine/ruleset';
import { apiOf } from '../fixtures/api';
import { loadSyntheticB1 } from '../fixtures/b1-loaded';
import { RESOURCES, tempDir } from '../helpers';
import { SHOTS, demoDatabase, openApp, watchErrors, type App } from './support';

let app: App | undefined;
let page: Page;
let dbPath = '';
/** A rural household of the latest 2022–2026 round, keyed item by item (no paper total): 100 + 15 + 20 + 25 = 160. */
let keyed = { id: 0, code: '', headName: '' };
const problems: string[] = [];

beforeAll(async () => {
  dbPath = demoDatabase(60, 7);
  const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
  try {
    const services = createServices(core);
    const { call } = apiOf(() => services);
    await loadSyntheticB1(core, call, tempDir('rasoat-published-e2e-'));
    const h = core.db.sqlite
      .prepare(
        `SELECT h.id, h.code, h.head_name AS headName FROM households h JOIN rounds r ON r.id = h.round_id
          WHERE r.rule_set_id = 'vn-2022-2026' AND h.area = 'rural'
            AND r.id = (SELECT id FROM rounds WHERE rule_set_id = 'vn-2022-2026' ORDER BY year DESC, id DESC LIMIT 1)
          ORDER BY h.id LIMIT 1`,
      )
      .get() as typeof keyed;
    keyed = h;
    const roundId = core.db.sqlite.prepare('SELECT round_id FROM households WHERE id = ?').pluck().get(h.id) as number;
    const f = await call('entry.form', { householdId: h.id });
    const saved = await call('entry.save', {
      roundId,
      householdId: h.id,
      version: f.version,
      form: { ...f.form, answers: { ...f.form.answers, scoreA: null, b1Items: { 'B1.1': '2', 'B1.2': '2', 'B1.3': '1' }, b1Region: 'rural', monthlyIncome: null } },
    });
    expect(saved.result?.status).toBe('neither');
  } finally {
    core.close();
  }
  app = await openApp(dbPath);
  page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
  watchErrors(page, problems);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** A box of the B1 table by its cell's words. */
const cell = (item: string, option: string, region: string) => page.getByLabel(`Bảng điểm Phiếu B1 — câu «${item}» — phương án «${option}» — ${region}`, { exact: true });

describe('the published values screen', () => {
  it('edits a score A cut-off and a B1 cell, refuses a wrong box by name, previews, saves, and the new version is in use', async () => {
    await page.goto(app!.url);
    await page.getByRole('tab', { name: 'Giá trị công bố' }).click();
    const screen = page.locator('.published-screen');
    await screen.getByRole('combobox', { name: /^Bộ tiêu chí/u }).selectOption('vn-2022-2026');
    const table = screen.locator('table.published-b1-table');
    await table.waitFor({ timeout: 15_000 });
    // Laid out like the paper table: the base row, then one row per option under its item, a box per region.
    expect(await table.locator('thead th').allTextContents()).toEqual(['Câu hỏi', 'Phương án', 'Nông thôn', 'Thành thị']);
    expect(await table.locator('tbody tr').count()).toBe(1 + 8);
    expect(await table.locator('tbody th[rowspan="3"]').first().textContent()).toMatch(/B1\.1\s*Số nhân khẩu của hộ/u);
    expect(await screen.getByLabel('Bảng điểm Phiếu B1 — điểm cơ sở — Nông thôn', { exact: true }).inputValue()).toBe('100');
    expect(await cell('Loại nhà ở', 'Nhà tạm, nhà thiếu kiên cố', 'Thành thị').inputValue()).toBe('-15');
    await expect.poll(() => screen.getByText(/Thêm hoặc bớt câu hỏi, phương án hay vùng không làm ở đây: nạp lại cả bảng từ tệp Excel/u).count()).toBe(1);

    // The rural cut-off 140 → 150 (both areas typed, as the pair requires).
    await screen.locator('[data-field="scoreRural"]').fill('150');
    await screen.locator('[data-field="scoreUrban"]').fill('175');

    // Keyboard first: the motorbike's rural points typed "2,5", Enter to the urban box, a typo there.
    const motoRural = cell('Hộ có xe máy', 'Có', 'Nông thôn');
    const motoUrban = cell('Hộ có xe máy', 'Có', 'Thành thị');
    await motoRural.focus();
    await page.keyboard.type('2,5');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — Thành thị');
    await page.keyboard.type('1O');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Không» — Nông thôn');
    await screen.locator('[data-field="number"]').fill('Quyết định 20/QĐ-UBND');
    await screen.locator('[data-field="date"]').fill('01/02/2026');
    await screen.locator('[data-field="issuer"]').fill('UBND tỉnh An Giang');
    // Changed and wrong boxes are marked; the changed one shows the point in use beside it.
    expect(await motoRural.evaluate((e) => e.closest('td')!.className)).toMatch(/published-b1-changed/u);
    expect(await motoUrban.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => screen.locator('.published-b1-changes').textContent()).toMatch(/Đã sửa 1 ô.*câu «Hộ có xe máy» — phương án «Có» — Nông thôn: 25 → 2,5/u);

    await screen.getByRole('button', { name: 'Xem trước' }).click();
    const refusal = screen.locator('.error-text');
    await expect.poll(() => refusal.textContent()).toMatch(/Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — Thành thị: "1O" không phải là số/u);
    expect(await refusal.textContent()).toMatch(/Hãy nhập số điểm/u);
    expect(await screen.locator('.published-preview').count()).toBe(0);
    // Nothing lost: every typed value is still on the screen.
    expect([await motoRural.inputValue(), await motoUrban.inputValue(), await screen.locator('[data-field="scoreRural"]').inputValue()]).toEqual(['2,5', '1O', '150']);

    // Fixed (back to the point in use): only the rural cell is sent.
    await motoUrban.fill('15');
    await screen.getByRole('button', { name: 'Xem trước' }).click();
    const preview = screen.locator('.published-preview');
    await preview.waitFor({ timeout: 15_000 });
    expect(await refusal.count()).toBe(0);
    const changes = preview.locator('table.ruleset-diff');
    expect(await changes.locator('tr[data-path="scoreA.value.cutoff.rural"]').textContent()).toMatch(/140.*150/u);
    const b1Row = changes.locator('tr[data-path="b1PointTable.value.items[B1.3].options[1].points.rural"]');
    expect(await b1Row.textContent()).toBe('Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — Nông thôn252,5');
    expect(await changes.locator('tr[data-path^="b1PointTable.value"]').count()).toBe(1);
    // The part's status and its document's date in words, day first: no code, no ISO date.
    expect(await changes.locator('tr[data-path="b1PointTable.status"]').textContent()).toMatch(/Chưa đối chiếu văn bản.*Đã xác nhận/u);
    expect(await changes.locator('tr[data-path="b1PointTable.provenance.date"]').textContent()).toMatch(/01\/11\/2026.*01\/02\/2026/u);
    // The sample's classes before and after, and the keyed household: 160 − 25 + 2,5 = 137,5, under the cut-off.
    const counts = preview.locator('table.published-counts');
    expect(await counts.locator('thead th').allTextContents()).toEqual(['Phân loại', 'Trước', 'Sau']);
    expect(await counts.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await preview.getByText(/^Trước\/sau trên \d+ hộ của đợt "Rà soát định kỳ năm 2025"/u).count()).toBe(1);
    const moved = preview.getByRole('row', { name: new RegExp(`${keyed.code} — ${keyed.headName}`, 'u') });
    expect(await moved.textContent()).toMatch(/Không nghèo, không cận nghèo.*Hộ (cận )?nghèo/u);

    await table.evaluate((e) => e.closest('fieldset')!.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'published-values-b1-table.png') });
    await counts.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(SHOTS, 'published-values-preview.png') });

    await screen.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await expect.poll(() => screen.getByRole('status').filter({ hasText: 'Đã lưu phiên bản' }).textContent(), { timeout: 15_000 }).toMatch(
      /Đã lưu phiên bản 2022\.1\+20260201\.1\./u,
    );
    // The screen reads the version in use back: the new one, with the new point in its box.
    await expect.poll(() => screen.getByText(/^Đang dùng:/u).textContent()).toMatch(/2022\.1\+20260201\.1/u);
    await expect.poll(() => motoRural.inputValue()).toBe('2,5');
    expect(await motoRural.evaluate((e) => e.closest('td')!.className)).toMatch(/published-b1-same/u);
    // Written in the data folder as the administrator's copy, with the document.
    const saved = JSON.parse(fs.readFileSync(path.join(ruleSetDirs(RESOURCES, dbPath)[1]!, 'vn-2022-2026.json'), 'utf8')) as RuleSet;
    expect(saved.version).toBe('2022.1+20260201.1');
    expect(saved.scoreA.value?.cutoff).toEqual({ rural: 150, urban: 175 });
    const moto = saved.b1PointTable.value?.items.find((i) => i.id === 'B1.3')?.options.find((o) => o.id === '1');
    expect(moto?.points).toEqual({ rural: 2.5, urban: 15 });
    expect(saved.b1PointTable.provenance).toMatchObject({ document: 'Quyết định 20/QĐ-UBND (UBND tỉnh An Giang)', date: '2026-02-01' });
    expect(problems).toEqual([]);
  }, 60_000);
});
