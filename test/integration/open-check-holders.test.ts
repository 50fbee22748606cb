// The clean-close marker of the start-up check is the holder entry each program writes beside the
// database while it has it open (electron/core/backup/holders.ts): an entry left behind by a
// program that died is an unclean end, so the next open reads the whole file. Two ways it could
// be lost or faked are checked here: a job's thread closing its Core must not remove its
// process's entry, and after a power cut the dead app's PID may belong to another program.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { holdersOf, lockFileOf, uncleanEnds } from '../../electron/core/backup/holders';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';

/** Runs hold() then its release in a worker thread of this process, as a job's Core does. */
async function holdAndReleaseInThread(dbPath: string): Promise<void> {
  const source = new URL(`file://${path.join(REPO, 'electron/core/backup/holders.ts')}`).href;
  const boot = `const { parentPort, workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })
  .then((h) => { h.hold(workerData)(); parentPort.postMessage('done'); });`;
  const worker = new Worker(boot, { eval: true, workerData: dbPath });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', () => resolve());
    worker.on('error', reject);
  });
  await worker.terminate();
}

describe('holder entries as the clean-close marker', () => {
  it("a job's thread closing its database leaves the process's own entry in place", async () => {
    const dbPath = path.join(tempDir('rasoat-holders-'), 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      await holdAndReleaseInThread(dbPath);
      expect(holdersOf(dbPath)).toEqual([process.pid]);
      expect(fs.readdirSync(lockFileOf(dbPath))).toContain(`${process.pid}.pid`);
    } finally {
      core.close();
    }
    expect(fs.existsSync(lockFileOf(dbPath))).toBe(false); // closed cleanly: nothing left behind
  }, 60_000);

  it('an entry written before the machine last started counts as an unclean end even when its PID is alive again', () => {
    const dir = tempDir('rasoat-holders-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, fullCheckMaxBytes: 1024 });
    seedSmall(core);
    core.close();
    new Core({ dbPath, resourcesDir: RESOURCES, fullCheckMaxBytes: 1024 }).close();
    // The app that had it open when the power went: its PID now belongs to a live program (here: our parent).
    fs.mkdirSync(lockFileOf(dbPath));
    fs.writeFileSync(path.join(lockFileOf(dbPath), `${process.ppid}.pid`), `${process.ppid}\nboot an-earlier-boot\n`);
    expect(uncleanEnds(dbPath)).toEqual([`${process.ppid}.pid`]);
    const after = new Core({ dbPath, resourcesDir: RESOURCES, fullCheckMaxBytes: 1024 });
    expect(after.openCheck.level).toBe('full');
    after.close();
    expect(uncleanEnds(dbPath)).toEqual([]); // the full check passed: forgotten
    const next = new Core({ dbPath, resourcesDir: RESOURCES, fullCheckMaxBytes: 1024 });
    expect(next.openCheck.level).toBe('cheap');
    next.close();
  });
});
