/**
 * F1 on the entry screen (issue 15 item 6): on every coded box of the forms, the guidance of that
 * box for the round's rule-set period (what to ask, what counts, the codes, an example, the
 * source, whether it is confirmed); Esc closes it and gives the focus back to the box.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, demoDatabase, openApp, openEntryAt, watchErrors, type App } from './support';

const panel = (page: Page) => page.locator('.guidance-panel');
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);

describe('F1 guidance on the entry screen', () => {
  let app: App;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await openApp(demoDatabase(120, 7));
  });
  afterAll(() => app?.close());

  it('shows the focused box’s guidance, with its codes and status, and Esc closes it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await openEntryAt(page, app.url);

    await page.keyboard.press('F1');
    await expect.poll(() => panel(page).getAttribute('data-guidance-for')).toBe('request.kind');
    await expect.poll(() => panel(page).locator('h2').textContent()).toBe('Loại giấy đề nghị');
    expect(await panel(page).locator('[data-status]').getAttribute('data-status')).toBe('confirmed');
    expect(await panel(page).locator('[data-part="codes"]').textContent()).toMatch(/1\s*Mẫu số 01.*2\s*Mẫu số 04/u);
    await page.screenshot({ path: path.join(SHOTS, 'guidance-f1.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).count()).toBe(0);
    expect(await focusedName(page)).toBe('request.kind');

    // A member's box: the member row does not matter.
    await page.locator('.entry-form input[name="m.0.sex"]').focus();
    await page.keyboard.press('F1');
    await expect.poll(() => panel(page).locator('h2').textContent()).toBe('Giới tính');
    expect(await panel(page).locator('[data-part="codes"]').textContent()).toMatch(/1\s*Nam\s*2\s*Nữ/u);
    expect(await panel(page).locator('[data-status]').textContent()).toBe('Chưa xác nhận');
    await page.keyboard.press('Escape');
    expect(await focusedName(page)).toBe('m.0.sex');

    // The round's period: 2025 asks indicator 12, information devices.
    await page.locator('.entry-form input[name="a.b2.informationDevices"]').focus();
    await page.keyboard.press('F1');
    await expect.poll(() => panel(page).locator('h2').textContent()).toBe('Chỉ số 12: Phương tiện phục vụ tiếp cận thông tin');
    for (const part of ['ask', 'counts', 'codes', 'example', 'source']) expect((await panel(page).locator(`[data-part="${part}"]`).textContent())?.length).toBeGreaterThan(3);
    // The whole guidance of the period, printed as the handbook.
    await panel(page).getByRole('button', { name: 'In sổ tay hướng dẫn rà soát viên (PDF)' }).click();
    await expect.poll(() => panel(page).getByRole('link').textContent(), { timeout: 60_000 }).toBe('Mở so-tay-huong-dan-vn-2022-2026.pdf');
    await panel(page).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).count()).toBe(0);
    await page.close();
  });

  it('has guidance for every coded box of the form', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    watchErrors(page, problems);
    await openEntryAt(page, app.url);
    const names = await page.locator('.entry-form input[data-coded], .entry-form input[type="checkbox"][name^="causes."]').evaluateAll((els) => els.map((e) => e.getAttribute('name') ?? ''));
    expect(names.length).toBeGreaterThan(40);
    const without: string[] = [];
    for (const name of names) {
      await page.locator(`.entry-form input[name="${name}"]`).focus();
      await page.keyboard.press('F1');
      await expect.poll(() => panel(page).getAttribute('data-guidance-for')).toBe(name);
      await expect.poll(() => panel(page).locator('.guidance-loading').count()).toBe(0);
      if ((await panel(page).locator('[data-part="ask"]').count()) !== 1) without.push(name);
      await page.keyboard.press('Escape');
    }
    expect(without).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
