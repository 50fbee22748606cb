/**
 * Year over year and household events in a browser: an event recorded from the detail panel
 * (with the Vietnamese refusals), one keystroke from the review table to the entry form, and a
 * 2026 round started from the demo's latest round (2025, on the map of 1/7/2025) on the workflow
 * screen, that then shows in the round pickers with its households (less the member recorded as
 * died in 2025).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumberVi } from '../../shared/text/format';
import { demoDatabase, openApp, screenshot, watchErrors, type App } from './support';

const SEARCH_PLACEHOLDER = 'Tìm theo tên, mã hộ, số CCCD…';

interface Row {
  index: number;
  id: string | null;
  code: string;
  head: string;
  members: number;
}

const renderedRows = (page: Page): Promise<Row[]> =>
  page.locator('.grid-body [role="row"]').evaluateAll((elements) =>
    elements
      .map((row) => ({
        index: Number(row.getAttribute('data-index')),
        id: row.getAttribute('data-household-id'),
        code: row.querySelector('.cell-code')?.textContent ?? '',
        head: row.querySelector('.cell-head')?.textContent ?? '',
        members: Number(row.querySelector('.cell-members')?.textContent ?? '0'),
      }))
      .sort((a, b) => a.index - b.index),
  );

const activeIndex = async (page: Page): Promise<number> => Number(await page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? 'NaN'));

/** From the search box, moves the keyboard to the first rendered row that passes `wanted`. */
async function walkTo(page: Page, wanted: (row: Row) => boolean): Promise<Row> {
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => activeIndex(page)).toBe(0);
  await expect.poll(async () => (await renderedRows(page)).length > 0 && (await renderedRows(page)).every((r) => r.id !== null)).toBe(true);
  const hit = (await renderedRows(page)).find(wanted);
  if (!hit) throw new Error('no rendered row is the one wanted');
  for (let i = 0; i < hit.index; i++) await page.keyboard.press('ArrowDown');
  expect(await activeIndex(page)).toBe(hit.index);
  return hit;
}

