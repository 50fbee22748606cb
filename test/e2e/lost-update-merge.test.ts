/**
 * Issue 12, point 6, in a browser: two officers, each signed in through the real sign-in page in
 * their own browser context, open the same household on the entry screen. Lan saves a new
 * address; Bình, who opened it before, saves another address and a reviewer: refused, the screen
 * shows who saved and when, and the differing fields side by side. Bình keeps Lan's address and
 * his reviewer, by keyboard, and saves: both changes are in the household.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, demoDatabase, openApp, openHouseholdByCode, screenshot, signIn, watchErrors, type App, type Credentials } from './support';

const box = (page: Page, name: string) => page.locator(`.entry-form input[name="${name}"]`);

describe('a stale save on the entry screen is merged field by field', () => {
  let app: App;
  let db: string;
  let lan: Credentials;
  let binh: Credentials;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  beforeAll(async () => {
    db = demoDatabase(120, 7);
    lan = addUser(db, { name: 'lan', role: 'officer', fullName: 'Nguyễn Thị Lan' });
    binh = addUser(db, { name: 'binh', role: 'officer', fullName: 'Trần Văn Bình' });
    app = await openApp(db);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await app?.close();
  });

  /** A page of its own browser context, signed in as `who`. */
  async function pageOf(who: Credentials): Promise<Page> {
    const context = await app.browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    contexts.push(context);
    const page = await context.newPage();
    watchErrors(page, problems);
    await signIn(page, app.url, who);
    return page;
  }

  async function saveByKeyboard(page: Page): Promise<{ ok: boolean; error?: { code: string } }> {
    await box(page, 'address').focus();
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/entry.save')), page.keyboard.press('Control+s')]);
    return (await response.json()) as { ok: boolean; error?: { code: string } };
  }

  it('refuses Bình’s stale save naming Lan and the time, then saves the merge: nothing of either is lost', async () => {
    const A = await pageOf(lan);
    const B = await pageOf(binh);
    const rounds = (await (await A.request.post(`${app.url}/api/rounds.list`, { data: {} })).json()) as { value: { id: number; year: number }[] };
    const roundId = rounds.value.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a)).id;
    const list = (await (await A.request.post(`${app.url}/api/households.list`, { data: { roundId, limit: 1 } })).json()) as { value: { rows: { id: number; code: string }[] } };
    const { id, code } = list.value.rows[0]!;
    const before = (await (await A.request.post(`${app.url}/api/entry.form`, { data: { householdId: id } })).json()) as { value: { version: number; form: { reviewer: string } } };

    await openHouseholdByCode(A, code);
    await openHouseholdByCode(B, code);

    await box(A, 'address').fill('Tổ 9, ấp Bình Hưng (Lan sửa)');
    expect((await saveByKeyboard(A)).ok).toBe(true);

    await box(B, 'address').fill('Số 4, tổ 2 (Bình sửa)');
    await box(B, 'reviewer').fill('Huỳnh Thị Cúc');
    const refused = await saveByKeyboard(B);
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('CONFLICT');

    const panel = B.locator('section.entry-merge');
    await panel.waitFor();
    await expect.poll(() => B.evaluate(() => document.activeElement?.id)).toBe('entry-merge-title');
    const why = (await panel.locator('.entry-merge-why').textContent()) ?? '';
    expect(why).toContain('Nguyễn Thị Lan');
    expect(why).toMatch(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/u);
    expect(why).toContain(code);
    const address = panel.locator('tr[data-merge="address"]');
    expect(await address.textContent()).toContain('Số 4, tổ 2 (Bình sửa)');
    expect(await address.textContent()).toContain('Tổ 9, ấp Bình Hưng (Lan sửa)');
    expect(await address.textContent()).toContain('cả hai cùng sửa');
    expect(await panel.locator('tr[data-merge="reviewer"]').textContent()).toContain('Huỳnh Thị Cúc');
    // B's typed values are kept as the draft meanwhile.
    const draft = (await (await B.request.post(`${app.url}/api/entry.drafts.get`, { data: { key: `household:${id}` } })).json()) as { value: { body: { raw: { fields: Record<string, string> } } } | null };
    expect(draft.value?.body.raw.fields.reviewer).toBe('Huỳnh Thị Cúc');
    await screenshot(B, 'entry-merge');

    // By keyboard: Tab to the address's choice (on "Của tôi"), arrow to "Bản mới"; Tab on to the save button.
    await B.keyboard.press('Tab');
    expect(await B.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('merge-address');
    await B.keyboard.press('ArrowRight');
    expect(await address.locator('input[value="theirs"]').isChecked()).toBe(true);
    const save = panel.getByRole('button', { name: 'Lưu bản đã gộp' });
    for (let i = 0; i < 20 && !(await save.evaluate((b) => b === document.activeElement)); i++) await B.keyboard.press('Tab');
    const [saved] = await Promise.all([B.waitForResponse((r) => r.url().endsWith('/api/entry.save')), B.keyboard.press('Enter')]);
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => box(B, 'address').inputValue()).toBe('Tổ 9, ấp Bình Hưng (Lan sửa)');
    expect(await box(B, 'reviewer').inputValue()).toBe('Huỳnh Thị Cúc');

    const after = (await (await A.request.post(`${app.url}/api/entry.form`, { data: { householdId: id } })).json()) as { value: { version: number; form: { address: string; reviewer: string } } };
    expect(after.value.form.address).toBe('Tổ 9, ấp Bình Hưng (Lan sửa)');
    expect(after.value.form.reviewer).toBe('Huỳnh Thị Cúc');
    expect(after.value.version).toBe(before.value.version + 2);
    expect(before.value.form.reviewer).not.toBe('Huỳnh Thị Cúc');
    const gone = (await (await B.request.post(`${app.url}/api/entry.drafts.get`, { data: { key: `household:${id}` } })).json()) as { value: unknown };
    expect(gone.value).toBeNull();
    expect(problems).toEqual([]);
  });
});
