import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { listBackups, tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { APP_ID, openDatabase } from '../../electron/core/db/connection';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, inVersionOrder, type Migration } from '../../electron/core/db/migrations';
import { insertHouseholds } from '../../electron/core/households/write';
import { household, member, seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';

const opened: Core[] = [];
function core(dir: string, name = 'rasoat.sqlite'): Core {
  const c = new Core({ dbPath: path.join(dir, name), resourcesDir: RESOURCES, actor: 'cán bộ A' });
  opened.push(c);
  return c;
}
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

/** A migration the next version of the app might add. */
const nextMigration: Migration = {
  version: LATEST_SCHEMA_VERSION + 1,
  name: 'test column',
  up: (db) => db.exec('ALTER TABLE settings ADD COLUMN note TEXT'),
};

describe('migrations', () => {
  it('are numbered once each, in order, from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('a list out of order, with a gap or a number twice is refused, never sorted into place', () => {
    const [m1, m2, m3] = MIGRATIONS as [Migration, Migration, Migration];
    expect(() => inVersionOrder([m2, m1, m3])).toThrow(/order/u);
    expect(() => inVersionOrder([m1, m3])).toThrow(/order/u);
    expect(() => inVersionOrder([m1, m2, m2])).toThrow(/order/u);
    expect(inVersionOrder([m1, m2, m3])).toEqual([m1, m2, m3]);
    // openDatabase checks a list it is given, before touching the file.
    const file = path.join(tempDir(), 'disorder.sqlite');
    expect(() => openDatabase(file, { migrations: [m2, m1] })).toThrow(/order/u);
  });

  it('an empty file is migrated to the latest schema, in WAL mode', () => {
    const c = core(tempDir());
    const sqlite = c.db.sqlite;
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'household_search_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['answers', 'audit', 'households', 'members', 'results', 'rounds', 'rule_set_snapshots', 'settings', 'unit_map', 'units']),
    );
    // The word indexes of the names search; not the first one, household_search (dropped by migration 25).
    expect(tables).not.toContain('household_search');
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'household_search%' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all()).toEqual([
      'household_search_pairs',
      'household_search_words',
    ]);
  });

  it('a database written by a newer app is refused and left untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'newer.sqlite');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`application_id = ${APP_ID}`); // a newer version of this app marks its files too
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a file that is not SQLite is refused with DB_OPEN_FAILED', () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'đây không phải là cơ sở dữ liệu '.repeat(100));
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_OPEN_FAILED' }));
  });

  it('an older database is backed up before it is migrated', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    openDatabase(file, { migrations: [MIGRATIONS[0]!] }).close(); // an app that knew only migration 1
    let backedUpFrom = 0;
    const db = openDatabase(file, {
      migrations: [...MIGRATIONS, nextMigration],
      backupBeforeMigration: (_sqlite, from) => {
        backedUpFrom = from;
      },
    });
    expect(backedUpFrom).toBe(1);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(nextMigration.version);
    db.close();
  });

  it('Core copies an older database into the backup folder before migrating it', () => {
    const dir = tempDir();
    const old = core(dir);
    seedSmall(old);
    const before = tableChecksums(old.db.sqlite);
    old.close();
    const upgraded = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, migrations: [...MIGRATIONS, nextMigration] });
    opened.push(upgraded);
    const backups = listBackups(upgraded.backupDir);
    expect(backups.map((b) => b.reason)).toEqual(['before-migration']);
    const copy = openDatabase(backups[0]!.file, { readonly: true });
    expect(copy.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(tableChecksums(copy.sqlite)).toEqual(before);
    copy.close();
  });
});

