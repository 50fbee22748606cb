/**
 * End to end (issue 13): two offices, two databases, each served by its own host and driven in
 * Chromium. Office A (the demo) exports a commune on the "Trao đổi gói" screen; office B imports
 * it (CLI: B has no round yet, so its screens open only after the first package). Both then edit
 * the same household: the same field (address) and each a different one (A: người có công, B: chủ
 * hộ là nữ). A exports again on the screen; B previews it on the screen: one conflict with both
 * values; resolved with the keyboard, address from the package and người có công kept; committed.
 * The database and the audit trail are checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/entry-points';
import { tempDir } from '../helpers';
import { demoDatabase, openApp, screenshot, watchErrors, type App } from './support';

const PASS = 'mat-khau-goi-e2e-2025';
const tmp = tempDir('rasoat-e2e-exchange-');
const cli = (args: string[]) => {
  const r = runCli(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
};
const read = <T>(db: string, sql: string, ...params: unknown[]): T => {
  const s = new Database(db, { readonly: true });
  try {
    return s.prepare(sql).get(...params) as T;
  } finally {
    s.close();
  }
};

/** Exports the commune on A's screen and saves the downloaded package. */
async function exportOnScreen(page: Page, communeId: number, out: string): Promise<void> {
  const panel = page.getByRole('region', { name: 'Xuất gói gửi đi' });
  await expect.poll(() => panel.getByLabel('Xã').locator(`option[value="${communeId}"]`).count(), { timeout: 30_000 }).toBe(1);
  await panel.getByLabel('Xã').selectOption(String(communeId));
  // Issue 14: the commune is named as in every other picker ("Xã Bình Mỹ"), not "Bình Mỹ (30487) – 64 hộ".
  expect(await panel.getByLabel('Xã').locator('option:checked').textContent()).toMatch(/^(Xã|Phường|Thị trấn) [^()–]+$/u);
  await panel.getByLabel('Mật khẩu của gói').fill(PASS);
  await panel.getByLabel('Nhập lại mật khẩu').fill(PASS);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), panel.getByRole('button', { name: 'Xuất gói' }).click()]);
  await download.saveAs(out);
  await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/^Đã xuất gói goi-\d{5}-2025\.pkg/u);
}

/** A household change through the app's own API, as the signed-in administrator of that page. */
async function update(page: Page, householdId: number, changes: Record<string, unknown>): Promise<void> {
  const r = await page.evaluate(
    async ([id, c]) => {
      const res = await fetch('/api/households.update', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ householdId: id, changes: c }) });
      return (await res.json()) as { ok: boolean };
    },
    [householdId, changes] as const,
  );
  expect(r.ok).toBe(true);
}

