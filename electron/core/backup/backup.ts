import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupInfo } from '../../../shared/api/contract';
import { AppError } from '../errors';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { schemaVersionOf } from '../db/connection';

export const BACKUP_REASONS = ['manual', 'daily', 'before-migration', 'before-import', 'before-restore', 'before-demo'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];
export const DEFAULT_KEEP = 30;

/** 20261128-142501123: UTC date, time and milliseconds; names sort in time order. */
const stamp = (d: Date): string => d.toISOString().replace(/[-:.]/gu, '').replace('T', '-').slice(0, 18);
/** Sort key of a backup name: its time stamp, then its collision counter. */
const orderKey = (name: string): string => {
  const m = /^rasoat-(\d{8}-\d{9})-[a-z-]+?(?:-(\d+))?\.sqlite$/u.exec(name);
  return m ? `${m[1]}-${(m[2] ?? '1').padStart(4, '0')}` : name;
};

/**
 * Copies a live database into one consistent file with VACUUM INTO (synchronous, works while
 * the database is open in WAL mode, and compacts the copy).
 */
export function copyDatabase(sqlite: BetterSqlite3.Database, dest: string): void {
  fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
  if (fs.existsSync(dest)) throw new AppError('BACKUP_FAILED', `Backup target exists already: ${dest}`);
  try {
    sqlite.prepare('VACUUM INTO ?').run(path.resolve(dest));
  } catch (e) {
    throw new AppError('BACKUP_FAILED', `Backup to ${dest} failed: ${(e as Error).message}`);
  }
}

/** A backup into the backup folder, named by time and reason; older ones beyond `keep` are removed. */
export function autoBackup(sqlite: BetterSqlite3.Database, dir: string, reason: BackupReason, keep = DEFAULT_KEEP): BackupInfo {
  const now = new Date();
  let file = path.join(dir, `rasoat-${stamp(now)}-${reason}.sqlite`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `rasoat-${stamp(now)}-${reason}-${i}.sqlite`);
  copyDatabase(sqlite, file);
  pruneBackups(dir, keep);
  return infoOf(file);
}

function infoOf(file: string): BackupInfo {
  const name = path.basename(file);
  const reason = BACKUP_REASONS.find((r) => name.includes(`-${r}`)) ?? 'manual';
  const stat = fs.statSync(file);
  return { file, name, size: stat.size, createdAt: stat.mtime.toISOString(), reason };
}

/** Backups in the folder, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => /^rasoat-.*\.sqlite$/u.test(n))
    .sort((a, b) => (orderKey(a) < orderKey(b) ? 1 : orderKey(a) > orderKey(b) ? -1 : 0))
    .map((n) => infoOf(path.join(dir, n)));
}

export function pruneBackups(dir: string, keep: number): void {
  for (const old of listBackups(dir).slice(keep)) fs.rmSync(old.file, { force: true });
}

/** True when any backup was taken today (UTC date of the file names): then no daily one is needed. */
export function hasBackupToday(dir: string, today = new Date()): boolean {
  const prefix = `rasoat-${stamp(today).slice(0, 8)}`;
  return listBackups(dir).some((b) => b.name.startsWith(prefix));
}

/** Row count and a SHA-256 of every row, per table: two databases with equal sums hold the same data. */
export function tableChecksums(sqlite: BetterSqlite3.Database): Record<string, { rows: number; sha256: string }> {
  // Ordinary tables and the full-text index's shadow tables; WITHOUT ROWID ones scan in key order.
  const tables = (sqlite.pragma('table_list') as { schema: string; name: string; type: string; wr: number }[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const { name: t, wr } of tables) {
    const hash = crypto.createHash('sha256');
    let rows = 0;
    for (const row of sqlite.prepare(`SELECT * FROM "${t}"${wr ? '' : ' ORDER BY rowid'}`).raw().iterate()) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
      rows++;
    }
    out[t] = { rows, sha256: hash.digest('hex') };
  }
  return out;
}

/** Checks that a file is a database this app can open (SQLite, our tables, not newer). */
export function checkRestorable(file: string): void {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Backup file not found: ${file}`);
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const version = schemaVersionOf(probe);
    if (version > LATEST_SCHEMA_VERSION) throw new AppError('DB_TOO_NEW', `Backup schema ${version} is newer than ${LATEST_SCHEMA_VERSION}`);
    const hasHouseholds = probe.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='households'").get();
    if (!hasHouseholds) throw new AppError('DB_OPEN_FAILED', `${file} is not a database of this app`);
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('DB_OPEN_FAILED', `${file} is damaged: ${String(check)}`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('DB_OPEN_FAILED', `${file} is not a SQLite database: ${(e as Error).message}`);
  } finally {
    probe?.close();
  }
}

/**
 * Replaces the database file with a backup. The caller closes its connection first and reopens
 * after; the current file is copied to the backup folder before it is replaced.
 */
export function restoreFile(backupFile: string, dbFile: string, safetyCopy: () => void): void {
  checkRestorable(backupFile);
  safetyCopy();
  const tmp = `${dbFile}.restoring`;
  fs.copyFileSync(backupFile, tmp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  fs.renameSync(tmp, dbFile);
}
