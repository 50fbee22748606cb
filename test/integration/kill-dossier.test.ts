import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRestorable, listBackups } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { REPO, RESOURCES, tempDir } from '../helpers';
import { checkedSums } from '../fixtures/kill';

// Issue 10 acceptance: SIGKILL at several moments of a dossier: as the command line makes it
// (renderDossier straight into a folder) at fractions of an unkilled run and halfway through
// writing a file on a slow disk, and as the app's documents.dossier job (worker thread and its
// helper thread). A dossier only reads: after each kill the database opens through Core, passes
// integrity_check and is unchanged, every backup listed is valid, and each file left under its
// final name is a whole PDF with the pages an unkilled run's has, never a cut-off or 0-byte one:
// a file being written carries a hidden temporary name (write-atomic.ts).

const CHILD = path.join(REPO, 'test/fixtures/kill-child-ops.ts');
const HOUSEHOLDS = 300;
const dir = tempDir('rasoat-kill-dossier-');
const model = path.join(dir, 'model.sqlite');
let roundId: number;
let communeId: number;
let oldState: string;

const sums = checkedSums;

beforeAll(() => {
  const core = new Core({ dbPath: model, resourcesDir: RESOURCES, actor: 'test' });
  try {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 3 });
    roundId = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
    communeId = unitIdAt(core.db.sqlite, '30487', '2023-09-01')!;
    core.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    core.close();
  }
  oldState = sums(model);
}, 120_000);

// Each case is a copy of the database (and its backups): removed here, not left for the process's exit.
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  dbPath: string;
  /** Where the dossier's files went: the folder given, or the job's folder. */
  outDir: string;
  killed: boolean;
  /** The child's marks in order: [label, ms since "go"] (a step's label: "step:<n>:<message>", a file's: "file:<name>" or "writing:<name>"). */
  marks: [string, number][];
}

/** Runs the child on a fresh copy of the database; kills it `afterMs` after its first mark that starts with `anchor` (never, when null). */
function run(mode: 'dossier' | 'dossier-job', kill: { anchor: string; afterMs: number } | null, tag: string, slowWrite?: string): Promise<Run> {
  const case_ = path.join(dir, tag);
  fs.mkdirSync(case_);
  const dbPath = path.join(case_, 'rasoat.sqlite');
  fs.copyFileSync(model, dbPath);
  const args = [String(roundId), String(communeId), ...(mode === 'dossier' ? [path.join(case_, 'out')] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dbPath, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, RASOAT_SLOW_WRITE: slowWrite ?? '' },
    });
    let out = '';
    const marks: [string, number][] = [];
    let armed = false;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const [name, ms, ...what] = line.split(' ');
        const label = ['step', 'file', 'writing'].includes(name!) ? `${name}:${what.join(':')}` : name!;
        marks.push([label, name === 'go' ? 0 : Number(ms)]);
        if (kill && !armed && label.startsWith(kill.anchor)) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (process.env.RASOAT_KILL_TRACE) console.log(tag, JSON.stringify(kill), signal, JSON.stringify(marks));
      let outDir = path.join(case_, 'out');
      if (mode === 'dossier-job') {
        // The job's own folder (one job: one folder).
        const jobs = fs.existsSync(path.join(case_, 'exports')) ? fs.readdirSync(path.join(case_, 'exports')) : [];
        if (jobs.length > 1) reject(new Error(`more than one job folder: ${jobs.join(', ')}`));
        outDir = path.join(case_, 'exports', jobs[0] ?? 'none');
      }
      resolve({ dbPath, outDir, killed: signal === 'SIGKILL', marks });
    });
  });
}

/** A whole PDF: its header, its end-of-file mark, and its pages (pdf-lib reads it through). */
async function pagesOf(file: string): Promise<number> {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.subarray(-32).toString()).toContain('%%EOF');
  return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
}

/**
 * After the child: the database opens through Core, is whole and unchanged; the listed backups
 * are valid; each file under a final name is whole, with the pages an unkilled run's has.
 */
