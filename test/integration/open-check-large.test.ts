// Opening a large database must not read all of it each time (a province's 5 GB file took a
// minute of blank start), yet damage must still be found and refused in Vietnamese with the offer
// of the last good backup. The rule (electron/core/backup/backup.ts, openCheckPlan): the full
// quick_check at open for a small file, after a session that did not close cleanly, and for a file
// never checked before; else a cheap check at open, and once a day the full one in the background.
// "Large" here is any file above the limit the tests pass (fullCheckMaxBytes), so the same code
// paths run on a small database.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../shared/api/contract';
import { checkRecordOf, DamagedDatabaseError } from '../../electron/core/backup/backup';
import { Core, type CoreOptions } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';

const LARGE = { fullCheckMaxBytes: 64 * 1024 }; // every database below counts as large
const PAGE = 4096;

/** A database of a few hundred pages (rows of noise in a table of their own) with a good backup; closed cleanly. */
function largeIshDb(): { dbPath: string; good: BackupInfo } {
  const dir = tempDir('rasoat-open-check-');
  const dbPath = path.join(dir, 'rasoat.sqlite');
  const core = new Core({ dbPath, resourcesDir: RESOURCES, ...LARGE });
  seedSmall(core);
  core.db.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, noise BLOB NOT NULL)');
  const add = core.db.sqlite.prepare('INSERT INTO filler (noise) VALUES (?)');
  core.db.sqlite.transaction(() => {
    for (let i = 0; i < 600; i++) add.run(crypto.randomBytes(900));
  })();
  const good = core.backup('manual');
  core.close();
  expect(fs.statSync(dbPath).size).toBeGreaterThan(100 * PAGE);
  return { dbPath, good };
}

/** A torn write far from the schema: the last pages of the file (the filler's last rows) overwritten with noise. */
function tearTail(dbPath: string): void {
  const size = fs.statSync(dbPath).size;
  const fd = fs.openSync(dbPath, 'r+');
  fs.writeSync(fd, crypto.randomBytes(8 * PAGE), 0, 8 * PAGE, size - 10 * PAGE);
  fs.closeSync(fd);
}

const refusal = (good: BackupInfo) =>
  expect.objectContaining({ code: 'DB_OPEN_FAILED', message: expect.stringMatching(new RegExp(`bị hỏng.*${good.name}`, 'su')) });

const open = (dbPath: string, more: Partial<CoreOptions> = {}) => new Core({ dbPath, resourcesDir: RESOURCES, ...LARGE, ...more });

describe('opening a large database that was closed cleanly', () => {
  it('does not read every page: a torn page far from the schema is not seen at open', () => {
    const { dbPath } = largeIshDb();
    open(dbPath).close(); // the first open of a database this app made: checked, recorded
    tearTail(dbPath);
    const core = open(dbPath);
    try {
      expect(core.openCheck.level).toBe('cheap');
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      core.close();
    }
  });

  it('a small database is still read whole at every open, and its damage refused', () => {
    const { dbPath, good } = largeIshDb();
    open(dbPath).close();
    tearTail(dbPath);
    expect(() => new Core({ dbPath, resourcesDir: RESOURCES })).toThrow(refusal(good));
  });

  it('the cheap check still finds a cut-off file and a damaged schema', () => {
    const { dbPath, good } = largeIshDb();
    open(dbPath).close();
    fs.truncateSync(dbPath, fs.statSync(dbPath).size - 20 * PAGE);
    expect(() => open(dbPath)).toThrow(refusal(good));

    const second = largeIshDb();
    open(second.dbPath).close();
    const fd = fs.openSync(second.dbPath, 'r+');
    fs.writeSync(fd, crypto.randomBytes(PAGE - 100), 0, PAGE - 100, 100); // page 1: the schema's table
    fs.closeSync(fd);
    expect(() => open(second.dbPath)).toThrow(refusal(second.good));
  });
});

