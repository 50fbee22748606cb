/**
 * End to end: the Documents tab of the built renderer in Chromium, through the local HTTP host:
 * pick a commune, render the decision in the background with a progress bar, preview the PDF in
 * the frame, save link; the dossier lists its files; a running job can be cancelled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tsxArgs = (entry: string, args: string[]): string[] => ['--import', 'tsx', path.join(ROOT, entry), ...args];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startHost(dbPath: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, tsxArgs('electron/host/serve.ts', ['--port', String(port), '--db', dbPath]), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[0] });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with code ${code}:\n${output}`));
    });
  });
}

describe('the Documents screen', () => {
  let tmp: string;
  let host: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-e2e-docs-'));
    fs.mkdirSync(SHOTS, { recursive: true });
    const dbPath = path.join(tmp, 'demo.sqlite');
    const demo = spawnSync(process.execPath, tsxArgs('electron/host/cli.ts', ['demo', '--db', dbPath, '--households', '1500', '--seed', '7']), { cwd: ROOT, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed (${demo.status}):\n${demo.stdout}\n${demo.stderr}`);
    const started = await startHost(dbPath, await freePort());
    host = started.child;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(started.url);
  });

  afterAll(async () => {
    await browser?.close();
    host?.kill('SIGTERM');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('renders the decision of a commune with progress and shows it in the preview frame', async () => {
    await page.getByRole('tab', { name: 'In tài liệu' }).click();
    const unit = page.getByLabel('Đơn vị');
    await expect.poll(() => unit.locator('option').allTextContents()).toContain('Xã Bình Mỹ');
    expect((await unit.locator('option').allTextContents())[0]).toBe('Huyện Châu Phú');
    await unit.selectOption({ label: 'Xã Bình Mỹ' });
    const row = page.getByRole('row', { name: /M02/u });
    const statuses: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/jobs.status')) statuses.push(r.url());
    });
    await row.getByRole('button', { name: 'Dựng PDF' }).click();
    const frame = page.locator('.documents-preview iframe');
    await expect.poll(() => frame.getAttribute('src'), { timeout: 30_000 }).toMatch(/^blob:/u);
    expect(statuses.length).toBeGreaterThan(0); // the screen polled the job while it ran
    const save = page.getByRole('link', { name: 'Lưu tệp PDF' });
    expect(await save.getAttribute('download')).toBe('M02-2023-30487.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    const saved = path.join(tmp, 'saved.pdf');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: path.join(SHOTS, 'documents-preview.png') });
  }, 60_000);

  it('offers only the reports and the population list for the district', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Huyện Châu Phú' });
    await expect.poll(() => page.getByRole('row', { name: /M02/u }).getByRole('button').isDisabled()).toBe(true);
    expect(await page.getByRole('row', { name: /BC/u }).getByRole('button').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).isDisabled()).toBe(true);
  });

  it('makes the dossier, lists its files, and a running job can be cancelled', async () => {
    await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Bình Mỹ' });
    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await expect.poll(() => page.locator('.documents-files li').count(), { timeout: 60_000 }).toBe(7);
    expect(await page.locator('.documents-files li').first().textContent()).toMatch(/Hồ sơ \(một tệp\) \d+ trang/u);
    await page.locator('.documents-files').getByRole('button', { name: 'LK' }).click();
    await expect.poll(() => page.locator('.documents-actions span').textContent()).toBe('LK-2023-30487.pdf');

    await page.getByRole('button', { name: 'Lập hồ sơ công nhận' }).click();
    await page.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => page.locator('.documents-job').textContent(), { timeout: 15_000 }).toContain('Đã hủy.');
    expect(problems).toEqual([]);
  }, 120_000);
});
