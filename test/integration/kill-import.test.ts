import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRestorable, listBackups } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { exportList } from '../../electron/core/excel/export';
import { readUnitFile } from '../../electron/core/units/units';
import { REPO, RESOURCES, tempDir } from '../helpers';
import { checkedSums } from '../fixtures/kill';

// Issue 10 acceptance: SIGKILL at several moments of an Excel import's commit (reading and
// matching, the before-import backup, the write transaction). After each kill the database opens,
// passes integrity_check and holds the whole old state or the whole new one (that of an unkilled
// run); every backup listed is valid and holds the old state.

const CHILD = path.join(REPO, 'test/fixtures/kill-child-ops.ts');
const HOUSEHOLDS = 1200;
const dir = tempDir('rasoat-kill-import-');
const model = path.join(dir, 'model.sqlite');
const workbook = path.join(dir, 'DS-889-2023.xlsx');
let roundId: number;
let oldState: string;
let newState: string;

const sums = checkedSums;

beforeAll(async () => {
  const core = new Core({ dbPath: model, resourcesDir: RESOURCES, actor: 'test' });
  try {
    const sqlite = core.db.sqlite;
    buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 7 });
    roundId = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
    await exportList(sqlite, { roundId, unitCode: '889', doc: 'DS', out: workbook });
    // The old state: what the workbook brings back differs in most households (an address, a
    // member's schooling), and a tenth of them are missing (created again, with their members).
    sqlite.prepare(`UPDATE households SET address = address || ' (cũ)' WHERE round_id = ?`).run(roundId);
    sqlite.prepare(`UPDATE members SET education = NULL WHERE id % 2 = 0 AND household_id IN (SELECT id FROM households WHERE round_id = ?)`).run(roundId);
    sqlite.prepare(`DELETE FROM households WHERE round_id = ? AND id % 10 = 0`).run(roundId);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    core.close();
  }
  oldState = sums(model);
}, 120_000);

// Each case is a copy of the database (and its backups): removed here, not left for the process's exit.
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  dbPath: string;
  killed: boolean;
  /** Phase marks of the child (ms since "go"), and the last phase it reached before the kill. */
  marks: Record<string, number>;
  phase: string;
  /** What the import said it did: households created, updated; members created, removed (an unkilled run). */
  counts: number[];
}

/** Runs the child on a fresh copy of the old state; kills it `afterMs` after its mark `anchor` (never, when null). */
function run(kill: { anchor: string; afterMs: number } | null, tag: string): Promise<Run> {
  const case_ = path.join(dir, tag);
  fs.mkdirSync(case_);
  const dbPath = path.join(case_, 'rasoat.sqlite');
  fs.copyFileSync(model, dbPath);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'import', dbPath, workbook, String(roundId), '889'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const marks: Record<string, number> = {};
    let phase = 'start';
    let counts: number[] = [];
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const [name, ms, ...rest] = line.split(' ');
        marks[name!] = name === 'go' ? 0 : Number(ms);
        if (name === 'done') counts = rest.map(Number);
        phase = name!;
        if (kill && name === kill.anchor) setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (process.env.RASOAT_KILL_TRACE) console.log(tag, JSON.stringify(kill), signal, phase, JSON.stringify(marks), Math.round(performance.now() - t0));
      resolve({ dbPath, killed: signal === 'SIGKILL', marks, phase, counts });
    });
  });
}

/** The database after the child: opens through Core, is whole, holds one of the states; the listed backups are valid. */
function checkAfter(dbPath: string, allowed: string[]): string {
  const core = new Core({ dbPath, resourcesDir: RESOURCES });
  core.close();
  const state = sums(dbPath);
  expect(allowed).toContain(state);
  for (const b of listBackups(path.join(path.dirname(dbPath), 'backups'))) {
    checkRestorable(b.file);
    expect(b.reason).toBe('before-import');
    expect(sums(b.file)).toBe(oldState);
  }
  return state;
}

/** When to kill, as fractions of an unkilled run, each anchored on the last mark before it (a phase's start). */
const FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];
/** And inside the backup and the write transaction, as fractions of each. */
const INSIDE = [
  ['backup', 'tx', [0.3]],
  ['tx', 'committed', [0.5]],
] as const;

describe('SIGKILL during an Excel import', () => {
  it('leaves the whole old state or the whole new state, and every listed backup valid', async () => {
    const full = await run(null, 'full');
    expect(full.marks.done).toBeDefined();
    expect(full.killed).toBe(false);
    // The import changes most households: [households created, updated, members created, removed].
    const [created, updated] = full.counts as [number, number];
    expect(created).toBeGreaterThan(HOUSEHOLDS / 20);
    expect(updated).toBeGreaterThan(HOUSEHOLDS / 2);
    newState = sums(full.dbPath);
    expect(newState).not.toBe(oldState);
    expect(checkAfter(full.dbPath, [newState])).toBe(newState);
    expect(listBackups(path.join(path.dirname(full.dbPath), 'backups'))).toHaveLength(1);

    const m = full.marks as Record<'backup' | 'tx' | 'committed' | 'done', number>;
    const order = (['go', 'backup', 'tx', 'committed'] as const).map((a) => [a, a === 'go' ? 0 : m[a]] as const);
    const kills: { anchor: string; afterMs: number }[] = FRACTIONS.map((f) => {
      const t = m.done * f;
      const [anchor, since] = order.filter(([, at]) => at <= t).at(-1)!;
      return { anchor, afterMs: Math.round(t - since) };
    });
    for (const [from, to, fs_] of INSIDE) for (const f of fs_) kills.push({ anchor: from, afterMs: Math.round((m[to] - m[from]) * f) });

    const seen: Record<string, string[]> = {};
    for (const [i, k] of kills.entries()) {
      const r = await run(k, `kill-${i}`);
      const state = checkAfter(r.dbPath, [oldState, newState]) === oldState ? 'old' : 'new';
      if (r.killed) (seen[r.phase] ??= []).push(state);
      // Killed before the transaction's commit: nothing of the import is written.
      if (r.killed && ['go', 'backup'].includes(r.phase)) expect(state).toBe('old');
      // Killed once the commit returned: all of it is there.
      if (['committed', 'done'].includes(r.phase)) expect(state).toBe('new');
    }
    if (process.env.RASOAT_KILL_TRACE) console.log(full.marks, seen);
    // Kills landed while reading, during the backup and inside the write transaction.
    expect(seen.go?.length).toBeGreaterThan(0);
    expect(seen.backup?.length).toBeGreaterThan(0);
    expect(seen.tx).toContain('old');
  }, 150_000);
});
