/**
 * What every browser test needs: a demo database built by the CLI, an administrator added by the
 * CLI, the local HTTP host on a free port, and Debian's Chromium driven by playwright-core,
 * signed in through the real sign-in page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../shared/api/auth';
import { entryArgs, runCli } from '../fixtures/entry-points';
import { REPO, tempDir } from '../helpers';

export const SHOTS = path.join(REPO, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];


export function freePort(): Promise<number> {
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

/** A demo database made by the real CLI (npm run demo) in a temporary folder. */
export function demoDatabase(households: number, seed = 7): string {
  const db = path.join(tempDir(), 'demo.sqlite');
  const r = runCli(['demo', '--db', db, '--households', String(households), '--seed', String(seed)]);
  if (r.code !== 0) throw new Error(`demo failed: ${r.stderr}`);
  return db;
}

/** Who signs in: a user added by the CLI (or on the first-start page). */
export interface Credentials {
  name: string;
  password: string;
  fullName: string;
}

/** A random password nobody reuses, long enough for the rules. */
export const randomPassword = (): string => `Mk-${crypto.randomBytes(9).toString('base64url')}`;

/** Adds a user to the database with the real CLI (`user add … --password-file F`), as an office would. */
export function addUser(dbPath: string, user: { name: string; role: Role; fullName?: string; password?: string; villageIds?: readonly number[] }): Credentials {
  const password = user.password ?? randomPassword();
  const fullName = user.fullName ?? user.name;
  const file = path.join(tempDir(), 'password.txt');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  const args = ['user', 'add', '--db', dbPath, '--name', user.name, '--role', user.role, '--password-file', file, '--full-name', fullName];
  if (user.villageIds?.length) args.push('--villages', user.villageIds.join(','));
  const r = runCli(args);
  fs.rmSync(file, { force: true });
  if (r.code !== 0) throw new Error(`user add failed: ${r.stderr}${r.stdout}`);
  return { name: user.name, password, fullName };
}

/** The administrator every browser test signs in as (added by the CLI before the host starts). */
export const ADMIN = { name: 'quantri', fullName: 'Trần Quản Trị' } as const;

export interface Host {
  /** http://127.0.0.1:PORT, or https://… in LAN mode. */
  url: string;
  child: ChildProcess;
  /** The administrator added before the start, or null (the first start creates one). */
  admin: Credentials | null;
  /** Everything the host printed so far (the LAN certificate's fingerprint…). */
  output(): string;
  stop(): void;
}

export interface HostOptions {
  /** Add the administrator with the CLI first (default true; false: the first start creates one). */
  admin?: boolean;
  /** Serve the office's LAN over HTTPS (`serve --lan`). */
  lan?: boolean;
  /** More arguments of `serve` (the idle lock's minutes…). */
  args?: readonly string[];
}

