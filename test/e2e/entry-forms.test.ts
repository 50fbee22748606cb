/**
 * Keying the paper forms in a browser: the built renderer in Chromium against the local host
 * with a demo database. Keyboard only for the data; every value found again after a reload.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, demoDatabase, openApp, screenshot, openEntryAt, watchErrors, type App } from './support';

/** Types each value then Enter (the form's "next box"); an empty value just moves on. */
async function key(page: Page, values: readonly string[]): Promise<void> {
  for (const v of values) {
    if (v) await page.keyboard.type(v);
    await page.keyboard.press('Enter');
  }
}

const box = (page: Page, name: string) => page.locator(`.entry-form input[name="${name}"]`);

// Keyed into the round the entry screen opens on: the demo's latest, 2025 (reference date 01/10/2025),
// so that on that date the head is 48, his wife 44 and the children 14, 11 and 7 (three dependants).
// Mẫu 01 up to the current address, then the roster (row 01 = the head: only its other columns).
const HEAD = ['1', '05102025', 'Võ Văn Hùng', '1', '02041977', 'Kinh', '089077001234', '15062021', '', 'Tổ 5, ấp Bình Hưng', 'Tổ 5, ấp Bình Hưng'];
const HEAD_ROW = ['1', '1', '2', '3', '3', '2', '1', ''];
const MEMBERS = [
  ['Lâm Thị Mai', '2', '20111980', '2', 'Kinh', '089180004321', '', '1', '2', '3', '3', '2', '1', ''],
  ['Võ Thị Ngọc', '2', '03032011', '3', 'Kinh', '', '', '1', '1', '3', '5', '2', '1', '1'],
  ['Võ Văn Phúc', '1', '30/07/2014', '3', 'Kinh', '', '', '1', '1', '2', '5', '2', '1', '1'],
  ['Võ Văn Lộc', '1', '2018', '3', 'Kinh', '', '', '1', '1', '', '5', '2', '1', '1'],
];
// The unused roster row takes one Tab stop (its name box), not one per column.
const EMPTY_ROW = [''];
// Lý do, khu vực, 4 đặc điểm, rà soát viên, điểm A, 12 câu B2, diện tích nhà.
const REST = ['Chồng bị tai nạn lao động, mất sức', '1', '2', '2', '2', '2', 'Phạm Văn Bảy', '128', '2', '1', '2', '2', '2', '2', '2', '2', '1', '1', '2', '2', '36'];

