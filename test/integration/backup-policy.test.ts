import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { seedSmall } from '../fixtures/small-db';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

// Issue 10: backups cannot be destroyed by a burst of manual ones, and a damaged database is
// never opened for writing.

/** 20261128: the UTC day `daysAgo` days before now, as backup names spell it. */
const dayName = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10).replace(/-/gu, '');

describe('pruning', () => {
  it('keeps the last 30 days of daily backups and every backup taken before a migration, import or restore, whatever the burst of manual ones', () => {
    const dir = tempDir('rasoat-prune-');
    const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
    try {
      seedSmall(core);
      const model = core.backup('manual');
      const copyAs = (name: string) => fs.copyFileSync(model.file, path.join(core.backupDir, name));
      const daily = Array.from({ length: 40 }, (_, i) => `rasoat-${dayName(i + 1)}-020000000-daily.sqlite`);
      daily.forEach(copyAs);
      const forGood = [
        `rasoat-${dayName(100)}-080000000-before-migration.sqlite`,
        `rasoat-${dayName(60)}-080000000-before-import.sqlite`,
        `rasoat-${dayName(45)}-080000000-before-restore.sqlite`,
        `rasoat-${dayName(2)}-090000000-before-import.sqlite`,
      ];
      forGood.forEach(copyAs);
      // Two manual backups on one day ten days ago: the later one stands for that day.
      copyAs(`rasoat-${dayName(10)}-150000000-manual.sqlite`);
      copyAs(`rasoat-${dayName(10)}-160000000-manual.sqlite`);
      fs.rmSync(model.file);

      for (let i = 0; i < 40; i++) core.backup('manual');

      const names = new Set(listBackups(core.backupDir).map((b) => b.name));
      for (const name of daily.slice(0, 29)) expect(names, name).toContain(name);
      for (const name of forGood) expect(names, name).toContain(name);
      expect(names).toContain(`rasoat-${dayName(10)}-160000000-manual.sqlite`);
      // What goes: daily backups past 30 days, a day's earlier manual backups, the burst beyond 30.
      for (const name of daily.slice(31)) expect(names, name).not.toContain(name);
      expect(names).not.toContain(`rasoat-${dayName(10)}-150000000-manual.sqlite`);
      expect([...names].filter((n) => n.startsWith(`rasoat-${dayName(0)}`)).length).toBeLessThanOrEqual(30);
    } finally {
      core.close();
    }
  });
});

describe('a damaged database at start', () => {
  it('is not opened for writing: the refusal is in Vietnamese and names the last good backup, which the CLI restores', () => {
    const dir = tempDir('rasoat-damaged-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    seedSmall(core);
    const good = core.backup('manual');
    core.close();
    // A torn write: pages in the middle of the file overwritten with noise.
    const size = fs.statSync(dbPath).size;
    const fd = fs.openSync(dbPath, 'r+');
    fs.writeSync(fd, crypto.randomBytes(size - 3 * 4096), 0, size - 3 * 4096, 2 * 4096);
    fs.closeSync(fd);
    const bytes = () => crypto.createHash('sha256').update(fs.readFileSync(dbPath)).digest('hex');
    const before = bytes();

    expect(() => new Core({ dbPath, resourcesDir: RESOURCES, dailyBackup: true })).toThrow(
      expect.objectContaining({ code: 'DB_OPEN_FAILED', message: expect.stringMatching(new RegExp(`bị hỏng.*${good.name}`, 'u')) }),
    );
    expect(bytes()).toBe(before);
    // Nothing was written: a journal, if the read-only check left one, is empty.
    expect(fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0).toBe(0);
    expect(listBackups(core.backupDir).map((b) => b.name)).toEqual([good.name]); // no daily copy of the damage

    const r = runCli(['restore', '--db', dbPath, '--from', good.file], { dataDir: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const db = openDatabase(dbPath, { readonly: true });
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
    // The damaged file is kept, but never listed as a backup.
    expect(fs.readdirSync(core.backupDir).some((n) => n.startsWith('damaged-'))).toBe(true);
    expect(listBackups(core.backupDir).map((b) => b.name)).toEqual([good.name]);
    new Core({ dbPath, resourcesDir: RESOURCES }).close();
  }, 60_000);
});

describe("today's backup", () => {
  it('an empty or cut-off file under a backup name does not count: the daily backup is still taken', () => {
    const dir = tempDir('rasoat-fake-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const first = new Core({ dbPath, resourcesDir: RESOURCES });
    seedSmall(first);
    first.close();
    fs.mkdirSync(path.join(dir, 'backups'));
    // What a full disk left behind before backups were written under a temporary name.
    fs.writeFileSync(path.join(dir, 'backups', `rasoat-${dayName(0)}-000000001-manual.sqlite`), '');
    fs.writeFileSync(path.join(dir, 'backups', `rasoat-${dayName(0)}-000000002-manual.sqlite`), 'SQLite fo');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, dailyBackup: true });
    core.close();
    expect(listBackups(path.join(dir, 'backups')).map((b) => b.reason)).toEqual(['daily']); // and the junk is not offered for a restore
    const daily = listBackups(path.join(dir, 'backups')).filter((b) => b.reason === 'daily');
    expect(daily).toHaveLength(1);
    const db = openDatabase(daily[0]!.file, { readonly: true });
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    db.close();
  });
});