describe('new round, household events and the way from the list to the form', () => {
  let app: App;
  let page: Page;
  const problems: string[] = [];
  /** The household whose member is recorded as died, in the 2025 round (the latest of the demo, where the list opens). */
  let target: Row;
  let diedName = '';

  beforeAll(async () => {
    app = await openApp(demoDatabase(300, 7));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    // The app opens on the overview (Alt+1); the list is the second tab.
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('.grid-body [role="row"][data-household-id]');
  });
  afterAll(() => app?.close());

  it('records a "died" event from the household detail, refusing what cannot be stored, and lists it', async () => {
    await expect.poll(() => page.getByLabel('Đợt rà soát').locator('option:checked').textContent()).toMatch(/^Rà soát định kỳ năm 2025/u);
    target = await walkTo(page, (r) => r.members >= 3);
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog');
    await expect.poll(() => detail.locator('.head-name').textContent()).toBe(target.head);
    const section = detail.locator('section.household-events');
    await expect.poll(() => section.locator('p.muted').first().textContent()).toBe('Chưa ghi biến động nào.');

    // Kind "Thành viên chết" is the first choice; a date that does not exist and no member.
    const form = section.getByRole('form', { name: 'Ghi biến động mới' });
    expect(await form.locator('select[name="kind"] option:checked').textContent()).toBe('Thành viên chết');
    await form.locator('input[name="occurredOn"]').fill('31022025');
    await form.locator('input[name="occurredOn"]').press('Enter');
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.locator('li').allTextContents()).toEqual([
      'Ngày xảy ra: Ngày 31/2/2025 không có: tháng 2 năm 2025 chỉ có 28 ngày.',
      'Chọn thành viên chết hoặc chuyển đi.',
    ]);

    // The second member of the roster died on 2/11/2025.
    const member = form.locator('select[name="memberId"]');
    const options = await member.locator('option').allTextContents();
    diedName = options[2]!.replace(/^\d+\. /u, '');
    await member.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await member.locator('option:checked').textContent()).toBe(options[2]);
    await form.locator('input[name="occurredOn"]').fill('02112025');
    await form.locator('input[name="note"]').fill('Giấy chứng tử số 12');
    await form.locator('input[name="note"]').press('Enter');
    await expect.poll(() => form.getByRole('status').locator('li').first().textContent()).toBe(`Đã ghi: Thành viên chết – ${diedName}, ngày 02/11/2025.`);
    const rows = section.locator('table.events tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['02/11/2025', 'Thành viên chết', diedName, '–', 'Giấy chứng tử số 12']);
    // The change history (audited) shows it too.
    await expect.poll(() => detail.locator('table.changes').textContent()).toContain('Biến động: Thành viên chết');

    // The same person cannot die twice: marked in the list, and refused by the core in Vietnamese.
    await expect.poll(() => member.locator('option').nth(2).textContent()).toBe(`${options[2]} (đã ghi: thành viên chết)`);
    await member.selectOption({ index: 2 });
    await form.locator('input[name="occurredOn"]').fill('03112025');
    await form.locator('input[name="occurredOn"]').press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Thành viên này đã được ghi là chết hoặc chuyển đi trong đợt này.');
    expect(await rows.count()).toBe(1);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'entry-events');
  });

  it('goes from the detail ("Sửa phiếu") and from a row (E) to the entry form of that household', async () => {
    const detail = page.getByRole('dialog');
    await detail.getByRole('button', { name: /Sửa phiếu/u }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Nhập phiếu/u }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toBe(`Đang sửa hộ ${target.code} – ${target.head}`);

    // Back to the list: the row key.
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.locator('.top-bar .total').textContent()).toMatch(/^[\d.]+ hộ$/u);
    await page.getByPlaceholder(SEARCH_PLACEHOLDER).focus();
    // The list keeps the place chosen on the entry screen (the household's commune and village).
    const other = await walkTo(page, (r) => r.code !== target.code);
    await screenshot(page, 'entry-from-list-row');
    await page.keyboard.press('e');
    await expect.poll(() => page.getByRole('tab', { name: /Nhập phiếu/u }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toBe(`Đang sửa hộ ${other.code} – ${other.head}`);
    expect(await page.locator('.entry-form input[name="m.0.fullName"]').inputValue()).toBe(other.head);
    expect(await page.getByLabel('Xã/phường', { exact: true }).locator('option:checked').textContent()).not.toBe('Chọn xã…');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('request.kind');
    await screenshot(page, 'entry-from-list');
  });

  it('starts the 2026 round from the 2025 round on the workflow screen; it shows in the round pickers with its households', async () => {
    await page.keyboard.press('Alt+4');
    const openButton = page.getByRole('button', { name: 'Bắt đầu đợt rà soát mới…' });
    await openButton.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Bắt đầu đợt rà soát mới' });
    // The panel offers the latest round (2025, on the new map) to take the households from, and the year after it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('fromRoundId');
    const fromOption = (await form.locator('select[name="fromRoundId"] option:checked').textContent())!;
    expect(fromOption).toMatch(/^Rà soát định kỳ năm 2025 – [\d.]+ hộ$/u);
    const households2025 = Number(/– ([\d.]+) hộ$/u.exec(fromOption)![1]!.replace(/\./gu, ''));
    expect(await form.locator('input[name="year"]').inputValue()).toBe('2026');
    expect(await form.locator('select[name="kind"] option:checked').textContent()).toBe('Định kỳ');
    expect(await form.locator('input[name="title"]').inputValue()).toBe('Rà soát định kỳ năm 2026');
    // The reference date is 01/09 of the year; the map is the one in force on it (no district any more).
    expect(await form.locator('input[name="referenceDate"]').inputValue()).toBe('01/09/2026');
    expect(await form.locator('input[name="unitMapDate"]').inputValue()).toBe('01/09/2026');
    // The rule set is the national one in force on the reference date; its unverified parts are named.
    await expect.poll(() => form.locator('output[name="ruleSetId"]').textContent()).toBe(
      'Chuẩn nghèo đa chiều quốc gia giai đoạn 2022-2025 (áp dụng đến hết năm 2026) – vn-2022-2026',
    );
    const parts = form.locator('.wf-ruleset-parts');
    expect(await parts.textContent()).toContain('Chưa đối chiếu văn bản');
    expect(await parts.textContent()).toContain('Bản đồ mới, không còn cấp huyện');

    // 2025 again for a periodic round taken from 2025 is refused.
    await form.locator('input[name="year"]').fill('2025');
    await form.locator('input[name="year"]').press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Năm của đợt định kỳ mới phải sau 2025.');
    await form.locator('input[name="year"]').fill('2026');
    await form.locator('input[name="year"]').press('Enter');
    const confirm = form.getByRole('group', { name: 'Xác nhận bắt đầu đợt mới' });
    await expect.poll(() => confirm.locator('li').count()).toBe(3);
    const lines = await confirm.locator('li').allTextContents();
    expect(lines[0]).toBe('Tạo đợt “Rà soát định kỳ năm 2026”, bộ tiêu chí vn-2022-2026.');
    expect(lines[1]).toBe(`Lấy ${formatNumberVi(households2025)} hộ (cùng thành viên) từ Rà soát định kỳ năm 2025.`);
    expect(lines[2]).toMatch(/^Phạm vi: Tỉnh An Giang \([\d.]+ xã trên bản đồ ngày 01\/09\/2026\); tuổi tính đến ngày 01\/09\/2026\.$/u);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Bắt đầu đợt mới');
    await screenshot(page, 'workflow-new-round-confirm');
    await page.keyboard.press('Enter');

    const status = page.locator('.wf-new-round [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Đã bắt đầu Rà soát định kỳ năm 2026: đã sao chép [\d.]+ hộ, [\d.]+ thành viên\./u);
    const copied = Number(/sao chép ([\d.]+) hộ/u.exec((await status.textContent())!)![1]!.replace(/\./gu, ''));
    // Every household of 2025 came over (both rounds are on the new map: none waits for a commune).
    expect(copied).toBeGreaterThan(200);
    expect(copied).toBe(households2025);
    const roundPicker = page.locator('.workflow .entry-bar select').first();
    await expect.poll(() => roundPicker.locator('option:checked').textContent()).toMatch(/^Rà soát định kỳ năm 2026/u);
    await screenshot(page, 'workflow-new-round-done');

    // The household list opens on the new round, with the copied households.
    await page.keyboard.press('Alt+2');
    const listPicker = page.getByLabel('Đợt rà soát');
    await expect.poll(() => listPicker.locator('option:checked').textContent()).toMatch(/^Rà soát định kỳ năm 2026/u);
    await expect.poll(() => page.locator('.top-bar .total').textContent()).toBe(`${formatNumberVi(copied)} hộ`);
    expect(await listPicker.locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Rà soát định kỳ năm 2025/u)]));

    // The household of the event came over without the member who died.
    const search = page.getByPlaceholder(SEARCH_PLACEHOLDER);
    await search.fill(target.code);
    await expect.poll(async () => (await renderedRows(page)).map((r) => r.code)).toEqual([target.code]);
    const [copy] = await renderedRows(page);
    expect(copy!.members).toBe(target.members - 1);
    await search.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog');
    await expect.poll(() => detail.locator('.members tbody tr').count()).toBe(target.members - 1);
    expect(await detail.locator('.members').textContent()).not.toContain(diedName);
    await screenshot(page, 'households-2026');
  });

  it('opens a household of an older round in the entry form on that round', async () => {
    await page.keyboard.press('Escape');
    const listPicker = page.getByLabel('Đợt rà soát');
    const round2025 = (await listPicker.locator('option').allTextContents()).find((r) => r.startsWith('Rà soát định kỳ năm 2025'))!;
    await listPicker.selectOption({ label: round2025 });
    const search = page.getByPlaceholder(SEARCH_PLACEHOLDER);
    await search.fill(target.code);
    await expect.poll(async () => (await renderedRows(page)).map((r) => `${r.code} ${r.members}`)).toEqual([`${target.code} ${target.members}`]);
    await search.press('ArrowDown');
    await page.keyboard.press('F2');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toBe(`Đang sửa hộ ${target.code} – ${target.head}`);
    expect(await page.locator('.entry-bar select').first().locator('option:checked').textContent()).toBe(round2025);
    // Still the 2025 roster: the member who died in November 2025 is on it.
    const names = await page.locator('.entry-form .roster input[name$=".fullName"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain(diedName);
  });

  it('raised no page or console errors', () => {
    expect(problems).toEqual([]);
  });
});