describe('a full check where it matters', () => {
  it('after a program that had the database open was killed: the full check runs, finds the damage and offers the backup', async () => {
    const { dbPath, good } = largeIshDb();
    open(dbPath).close();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/open-check-holder.ts'), dbPath], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
      child.on('exit', () => reject(new Error('the holder ended before opening')));
    });
    const ended = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await ended;
    tearTail(dbPath);
    expect(() => open(dbPath)).toThrow(refusal(good));
    // Still refused at the next try: the unclean end is forgotten only once a full check passes.
    expect(() => open(dbPath)).toThrow(refusal(good));
  }, 60_000);

  it('after an unclean end a sound database gets one full check, then cheap opens again', async () => {
    const { dbPath } = largeIshDb();
    open(dbPath).close();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/open-check-holder.ts'), dbPath], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve()));
    const ended = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await ended;
    const first = open(dbPath);
    expect(first.openCheck.level).toBe('full');
    expect(first.db.sqlite.prepare("SELECT value FROM settings WHERE key = 'open-check.test'").pluck().get()).toBe('1'); // the killed program's write is kept
    first.close();
    const next = open(dbPath);
    expect(next.openCheck.level).toBe('cheap');
    next.close();
  }, 60_000);

  it('a database file never checked by this app (put there by hand) is read whole at its first open', () => {
    const { dbPath, good } = largeIshDb();
    fs.rmSync(checkRecordOf(dbPath), { force: true });
    tearTail(dbPath);
    expect(() => open(dbPath)).toThrow(refusal(good));
  });

  it('a file replaced under the same name (another file) is read whole again', () => {
    const { dbPath, good } = largeIshDb();
    open(dbPath).close();
    const other = `${dbPath}.other`;
    fs.copyFileSync(dbPath, other);
    tearTail(other);
    fs.renameSync(other, dbPath);
    expect(() => open(dbPath)).toThrow(refusal(good));
  });
});

describe('the daily full check in the background', () => {
  it('runs after open when the last one is a day old, reports the damage in Vietnamese with the backup, and the next open refuses', async () => {
    const { dbPath, good } = largeIshDb();
    open(dbPath).close();
    const record = JSON.parse(fs.readFileSync(checkRecordOf(dbPath), 'utf8')) as { checkedAt: string };
    record.checkedAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    fs.writeFileSync(checkRecordOf(dbPath), JSON.stringify(record));
    tearTail(dbPath);

    const reported: DamagedDatabaseError[] = [];
    const core = open(dbPath, { backgroundCheck: true, onDamaged: (e) => reported.push(e) });
    try {
      expect(core.openCheck.level).toBe('cheap');
      expect(core.openCheck.background).toBe('running');
      const done = await core.whenChecked();
      expect(done.background).toBe('damaged');
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeInstanceOf(DamagedDatabaseError);
      expect(reported[0]!.backup?.name).toBe(good.name);
      expect(reported[0]!.message).toMatch(new RegExp(`bị hỏng.*${good.name}`, 'su'));
      expect(core.openCheck.damage?.message).toBe(reported[0]!.message);
    } finally {
      core.close();
    }
    expect(() => open(dbPath)).toThrow(refusal(good));
  }, 60_000);

  it('does not run when the last full check is recent, nor where not asked (command line, job workers)', async () => {
    const { dbPath } = largeIshDb();
    open(dbPath).close();
    const recent = open(dbPath, { backgroundCheck: true });
    expect(recent.openCheck.background).toBe('none');
    recent.close();
    const record = JSON.parse(fs.readFileSync(checkRecordOf(dbPath), 'utf8')) as { checkedAt: string };
    record.checkedAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    fs.writeFileSync(checkRecordOf(dbPath), JSON.stringify(record));
    const cli = open(dbPath);
    expect(cli.openCheck.background).toBe('none');
    cli.close();
    const app = open(dbPath, { backgroundCheck: true });
    expect((await app.whenChecked()).background).toBe('ok');
    app.close();
    // Passed: recorded, so the next start has nothing due.
    const again = open(dbPath, { backgroundCheck: true });
    expect(again.openCheck.background).toBe('none');
    again.close();
  }, 60_000);

  it('closing the app stops a running check at once', async () => {
    const { dbPath } = largeIshDb();
    open(dbPath).close();
    const record = JSON.parse(fs.readFileSync(checkRecordOf(dbPath), 'utf8')) as { checkedAt: string };
    record.checkedAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    fs.writeFileSync(checkRecordOf(dbPath), JSON.stringify(record));
    const core = open(dbPath, { backgroundCheck: true });
    core.close();
    expect((await core.whenChecked()).background).toBe('stopped');
    // Not recorded as passed: the next start checks again.
    const next = open(dbPath, { backgroundCheck: true });
    expect(next.openCheck.background).toBe('running');
    next.close();
  }, 60_000);
});
