/**
 * Issue 14, sections 2 and 3, in a browser: one name for a round and a commune on every screen,
 * the chosen round and commune kept across tabs (and a reload), drop-downs that find a commune
 * by its name, Alt+number for every tab, and the keying ergonomics of the entry screen and the
 * household list.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, watchErrors, type App } from './support';

const ROUND = 'Rà soát định kỳ năm 2025';
const COMMUNE = 'Xã Bình Mỹ';

let app: App;
let page: Page;
const problems: string[] = [];

const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`, 'u') });
const box = (name: string) => page.locator(`.entry-form input[name="${name}"]`);
const activeName = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('aria-label') ?? null);
/** The drop-down labelled so, on the screen shown. */
const picker = (label: string) => page.locator('.shell > .screen').getByLabel(label, { exact: true }).first();
/** The machine may be busy: wait long enough for a screen to answer. */
const WAIT = { timeout: 20_000 };
const checked = async (label: string) => (await picker(label).locator('option:checked').textContent())?.trim();

beforeAll(async () => {
  app = await openApp(demoDatabase(400, 5));
  page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  watchErrors(page, problems);
  await page.goto(app.url);
  await tab('Danh sách hộ').waitFor();
}, 400_000);

afterAll(() => app?.close());

describe('one name for a round and a commune, one choice for every tab', () => {
  it('a drop-down finds a commune by its name, not by its type word', async () => {
    await tab('Danh sách hộ').click();
    const commune = picker('Xã/phường');
    await expect.poll(() => commune.locator('option').count(), WAIT).toBeGreaterThan(2);
    await commune.focus();
    // "Xã Bình Mỹ" is found by typing "bi" (every option starts with "Xã").
    await page.keyboard.type('bi');
    await expect.poll(() => checked('Xã/phường'), WAIT).toBe(COMMUNE);
  });

  it('names the round and the commune the same way on every screen, and keeps them chosen across tabs', { timeout: 180_000 }, async () => {
    for (const name of ['Danh sách hộ', 'Nhập phiếu', 'Quy trình rà soát', 'Excel']) {
      await tab(name).click();
      await expect.poll(() => checked('Đợt rà soát'), { ...WAIT, message: name }).toBe(ROUND);
      await expect.poll(() => checked('Xã/phường'), { ...WAIT, message: name }).toBe(COMMUNE);
      // No household count or rule-set id inside a name.
      for (const text of await picker('Xã/phường').locator('option').allTextContents()) expect(text, name).not.toMatch(/\(|hộ\)/u);
    }
    await tab('In tài liệu').click();
    await expect.poll(() => checked('Đợt rà soát'), WAIT).toBe(ROUND);
    await expect.poll(() => checked('Đơn vị'), WAIT).toBe(COMMUNE);
    // A reload keeps the choice (sessionStorage).
    await page.reload();
    await tab('Excel').click();
    await expect.poll(() => checked('Xã/phường'), WAIT).toBe(COMMUNE);
  });

  it('Alt + the tab number opens every tab, past the tenth too (Alt held: 1 then 1)', { timeout: 120_000 }, async () => {
    const count = await page.getByRole('tab').count();
    for (let n = 1; n <= count; n++) {
      await page.locator('body').click({ position: { x: 5, y: 200 } }).catch(() => undefined);
      await page.keyboard.down('Alt');
      for (const digit of n === 10 ? '0' : String(n)) await page.keyboard.press(`Digit${digit}`);
      await page.keyboard.up('Alt');
      await expect.poll(() => page.getByRole('tab').nth(n - 1).getAttribute('aria-selected'), { ...WAIT, message: `tab ${n}` }).toBe('true');
    }
  });
});