describe('the exchange screen: a conflict edited at both offices, resolved field by field', () => {
  let a: App;
  let b: App | undefined;
  let dbA: string;
  const dbB = path.join(tmp, 'b.sqlite');
  const problems: string[] = [];

  beforeAll(async () => {
    dbA = demoDatabase(150, 4);
    const setup = cli(['setup', '--db', dbB, '--unit', '91']);
    if (setup.status !== 0) throw new Error(setup.stderr);
    a = await openApp(dbA);
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('shows both values of a conflicting household, takes the choices from the keyboard, and writes and audits them', async () => {
    const commune = read<{ id: number; code: string }>(
      dbA,
      `SELECT u.id, u.code FROM households h JOIN rounds r ON r.id = h.round_id JOIN units u ON u.id = h.commune_id
       WHERE r.year = 2025 AND r.kind = 'periodic' GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 1`,
    );
    const household = read<{ id: number; code: string }>(
      dbA,
      `SELECT h.id, h.code FROM households h JOIN rounds r ON r.id = h.round_id
       WHERE r.year = 2025 AND r.kind = 'periodic' AND h.commune_id = ? AND h.merit_person = 0 AND h.female_head = 0 ORDER BY h.code LIMIT 1`,
      commune.id,
    );

    const pageA = await a.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(pageA, problems);
    await pageA.goto(a.url);
    await pageA.getByRole('tab', { name: 'Trao đổi gói' }).click();
    const p1 = path.join(tmp, 'p1.pkg');
    await exportOnScreen(pageA, commune.id, p1);
    // A second package of the same data, made before the edits: older than the one B takes last.
    const pOld = path.join(tmp, 'p-old.pkg');
    await exportOnScreen(pageA, commune.id, pOld);

    // Office B takes the first package (it has no round yet), then opens its screens.
    const passFile = path.join(tmp, 'pass.txt');
    fs.writeFileSync(passFile, `${PASS}\n`, { mode: 0o600 });
    const first = cli(['package', 'import', '--db', dbB, p1, '--passphrase-file', passFile]);
    expect(first.status, first.stderr).toBe(0);
    b = await openApp(dbB);
    const pageB = await b.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(pageB, problems);
    await pageB.goto(b.url);
    const idB = read<{ id: number }>(dbB, 'SELECT id FROM households WHERE code = ?', household.code).id;

    // Both offices edit the same household: the same field, and each another one.
    await update(pageA, household.id, { address: 'Tổ 3, ấp Bình Thạnh (xã sửa)', meritPerson: true });
    await update(pageB, idB, { address: 'Tổ 3 ấp Bình Thạnh (tỉnh sửa)', femaleHead: true });

    const p2 = path.join(tmp, 'p2.pkg');
    await exportOnScreen(pageA, commune.id, p2);

    await pageB.getByRole('tab', { name: 'Trao đổi gói' }).click();
    const panel = pageB.getByRole('region', { name: 'Nhập gói nhận được' });
    // The file control reads in Vietnamese (the browser's own English button is hidden).
    expect(await panel.locator('.exchange-file').textContent()).toBe('Chọn tệp gói…');
    expect(await panel.locator('.exchange-file-name').textContent()).toBe('Chưa chọn tệp nào');
    await panel.getByLabel('Tệp gói dữ liệu').setInputFiles(p2);
    await expect.poll(() => panel.locator('.exchange-file-name').textContent(), { timeout: 30_000 }).toBe('p2.pkg');

    // A wrong passphrase first: the one-line reason, naming the file.
    await panel.getByLabel('Mật khẩu của gói').fill('khong-dung-mat-khau');
    await panel.getByLabel('Mật khẩu của gói').press('Enter');
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/^Mật khẩu không đúng nên không mở được tệp p2\.pkg\./u);

    await panel.getByLabel('Mật khẩu của gói').fill(PASS);
    await panel.getByLabel('Mật khẩu của gói').press('Enter');
    const conflict = panel.locator('.exchange-conflict');
    await expect.poll(() => conflict.count(), { timeout: 30_000 }).toBe(1);
    expect(await panel.locator('.exchange-counts td[data-status="conflict"]').textContent()).toBe('1');
    expect(await conflict.locator('legend').textContent()).toContain(`Hộ ${household.code}`);

    // Every field that differs, with both values side by side.
    const fields = conflict.locator('.exchange-field');
    expect(await fields.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.field))).toEqual(['address', 'female_head', 'merit_person']);
    const address = conflict.getByRole('radiogroup', { name: `${household.code}: Nơi thường trú` });
    expect(await address.locator('.exchange-choice').allTextContents()).toEqual([
      '1. Của văn phòng nàyTổ 3 ấp Bình Thạnh (tỉnh sửa)',
      '2. Trong góiTổ 3, ấp Bình Thạnh (xã sửa)',
    ]);
    const merit = conflict.getByRole('radiogroup', { name: `${household.code}: Hộ có người có công` });
    expect(await merit.locator('.exchange-value').allTextContents()).toEqual(['Không', 'Có']);

    // The filter of the households table: the conflicting one alone.
    await panel.getByLabel('Trạng thái').selectOption('conflict');
    expect(await panel.locator('.exchange-households tbody tr').count()).toBe(1);
    expect(await panel.locator('.exchange-households tbody tr td').nth(3).textContent()).toBe('Xung đột');

    // Keyboard only: 2 on the address (the package's), Enter on, Enter past female_head (kept), 1 on người có công, Enter to the button, Enter.
    await address.locator('input:checked').focus();
    await pageB.keyboard.press('2');
    expect(await address.locator('input[value="theirs"]').isChecked()).toBe(true);
    await pageB.keyboard.press('Enter');
    await pageB.keyboard.press('Enter');
    expect(await merit.locator('input[value="ours"]').evaluate((e) => e === document.activeElement)).toBe(true);
    await pageB.keyboard.press('2');
    await pageB.keyboard.press('1');
    expect(await merit.locator('input[value="ours"]').isChecked()).toBe(true);
    await conflict.scrollIntoViewIfNeeded();
    await screenshot(pageB, 'exchange-conflict');
    await pageB.keyboard.press('Enter');
    expect(await panel.getByRole('button', { name: 'Nhập gói' }).evaluate((e) => e === document.activeElement)).toBe(true);
    await pageB.keyboard.press('Enter');

    const done = panel.locator('.exchange-done');
    await expect.poll(() => done.textContent(), { timeout: 60_000 }).toMatch(/^Đã nhập gói: 0 hộ mới, \d+ hộ lấy theo gói, \d+ hộ không đổi, 0 hộ giữ bản ở đây, 1 hộ xung đột \(1 trường lấy theo gói, 2 trường giữ của văn phòng này\)\./u);
    await screenshot(pageB, 'exchange-imported');

    const row = read<{ address: string; merit_person: number; female_head: number }>(dbB, 'SELECT address, merit_person, female_head FROM households WHERE id = ?', idB);
    expect(row).toEqual({ address: 'Tổ 3, ấp Bình Thạnh (xã sửa)', merit_person: 0, female_head: 1 });
    const s = new Database(dbB, { readonly: true });
    try {
      const choices = s
        .prepare(`SELECT actor, field, old_value, new_value FROM audit WHERE action = 'exchange_choice' AND entity = 'household' AND entity_id = ? ORDER BY field`)
        .all(idB) as { actor: string; field: string; old_value: string; new_value: string }[];
      expect(choices.map((c) => [c.actor, c.field, (JSON.parse(c.new_value) as { chosen: string }).chosen])).toEqual([
        ['quantri', 'address', 'theirs'],
        ['quantri', 'female_head', 'ours'],
        ['quantri', 'merit_person', 'ours'],
      ]);
      expect(JSON.parse(choices[0]!.new_value)).toMatchObject({ ours: 'Tổ 3 ấp Bình Thạnh (tỉnh sửa)', theirs: 'Tổ 3, ấp Bình Thạnh (xã sửa)' });
      // The passphrase is nowhere in the audit trail.
      expect(s.prepare(`SELECT COUNT(*) FROM audit WHERE COALESCE(new_value, '') LIKE ? OR COALESCE(old_value, '') LIKE ?`).pluck().get(`%${PASS}%`, `%${PASS}%`)).toBe(0);
    } finally {
      s.close();
    }

    // The package made before p2: said to be older, imported only through "Vẫn nhập".
    await panel.getByLabel('Tệp gói dữ liệu').setInputFiles(pOld);
    await expect.poll(() => panel.locator('.exchange-file-name').textContent(), { timeout: 30_000 }).toBe('p-old.pkg');
    await panel.getByLabel('Mật khẩu của gói').fill(PASS);
    await panel.getByLabel('Mật khẩu của gói').press('Enter');
    const older = panel.locator('.exchange-older');
    await expect.poll(() => older.textContent(), { timeout: 30_000 }).toMatch(/cũ hơn gói đã nhập trước đây.*Chỉ bấm “Vẫn nhập” khi chắc chắn/u);
    expect(await panel.getByRole('button', { name: 'Nhập gói' }).count()).toBe(0);
    await older.getByRole('button', { name: 'Vẫn nhập' }).click();
    await expect.poll(() => done.textContent(), { timeout: 60_000 }).toMatch(/^Đã nhập gói \(nhập cả gói cũ hơn, theo yêu cầu\)/u);
    expect(read<{ forced: number }>(dbB, 'SELECT forced FROM exchange_packages ORDER BY id DESC LIMIT 1').forced).toBe(1);
    expect(problems).toEqual([]);
  }, 400_000);

  it('imports several packages at once on the screen: one already imported, a new commune, a damaged file named with its reason', async () => {
    const other = read<{ code: string }>(
      dbA,
      `SELECT u.code FROM households h JOIN rounds r ON r.id = h.round_id JOIN units u ON u.id = h.commune_id
       WHERE r.year = 2025 AND r.kind = 'periodic' GROUP BY u.id ORDER BY COUNT(*) ASC LIMIT 1`,
    );
    const passFile = path.join(tmp, 'pass.txt');
    const p3 = path.join(tmp, 'xa-moi.pkg');
    const made = cli(['package', 'export', '--db', dbA, '--round', '2025', '--unit', other.code, '--out', p3, '--passphrase-file', passFile]);
    expect(made.status, made.stderr).toBe(0);
    const broken = path.join(tmp, 'hong.pkg');
    fs.writeFileSync(broken, fs.readFileSync(p3).subarray(0, 2000));
    const before = read<{ n: number }>(dbB, 'SELECT COUNT(*) AS n FROM households').n;
    const expected = read<{ n: number }>(dbA, `SELECT COUNT(*) AS n FROM households h JOIN rounds r ON r.id = h.round_id JOIN units u ON u.id = h.commune_id WHERE r.year = 2025 AND r.kind = 'periodic' AND u.code = ?`, other.code).n;

    const page = await b!.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(b!.url);
    await page.getByRole('tab', { name: 'Trao đổi gói' }).click();
    const panel = page.getByRole('region', { name: 'Nhập nhiều gói cùng lúc' });
    await panel.getByLabel('Các tệp gói dữ liệu').setInputFiles([path.join(tmp, 'p1.pkg'), broken, p3]);
    await expect.poll(() => panel.locator('.exchange-file-name').textContent()).toBe('Đã chọn 3 tệp');
    await panel.getByLabel('Mật khẩu của các gói').fill(PASS);
    await panel.getByRole('button', { name: 'Nhập các gói' }).click();
    const done = panel.locator('.exchange-done');
    await expect.poll(() => done.locator('p').textContent(), { timeout: 120_000 }).toMatch(/^Đã nhập 1 gói; 1 gói đã nhập trước đây \(không đổi gì\); 1 gói bị từ chối\. Bản sao lưu trước khi nhập: /u);
    const rows = await done.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['p1.pkg', 'hong.pkg', 'xa-moi.pkg']);
    expect(rows[0]![2]).toBe('Đã nhập trước đây: không đổi gì');
    expect(rows[1]![2]).toMatch(/^Từ chối: .*hong\.pkg/u);
    expect(rows[2]![1]).toContain(`(${other.code})`);
    expect(rows[2]![2]).toMatch(new RegExp(`^Đã nhập: ${expected} hộ mới`, 'u'));
    expect(read<{ n: number }>(dbB, 'SELECT COUNT(*) AS n FROM households').n).toBe(before + expected);
    await screenshot(page, 'exchange-batch');
    expect(problems).toEqual([]);
  }, 300_000);
});
