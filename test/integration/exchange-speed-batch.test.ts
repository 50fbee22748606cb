// Issue 13 (package_import_s): a large batch of packages goes in with the households' and members'
// scattered indexes (by name, ID number, score…) dropped, and builds them again once at its end,
// each from its own SQL: while the batch runs they are gone and their SQL is kept in `settings`
// (in the same transaction as the drop); after it, every index is back as the migrations made it,
// also when the batch failed midway; a batch cut short by a kill leaves them for the next batch
// to build again. A small batch (one package) keeps them. The data are the same either way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { lockFileOf } from '../../electron/core/backup/holders';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { exportPackage } from '../../electron/core/exchange/export';
import { BATCH_INDEXES_KEY, importPackages, scatteredIndexes } from '../../electron/core/exchange/import';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { REPO, RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const COMMUNES = ['30463', '30481', '30487'];
const dir = tempDir('rasoat-exchange-speed-batch-');
const demoDb = path.join(dir, 'demo.sqlite');
const empty = path.join(dir, 'empty.sqlite');
const pkg = (code: string) => path.join(dir, `${code}.pkg`);
const files = COMMUNES.map(pkg);

function withCore<T>(file: string, fn: (core: Core) => T): T {
  const core = new Core({ dbPath: file, resourcesDir: RESOURCES, actor: 'tinh.canbo', backupDir: path.join(dir, `backups-${path.basename(file)}`) });
  try {
    return fn(core);
  } finally {
    core.close();
  }
}
/** Every index of the households and members, by name, with its SQL. */
const indexes = (s: BetterSqlite3.Database) =>
  s.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('households', 'members') ORDER BY name`).all() as { name: string; sql: string | null }[];
const kept = (s: BetterSqlite3.Database) => s.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BATCH_INDEXES_KEY) as string | undefined;
/** A fresh province database (register, office), a copy of the empty one. */
function province(name: string): string {
  const file = path.join(dir, `${name}.sqlite`);
  fs.copyFileSync(empty, file);
  return file;
}
const data = (file: string) => withCore(file, (core) => tableChecksums(core.db.sqlite));

let before: { name: string; sql: string | null }[];

beforeAll(() => {
  withCore(demoDb, (core) => {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 5 });
    for (const code of COMMUNES) exportPackage(core, { roundYear: 2025, unitCode: code, out: pkg(code), passphrase: PASS });
  });
  withCore(empty, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, '91', 'tester');
    core.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    before = indexes(core.db.sqlite);
  });
}, 240_000);

describe('exchange: the indexes of a large batch', () => {
  it('names as scattered the indexes whose first column after the round does not keep a commune together', () => {
    withCore(empty, (core) => {
      const names = scatteredIndexes(core.db.sqlite).map((i) => i.name);
      expect(names).toContain('households_round_sort');
      expect(names).toContain('households_head_id');
      expect(names).toContain('members_name_birth');
      expect(names).toContain('members_id_number_household');
      // What the import itself reads through stays.
      for (const k of ['households_round_commune_sort', 'households_round_commune_village_state', 'households_round_code', 'members_household_head']) expect(names).not.toContain(k);
    });
  });

  it('drops them during the batch (their SQL kept), builds them again at its end as they were, and stores the same data as a batch that keeps them', () => {
    const dropped = province('dropped');
    const during: { missing: string[]; kept: boolean }[] = [];
    const r = withCore(dropped, (core) =>
      importPackages(core, files, PASS, {
        dropIndexes: true,
        onProgress: () => {
          const now = new Set(indexes(core.db.sqlite).map((i) => i.name));
          during.push({ missing: before.filter((i) => !now.has(i.name)).map((i) => i.name), kept: kept(core.db.sqlite) !== undefined });
        },
      }),
    );
    expect(r.items.every((i) => i.ok && i.result.imported)).toBe(true);
    for (const d of during) {
      expect(d.kept).toBe(true);
      expect(d.missing).toContain('households_round_sort');
      expect(d.missing).toContain('members_name_birth');
    }
    withCore(dropped, (core) => {
      expect(indexes(core.db.sqlite)).toEqual(before);
      expect(kept(core.db.sqlite)).toBeUndefined();
      expect(core.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    });
    const keptIndexes = province('kept');
    withCore(keptIndexes, (core) => importPackages(core, files, PASS, { dropIndexes: false }));
    const a = data(dropped);
    const b = data(keptIndexes);
    // The two databases hold the same rows (the audit's and the packages' times and the backups aside).
    for (const table of ['households', 'members', 'answers', 'results', 'household_entry', 'member_entry', 'household_causes', 'exchange_baselines']) expect(a[table], table).toEqual(b[table]);
  }, 120_000);

  it('builds them again when the batch stops on a fault midway', () => {
    const file = province('fault');
    expect(() =>
      withCore(file, (core) =>
        importPackages(core, files, PASS, {
          dropIndexes: true,
          onProgress: () => {
            throw new Error('a fault of the program');
          },
        }),
      ),
    ).toThrow('a fault of the program');
    withCore(file, (core) => {
      expect(indexes(core.db.sqlite)).toEqual(before);
      expect(kept(core.db.sqlite)).toBeUndefined();
      // The first package was committed before the fault.
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM exchange_packages').pluck().get()).toBe(1);
    });
  });

  it('a batch killed midway leaves their SQL; the first open alone with the file builds them again, not while another program holds it', () => {
    const file = province('killed');
    const script = `
      import { Core } from ${JSON.stringify(path.join(REPO, 'electron/core/core.ts'))};
      import { importPackages } from ${JSON.stringify(path.join(REPO, 'electron/core/exchange/import.ts'))};
      const core = new Core({ dbPath: ${JSON.stringify(file)}, resourcesDir: ${JSON.stringify(RESOURCES)}, actor: 'tinh.canbo', backupDir: ${JSON.stringify(path.join(dir, 'backups-killed'))} });
      importPackages(core, ${JSON.stringify(files)}, ${JSON.stringify(PASS)}, { dropIndexes: true, onProgress: (done) => { if (done === 1) process.kill(process.pid, 'SIGKILL'); } });
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: REPO, encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    // As the kill left the file (read without opening a Core): the indexes dropped, their SQL kept.
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      expect(kept(raw)).toBeDefined();
      expect(new Set(indexes(raw).map((i) => i.name)).has('households_round_sort')).toBe(false);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      raw.close();
    }
    // While another program holds the file (its batch may still run), an open leaves them dropped:
    // a live process's entry in the lock folder, as hold() writes it.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const entry = path.join(lockFileOf(file), `${other.pid}.pid`);
    try {
      fs.mkdirSync(lockFileOf(file), { recursive: true });
      fs.writeFileSync(entry, `${other.pid}\n`);
      withCore(file, (core) => expect(kept(core.db.sqlite)).toBeDefined());
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(entry, { force: true });
    }
    // The first open by a program alone with the file builds them again, from their own SQL.
    withCore(file, (core) => {
      expect(indexes(core.db.sqlite)).toEqual(before);
      expect(kept(core.db.sqlite)).toBeUndefined();
      // The next batch (here: the same packages; the first is already in) takes the rest.
      const r = importPackages(core, files, PASS, { dropIndexes: false });
      expect(r.items.map((i) => i.ok && i.result.imported)).toEqual([false, true, true]);
      expect(indexes(core.db.sqlite)).toEqual(before);
    });
  }, 180_000);

  it('a one-package batch keeps them', () => {
    const one = province('one');
    const seen: (string | undefined)[] = [];
    withCore(one, (core) => importPackages(core, [files[0]!], PASS, { onProgress: () => seen.push(kept(core.db.sqlite)) }));
    expect(seen).toEqual([undefined]);
    withCore(one, (core) => expect(indexes(core.db.sqlite)).toEqual(before));
  }, 120_000);
});