describe('keying ergonomics', () => {
  it('Alt+N with no commune chosen says why it does nothing', async () => {
    await tab('Nhập phiếu').click();
    await picker('Xã/phường').selectOption({ label: 'Chọn xã…' });
    await page.keyboard.press('Alt+n');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Chưa chọn xã' }).count(), WAIT).toBe(1);
  });

  it('every coded box shows its codes ("Loại giấy đề nghị" too)', async () => {
    await picker('Xã/phường').selectOption({ label: COMMUNE });
    const village = picker('Thôn/ấp');
    await expect.poll(() => village.locator('option').count(), WAIT).toBeGreaterThan(1);
    await village.selectOption({ index: 1 });
    await page.waitForSelector('.entry-form');
    const kind = page.locator('.ef', { has: page.locator('input[name="request.kind"]') });
    expect(await kind.textContent()).toContain('1: Mẫu số 01');
    const coded = await page.locator('.entry-form input[data-coded]').evaluateAll((inputs) =>
      inputs.map((input) => {
        const field = input.closest('.ef')!;
        const visible = (field.querySelector('.ef-label')?.textContent ?? '') + (field.querySelector('.ef-codes')?.textContent ?? '');
        // A box in a table (roster, B2) has its codes in its column's header.
        const cell = input.closest('td');
        const table = input.closest('table');
        const header = cell && table ? (table.querySelectorAll('thead th')[(cell as HTMLTableCellElement).cellIndex]?.textContent ?? '') : '';
        return { name: input.getAttribute('name'), title: input.getAttribute('title') ?? '', shown: /\d+\s*:/u.test(visible) || /\d+\s*:|\d+–\d+/u.test(header) };
      }),
    );
    expect(coded.length).toBeGreaterThan(10);
    for (const c of coded) {
      expect(c.title, c.name!).toMatch(/^1: /u);
      expect(c.shown, c.name!).toBe(true);
    }
  });

  it('the unused roster row takes one Tab stop (its name), then Tab goes on past the roster', async () => {
    const lastRow = page.locator('.roster tbody tr').last();
    const name = lastRow.locator('input[name$=".fullName"]');
    await name.focus();
    await page.keyboard.press('Tab');
    expect(await activeName()).toBe('request.reason');
    // A name typed: the row is in use, its boxes take Tab again.
    await name.focus();
    await page.keyboard.type('Lê Văn Cường');
    await page.keyboard.press('Tab');
    expect(await activeName()).toMatch(/^m\.\d+\.(?!fullName)/u);
  });

  it('a restored draft has its first box selected: typing replaces it', async () => {
    // A household of the commune, found by a name, then known by its code.
    const openByCode = page.getByLabel('Mở hộ theo mã hoặc tên');
    await openByCode.fill('Nguyễn');
    await openByCode.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent(), WAIT).toMatch(/^Đang sửa hộ /u);
    const code = /^Đang sửa hộ (\S+)/u.exec((await page.locator('.entry-heading').textContent())!)![1]!;
    const drafted = page.waitForResponse((r) => r.url().endsWith('/api/entry.drafts.save'));
    await box('request.kind').fill('2');
    await drafted;
    // Open it again: the draft comes back with "2" in the first box, selected.
    await openByCode.fill(code);
    await openByCode.press('Enter');
    await expect.poll(() => page.locator('.entry-notice').textContent(), WAIT).toMatch(/^Đã khôi phục bản nháp lưu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}\.$/u);
    await expect.poll(activeName, WAIT).toBe('request.kind');
    expect(await box('request.kind').inputValue()).toBe('2');
    await page.keyboard.type('1');
    expect(await box('request.kind').inputValue()).toBe('1');
  });

  it('the draft "saved at" is the office clock, with its date (dd/mm/yyyy)', async () => {
    await expect.poll(() => page.locator('.entry-status .muted').textContent(), WAIT).toMatch(/^Bản nháp đã lưu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/u);
  });

  it('"/" works while the search box has the focus: the search starts anew', async () => {
    await tab('Danh sách hộ').click();
    const search = page.getByPlaceholder('Tìm theo tên, mã hộ, số CCCD…');
    await search.click();
    await search.fill('nguyen');
    await page.keyboard.press('/');
    expect(await search.inputValue()).toBe('nguyen');
    expect(await search.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 6]);
    await page.keyboard.type('tran');
    expect(await search.inputValue()).toBe('tran');
  });

  it('going to a household and back keeps the list\'s round, filters and search', async () => {
    const search = page.getByPlaceholder('Tìm theo tên, mã hộ, số CCCD…');
    await search.fill('');
    await picker('Phân loại').selectOption({ label: 'Không nghèo, không cận nghèo' });
    const firstHead = page.locator('.grid-body [data-index="0"] .cell-head');
    await expect.poll(() => firstHead.count(), WAIT).toBe(1);
    // A word of the first household's head name: the search finds at least that household.
    const word = (await firstHead.textContent())!.trim().split(/\s+/u).at(-1)!;
    await search.fill(word);
    await expect.poll(() => page.locator('.grid-body [data-index="0"]').count(), WAIT).toBe(1);
    // Open the first household in the entry tab (E on a row), then come back.
    await search.press('ArrowDown');
    await page.keyboard.press('e');
    await expect.poll(() => tab('Nhập phiếu').getAttribute('aria-selected'), WAIT).toBe('true');
    await tab('Danh sách hộ').click();
    await expect.poll(() => search.inputValue(), WAIT).toBe(word);
    // (The pickers' options are read again when the list comes back: until they arrive, a picker
    // holds only its first option. Polled, so that a slow answer is not taken for a lost choice.)
    await expect.poll(() => checked('Phân loại'), WAIT).toBe('Không nghèo, không cận nghèo');
    await expect.poll(() => checked('Đợt rà soát'), WAIT).toBe(ROUND);
    await expect.poll(() => checked('Xã/phường'), WAIT).toBe(COMMUNE);
    expect(problems).toEqual([]);
  });
});
