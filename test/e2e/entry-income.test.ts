/**
 * The entry screen under the 2027 rule set (issue 15 items 1, 2, 4): income is B1's main box with
 * the income lines in the period's words ("khu vực đô thị"), and the income worksheet (Alt+T) is
 * keyed line by line, saved on the household's version, its result put in the income box, and the
 * household's class follows the 2027 rule (income at or under the line, 3 deprivations: poor).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { apiOf } from '../fixtures/api';
import { RESOURCES } from '../helpers';
import { SHOTS, demoDatabase, openApp, watchErrors, type App } from './support';

const IDS_2027 = ['employment', 'dependants', 'nutrition', 'healthInsurance', 'adultEducation', 'childSchooling', 'housingQuality', 'housingArea', 'water', 'sanitation', 'telecom', 'waste'];

let app: App;
let round2027 = 0;
/** An urban household of the 2027 round with 3 deprivations (employment, water, waste) and no income yet. */
let household = { id: 0, code: '', members: 0 };

beforeAll(async () => {
  const db = demoDatabase(40, 7);
  const core = new Core({ dbPath: db, resourcesDir: RESOURCES, actor: 'test' });
  try {
    const services = createServices(core);
    const { call } = apiOf(() => services);
    const latest = core.db.sqlite.prepare('SELECT id FROM rounds ORDER BY year DESC LIMIT 1').pluck().get() as number;
    const started = await call('rounds.start', { fromRoundId: latest, year: 2027, kind: 'periodic', title: 'Rà soát định kỳ năm 2027', ruleSetId: 'vn-2027-2030', unitMapDate: '2027-09-01', referenceDate: '2027-09-01' });
    round2027 = started.roundId;
    const h = core.db.sqlite
      .prepare(
        `SELECT h.id, h.code, (SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) AS members FROM households h
         WHERE h.round_id = ? AND h.area = 'urban' AND (SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) >= 3 ORDER BY h.id LIMIT 1`,
      )
      .get(round2027) as { id: number; code: string; members: number };
    household = h;
    const f = await call('entry.form', { householdId: h.id });
    const b2 = Object.fromEntries(IDS_2027.map((id) => [id, ['employment', 'water', 'waste'].includes(id)]));
    await call('entry.save', { roundId: round2027, householdId: h.id, version: f.version, form: { ...f.form, answers: { ...f.form.answers, b2, monthlyIncome: null } } });
  } finally {
    core.close();
  }
  app = await openApp(db);
}, 180_000);
afterAll(() => app?.close());

async function openEntry(page: Page): Promise<void> {
  await page.goto(app.url);
  await page.waitForSelector('.tabs');
  await page.getByRole('tab', { name: /^Nhập phiếu/u }).click();
  await page.getByLabel('Đợt rà soát', { exact: true }).selectOption(String(round2027));
}

const live = (page: Page) => page.locator('.entry-live .live-result .badge');
const box = (page: Page, name: string) => page.locator(`.entry-form input[name="${name}"]`);

