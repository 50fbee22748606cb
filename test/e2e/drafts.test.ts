/**
 * Issue 11, item 7, in a browser: drafts never overwrite each other. Household A started (a
 * name typed), then a new household B in the same village: both drafts are listed with their
 * village and time; opening A restores A's values; discarding B removes it; A's draft survives
 * closing the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, openEntryAt, openHouseholdByCode, watchErrors, type App } from './support';

const box = (page: Page, name: string) => page.locator(`.entry-form input[name="${name}"]`);

/** Types the head's name on the blank form (third box) and waits for its draft to be kept. */
async function typeHead(page: Page, name: string): Promise<void> {
  const drafted = page.waitForResponse((r) => r.url().endsWith('/api/entry.drafts.save') && (r.request().postData() ?? '').includes(name));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await drafted;
}

describe('drafts of new households', () => {
  let app: App;
  const problems: string[] = [];
  beforeAll(async () => {
    app = await openApp(demoDatabase(120, 7));
  });
  afterAll(() => app?.close());

  it('keep one draft per new household, listed with village and time; open restores, discard removes', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    const village = await openEntryAt(page, app.url);
    await typeHead(page, 'Nguyễn Văn An');
    // A second new household in the same village (Alt+N): its own draft, A's stays.
    await page.keyboard.press('Alt+n');
    await expect.poll(() => box(page, 'm.0.fullName').inputValue()).toBe('');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('request.kind');
    await typeHead(page, 'Trần Thị Bê');

    const list = page.locator('section.entry-drafts');
    const items = list.locator('li');
    await expect.poll(() => items.count()).toBe(2);
    const texts = await items.allTextContents();
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bê']) {
      const line = texts.find((x) => x.includes(name));
      expect(line, name).toBeDefined();
      expect(line).toContain(`${village}, Xã Bình Mỹ`);
      expect(line).toMatch(/lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/u);
    }
    expect(await list.locator('h3').textContent()).toBe('Phiếu nhập dở chưa lưu (bản nháp): 2');
    await page.screenshot({ path: '/tmp/wf-drafts.png' });

    // Open A: A's values are back (B's draft untouched).
    await page.getByRole('button', { name: 'Mở bản nháp: Hộ mới: Nguyễn Văn An' }).click();
    await expect.poll(() => box(page, 'm.0.fullName').inputValue()).toBe('Nguyễn Văn An');
    expect(await box(page, 'm.0.sex').inputValue()).toBe('2');
    expect(await page.locator('.entry-notice').textContent()).toMatch(/^Đã mở bản nháp lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/u);

    // Discard B (confirmed): gone from the list and from the database.
    await page.getByRole('button', { name: 'Bỏ bản nháp: Hộ mới: Trần Thị Bê' }).click();
    const [deleted] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.drafts.delete')), page.getByRole('button', { name: 'Bỏ hẳn' }).click()]);
    expect(((await deleted.json()) as { ok: boolean }).ok).toBe(true);
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('Nguyễn Văn An');

    // Typing on A goes on in A's own draft (the list still holds one draft).
    await box(page, 'm.0.fullName').focus();
    const drafted = page.waitForResponse((r) => r.url().endsWith('/api/entry.drafts.save') && (r.request().postData() ?? '').includes('Nguyễn Văn Anh'));
    await page.keyboard.press('End');
    await page.keyboard.type('h');
    await drafted;
    await expect.poll(() => items.count()).toBe(1);
    await expect.poll(() => items.first().textContent()).toContain('Nguyễn Văn Anh');
    await page.close();

    // A new page: A's draft is still listed, and opens with its values.
    const again = await app.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'vi-VN' });
    watchErrors(again, problems);
    await openEntryAt(again, app.url);
    await expect.poll(() => again.locator('section.entry-drafts li').count()).toBe(1);
    await again.getByRole('button', { name: 'Mở bản nháp: Hộ mới: Nguyễn Văn Anh' }).click();
    await expect.poll(() => box(again, 'm.0.fullName').inputValue()).toBe('Nguyễn Văn Anh');
    await again.close();
    expect(problems).toEqual([]);
  });
  it('a draft on its way when the household is saved never comes back after the save (the save waits for it)', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    const api = async <T>(method: string, data: unknown): Promise<T> => ((await (await page.request.post(`${app.url}/api/${method}`, { data })).json()) as { value: T }).value;
    const rounds = await api<{ id: number; year: number }[]>('rounds.list', {});
    const roundId = rounds.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a)).id;
    const { id, code } = (await api<{ rows: { id: number; code: string }[] }>('households.list', { roundId, limit: 1 })).rows[0]!;
    await page.goto(app.url);
    await openHouseholdByCode(page, code);

    // A busy office server: each draft reaches it 800 ms after it is sent.
    await page.route('**/api/entry.drafts.save', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const draftSent = page.waitForRequest((r) => r.url().endsWith('/api/entry.drafts.save'));
    const draftKept = page.waitForResponse((r) => r.url().endsWith('/api/entry.drafts.save'));
    await box(page, 'reviewer').fill('Lê Thị Mai');
    await draftSent;
    // Saved (Ctrl+S) while the draft is still on its way.
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.keyboard.press('Control+s')]);
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);
    await draftKept;
    await expect.poll(() => page.locator('.entry-notice').textContent()).toMatch(/^Đã lưu hộ /u);
    expect((await api<{ form: { reviewer: string } }>('entry.form', { householdId: id })).form.reviewer).toBe('Lê Thị Mai');
    // The save cleared the household's draft, and the late draft did not bring it back.
    expect(await api<unknown>('entry.drafts.get', { key: `household:${id}` })).toBeNull();
    await page.unroute('**/api/entry.drafts.save');
    expect(problems).toEqual([]);
    await page.close();
  });
});
