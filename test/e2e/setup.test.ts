import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToday } from '../../electron/core/units/find';
import { fold } from '../../shared/text/fold';
import { tempDir } from '../helpers';
import { createFirstAdmin, launchChromium, randomPassword, screenshot, signIn, startHost, watchErrors, type Host } from './support';

let host: Host;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  // An empty database: the file does not exist yet (nor any user: the first start creates the administrator).
  host = await startHost(path.join(tempDir(), 'new-office.sqlite'), { admin: false });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  errors = watchErrors(page);
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.close();
  host?.stop();
});

const shot = async (name: string): Promise<void> => {
  await page.screenshot({ path: `/tmp/setup-${name}.png`, fullPage: true });
  await screenshot(page, `setup-${name}`);
};

/** A call of the contract over the host, as the page makes it (with the page's session cookie). */
async function api<T>(method: string, input: unknown, url = host.url, from: Page = page): Promise<T> {
  const r = await from.request.post(`${url}/api/${method}`, { data: input });
  const body = (await r.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

describe('first run on an empty database', () => {
  it('creates the administrator first', async () => {
    await createFirstAdmin(page, { name: 'quantri', fullName: 'Lê Văn Quản', password: randomPassword() });
  });

  it('shows the setup instead of the demo hint', async () => {
    await page.getByRole('heading', { name: 'Thiết lập đơn vị' }).waitFor();
    expect(await page.getByText('npm run demo').count()).toBe(0);
    expect(await page.locator('.setup-steps li').allTextContents()).toEqual(['Bước 1. Đơn vị', 'Bước 2. Thôn, ấp', 'Bước 3. Người ký', 'Bước 4. Xong']);
  });

  it('finds the office by part of its name without diacritics, picked from the keyboard', async () => {
    const search = page.getByRole('combobox', { name: 'Tên đơn vị' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('binh my');
    const options = page.getByRole('option');
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const texts = await options.allTextContents();
    const target = texts.findIndex((s) => s.startsWith('Xã Bình Mỹ, tỉnh An Giang'));
    expect(target, texts.join(' | ')).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('[role=option][aria-selected=true]').textContent()).toMatch(/^Xã Bình Mỹ, tỉnh An Giangmã 30487$/u);
    await shot('office');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.setup-chosen').textContent()).toMatch(/Đơn vị đã chọn: Xã Bình Mỹ, tỉnh An Giang mã 30487/u);
    // The confirm button has the focus: Enter again takes the office.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thôn, ấp, tổ dân phố' }).waitFor();
    const status = await api<{ office: { code: string; fullName: string; provinceName: string } | null }>('setup.status', {});
    expect(status.office).toMatchObject({ code: '30487', fullName: 'Xã Bình Mỹ', provinceName: 'Tỉnh An Giang' });
  });

  it('adds two villages by pasting them, previewed first', async () => {
    await page.getByLabel('Loại khi dòng không ghi loại').selectOption('ap');
    await page.getByLabel('Danh sách (mỗi dòng một thôn, ấp)').fill('Ấp Bình Thạnh\nBình Hòa');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect.poll(() => page.locator('.setup-plan-table tbody tr').allTextContents()).toEqual([
      '1Ấp Bình Thạnh30487-01nông thôn',
      '2Ấp Bình Hòa30487-02nông thôn',
    ]);
    await page.getByRole('button', { name: 'Thêm 2 thôn, ấp' }).click();
    await expect.poll(() => page.locator('.setup-plan [role=status]').textContent()).toBe('Đã thêm 2 thôn, ấp.');
    await expect.poll(() => page.locator('.setup-village-table tbody tr td:first-child').allTextContents()).toEqual(['Ấp Bình Hòa', 'Ấp Bình Thạnh']);

    // The same list again is refused, row by row, in Vietnamese.
    await page.getByLabel('Danh sách (mỗi dòng một thôn, ấp)').fill('Bình Hoà');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect.poll(() => page.locator('.setup-row-problem').textContent()).toMatch(/Xã đã có Ấp Bình Hòa: không thêm trùng tên/u);
    await shot('villages');
    await page.getByLabel('Danh sách (mỗi dòng một thôn, ấp)').fill('');
  });

  it('records the signer, then finishes', async () => {
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Người ký văn bản' }).waitFor();
    await page.getByLabel('Chủ tịch UBND', { exact: true }).fill('Nguyễn Văn An');
    await page.getByLabel('Công chức phụ trách giảm nghèo').fill('Trần Thị Bình');
    await page.getByRole('button', { name: 'Lưu người ký' }).click();
    await expect.poll(() => page.locator('.setup-officials [role=status]').textContent()).toBe('Đã lưu người ký.');
    const communeId = (await api<{ office: { unitId: number } }>('setup.status', {})).office.unitId;
    expect(await api('documents.officials.get', { communeId })).toMatchObject({ chairman: 'Nguyễn Văn An', povertyOfficer: 'Trần Thị Bình' });

    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Đã thiết lập xong' }).waitFor();
    await expect.poll(() => page.locator('.setup-done').textContent()).toMatch(/Xã Bình Mỹ, tỉnh An Giang: 2 thôn, ấp\..*tạo đợt rà soát đầu tiên.*“Quy trình rà soát” → tạo đợt/u);
    await shot('done');
    await page.getByRole('button', { name: 'Vào ứng dụng' }).click();
    await page.getByRole('heading', { name: 'Chưa có đợt rà soát nào' }).waitFor();
    expect(await page.locator('.no-round-office').textContent()).toBe('Xã Bình Mỹ, tỉnh An Giang');
    await shot('no-round');
  });

  it('opens the normal shell once the first round exists, with the setup in its own tab', async () => {
    // The first round, created as the review screen or the command line creates it.
    await api('rounds.create', { year: 2026 });
    await page.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByRole('tab', { name: /Danh sách hộ/u }).waitFor();
    await page.getByRole('tab', { name: /Thiết lập/u }).click();
    await expect.poll(() => page.locator('.setup-tab .setup-current').first().textContent()).toMatch(/Xã Bình Mỹ, tỉnh An Giang/u);
    await expect.poll(() => page.locator('.setup-village-table tbody tr td:first-child').allTextContents()).toEqual(['Ấp Bình Hòa', 'Ấp Bình Thạnh']);
    await expect.poll(() => page.getByLabel('Chủ tịch UBND', { exact: true }).inputValue()).toBe('Nguyễn Văn An');
    await shot('tab');
  });

  it('imports more villages from an Excel file in the Thiết lập tab, previewed first', async () => {
    const file = path.join(tempDir(), 'thon-ap.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Mã', 'Tên', 'Loại', 'Khu vực']);
    ws.addRow([null, 'Vĩnh Lợi', 'Ấp', 'Nông thôn']);
    ws.addRow([null, 'Khóm Bình Mỹ', null, 'Thành thị']);
    await wb.xlsx.writeFile(file);
    await page.locator('.setup-tab input[type=file]').setInputFiles(file);
    await expect.poll(() => page.locator('.setup-plan-table tbody tr').allTextContents()).toEqual([
      '2Ấp Vĩnh Lợi30487-03nông thôn',
      '3Khóm Bình Mỹ30487-04thành thị',
    ]);
    await page.getByRole('button', { name: 'Thêm 2 thôn, ấp' }).click();
    await expect.poll(() => page.locator('.setup-village-table tbody tr td:first-child').allTextContents()).toEqual([
      'Ấp Bình Hòa',
      'Khóm Bình Mỹ',
      'Ấp Bình Thạnh',
      'Ấp Vĩnh Lợi',
    ]);
    const communeId = (await api<{ office: { unitId: number } }>('setup.status', {})).office.unitId;
    const villages = await api<{ fullName: string; area: string }[]>('villages.list', { communeId });
    expect(villages.find((v) => v.fullName === 'Khóm Bình Mỹ')?.area).toBe('urban');
    expect(errors).toEqual([]);
  });
});

describe('a province office', () => {
  let provinceHost: Host;
  let provincePage: Page;
  const dbPath = path.join(tempDir(), 'province-office.sqlite');
  beforeAll(async () => {
    provinceHost = await startHost(dbPath);
    provincePage = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    watchErrors(provincePage, errors);
    await signIn(provincePage, provinceHost.url, provinceHost.admin!);
  });
  afterAll(async () => {
    await provincePage?.close();
    provinceHost?.stop();
  });

  it("picks one of the province's communes from all of them, not from the country's first 30", async () => {
    const p = provincePage;
    await p.getByRole('heading', { name: 'Thiết lập đơn vị' }).waitFor();
    await p.getByLabel('Tỉnh, thành phố (xem mọi xã của tỉnh)').check();
    await p.getByRole('combobox', { name: 'Tên đơn vị' }).fill('an giang');
    const office = p.getByRole('option', { name: /^Tỉnh An Giang\s*mã 91$/u });
    await office.waitFor({ timeout: 30_000 });
    await office.click();
    await p.getByRole('button', { name: 'Lấy đơn vị này' }).click();
    await p.getByRole('heading', { name: 'Thôn, ấp, tổ dân phố' }).waitFor();

    await p.getByRole('combobox', { name: 'Xã, phường cần ghi thôn, ấp' }).fill('binh');
    const options = p.getByRole('option');
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // Every current An Giang (91) commune whose folded name contains "binh", read from the register in the database.
    const db = new Database(dbPath, { readonly: true });
    const today = localToday();
    const expected = (
      db
        .prepare(
          `SELECT c.code, c.name FROM units c JOIN units p ON p.id = c.parent_id
           WHERE c.level = 'commune' AND p.level = 'province' AND p.code = '91'
             AND c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to >= ?)`,
        )
        .all(today, today) as { code: string; name: string }[]
    )
      .filter((u) => fold(u.name).includes('binh'))
      .map((u) => u.code)
      .sort();
    db.close();
    // The country-wide search alone would leave fewer of them.
    const countryWide = await api<{ provinceName: string | null }[]>('units.find', { text: 'binh', level: 'commune', current: true }, provinceHost.url, provincePage);
    expect(expected.length).toBeGreaterThan(countryWide.filter((u) => u.provinceName === 'Tỉnh An Giang').length);

    await expect.poll(async () => (await options.allTextContents()).map((s) => /mã (\d{5})$/u.exec(s)?.[1] ?? s).sort()).toEqual(expected);
    expect((await options.allTextContents()).every((s) => s.includes(', tỉnh An Giangmã '))).toBe(true);
    await p.screenshot({ path: '/tmp/setup-province-filter.png', fullPage: true });
    await screenshot(p, 'setup-province-filter');

    // Taking one opens its villages.
    await p.getByRole('option', { name: /^Xã Bình Mỹ, tỉnh An Giang\s*mã 30487$/u }).click();
    await p.getByLabel('Danh sách (mỗi dòng một thôn, ấp)').waitFor();
    expect(errors).toEqual([]);
  });
});
