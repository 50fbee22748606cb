/**
 * Issue 12, point 5, in a browser: a change made by the signed-in administrator shows in the
 * household's change history in Vietnamese — the form's label, values as labels, the user's full
 * name, dd/mm/yyyy hh:mm — with no raw column name or code.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, demoDatabase, openApp, watchErrors, type App } from './support';

describe('the change history in Vietnamese', () => {
  let app: App;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await openApp(demoDatabase(60, 7));
    page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await page.goto(app.url);
    // The app opens on the overview (Alt+1); the list is the second tab.
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('.grid-body [role="row"][data-household-id]');
  });
  afterAll(() => app?.close());

  it('shows the administrator\'s change with the form\'s label, Có/Không, the full name and dd/mm/yyyy hh:mm', async () => {
    const row = page.locator('.grid-body [role="row"][data-household-id]').first();
    const householdId = Number(await row.getAttribute('data-household-id'));
    // The change, as the signed-in user, through the page's own session.
    const answer = await page.evaluate(async (id) => {
      const r = await fetch('/api/households.update', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ householdId: id, changes: { address: 'Tổ 12, đổi để kiểm thử', femaleHead: true } }),
      });
      return (await r.json()) as { ok: boolean };
    }, householdId);
    expect(answer.ok).toBe(true);

    await row.click();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog');
    const table = detail.locator('table.changes');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const female = rows.find((r) => r[2] === 'Sửa: Chủ hộ là nữ');
    expect(female).toBeDefined();
    expect(female![0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/u);
    expect(female![1]).toBe(ADMIN.fullName);
    expect(female!.slice(3)).toEqual(['Không', 'Có']);
    expect(rows.find((r) => r[2] === 'Sửa: Nơi thường trú')?.[4]).toBe('Tổ 12, đổi để kiểm thử');
    expect(cells.join(' ')).not.toMatch(/female_head|address\b|quantri/u);
    expect(problems).toEqual([]);
  });
});
