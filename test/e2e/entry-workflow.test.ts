/**
 * The workflow screen in a browser: a village meeting below 50 % typed as "agreed" is refused
 * with the Vietnamese reason, then recorded as a re-review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, screenshot, type App } from './support';

describe('the workflow screen', () => {
  let app: App;

  beforeAll(async () => {
    app = await openApp(demoDatabase(300, 7));
  });
  afterAll(() => app?.close());

  it('refuses "agreed" for a meeting with 40 % agreeing, then records it as a re-review', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 1400 }, locale: 'vi-VN' });
    await page.goto(app.url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+4');
    const commune = page.locator('.workflow .entry-bar select').nth(1);
    await expect.poll(() => commune.locator('option').count()).toBeGreaterThan(1);
    const names = await commune.locator('option').allTextContents();
    await commune.focus();
    for (let i = 0; i < names.indexOf('Xã Bình Mỹ'); i++) await page.keyboard.press('ArrowDown');
    const meeting = page.locator('section.wf-step').filter({ hasText: '3. Họp dân' });
    await meeting.waitFor();
    const values = ['1', '10102023', 'Nhà văn hoá ấp', 'Trần Văn Tư', 'Lê Thị Năm', '30', '25', '28', '12', '', '1'];
    await meeting.locator('input').first().focus();
    for (const v of values) {
      await page.keyboard.type(v);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => meeting.locator('[role="alert"]').textContent()).toBe('Chỉ 40 % người dự họp đồng ý (12/30), dưới 50 %: không thể ghi là đã thống nhất. Thôn phải rà soát lại và họp lại.');
    await screenshot(page, 'workflow-meeting-refused');
    await meeting.locator('input[name="outcome"]').fill('');
    await meeting.locator('input[name="outcome"]').press('Enter');
    await expect.poll(() => meeting.locator('[role="status"]').textContent()).toMatch(/^Đã ghi biên bản: Phải rà soát lại và họp lại \(40 % đồng ý\)/u);
    // The recorded meetings are read again after the save: the table follows the status line.
    await expect.poll(() => meeting.locator('table').textContent()).toContain('Phải rà soát lại và họp lại');
    await page.close();
  });
});
