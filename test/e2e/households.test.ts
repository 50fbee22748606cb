/**
 * End to end: the built renderer (out/renderer) in Chromium, served with a demo database by the
 * local HTTP host, driven the way an officer works: keyboard first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../../shared/text/fold';
import { formatNumberVi } from '../../shared/text/format';
import { demoDatabase, openApp, screenshot, watchErrors, type App } from './support';

const HOUSEHOLDS = 3000;
const SEARCH_PLACEHOLDER = 'Tìm theo tên, mã hộ, số CCCD…';

interface ListInput {
  roundId: number;
  search?: string;
  offset?: number;
  /** The totals row's own request (limit 1). */
  totals?: boolean;
}

/**
 * Runs an action and waits for the first page of the list it causes (the request whose input
 * passes `match`), then for the screen to show that page. Resolves with the page's total.
 */
async function listAfter(page: Page, action: () => Promise<unknown>, match: (input: ListInput) => boolean): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      if (!r.url().endsWith('/api/households.list')) return false;
      const input = JSON.parse(r.request().postData() ?? '{}') as ListInput;
      // A page request (the totals row's own request, limit 1, is not a page of the grid).
      return (input.offset ?? 0) === 0 && input.totals !== true && match(input);
    }),
    action(),
  ]);
  const { value } = (await response.json()) as { value: { total: number; rows: { id: number }[] } };
  await expect.poll(() => page.locator('.top-bar .total').textContent()).toBe(`${formatNumberVi(value.total)} hộ`);
  if (value.rows[0]) {
    await expect.poll(() => page.locator('.grid-body [data-index="0"]').getAttribute('data-household-id')).toBe(String(value.rows[0]!.id));
  }
  return value.total;
}

/** Types into the search box and waits for the list of that search. */
async function search(page: Page, text: string): Promise<number> {
  const box = page.getByPlaceholder(SEARCH_PLACEHOLDER);
  await box.fill('');
  return listAfter(page, () => box.pressSequentially(text), (input) => input.search === text);
}

interface RenderedRow {
  index: number;
  householdId: string | null;
  head: string;
  scoreA: string;
}

