import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';

/**
 * Starts one of the core's helper threads (exchange/open-ahead.ts, demo/draw-ahead.ts), the rule stated
 * once: in the app, the bundled file `bundled` beside the calling module (an entry of
 * electron.vite.config.ts); under tsx and the tests, the TypeScript file `source` beside it, through
 * tsx's loader, as jobs/spawn.ts does. Returns null when the app was built without the entry (the
 * caller then does the work itself). A thread whose sources cannot load says so by storing `failed.value`
 * at `failed.flag[failed.index]` and waking whoever waits there: the caller is waiting synchronously
 * (Atomics.wait) and would not see the thread's 'error' event.
 *
 * `from` is the calling module's import.meta.url.
 */
export function startThread(
  from: string,
  files: { bundled: string; source: string },
  workerData: Record<string, unknown>,
  transferList: readonly Transferable[],
  failed: { flag: Int32Array; index: number; value: number },
): Worker | null {
  const data = { ...workerData, threadFailed: failed };
  if (!from.endsWith('.ts')) {
    const bundled = new URL(`./${files.bundled}`, from);
    if (!fs.existsSync(fileURLToPath(bundled))) return null;
    return new Worker(bundled, { workerData: data, transferList: [...transferList] });
  }
  const source = new URL(`./${files.source}`, from).href;
  const boot =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); }).catch(() => {` +
    ` const { flag, index, value } = require('node:worker_threads').workerData.threadFailed; Atomics.store(flag, index, value); Atomics.notify(flag, index); })`;
  return new Worker(boot, { eval: true, workerData: data, transferList: [...transferList] });
}
