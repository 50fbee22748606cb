// The day's first open of a large database (a province's 5 GB file: the copy and its check took 44 s
// at open, measured on the bench's million households) takes the daily backup in a child process,
// so the app opens at once and stays usable; a small file's is still taken at open. "Large" is any
// file above the limit the tests pass (fullCheckMaxBytes), so the same code runs on a small database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRestorable, listBackups, openBackup, setBackupPassphrase } from '../../electron/core/backup/backup';
import { Core, type CoreOptions } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import BetterSqlite3 from 'better-sqlite3';

const LARGE = { fullCheckMaxBytes: 64 * 1024 }; // every database below counts as large

/** A closed database of a few hundred pages (rows of noise beside the small seed), checked once. */
function largeIshDb(): string {
  const dbPath = path.join(tempDir('rasoat-daily-'), 'rasoat.sqlite');
  const core = new Core({ dbPath, resourcesDir: RESOURCES, ...LARGE });
  seedSmall(core);
  core.db.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, noise BLOB NOT NULL)');
  const add = core.db.sqlite.prepare('INSERT INTO filler (noise) VALUES (?)');
  core.db.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) add.run(crypto.randomBytes(900));
  })();
  core.close();
  return dbPath;
}

const open = (dbPath: string, more: Partial<CoreOptions> = {}) => new Core({ dbPath, resourcesDir: RESOURCES, dailyBackup: true, ...LARGE, ...more });
const households = (file: string): number => {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM households').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('the daily backup of a large database', () => {
  it('is taken after the open, in the background, while the app goes on writing', async () => {
    const dbPath = largeIshDb();
    const core = open(dbPath);
    try {
      // The open did not wait for the copy.
      expect(listBackups(core.backupDir)).toEqual([]);
      expect(core.dailyBackupState.state).toBe('running');
      // The officer goes on working meanwhile (WAL: the copy reads a snapshot).
      core.db.sqlite.prepare("UPDATE households SET head_name = 'Nguyễn Văn Mới' WHERE id = (SELECT MIN(id) FROM households)").run();
      const end = await core.whenBackedUp();
      if (end.state !== 'done') throw new Error(`daily backup: ${JSON.stringify(end)}`);
      expect(end.backup.reason).toBe('daily');
      expect(listBackups(core.backupDir).map((b) => b.name)).toEqual([end.backup.name]);
      // A whole, checked copy; no half-written file left beside it.
      checkRestorable(end.backup.file);
      expect(households(end.backup.file)).toBe(3);
      expect(fs.readdirSync(core.backupDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    } finally {
      core.close();
    }
    // Once a day: the next open has nothing to take.
    const again = open(dbPath);
    try {
      expect(again.dailyBackupState.state).toBe('none');
      expect((await again.whenBackedUp()).state).toBe('none');
    } finally {
      again.close();
    }
  }, 60_000);

  it('is sealed with the office backup passphrase, like every backup', async () => {
    const dbPath = largeIshDb();
    const setup = new Core({ dbPath, resourcesDir: RESOURCES, ...LARGE });
    setBackupPassphrase(setup.db.sqlite, 'mật khẩu sao lưu của xã', 'admin');
    setup.close();
    const core = open(dbPath);
    try {
      const end = await core.whenBackedUp();
      if (end.state !== 'done') throw new Error(`daily backup: ${JSON.stringify(end)}`);
      expect(end.backup.encrypted).toBe(true);
      const opened = openBackup(end.backup.file, 'mật khẩu sao lưu của xã');
      try {
        expect(households(opened.file)).toBe(3);
      } finally {
        opened.done();
      }
    } finally {
      core.close();
    }
  }, 60_000);

  it('is stopped by closing the app, and taken at the next open', async () => {
    const dbPath = largeIshDb();
    const core = open(dbPath);
    expect(core.dailyBackupState.state).toBe('running');
    core.close();
    expect((await core.whenBackedUp()).state).toBe('stopped');
    expect(listBackups(core.backupDir)).toEqual([]);
    const next = open(dbPath);
    try {
      expect(next.dailyBackupState.state).toBe('running');
      expect((await next.whenBackedUp()).state).toBe('done');
      // The stopped copy's half-written file is gone.
      expect(fs.readdirSync(next.backupDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    } finally {
      next.close();
    }
  }, 60_000);

  it('that fails is told in Vietnamese, and the app stays open', async () => {
    const dbPath = largeIshDb();
    const notAFolder = path.join(path.dirname(dbPath), 'a-file');
    fs.writeFileSync(notAFolder, 'not a folder');
    const told: string[] = [];
    const core = open(dbPath, { backupDir: path.join(notAFolder, 'backups'), onDailyBackupFailed: (reason) => told.push(reason) });
    try {
      const end = await core.whenBackedUp();
      expect(end.state).toBe('failed');
      expect(told).toEqual([expect.stringMatching(/^Không tạo được thư mục sao lưu/u)]);
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      core.close();
    }
  }, 60_000);
});

describe('the daily backup of a small database', () => {
  it('is taken at open', async () => {
    const dbPath = largeIshDb();
    const core = open(dbPath, { fullCheckMaxBytes: 1 << 30 });
    try {
      expect(core.dailyBackupState.state).toBe('done');
      expect(listBackups(core.backupDir)).toHaveLength(1);
      expect((await core.whenBackedUp()).state).toBe('done');
    } finally {
      core.close();
    }
  });
});
