// Data entry and review tables on the bench's demo database: Chromium timings of the review
// table (open, filter, sort by name) and keying throughput through the contract.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const RESOURCES = path.resolve('resources');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER TARGET');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function startHost(dbPath: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('electron', 'host', 'serve.ts'), '--port', String(port), '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/u.exec(out);
      if (m) resolve({ child, url: m[0] });
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${out}`)));
  });
}

/** Keying: a household's form read, changed and saved through the dispatcher (as IPC and HTTP do). */
async function keying(dbFile: string): Promise<number> {
  const core = new Core({ dbPath: dbFile, resourcesDir: RESOURCES, actor: 'bench' });
  const services = createServices(core);
  const round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  const ids = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id LIMIT 300').pluck().all(round) as number[];
  const forms = [];
  for (const id of ids) {
    const r = await dispatch(services, 'entry.form', { householdId: id });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    forms.push(r.value as { form: { answers: { scoreA: number | null } } });
  }
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i++) {
    const form = forms[i]!.form;
    const r = await dispatch(services, 'entry.save', { roundId: round, householdId: ids[i], form: { ...form, answers: { ...form.answers, scoreA: (form.answers.scoreA ?? 100) + 1 } } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  const perSecond = ids.length / ((performance.now() - t0) / 1000);
  console.log(`entry keying    ${ids.length} households saved through the contract (audit, warnings, re-classification): ${perSecond.toFixed(0)} saves/s (target ≥ 50) ${verdict(perSecond >= 50)}`);
  core.close();
  return perSecond;
}

/** Waits until the list shows the answer of the households.list request the action causes. */
async function timed(page: Page, action: () => Promise<unknown>, match: (input: Record<string, unknown>) => boolean): Promise<number> {
  const t0 = performance.now();
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      if (!r.url().endsWith('/api/households.list')) return false;
      const input = JSON.parse(r.request().postData() ?? '{}') as Record<string, unknown>;
      return input.totals !== true && match(input); // the totals row has its own request
    }),
    action(),
  ]);
  const { value } = (await response.json()) as { value: { rows: { id: number }[] } };
  const first = value.rows[0]?.id;
  await page.waitForFunction((id) => document.querySelector('.grid-body [data-index="0"]')?.getAttribute('data-household-id') === String(id), first);
  return performance.now() - t0;
}

async function table(dbFile: string): Promise<Record<string, number>> {
  const { child, url } = await startHost(dbFile, await freePort());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const open: number[] = [];
    const filter: number[] = [];
    const sort: number[] = [];
    await page.goto(url);
    await page.waitForSelector('.grid-body [data-index="0"][data-household-id]');
    const status = page.locator('.top-bar label.field').filter({ has: page.locator('span', { hasText: /^Phân loại$/u }) }).locator('select');
    for (let i = 0; i < 7; i++) {
      // Opening: from another tab back to the review table (Alt+1), until its first rows show.
      await page.keyboard.press('Alt+2');
      await page.waitForSelector('.grid-body', { state: 'detached' });
      open.push(await timed(page, () => page.keyboard.press('Alt+1'), (input) => (input.offset ?? 0) === 0 && input.dir === 'asc' && input.status === undefined));
      filter.push(await timed(page, () => status.selectOption(i % 2 ? 'near_poor' : 'poor'), (input) => input.status === (i % 2 ? 'near_poor' : 'poor')));
      const nameHeader = page.locator('[role="columnheader"] button[title="Sắp xếp theo chủ hộ"]');
      sort.push(await timed(page, () => nameHeader.click(), (input) => input.sort === 'name' && (input.offset ?? 0) === 0));
      // Back to the whole list (untimed), its answer awaited so that it cannot be taken for the next one's.
      await timed(page, () => status.selectOption(''), (input) => input.status === undefined);
    }
    const total = (await page.locator('.top-bar .total').textContent()) ?? '';
    for (const [label, xs] of [['open the review table', open], ['change the class filter', filter], ['sort by name (toggle)', sort]] as const) {
      console.log(`  ${label}: median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (target ≤ 150 ms) ${verdict(median(xs) <= 150)}`);
    }
    console.log(`  (district list: ${total})`);
    return { entry_table_open_median_ms: median(open), entry_table_filter_median_ms: median(filter), entry_table_sort_median_ms: median(sort) };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

export async function bench(dbFile: string): Promise<Record<string, number>> {
  // A copy: the saves must not change what the other areas' benchmarks read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-entry-'));
  const copy = path.join(dir, 'entry.sqlite');
  fs.copyFileSync(dbFile, copy);
  try {
    console.log('review table in Chromium (7 runs each)');
    const figures = await table(copy);
    figures.entry_saves_per_s = await keying(copy);
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await bench(process.argv[2]!);
}