describe('entry screens in a browser', () => {
  let app: App;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await openApp(demoDatabase(300, 7));
  });
  afterAll(() => app?.close());

  const newPage = async (): Promise<Page> => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    return page;
  };

  it('keys a whole household (head, 4 members, Phiếu B) by keyboard, saves, reloads and finds every value and the class', async () => {
    const page = await newPage();
    await openEntryAt(page, app.url);
    await key(page, HEAD);
    await key(page, HEAD_ROW);
    for (const m of MEMBERS) await key(page, m);
    await key(page, EMPTY_ROW);
    await key(page, REST);
    // Nguyên nhân nghèo: from the income box, Tab to the tick boxes; Space ticks 1 and 3.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('a.monthlyIncome');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('causes.land');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('causes.labour');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('3. Thiếu lao động').isChecked()).toBe(true);
    await page.locator('.entry-form .causes').screenshot({ path: path.join(SHOTS, 'entry-causes.png') });
    await expect.poll(() => page.locator('.entry-live .badge').first().textContent(), { timeout: 10_000 }).toBe('Hộ nghèo');
    expect(await page.locator('.entry-live .explanation').textContent()).toMatch(/^Hộ nghèo: điểm A 128 ≤ 140 \(nông thôn\) và thiếu hụt 3 chỉ số/u);
    expect(await box(page, 'm.0.sex').locator('xpath=..').textContent()).toContain('Nam');
    await screenshot(page, 'entry-keyed');
    // Each paper form whole, in a window tall enough to hold it.
    await page.setViewportSize({ width: 1366, height: 2600 });
    for (const [name, label] of [['GIẤY ĐỀ NGHỊ', 'entry-mau01'], ['Đặc điểm hộ', 'entry-household'], ['PHIẾU A – Phiếu nhận dạng nhanh đặc điểm hộ gia đình', 'entry-phieu-a'], ['PHIẾU B – Phiếu rà soát hộ nghèo, hộ cận nghèo', 'entry-phieu-b']] as const) {
      await page.locator(`section[aria-label="${name}"]`).screenshot({ path: path.join(SHOTS, `${label}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });

    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.keyboard.press('Control+s')]);
    const out = ((await saved.json()) as { ok: boolean; value: { code: string; warnings: unknown[] } });
    expect(out.ok).toBe(true);
    expect(out.value.warnings).toEqual([]);
    await expect.poll(() => page.locator('.entry-notice').textContent()).toMatch(new RegExp(`^Đã lưu hộ ${out.value.code} lúc`, 'u'));

    await page.reload();
    await openEntryAt(page, app.url);
    const search = page.getByLabel('Mở hộ theo mã hoặc tên');
    await search.focus();
    await page.keyboard.type(out.value.code);
    await page.keyboard.press('Enter');
    await expect.poll(() => box(page, 'm.0.fullName').inputValue()).toBe('Võ Văn Hùng');
    const expectValues: Record<string, string> = {
      'request.kind': '1', 'request.receivedOn': '05/10/2025', 'm.0.sex': '1', 'm.0.birthDate': '02/04/1977', 'm.0.idNumber': '089077001234', 'm.0.idIssuedOn': '15/06/2021',
      address: 'Tổ 5, ấp Bình Hưng', 'm.0.relation': '1', 'm.0.education': '3',
      'm.1.fullName': 'Lâm Thị Mai', 'm.1.sex': '2', 'm.1.birthDate': '20/11/1980', 'm.1.idNumber': '089180004321',
      'm.2.fullName': 'Võ Thị Ngọc', 'm.2.nutrition': '1', 'm.3.birthDate': '30/07/2014', 'm.4.fullName': 'Võ Văn Lộc', 'm.4.birthDate': '2018', 'm.4.education': '',
      'request.reason': 'Chồng bị tai nạn lao động, mất sức', reviewer: 'Phạm Văn Bảy', 'a.scoreA': '128', 'a.b2.dependants': '1', 'a.b2.water': '1', 'a.b2.sanitation': '1',
      'a.b2.employment': '2', 'a.b2.informationDevices': '2', 'a.housingAreaM2': '36', 'flags.ethnicMinority': '2',
    };
    for (const [name, value] of Object.entries(expectValues)) expect(`${name}=${await box(page, name).inputValue()}`).toBe(`${name}=${value}`);
    const ticked = await page.locator('.entry-form .causes input:checked').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('name')));
    expect(ticked).toEqual(['causes.land', 'causes.labour']);

    // The saved request printed filled in, for the head to sign: what was keyed is on the paper.
    await page.getByRole('button', { name: 'In Mẫu 01 điền sẵn' }).click();
    const link = page.getByRole('link', { name: new RegExp(`M01-2025-30487-ho-${out.value.code}\\.pdf`, 'u') });
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    await page.locator('.entry-print').screenshot({ path: path.join(SHOTS, 'entry-print.png') });
    const pdf = path.join(SHOTS, 'entry-mau01-printed.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    await download.saveAs(pdf);
    const printed = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/gu, ' ');
    for (const s of ['Họ và tên: Võ Văn Hùng', 'Giới tính (1: Nam; 2: Nữ): 1', 'Sinh ngày 02 tháng 04 năm 1977; Dân tộc: Kinh', 'Số CCCD/CMND: 089077001234 Ngày cấp: 15/06/2021', '02 Lâm Thị Mai 2 20/11/1980', 'Lý do đề nghị: Chồng bị tai nạn lao động, mất sức', 'Bình Mỹ, ngày 05 tháng 10 năm 2025']) {
      expect(printed).toContain(s);
    }
    expect(await box(page, 'm.5.fullName').inputValue()).toBe('');
    await expect.poll(() => page.locator('.entry-live .badge').first().textContent(), { timeout: 10_000 }).toBe('Hộ nghèo');

    // Ctrl+Enter: saves and opens the next household of the village (in name order). Round 3 is the demo's 2025.
    const next = (await (await page.request.post(`${app.url}/api/entry.next`, { data: { householdId: (await (await page.request.post(`${app.url}/api/households.list`, { data: { roundId: 3, search: out.value.code, limit: 1 } })).json() as { value: { rows: { id: number }[] } }).value.rows[0]!.id } })).json()) as { value: { householdId: number | null } };
    await box(page, 'a.scoreA').focus();
    if (next.value.householdId === null) {
      // The last household of the village by name: a blank form follows.
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.locator('.entry-notice').textContent()).toBe('Đã là hộ cuối cùng của thôn: mở phiếu trống cho hộ mới.');
      expect(await box(page, 'm.0.fullName').inputValue()).toBe('');
    } else {
      const [, opened] = await Promise.all([page.keyboard.press('Control+Enter'), page.waitForResponse((r) => r.url().endsWith('/api/entry.form') && r.request().postData() === JSON.stringify({ householdId: next.value.householdId }))]);
      const nextForm = (await opened.json()) as { value: { code: string; form: { members: { fullName: string }[] } } };
      await expect.poll(() => box(page, 'm.0.fullName').inputValue()).toBe(nextForm.value.form.members[0]!.fullName);
      expect(await page.locator('.entry-heading').textContent()).toBe(`Đang sửa hộ ${nextForm.value.code} – ${nextForm.value.form.members[0]!.fullName}`);
    }
    await page.close();
  });

  it('refuses 31/02 in its box with a Vietnamese message, warns about an ID number that says a woman, and saves with the warning once the date is right', async () => {
    const page = await newPage();
    await openEntryAt(page, app.url);
    await key(page, ['1', '', 'Trần Văn Bé', '1', '31021990', 'Kinh', '089190001111']);
    await expect.poll(() => box(page, 'm.0.birthDate').locator('xpath=..').locator('[role="alert"]').textContent()).toBe('Ngày 31/2/1990 không có: tháng 2 năm 1990 chỉ có 28 ngày.');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.entry-live [role="alert"]').textContent()).toBe('Còn 1 ô chưa đúng: chưa lưu. Các giá trị đã gõ vẫn được giữ trong bản nháp.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('m.0.birthDate');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('28021990');
    await expect.poll(() => page.locator('.live-warnings').textContent(), { timeout: 10_000 }).toContain('Chữ số thứ 4 của số định danh (1) là của nữ, nhưng giới tính ghi là Nam.');
    await page.locator('section[aria-label="GIẤY ĐỀ NGHỊ"]').screenshot({ path: path.join(SHOTS, 'entry-warning.png') });
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.keyboard.press('Control+s')]);
    const out = (await saved.json()) as { ok: boolean; value: { householdId: number; warnings: { code: string }[] } };
    expect(out.ok).toBe(true);
    expect(out.value.warnings.map((w) => w.code)).toEqual(['ID_SEX']);
    await page.close();
  });

  it('restores a half-keyed form after the page is closed', async () => {
    const page = await newPage();
    await openEntryAt(page, app.url);
    const drafted = page.waitForResponse(async (r) => r.url().endsWith('/api/entry.drafts.save') && (r.request().postData() ?? '').includes('Huỳnh Thị Nở'));
    await key(page, ['1', '12102025', 'Huỳnh Thị Nở', '2', '1968']);
    await drafted;
    await page.close();

    // Back on the entry screen, the draft is listed (each new household keeps its own): opened, its values are back.
    const again = await newPage();
    await openEntryAt(again, app.url);
    await again.getByRole('button', { name: 'Mở bản nháp: Hộ mới: Huỳnh Thị Nở' }).click();
    await expect.poll(() => box(again, 'm.0.fullName').inputValue()).toBe('Huỳnh Thị Nở');
    expect(await box(again, 'm.0.birthDate').inputValue()).toBe('1968');
    expect(await box(again, 'request.receivedOn').inputValue()).toBe('12102025');
    expect(await again.locator('.entry-notice').textContent()).toMatch(/^Đã mở bản nháp lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/u);
    await again.close();
    expect(problems).toEqual([]);
  });
});
