/**
 * The workflow screen in a browser: a village meeting below 50 % typed as "agreed" is refused
 * with the Vietnamese reason, then recorded as a re-review.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results');
const tsxArgs = (entry: string, args: string[]): string[] => ['--import', 'tsx', path.join(ROOT, entry), ...args];

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

describe('the workflow screen', () => {
  let tmp: string;
  let host: ChildProcess | undefined;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-wf-e2e-'));
    const dbPath = path.join(tmp, 'demo.sqlite');
    const demo = spawnSync(process.execPath, tsxArgs('electron/host/cli.ts', ['demo', '--db', dbPath, '--households', '300', '--seed', '7']), { cwd: ROOT, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(demo.stderr);
    host = spawn(process.execPath, tsxArgs('electron/host/serve.ts', ['--port', String(await freePort()), '--db', dbPath]), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      host!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/u.exec(out);
        if (m) resolve(m[0]);
      });
      host!.once('exit', (code) => reject(new Error(`host exited ${code}`)));
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    host?.kill('SIGTERM');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses "agreed" for a meeting with 40 % agreeing, then records it as a re-review', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1400 }, locale: 'vi-VN' });
    await page.goto(url);
    await page.waitForSelector('.tabs');
    await page.keyboard.press('Alt+3');
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
    await page.screenshot({ path: path.join(SHOTS, 'workflow-meeting-refused.png') });
    await meeting.locator('input[name="outcome"]').fill('');
    await meeting.locator('input[name="outcome"]').press('Enter');
    await expect.poll(() => meeting.locator('[role="status"]').textContent()).toMatch(/^Đã ghi biên bản: Phải rà soát lại và họp lại \(40 % đồng ý\)/u);
    expect(await meeting.locator('table').textContent()).toContain('Phải rà soát lại và họp lại');
    await page.close();
  });
});
