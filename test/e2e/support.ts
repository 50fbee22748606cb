/**
 * What every browser test needs: a demo database built by the CLI, the local HTTP host on a free
 * port, and Debian's Chromium driven by playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

const tsx = (entry: string, args: string[]): string[] => ['--import', 'tsx', path.join(REPO, entry), ...args];

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
  const r = spawnSync(process.execPath, tsx('electron/host/cli.ts', ['demo', '--db', db, '--households', String(households), '--seed', String(seed)]), {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  return db;
}

export interface Host {
  url: string;
  child: ChildProcess;
  stop(): void;
}

/** Starts the host on the database and resolves once it says where it listens. */
export async function startHost(dbPath: string): Promise<Host> {
  const port = await freePort();
  const child = spawn(process.execPath, tsx('electron/host/serve.ts', ['--port', String(port), '--db', dbPath]), {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[0], child, stop: () => child.kill('SIGTERM') });
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

export interface App {
  /** Where the host serves the renderer and its API. */
  url: string;
  browser: Browser;
  /** Closes the browser, then stops the host. */
  close(): Promise<void>;
}

/** The host on the database and a Chromium to open it in: what a browser test file starts with. */
export async function openApp(dbPath: string): Promise<App> {
  const host = await startHost(dbPath);
  try {
    const browser = await launchChromium();
    return {
      url: host.url,
      browser,
      async close() {
        try {
          await browser.close();
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