/** The rows in the DOM (the virtualised window), in list order. */
const renderedRows = (page: Page): Promise<RenderedRow[]> =>
  page.locator('.grid-body [role="row"]').evaluateAll((elements) =>
    elements
      .map((row) => ({
        index: Number(row.getAttribute('data-index')),
        householdId: row.getAttribute('data-household-id'),
        head: row.querySelector('.cell-head')?.textContent ?? '',
        scoreA: row.querySelector('.cell-scoreA')?.textContent ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  );

const activeIndex = async (page: Page): Promise<number> =>
  Number(await page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? 'NaN'));

/**
 * From the search box, walks the list with the keyboard (ArrowDown, PageDown) until the active
 * row is the first one that passes `wanted`, the way an officer would scan for it.
 */
async function walkTo(page: Page, wanted: (row: RenderedRow) => boolean): Promise<RenderedRow> {
  await page.keyboard.press('ArrowDown');
  expect(await activeIndex(page)).toBe(0);
  for (let pageDowns = 0; pageDowns < 200; pageDowns++) {
    const from = await activeIndex(page);
    // Wait for the window's rows to arrive before judging them.
    await expect.poll(async () => (await renderedRows(page)).every((r) => r.householdId !== null)).toBe(true);
    const rows = await renderedRows(page);
    const hit = rows.find((r) => r.index >= from && wanted(r));
    if (hit) {
      for (let i = from; i < hit.index; i++) await page.keyboard.press('ArrowDown');
      expect(await activeIndex(page)).toBe(hit.index);
      return hit;
    }
    await page.keyboard.press('PageDown');
    if ((await activeIndex(page)) === from) break;
  }
  throw new Error('no row in the list is the one wanted');
}

describe('the household list in a browser', () => {
  let app: App;
  let page: Page;
  let roundTotal = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await openApp(demoDatabase(HOUSEHOLDS, 7));
    // A commune office laptop.
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(page, problems);
  });

  afterAll(() => app?.close());

  it('opens the list (Alt+2, after the overview) with the search box focused and the round picker filled from the data', async () => {
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.locator('.top-bar .total').textContent()).toMatch(/^[\d.]+ hộ$/u);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe(SEARCH_PLACEHOLDER);

    const roundPicker = page.getByLabel('Đợt rà soát');
    const rounds = await roundPicker.locator('option').allTextContents();
    const round2023 = rounds.find((r) => r.startsWith('Rà soát định kỳ năm 2023'));
    expect(round2023, `rounds offered: ${rounds.join(' | ')}`).toBeDefined();
    const roundId = Number(await roundPicker.locator('option', { hasText: round2023! }).getAttribute('value'));
    if ((await roundPicker.inputValue()) === String(roundId)) {
      // The latest round opens first: 2023 may already be the one shown.
      roundTotal = Number((await page.locator('.top-bar .total').textContent())!.replace(/\D/gu, ''));
    } else {
      roundTotal = await listAfter(page, () => roundPicker.selectOption({ label: round2023! }), (input) => input.roundId === roundId);
    }
    expect(await roundPicker.inputValue()).toBe(String(roundId));
    expect(roundTotal).toBeGreaterThan(200);
    expect(await page.locator('.grid-body [role="row"][data-household-id]').count()).toBeGreaterThan(0);
    await screenshot(page, 'households-list');
  });

  it('finds "Nguyễn Văn" by typing "nguyen van" and opens the household with the keyboard', async () => {
    await page.keyboard.press('/');
    await search(page, 'nguyen van');
    await screenshot(page, 'households-search');

    // The first "Nguyễn Văn …" head with a score A, so that its explanation compares score A.
    const target = await walkTo(page, (row) => row.head.startsWith('Nguyễn Văn') && /^\d/u.test(row.scoreA));
    await screenshot(page, 'households-walk');
    await page.keyboard.press('Enter');

    const detail = page.getByRole('dialog');
    await expect.poll(() => detail.locator('.head-name').textContent()).toBe(target.head);
    const badge = detail.locator('.result-head .badge');
    expect(await badge.textContent()).toMatch(/^Hộ nghèo|^Hộ cận nghèo|^Không nghèo|^Hộ có mức sống trung bình/u);
    expect(await detail.locator('.explanation').first().textContent()).toMatch(/điểm A \d+ (≤|>) \d+/u);
    expect(await detail.locator('.members tbody tr').count()).toBeGreaterThan(0);
    expect(await detail.locator('.indicators tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'household-detail');
    await detail.locator('.detail-content').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await screenshot(page, 'household-detail-bottom');

    // Escape closes the detail and gives the keyboard back to the same row.
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    expect(await activeIndex(page)).toBe(target.index);
  });

  it('folds đ in search: "dao" finds the "Đào" households', async () => {
    await page.keyboard.press('/');
    const found = await search(page, 'dao');
    expect(found).toBeGreaterThan(0);
    const row = await walkTo(page, (r) => r.head.startsWith('Đào '));
    expect(fold(row.head)).toContain('dao');
    await screenshot(page, 'households-search-dao');
  });

  it('renders only the rows in view and fetches the rest page by page', async () => {
    await page.keyboard.press('/');
    const box = page.getByPlaceholder(SEARCH_PLACEHOLDER);
    const total = await listAfter(page, () => box.fill(''), (input) => input.search === undefined);
    expect(total).toBe(roundTotal);
    expect(await page.locator('.grid-body [role="row"]').count()).toBeLessThan(80);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    const last = page.locator(`.grid-body [role="row"][data-index="${total - 1}"]`);
    await expect.poll(() => last.getAttribute('data-household-id')).toMatch(/^\d+$/u);
    expect(await last.locator('.cell-seq').textContent()).toBe(formatNumberVi(total));
  });

  it('sorts by a column when its header is clicked, with an arrow', async () => {
    await page.keyboard.press('Home');
    const header = page.getByRole('columnheader', { name: /Chủ hộ/u });
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(await header.textContent()).toContain('▼');
    await expect
      .poll(async () => {
        const heads = (await renderedRows(page)).filter((r) => r.householdId !== null).map((r) => r.head);
        return heads.length > 1 && heads[0]!.localeCompare(heads[1]!, 'vi') >= 0;
      })
      .toBe(true);
    await screenshot(page, 'households-sorted');
  });

  it('says in Vietnamese what failed when a call fails, and recovers on "Thử lại"', async () => {
    const failure = { ok: false, error: { code: 'DB_OPEN_FAILED', message: 'SQLITE_BUSY: database is locked' } };
    await page.route('**/api/households.list', (route) => route.fulfill({ json: failure }));
    await page.keyboard.press('/');
    await page.keyboard.type('le van');
    const banner = page.getByRole('alert');
    await expect.poll(() => banner.getAttribute('data-error-code')).toBe('DB_OPEN_FAILED');
    expect(await banner.textContent()).toContain('Không mở được tệp dữ liệu');
    await screenshot(page, 'households-error');

    await page.unroute('**/api/households.list');
    await listAfter(page, () => banner.getByRole('button', { name: 'Thử lại' }).click(), (input) => input.search === 'le van');
    expect(await banner.count()).toBe(0);
  });

  it('leads an office with no round yet to create its first one', async () => {
    const empty = await app.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await empty.route('**/api/rounds.list', (route) => route.fulfill({ json: { ok: true, value: [] } }));
    await empty.goto(app.url);
    const state = empty.getByRole('heading', { name: 'Chưa có đợt rà soát nào' });
    await expect.poll(() => state.count()).toBe(1);
    // The demo's office (Tỉnh An Giang) is named; the first round is made right there, or by the command line.
    expect(await empty.locator('.empty-state').textContent()).toContain('Tỉnh An Giang');
    expect(await empty.locator('.empty-state').textContent()).toContain('round create');
    await expect.poll(() => empty.getByRole('button', { name: 'Bắt đầu đợt rà soát mới…' }).count()).toBe(1);
    await screenshot(empty, 'no-round');
    await empty.close();
  });

  it('raised no page or console errors', () => {
    expect(problems).toEqual([]);
  });
});