describe('backup and restore', () => {
  it('a backup restores to the same rows and checksums', () => {
    const dir = tempDir();
    const c = core(dir);
    seedSmall(c);
    const before = tableChecksums(c.db.sqlite);
    const backup = c.backup('manual');
    expect(fs.existsSync(backup.file)).toBe(true);

    // change the data after the backup: an edit and a new household
    createServices(c)['households.update']({ householdId: 1, changes: { address: 'Ấp Bình Hưng, số 9' } });
    const communeId = c.db.sqlite.prepare('SELECT commune_id FROM households LIMIT 1').pluck().get() as number;
    insertHouseholds(c.db.sqlite, 1, [household('30487-00099', communeId, 1, 100, [], [member(1, 'Phạm Văn Mới')])]);
    expect(tableChecksums(c.db.sqlite)).not.toEqual(before);

    c.restore(backup.file);
    const after = tableChecksums(c.db.sqlite);
    expect(after).toEqual(before);
    expect(after.households!.rows).toBe(3);
    expect(after.members!.rows).toBe(5);
    // the state before the restore was itself kept
    expect(listBackups(c.backupDir).some((b) => b.reason === 'before-restore')).toBe(true);
  });

  it('refuses to restore a file that is not one of our databases, and keeps the current data', () => {
    const dir = tempDir();
    const c = core(dir);
    seedSmall(c);
    const before = tableChecksums(c.db.sqlite);
    const bogus = path.join(dir, 'bogus.sqlite');
    fs.writeFileSync(bogus, 'not a database');
    expect(() => c.restore(bogus)).toThrow(expect.objectContaining({ code: 'DB_OPEN_FAILED' }));
    expect(tableChecksums(c.db.sqlite)).toEqual(before);
  });

  it('keeps only the last N backups', () => {
    const dir = tempDir();
    const c = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, keepBackups: 3 });
    opened.push(c);
    for (let i = 0; i < 5; i++) c.backup('manual');
    expect(listBackups(c.backupDir)).toHaveLength(3);
  });

  it('takes one daily backup when opened with dailyBackup', () => {
    const dir = tempDir();
    const first = core(dir);
    seedSmall(first);
    first.close();
    const again = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, dailyBackup: true });
    opened.push(again);
    again.close();
    const third = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, dailyBackup: true });
    opened.push(third);
    expect(listBackups(third.backupDir).filter((b) => b.reason === 'daily')).toHaveLength(1);
  });
});

describe('audit', () => {
  it('an edit writes one audit row per changed field with who, when, old and new', () => {
    const c = core(tempDir());
    const { householdIds } = seedSmall(c);
    const services = createServices(c);
    const id = householdIds[0]!;
    const out = services['households.update']({ householdId: id, changes: { address: 'Ấp Bình Hưng', area: 'urban', meritPerson: false } });
    expect(out).toEqual({ changed: ['address', 'area'] }); // meritPerson was already false
    const history = services['households.history']({ householdId: id }) as Awaited<ReturnType<(typeof services)['households.history']>>;
    expect(history.map((h) => [h.field, h.oldValue, h.newValue, h.actor])).toEqual([
      ['address', 'Tổ 1, 30487-00001', 'Ấp Bình Hưng', 'cán bộ A'],
      ['area', 'rural', 'urban', 'cán bộ A'],
    ]);
    expect(Date.parse(history[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a locked round refuses an edit and writes nothing', () => {
    const c = core(tempDir());
    const { roundId, householdIds } = seedSmall(c);
    c.db.sqlite.prepare('UPDATE rounds SET locked = 1 WHERE id = ?').run(roundId);
    const before = tableChecksums(c.db.sqlite);
    expect(() => createServices(c)['households.update']({ householdId: householdIds[0]!, changes: { address: 'x' } })).toThrow(
      expect.objectContaining({ code: 'ROUND_LOCKED' }),
    );
    expect(tableChecksums(c.db.sqlite)).toEqual(before);
  });
});

describe('transactions', () => {
  it('a batch that fails part-way leaves nothing half-written', () => {
    const c = core(tempDir());
    const { roundId, communeId, villageId } = seedSmall(c);
    const before = tableChecksums(c.db.sqlite);
    const good = household('30487-00010', communeId, villageId, 100, [], [member(1, 'Võ Văn Một')]);
    const bad = { ...household('30487-00011', communeId, villageId, 100, [], [member(1, 'Võ Văn Hai')]), area: 'mountain' as never };
    expect(() => insertHouseholds(c.db.sqlite, roundId, [good, good, bad].map((h, i) => ({ ...h, code: `${h.code}-${i}` })))).toThrow();
    expect(tableChecksums(c.db.sqlite)).toEqual(before);
  });

  it('a process killed in the middle of a write leaves nothing half-written', () => {
    const dir = tempDir();
    const c = core(dir);
    seedSmall(c);
    const before = tableChecksums(c.db.sqlite);
    c.close();
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/interrupt-child.ts'), path.join(dir, 'rasoat.sqlite')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL'); // it really died mid-transaction
    expect(child.stdout).toMatch(/inserted 500 households in the open transaction/u);
    const reopened = core(dir);
    expect(tableChecksums(reopened.db.sqlite)).toEqual(before);
  });
});
