import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRestorable, listBackups } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { readUnitFile } from '../../electron/core/units/units';
import { REPO, RESOURCES, tempDir } from '../helpers';
import { checkedSums } from '../fixtures/kill';

// Issue 10 acceptance: SIGKILL at several moments of a backup and of a restore. After each kill
// the database opens, passes integrity_check and holds the whole old state or the whole new
// one; every backup listed is valid.

const CHILD = path.join(REPO, 'test/fixtures/backup-kill-child.ts');
const dir = tempDir('rasoat-kill-');
const model = path.join(dir, 'model.sqlite');
let oldState: string;
let newState: string;
let backupOfNew: string;

const sums = checkedSums;

beforeAll(() => {
  const core = new Core({ dbPath: model, resourcesDir: RESOURCES, actor: 'test' });
  try {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 2000, seed: 7 });
    // The "new" state is a backup; the "old" one has changes made after it.
    backupOfNew = core.backup('manual').file;
    core.db.sqlite.prepare("UPDATE households SET address = address || ' (sửa)' WHERE id % 3 = 0").run();
    core.db.sqlite.prepare('DELETE FROM audit WHERE id % 5 = 0').run();
  } finally {
    core.close();
  }
  oldState = sums(model);
  newState = sums(backupOfNew);
  expect(newState).not.toBe(oldState);
}, 180_000);

/** Runs the child on a fresh copy of the old state; kills it `afterMs` after it says "go" (never, when null). */
function run(mode: 'backup' | 'restore', afterMs: number | null, tag: string): Promise<{ dbPath: string; killed: boolean; ms: number | null }> {
  const case_ = path.join(dir, tag);
  fs.mkdirSync(case_);
  const dbPath = path.join(case_, 'rasoat.sqlite');
  fs.copyFileSync(model, dbPath);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dbPath, backupOfNew], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (afterMs !== null && out === 'go\n') setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const m = /done (\d+)/u.exec(out);
      if (process.env.RASOAT_KILL_TRACE) console.log(tag, afterMs, signal, out.trim().replace(/\n/gu, " "));
      resolve({ dbPath, killed: signal === 'SIGKILL', ms: m ? Number(m[1]) : null });
    });
  });
}

/** The database after the child: opens, is whole, holds one of the states; the listed backups are valid. */
function checkAfter(dbPath: string, allowed: string[]): string {
  const state = sums(dbPath);
  expect(allowed).toContain(state);
  const core = new Core({ dbPath, resourcesDir: RESOURCES });
  core.close();
  for (const b of listBackups(path.join(path.dirname(dbPath), 'backups'))) {
    checkRestorable(b.file);
    expect([oldState, newState]).toContain(sums(b.file));
  }
  return state;
}

/** When to kill, as fractions of an unkilled run (a restore's own copy runs in its last ~40 %). */
const BACKUP_FRACTIONS = [0.1, 0.4, 0.7, 0.9];
const RESTORE_FRACTIONS = [0.1, 0.35, 0.6, 0.7, 0.8, 0.9];

describe('SIGKILL during a backup', () => {
  it('leaves the database whole and every listed backup valid', async () => {
    const full = await run('backup', null, 'backup-full');
    expect(full.ms).not.toBeNull();
    expect(checkAfter(full.dbPath, [oldState])).toBe(oldState);
    expect(listBackups(path.join(path.dirname(full.dbPath), 'backups'))).toHaveLength(1);
    let killed = 0;
    for (const [i, f] of BACKUP_FRACTIONS.entries()) {
      const r = await run('backup', Math.round(full.ms! * f), `backup-${i}`);
      if (r.killed) killed++;
      checkAfter(r.dbPath, [oldState]);
    }
    expect(killed).toBeGreaterThan(0);
  }, 180_000);
});

describe('SIGKILL during a restore', () => {
  it('leaves the whole old state or the whole new state, and every listed backup valid', async () => {
    const full = await run('restore', null, 'restore-full');
    expect(full.ms).not.toBeNull();
    expect(checkAfter(full.dbPath, [newState])).toBe(newState);
    const seen = new Set<string>();
    let killed = 0;
    for (const [i, f] of RESTORE_FRACTIONS.entries()) {
      const r = await run('restore', Math.round(full.ms! * f), `restore-${i}`);
      if (r.killed) killed++;
      seen.add(checkAfter(r.dbPath, [oldState, newState]) === oldState ? 'old' : 'new');
    }
    expect(killed).toBeGreaterThan(0);
    expect(seen.has('old')).toBe(true);
  }, 240_000);
});
