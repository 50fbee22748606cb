import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';
import { REPO, RESOURCES, tempDir } from '../helpers';

// The desktop app runs the bundle electron-vite builds (out/main), not the TypeScript the other tests
// run. Its long jobs start a worker thread from a file found beside the bundled core: this runs a real
// job (the enumerators' handbook, which needs no data) through the built core in a plain Node process,
// as the app's main process would.
const MAIN = path.join(REPO, 'out', 'main');

const SCRIPT = `
const { pathToFileURL } = await import('node:url');
const files = JSON.parse(process.env.RASOAT_CHUNKS);
let Core;
for (const f of files) {
  const m = await import(pathToFileURL(f).href);
  Core ??= Object.values(m).find((v) => typeof v === 'function' && v.name === 'Core');
}
if (!Core) throw new Error('no Core in the bundle');
const core = new Core({ dbPath: process.env.RASOAT_DB, resourcesDir: process.env.RASOAT_RESOURCES });
try {
  const { id } = core.jobs.start('guidance.handbook', { ruleSetId: 'vn-2022-2026' });
  const end = await core.jobs.wait(id);
  process.stdout.write(JSON.stringify({ state: end.state, error: end.error ?? null, pages: end.result?.files?.[0]?.pages ?? 0, file: end.result?.files?.[0]?.name ?? null }));
} finally {
  await core.jobs.close();
  core.close();
}
// A batch import's helper thread (exchange/open-ahead.ts starts out/main/exchange-open.js beside the
// core): asked to open a package that is not there, it answers with the refusal.
{
  const { Worker, MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('exchange-open.js', pathToFileURL(process.env.RASOAT_MAIN + '/')), {
    workerData: { exchangeOpen: { flag, port: port2 } },
    transferList: [port2],
  });
  port1.postMessage({ file: process.env.RASOAT_DB + '.khong-co.rsp', passphrase: 'mat-khau' });
  const waited = Atomics.wait(flag, 0, 0, 60000);
  const answer = receiveMessageOnPort(port1)?.message;
  await worker.terminate();
  port1.close();
  process.stdout.write('\\n' + JSON.stringify({ waited, ok: answer?.ok ?? null, code: answer?.code ?? null }));
}
// The daily backup of a large database, in its child process (every file counts as large here).
const again = new Core({ dbPath: process.env.RASOAT_DB, resourcesDir: process.env.RASOAT_RESOURCES, dailyBackup: true, fullCheckMaxBytes: 1 });
// The child never keeps a process alive by itself (the app's window or the host's server do).
const alive = setInterval(() => {}, 1000);
try {
  const daily = await again.whenBackedUp();
  process.stdout.write('\\n' + JSON.stringify({ state: daily.state, reason: daily.reason ?? null, name: daily.backup?.name ?? null }));
} finally {
  clearInterval(alive);
  again.close();
}
`;

describe('the built bundle (out/main)', () => {
  it('runs a long job in its worker thread, the package-opening helper thread of a batch import, and the daily backup in its child process', () => {
    // The modules that hold the core: the bundle's shared chunks, not its entries (electron.vite.config.ts),
    // which run when imported (and index.js imports electron).
    const input = (config as { main: { build: { rollupOptions: { input: Record<string, string> } } } }).main.build.rollupOptions.input;
    const entries = new Set(Object.keys(input).map((name) => `${name}.js`));
    expect(entries).toContain('exchange-open.js');
    const chunks = fs
      .readdirSync(MAIN, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js') && !entries.has(f))
      .map((f) => path.join(MAIN, f));
    expect(chunks.length).toBeGreaterThan(0);
    const dir = tempDir();
    // A file, not -e: a worker thread inherits the process's exec arguments.
    const script = path.join(dir, 'run-built.mjs');
    fs.writeFileSync(script, SCRIPT);
    const run = spawnSync(process.execPath, [script], {
      cwd: dir,
      env: { ...process.env, RASOAT_CHUNKS: JSON.stringify(chunks), RASOAT_MAIN: MAIN, RASOAT_DB: path.join(dir, 'rasoat.sqlite'), RASOAT_RESOURCES: RESOURCES },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    const [job, opened, daily] = run.stdout.split('\n').map((line) => JSON.parse(line) as unknown);
    expect(opened).toEqual({ waited: 'ok', ok: false, code: expect.any(String) });
    expect(job).toEqual({ state: 'done', error: null, pages: expect.any(Number), file: expect.stringMatching(/\.pdf$/u) });
    expect(daily).toEqual({ state: 'done', reason: null, name: expect.stringMatching(/^rasoat-.*-daily\.sqlite$/u) });
  }, 150_000);
});