async function checkAfter(r: Run, expected: Map<string, number> | null): Promise<{ names: string[]; hidden: string[] }> {
  const core = new Core({ dbPath: r.dbPath, resourcesDir: RESOURCES });
  core.close();
  expect(sums(r.dbPath)).toBe(oldState);
  for (const b of listBackups(path.join(path.dirname(r.dbPath), 'backups'))) {
    checkRestorable(b.file);
    expect(sums(b.file)).toBe(oldState);
  }
  const names: string[] = [];
  const hidden: string[] = [];
  for (const name of fs.existsSync(r.outDir) ? fs.readdirSync(r.outDir) : []) {
    if (name.startsWith('.')) {
      hidden.push(name);
      continue;
    }
    names.push(name);
    const pages = await pagesOf(path.join(r.outDir, name));
    if (expected) expect([name, pages]).toEqual([name, expected.get(name)]);
  }
  return { names: names.sort(), hidden };
}

const FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];

/** The unkilled run (its marks) and the files it writes, with their pages. */
let full: Run;
const expected = new Map<string, number>();
beforeAll(async () => {
  full = await run('dossier', null, 'dossier-full');
  expect(full.killed).toBe(false);
  expect(full.marks.at(-1)![0]).toBe('done');
  const files = await checkAfter(full, null);
  expect(files.hidden).toEqual([]);
  expect(files.names.length).toBeGreaterThan(3);
  for (const name of files.names) expected.set(name, await pagesOf(path.join(full.outDir, name)));
}, 120_000);

const describeOutcome = ({ names, hidden }: { names: string[]; hidden: string[] }): string =>
  `${names.length}/${expected.size}${hidden.length ? ` +${hidden.join(',')}` : ''}`;

describe('SIGKILL during a dossier', () => {
  it('leaves the database unchanged and no partial PDF under a final name', async () => {
    const done = full.marks.at(-1)![1];
    const kills = FRACTIONS.map((f) => {
      const t = done * f;
      const [anchor, since] = full.marks.filter(([l, ms]) => ms <= t && l !== 'done').at(-1)!;
      return { anchor, afterMs: Math.round(t - since) };
    });
    const outcomes: string[] = [];
    for (const [i, k] of kills.entries()) {
      const r = await run('dossier', k, `dossier-${i}`);
      const files = await checkAfter(r, expected);
      if (r.killed) outcomes.push(describeOutcome(files));
    }
    if (process.env.RASOAT_KILL_TRACE) console.log(outcomes);
    expect(outcomes.length).toBeGreaterThan(3);
    // Kills landed before any file was written.
    expect(outcomes.some((o) => o.startsWith('0/'))).toBe(true);
  }, 150_000);

  it.each(['BC-', '0-dossier'])('leaves no partial PDF when killed halfway through writing %s… (a slow disk)', async (file) => {
    const r = await run('dossier', { anchor: 'writing:', afterMs: 200 }, `dossier-slow-${file}`, file);
    expect(r.killed).toBe(true);
    expect(r.marks.at(-1)![0]).toMatch(new RegExp(`^writing:.*${file}`, 'u'));
    const files = await checkAfter(r, expected);
    if (process.env.RASOAT_KILL_TRACE) console.log(describeOutcome(files));
    // The half-written file is there, under a hidden temporary name only.
    expect(files.names.some((n) => n.includes(file))).toBe(false);
    expect(files.hidden.some((n) => n.includes(file) && n.endsWith('.partial'))).toBe(true);
    expect(files.names.length).toBeLessThan(expected.size);
  }, 60_000);

  it('as a job: killed as its helper thread writes, leaves no PDF under a final name', async () => {
    // The first name in the job's folder is the helper thread's document, under a hidden name
    // (the job reads and removes it, then writes the dossier's files): killed right then.
    const r = await run('dossier-job', { anchor: 'file:', afterMs: 0 }, 'dossier-job-0');
    expect(r.marks.find(([l]) => l.startsWith('file:'))![0]).toMatch(/^file:\.\.?part-/u);
    expect(r.killed).toBe(true);
    const files = await checkAfter(r, expected);
    if (process.env.RASOAT_KILL_TRACE) console.log(describeOutcome(files));
    expect(files.names.length).toBeLessThan(expected.size);
  }, 60_000);
});