/** Starts the host on the database and resolves once it says where it listens. */
export async function startHost(dbPath: string, options: HostOptions = {}): Promise<Host> {
  const admin = options.admin === false ? null : addUser(dbPath, { ...ADMIN, role: 'admin' });
  const port = await freePort();
  const args = ['--port', String(port), '--db', dbPath, ...(options.lan ? ['--lan'] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, entryArgs('serve', args), {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start within 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /https?:\/\/127\.0\.0\.1:\d+/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[0], child, admin, output: () => output, stop: () => child.kill('SIGTERM') });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with code ${code}:\n${output}`));
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Signs in through the real sign-in page: opens the app, types the name and the password, presses
 * Enter and waits until the page has gone (or throws with the page's Vietnamese complaint).
 */
export async function signIn(page: Page, url: string, who: Credentials): Promise<void> {
  await page.goto(url);
  const form = page.getByRole('heading', { name: 'Đăng nhập', exact: true });
  await form.waitFor({ timeout: 30_000 });
  await page.getByLabel('Tên đăng nhập').fill(who.name);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(who.password);
  await page.getByLabel('Mật khẩu', { exact: true }).press('Enter');
  const refused = page.locator('.auth-error');
  await Promise.race([
    form.waitFor({ state: 'detached', timeout: 30_000 }),
    refused.waitFor({ timeout: 30_000 }).then(async () => {
      throw new Error(`sign-in of ${who.name} refused: ${await refused.textContent()}`);
    }),
  ]);
}

/** The first start (no user yet): the page asks for the administrator, who is then signed in. */
export async function createFirstAdmin(page: Page, who: Credentials): Promise<void> {
  const form = page.getByRole('heading', { name: 'Tạo tài khoản quản trị' });
  await form.waitFor({ timeout: 30_000 });
  await page.getByLabel('Tên đăng nhập').fill(who.name);
  await page.getByLabel('Họ và tên').fill(who.fullName);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(who.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(who.password);
  await page.getByLabel('Nhập lại mật khẩu').press('Enter');
  await form.waitFor({ state: 'detached', timeout: 30_000 });
}

export interface App {
  /** Where the host serves the renderer and its API. */
  url: string;
  /**
   * The Chromium; its newPage() and newContext() open signed in as the administrator (the
   * session cookie of one sign-in through the real page).
   */
  browser: Browser;
  host: Host;
  /** Closes the browser, then stops the host. */
  close(): Promise<void>;
}

/** A browser whose new pages and contexts carry one signed-in session (the cookie). */
function signedInBrowser(browser: Browser, storageState: Awaited<ReturnType<BrowserContext['storageState']>>): Browser {
  const withSession = (options: BrowserContextOptions = {}): BrowserContextOptions => ({ storageState, ...options });
  return new Proxy(browser, {
    get(target, prop, receiver) {
      if (prop === 'newContext') return (options?: BrowserContextOptions) => target.newContext(withSession(options));
      if (prop === 'newPage') {
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(withSession(options));
          const page = await context.newPage();
          // Like Browser.newPage: the page owns its context.
          page.once('close', () => void context.close().catch(() => undefined));
          return page;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The host on the database (with the administrator added by the CLI) and a Chromium signed in
 * through the real sign-in page: what a browser test file starts with.
 */
export async function openApp(dbPath: string, options: HostOptions = {}): Promise<App> {
  const host = await startHost(dbPath, options);
  try {
    const chromiumBrowser = await launchChromium();
    let browser = chromiumBrowser;
    if (host.admin) {
      const context = await chromiumBrowser.newContext({ ignoreHTTPSErrors: options.lan === true });
      await signIn(await context.newPage(), host.url, host.admin);
      const state = await context.storageState();
      await context.close();
      browser = signedInBrowser(chromiumBrowser, state);
    }
    return {
      url: host.url,
      browser,
      host,
      async close() {
        try {
          await chromiumBrowser.close();
        } finally {
          host.stop();
        }
      },
    };
  } catch (error) {
    host.stop();
    throw error;
  }
}

/**
 * Collects page errors and console errors, for the "nothing went wrong" assertion; pass `errors`
 * to gather several pages' into one list.
 */
export function watchErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Opens the n-th tab (from 1) by keyboard as an officer would: Alt held, its number typed (10 is 0; past ten, two digits). */
export async function pressTabNumber(page: Page, n: number): Promise<void> {
  await page.keyboard.down('Alt');
  for (const digit of n === 10 ? '0' : String(n)) await page.keyboard.press(`Digit${digit}`);
  await page.keyboard.up('Alt');
}

/**
 * Opens the entry tab by keyboard (Alt+3) on a commune and its first village, as an officer
 * would: the commune chosen with the arrow keys, then the village; resolves with the village's
 * name once the blank form has the focus on its first box.
 */
export async function openEntryAt(page: Page, url: string, commune = 'Xã Bình Mỹ'): Promise<string> {
  await page.goto(url);
  await page.waitForSelector('.tabs');
  await page.keyboard.press('Alt+3');
  const communes = page.getByLabel('Xã/phường', { exact: true });
  await expect.poll(() => communes.locator('option').count()).toBeGreaterThan(1);
  const names = await communes.locator('option').allTextContents();
  expect(names).toContain(commune);
  await communes.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < names.indexOf(commune); i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => communes.locator('option:checked').textContent()).toBe(commune);
  const village = page.getByLabel('Thôn/ấp', { exact: true });
  await expect.poll(() => village.locator('option').count()).toBeGreaterThan(1);
  await village.focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('.entry-form');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('request.kind');
  return (await village.locator('option:checked').textContent())!;
}

/** The entry screen (tab «Nhập phiếu») with the household of `code` opened by its code, the page already on the app. */
export async function openHouseholdByCode(page: Page, code: string): Promise<void> {
  await page.waitForSelector('.tabs');
  await page.getByRole('tab', { name: /Nhập phiếu/u }).click();
  const search = page.getByLabel('Mở hộ theo mã hoặc tên');
  await search.fill(code);
  await search.press('Enter');
  await expect.poll(() => page.locator('.entry-heading').textContent(), { timeout: 15_000 }).toContain(code);
}