describe('income on the entry screen of a 2027 round', () => {
  it('shows the income lines in the 2027 words, keys the worksheet, and the class follows', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const problems = watchErrors(page);
    await openEntry(page);
    const search = page.getByLabel('Mở hộ theo mã hoặc tên', { exact: true });
    await search.fill(household.code);
    await search.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toContain(household.code);

    // B1 of 2027: income is the main box, without "nếu có"; the lines in the period's words.
    const hint = page.locator('[data-income-lines]');
    await expect.poll(() => hint.textContent()).toBe('Chuẩn: 2.200.000 đ (nông thôn) / 2.800.000 đ (khu vực đô thị)');
    expect(await page.getByRole('heading', { name: 'B1. Thu nhập bình quân đầu người (đồng/người/tháng)' }).count()).toBe(1);
    expect(await page.getByLabel('Thu nhập bình quân (đồng/người/tháng)', { exact: true }).count()).toBe(1);
    expect(await page.locator('.entry-form').textContent()).not.toContain('nếu có');
    expect(await page.getByLabel(/^Khu vực \(1: Nông thôn; 2: Đô thị\)/u).count()).toBe(1);
    // The box's codes in the same words: its hint, and the word shown once a code is typed.
    expect(await box(page, 'area').getAttribute('title')).toBe('1: Nông thôn; 2: Đô thị');
    // Indicators of 2027: waste, not information devices; no income yet: not classified.
    expect(await box(page, 'a.b2.waste').count()).toBe(1);
    expect(await box(page, 'a.b2.informationDevices').count()).toBe(0);
    await expect.poll(() => live(page).textContent()).toBe('Chưa đủ để phân loại');

    // Alt+T opens the worksheet: members default to the household's, the focus on the first box.
    await box(page, 'a.monthlyIncome').focus();
    await page.keyboard.press('Alt+T');
    const sheet = page.getByRole('dialog', { name: 'Phiếu tính thu nhập của hộ (12 tháng)' });
    await sheet.waitFor();
    const members = sheet.locator('input[name="income.members"]');
    await expect.poll(() => members.inputValue()).toBe(String(household.members));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('income.members');

    // Keyboard only: Enter adds a line (focus on its source), Tab through its boxes.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Dòng 1: Nguồn thu');
    await sheet.getByLabel('Dòng 1: Nguồn thu').selectOption({ label: 'Tiền lương, tiền công' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('lương công nhân');
    await page.keyboard.press('Tab');
    await page.keyboard.type('96.000.000');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Dòng 2: Nguồn thu');
    await sheet.getByLabel('Dòng 2: Nguồn thu').selectOption({ label: 'Trồng trọt' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('3 công ruộng');
    await page.keyboard.press('Tab');
    await page.keyboard.type('80000000');
    await page.keyboard.press('Tab');
    await page.keyboard.type('16 000 000');

    // (96 + 80 − 16) million ÷ members ÷ 12, rounded up.
    const expected = Math.ceil(160_000_000 / household.members / 12);
    const money = expected.toString().replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
    await expect.poll(() => sheet.locator('.income-formula').textContent()).toBe(
      `Thu nhập 12 tháng sau chi phí 160.000.000 đồng ÷ ${household.members} nhân khẩu ÷ 12 tháng = ${money} đồng/người/tháng.`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'entry-income-worksheet.png') });

    await sheet.getByRole('button', { name: 'Lưu', exact: true }).click();
    await sheet.waitFor({ state: 'detached' });
    await expect.poll(() => box(page, 'a.monthlyIncome').inputValue()).toBe(String(expected));
    // Urban line 2,800,000; 3 deprivations: poor under the 2027 rule (at or under the line is the test's setup).
    expect(expected).toBeLessThanOrEqual(2_800_000);
    await expect.poll(() => live(page).textContent()).toBe('Hộ nghèo');
    await expect.poll(() => page.locator('.entry-live .explanation').textContent()).toContain('khu vực đô thị');

    // The worksheet is stored: opened again, its lines are back; Esc closes it.
    await page.keyboard.press('Alt+T');
    await sheet.waitFor();
    await expect.poll(() => sheet.getByLabel('Dòng 2: Tổng thu 12 tháng (đồng)').inputValue()).toBe('80.000.000');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    // The form saves on the version after the worksheet's save (no conflict).
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.entry-notice').textContent()).toMatch(/^Đã lưu hộ /u);
    await page.screenshot({ path: path.join(SHOTS, 'entry-income-saved.png') });

    // A new household: the worksheet waits for the household to be saved.
    await page.keyboard.press('Alt+N');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toBe('Đang nhập hộ mới');
    await page.keyboard.press('Alt+T');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Lưu hộ trước khi lập phiếu thu nhập' }).count()).toBe(1);
    expect(await sheet.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('a worksheet saved after someone else saved the household is refused in Vietnamese, its lines kept, then saved on the newer version', async () => {
    const openHousehold = async () => {
      const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
      await openEntry(page);
      const search = page.getByLabel('Mở hộ theo mã hoặc tên', { exact: true });
      await search.fill(household.code);
      await search.press('Enter');
      await expect.poll(() => page.locator('.entry-heading').textContent()).toContain(household.code);
      return page;
    };
    const mine = await openHousehold();
    const problems = watchErrors(mine);
    await box(mine, 'a.monthlyIncome').focus();
    await mine.keyboard.press('Alt+T');
    const sheet = mine.getByRole('dialog', { name: 'Phiếu tính thu nhập của hộ (12 tháng)' });
    await expect.poll(() => sheet.getByLabel('Dòng 2: Tổng thu 12 tháng (đồng)').inputValue()).toBe('80.000.000');

    // Meanwhile another officer saves the household.
    const theirs = await openHousehold();
    await box(theirs, 'a.housingAreaM2').fill('45');
    await theirs.keyboard.press('Control+s');
    await expect.poll(() => theirs.locator('.entry-notice').textContent()).toMatch(/^Đã lưu hộ /u);
    await theirs.close();

    // A third line, then Lưu: refused, the lines stay on the worksheet.
    await sheet.locator('input[name="income.members"]').focus();
    await mine.keyboard.press('Enter');
    await sheet.getByLabel('Dòng 3: Nguồn thu').selectOption({ label: 'Chăn nuôi' });
    await sheet.getByLabel('Dòng 3: Tổng thu 12 tháng (đồng)').fill('12000000');
    await sheet.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toMatch(/^Hồ sơ hộ vừa được người khác lưu sau khi bạn mở phiếu: phiếu thu nhập chưa được lưu\./u);
    expect(await sheet.getByLabel('Dòng 3: Tổng thu 12 tháng (đồng)').inputValue()).toBe('12000000');
    expect(await box(mine, 'a.monthlyIncome').inputValue()).toBe(String(Math.ceil(160_000_000 / household.members / 12)));

    // Saved on the newer version: the form shows the other officer's value and the new income.
    await sheet.getByRole('button', { name: 'Lưu trên bản mới' }).click();
    await sheet.waitFor({ state: 'detached' });
    await expect.poll(() => box(mine, 'a.monthlyIncome').inputValue()).toBe(String(Math.ceil(172_000_000 / household.members / 12)));
    expect(await box(mine, 'a.housingAreaM2').inputValue()).toBe('45');
    // And the form saves on top of both without a conflict.
    await mine.keyboard.press('Control+s');
    await expect.poll(() => mine.locator('.entry-notice').textContent()).toMatch(/^Đã lưu hộ /u);
    expect(await mine.locator('.entry-merge').count()).toBe(0);
    expect(problems).toEqual([]);
    await mine.close();
  }, 120_000);

  it('offers the same worksheet (Alt+T, no Tab stop) on a 2025 household, for the middle-income track', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const problems = watchErrors(page);
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.getByRole('tab', { name: /^Nhập phiếu/u }).click();
    const picker = page.getByLabel('Đợt rà soát', { exact: true });
    const round2025 = await picker.locator('option', { hasText: 'Rà soát định kỳ năm 2025' }).getAttribute('value');
    await picker.selectOption(round2025!);
    const search = page.getByLabel('Mở hộ theo mã hoặc tên', { exact: true });
    await search.fill(household.code);
    await search.press('Enter');
    await expect.poll(() => page.locator('.entry-heading').textContent()).toContain(household.code);
    // Score A decides here: income is the optional box after the housing area, the button takes no Tab stop.
    expect(await page.locator('[data-income-lines]').count()).toBe(0);
    await box(page, 'a.monthlyIncome').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('causes.land');
    await page.keyboard.press('Alt+T');
    const sheet = page.getByRole('dialog', { name: 'Phiếu tính thu nhập của hộ (12 tháng)' });
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    // Esc closes the worksheet while it is still being read (a slow disk, a busy office server).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered: Promise<void> = Promise.resolve();
    await page.route('**/api/income.get', (route) => (answered = held.then(() => route.continue())));
    await page.keyboard.press('Alt+T');
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached', timeout: 5_000 });
    // The held request is let through and answered before the route is removed (else the removal answers it too).
    release();
    await answered;
    await page.unroute('**/api/income.get');

    // Esc, then Alt+T at once (a quick officer on a busy machine: the key arrives before the closed
    // worksheet's focus move back to the form): the worksheet opened again keeps the focus, so its
    // keys reach it and the next Esc still closes it.
    await page.keyboard.press('Alt+T');
    await sheet.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    // The worksheet opened again is read slowly (held): only the opening's own focus can hold it.
    let releaseAgain = () => {};
    const heldAgain = new Promise<void>((resolve) => (releaseAgain = resolve));
    let answeredAgain: Promise<void> = Promise.resolve();
    await page.route('**/api/income.get', (route) => (answeredAgain = heldAgain.then(() => route.continue())));
    const after = await page.evaluate(async () => {
      const key = (target: EventTarget, init: KeyboardEventInit) => target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
      key(document.activeElement!, { key: 'Escape', code: 'Escape' });
      // React renders the close in a microtask; no timer may run before the next key.
      for (let i = 0; i < 10; i++) await Promise.resolve();
      const closed = document.querySelector('[role="dialog"]') === null;
      key(window, { key: 't', code: 'KeyT', altKey: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { closed, focusInSheet: document.activeElement?.closest('[role="dialog"]') !== null };
    });
    expect(after).toEqual({ closed: true, focusInSheet: true });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached', timeout: 5_000 });
    releaseAgain();
    await answeredAgain;
    await page.unroute('**/api/income.get');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
