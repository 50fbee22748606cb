import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupInfo } from '../../../shared/api/contract';
import { AppError, writeFailure } from '../errors';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { nowIso, schemaVersionOf } from '../db/connection';
import { deriveKey, isSealed, openSealedFile, sealFile, type SealKey } from './sealed';
import { forgetUncleanEnds, uncleanEnds } from './holders';
import { runInChild } from './child';

export const BACKUP_REASONS = ['manual', 'daily', 'before-migration', 'before-import', 'before-restore', 'before-demo', 'before-delete'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];
export const DEFAULT_KEEP = 30;

/** 20261128-142501123: UTC date, time and milliseconds; names sort in time order. */
const stamp = (d: Date): string => d.toISOString().replace(/[-:.]/gu, '').replace('T', '-').slice(0, 18);
/** Sort key of a backup name: its time stamp, then its collision counter. */
const orderKey = (name: string): string => {
  const m = /^rasoat-(\d{8}-\d{9})-[a-z-]+?(?:-(\d+))?\.sqlite(?:\.enc)?$/u.exec(name);
  return m ? `${m[1]}-${(m[2] ?? '1').padStart(4, '0')}` : name;
};

/** A half-written copy: never a name listBackups shows (it ends in .partial), tagged with the writer's PID. */
const partialOf = (dest: string): string => `${dest}.${process.pid}.partial`;
const PARTIAL = /^.+\.(\d+)\.partial$/u;

/** Row count of every table (the full-text index's shadow tables too). */
function tableCounts(sqlite: BetterSqlite3.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of userTables(sqlite)) out[t.name] = sqlite.prepare(`SELECT COUNT(*) FROM "${t.name}"`).pluck().get() as number;
  return out;
}

function userTables(sqlite: BetterSqlite3.Database): { name: string; wr: number }[] {
  return (sqlite.pragma('table_list') as { schema: string; name: string; type: string; wr: number }[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Flushes a file (and, where the system allows, its folder's entry) to the disk. */
function syncToDisk(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder: its rename is durable enough there
  }
}

/**
 * Checks a copy: SQLite's quick_check, and, when the source did not change while it was copied,
 * the same row count in every table. quick_check reads every page and checks each b-tree, record
 * and constraint, which is what a short or failed write breaks; integrity_check would add the
 * cross-check of every index against its table, which VACUUM INTO cannot get wrong (it builds the
 * indexes from the copied rows) and which costs ten times as much (district of 60,000 households,
 * 250 MB: quick_check 1.2 s, integrity_check 11.5 s, the copy itself 2.2 s). A restore runs the
 * full integrity_check on the backup it uses.
 */
function verifyCopy(file: string, expected: Record<string, number> | null): void {
  const copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('BACKUP_FAILED', `Bản sao lưu vừa ghi bị hỏng (${String(check)}): không giữ bản này. Hãy kiểm tra ổ đĩa rồi thử lại.`);
    if (expected) {
      const got = tableCounts(copy);
      const wrong = Object.keys({ ...expected, ...got }).filter((t) => expected[t] !== got[t]);
      if (wrong.length > 0) {
        throw new AppError('BACKUP_FAILED', `Bản sao lưu vừa ghi thiếu dữ liệu ở bảng ${wrong.join(', ')}: không giữ bản này. Hãy thử lại.`);
      }
    }
  } finally {
    copy.close();
  }
}

/**
 * Copies a live database into one consistent file with VACUUM INTO (synchronous, works while the
 * database is open in WAL mode, and compacts the copy). The copy is written under a temporary
 * name, flushed, checked (integrity_check and the row counts), and only then renamed to `dest`:
 * a kill or a full disk never leaves a half-written file under a backup's name.
 */
export function copyDatabase(sqlite: BetterSqlite3.Database, dest: string): void {
  const target = path.resolve(dest);
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw writeFailure(e, 'BACKUP_FAILED', dir, 'Không tạo được thư mục sao lưu');
  }
  if (fs.existsSync(target)) throw new AppError('BACKUP_FAILED', `Đã có tệp ${dest} nên không ghi đè bản sao lưu lên nó: hãy chọn tên tệp hoặc thư mục khác rồi sao lưu lại.`);
  const tmp = partialOf(target);
  try {
    // Up to three tries to copy a database that stood still meanwhile, so the row counts can be compared;
    // under a steady stream of writes (a running import) the last copy is kept on integrity_check alone.
    for (let attempt = 1; ; attempt++) {
      fs.rmSync(tmp, { force: true });
      const before = sqlite.pragma('data_version', { simple: true });
      sqlite.prepare('VACUUM INTO ?').run(tmp);
      const counts = tableCounts(sqlite);
      const stable = sqlite.pragma('data_version', { simple: true }) === before;
      if (!stable && attempt < 3) continue;
      verifyCopy(tmp, stable ? counts : null);
      break;
    }
    syncToDisk(tmp);
    fs.renameSync(tmp, target);
    syncFolder(dir);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(e, 'BACKUP_FAILED', target, 'Sao lưu không được');
  }
}

/** Removes half-written copies left by a process that died while writing them. */
export function removeStalePartials(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The settings key of the office's backup key (derived from its passphrase; never the passphrase itself). */
const BACKUP_KEY_SETTING = 'backup.key';

/**
 * The key backups are sealed with, or null when the office has not set a backup passphrase. It is
 * kept in the live database (which holds the data in the clear anyway) so that automatic backups
 * are sealed without asking; a backup file alone cannot be opened without the passphrase.
 */
export function backupKeyOf(sqlite: BetterSqlite3.Database): SealKey | null {
  const hasSettings = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
  if (!hasSettings) return null;
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(BACKUP_KEY_SETTING) as { value: string } | undefined;
  if (!row) return null;
  const stored = JSON.parse(row.value) as { kdf: SealKey['kdf']; key: string };
  return { kdf: stored.kdf, key: Buffer.from(stored.key, 'base64') };
}

/** Who set the backup passphrase and when, or null when backups are not sealed. */
export function backupSealState(sqlite: BetterSqlite3.Database): { setAt: string; setBy: string } | null {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(BACKUP_KEY_SETTING) as { value: string } | undefined;
  if (!row) return null;
  const stored = JSON.parse(row.value) as { setAt: string; setBy: string };
  return { setAt: stored.setAt, setBy: stored.setBy };
}

/** The contract's view of backupSealState. */
export function backupEncryption(sqlite: BetterSqlite3.Database): { sealed: boolean; setAt: string | null; setBy: string | null } {
  const state = backupSealState(sqlite);
  if (!state) return { sealed: false, setAt: null, setBy: null };
  // The user's full name, as the screens name people (the sign-in name when the user is gone or was the CLI).
  const fullName = sqlite.prepare('SELECT full_name FROM users WHERE name = ?').pluck().get(state.setBy) as string | undefined;
  return { sealed: true, setAt: state.setAt, setBy: fullName ?? state.setBy };
}

/**
 * Sets (or changes) the office's backup passphrase: from then on every backup is sealed with a
 * key derived from it. Backups sealed before keep needing the passphrase of their day. Audited.
 */
export function setBackupPassphrase(sqlite: BetterSqlite3.Database, passphrase: string, actor: string): void {
  const key = deriveKey(passphrase);
  const at = nowIso();
  const value = JSON.stringify({ kdf: key.kdf, key: key.key.toString('base64'), setAt: at, setBy: actor });
  sqlite.transaction(() => {
    const had = backupSealState(sqlite) !== null;
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(BACKUP_KEY_SETTING, value);
    // Never the passphrase or the key in the audit trail: only that it was set.
    sqlite
      .prepare('INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value) VALUES (?, ?, ?, NULL, ?, NULL, NULL, NULL)')
      .run(at, actor, 'backup', had ? 'passphrase_changed' : 'passphrase_set');
  })();
}

/**
 * A backup into the backup folder, named by time and reason; then old ones are pruned (see
 * pruneBackups). With an office backup passphrase the backup is sealed (AES-256-GCM,
 * rasoat-….sqlite.enc): the verified copy is sealed, and only the sealed file takes a backup's
 * name. `plain` keeps an unsealed copy even then (an export the user asked for, with a warning).
 */
export function autoBackup(sqlite: BetterSqlite3.Database, dir: string, reason: BackupReason, keep = DEFAULT_KEEP, plain = false): BackupInfo {
  removeStalePartials(dir);
  const key = plain ? null : backupKeyOf(sqlite);
  const ext = key ? '.sqlite.enc' : '.sqlite';
  const now = new Date();
  let file = path.join(dir, `rasoat-${stamp(now)}-${reason}${ext}`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `rasoat-${stamp(now)}-${reason}-${i}${ext}`);
  if (!key) copyDatabase(sqlite, file);
  else {
    const clear = partialOf(`${file}.clear`);
    const sealing = partialOf(file);
    try {
      copyDatabase(sqlite, clear);
      sealFile(clear, sealing, key, 'backup', { reason, schemaVersion: LATEST_SCHEMA_VERSION });
      fs.renameSync(sealing, file);
      syncFolder(dir);
    } catch (e) {
      fs.rmSync(sealing, { force: true });
      throw writeFailure(e, 'BACKUP_FAILED', file, 'Sao lưu không được');
    } finally {
      fs.rmSync(clear, { force: true });
    }
  }
  pruneBackups(dir, keep, now);
  return infoOf(file);
}

/**
 * A backup file ready to be checked and copied in: a plain one as it is; a sealed one opened into
 * a temporary file with the passphrase (refused, with the reason, without it or with a wrong one).
 * `done` removes the temporary file.
 */
export function openBackup(file: string, passphrase: string | undefined): { file: string; done: () => void } {
  if (!isSealed(file)) return { file, done: () => {} };
  if (!passphrase) {
    throw new AppError('INVALID_INPUT', `Bản sao lưu ${path.basename(file)} được mã hoá: hãy nhập mật khẩu sao lưu của cơ quan để khôi phục.`);
  }
  const clear = partialOf(`${file}.open`);
  fs.rmSync(clear, { force: true });
  openSealedFile(file, clear, passphrase, 'backup');
  return { file: clear, done: () => fs.rmSync(clear, { force: true }) };
}

function infoOf(file: string): BackupInfo {
  const name = path.basename(file);
  const reason = BACKUP_REASONS.find((r) => name.includes(`-${r}`)) ?? 'manual';
  const stat = fs.statSync(file);
  return { file, name, size: stat.size, createdAt: stat.mtime.toISOString(), reason, encrypted: name.endsWith('.enc') };
}

/** The 16 bytes every SQLite database file starts with. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
function looksLikeSqlite(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(SQLITE_HEADER.length);
      return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Backups in the folder, newest first. Half-written copies (*.partial) are not backups, nor is a
 * file under a backup's name that is not a SQLite database (empty, cut off by an older version).
 */
export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => (/^rasoat-.*\.sqlite$/u.test(n) && looksLikeSqlite(path.join(dir, n))) || (/^rasoat-.*\.sqlite\.enc$/u.test(n) && isSealed(path.join(dir, n))))
    .sort((a, b) => (orderKey(a) < orderKey(b) ? 1 : orderKey(a) > orderKey(b) ? -1 : 0))
    .map((n) => infoOf(path.join(dir, n)));
}

/** Days of backups kept: the newest backup of each of these days stays. */
export const DAILY_DAYS = 30;
/** Backups that are kept for good: each is the state just before a change that cannot be undone otherwise. */
const KEPT_FOR_GOOD: readonly string[] = ['before-migration', 'before-import', 'before-restore', 'before-delete'];
const dayOf = (name: string): string => name.slice('rasoat-'.length, 'rasoat-'.length + 8);

/**
 * Removes old backups. Kept: every backup taken before a migration, an import or a restore; the
 * daily backup and the newest backup of each of the last DAILY_DAYS days; the newest `keep`
 * backups. So a burst of manual backups only ever replaces manual backups of its own day.
 */
export function pruneBackups(dir: string, keep: number, now = new Date()): void {
  const all = listBackups(dir);
  const since = stamp(new Date(now.getTime() - DAILY_DAYS * 86_400_000)).slice(0, 8);
  const kept = new Set(all.slice(0, keep).map((b) => b.name));
  const days = new Set<string>();
  for (const b of all) {
    const day = dayOf(b.name);
    if (KEPT_FOR_GOOD.includes(b.reason)) kept.add(b.name);
    if (day < since) continue;
    if (b.reason === 'daily') kept.add(b.name);
    if (!days.has(day)) {
      days.add(day);
      kept.add(b.name);
    }
  }
  for (const b of all) if (!kept.has(b.name)) fs.rmSync(b.file, { force: true });
}

/** True when a backup was taken today (UTC date of the file names): then no daily one is needed. */
export function hasBackupToday(dir: string, today = new Date()): boolean {
  const prefix = `rasoat-${stamp(today).slice(0, 8)}`;
  return listBackups(dir).some((b) => b.name.startsWith(prefix));
}

/**
 * The newest backup that passes quick_check and is not newer than this app, or null. Sealed
 * backups cannot be checked without the passphrase, so only plain ones are offered here.
 */
export function lastGoodBackup(dir: string): BackupInfo | null {
  for (const b of listBackups(dir)) {
    if (b.encrypted) continue;
    try {
      checkRestorable(b.file, 'quick');
      return b;
    } catch {
      // damaged or foreign: try the one before
    }
  }
  return null;
}

/** Row count and a SHA-256 of every row, per table: two databases with equal sums hold the same data. */
export function tableChecksums(sqlite: BetterSqlite3.Database): Record<string, { rows: number; sha256: string }> {
  // Ordinary tables and the full-text index's shadow tables; WITHOUT ROWID ones scan in key order.
  const tables = userTables(sqlite);
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

/**
 * Checks that a file is a database this app can open (SQLite, our tables, not newer) and is not
 * damaged: integrity_check before a restore, quick_check where speed matters (listing).
 */
export function checkRestorable(file: string, level: 'full' | 'quick' = 'full'): void {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Không tìm thấy tệp sao lưu ${file}: tệp có thể đã bị xoá hoặc chuyển đi. Hãy chọn lại tệp sao lưu trong danh sách, hoặc kiểm tra lại đường dẫn.`);
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const version = schemaVersionOf(probe);
    if (version > LATEST_SCHEMA_VERSION) throw new AppError('DB_TOO_NEW', `Tệp sao lưu ${file} được tạo bởi phiên bản mới hơn của phần mềm (cấu trúc dữ liệu số ${version}, bản này đọc được đến số ${LATEST_SCHEMA_VERSION}): hãy cập nhật phần mềm rồi khôi phục lại.`);
    const hasHouseholds = probe.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='households'").get();
    if (!hasHouseholds) throw new AppError('DB_OPEN_FAILED', `Tệp ${file} không phải dữ liệu của phần mềm Rà soát hộ nghèo (không có bảng hộ): hãy chọn một tệp sao lưu do phần mềm này tạo.`);
    const check = probe.pragma(level === 'full' ? 'integrity_check' : 'quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('DB_OPEN_FAILED', `Tệp sao lưu ${file} bị hỏng nên không khôi phục từ tệp này được: hãy chọn một bản sao lưu khác, cũ hơn. Chi tiết: ${String(check)}`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('DB_OPEN_FAILED', `Tệp ${file} không phải tệp dữ liệu SQLite, hoặc bị hỏng, nên không khôi phục được: hãy chọn một tệp sao lưu do phần mềm này tạo. Chi tiết: ${(e as Error).message}`);
  } finally {
    probe?.close();
  }
}

/** A database not made yet (in memory, no file, or an empty one): nothing in it to check. */
const isNewFile = (dbPath: string): boolean => dbPath === ':memory:' || !fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0;

/** SQLite's error codes that mean the file is damaged (anything else, locked or no permission, is not ours to judge). */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/u;

/** SQLite's word on a check: null when sound (or when SQLite could not judge), else the damage. */
function verdictOf(answer: { check: unknown } | { code: string; message: string }): string | null {
  if ('check' in answer) return answer.check === 'ok' ? null : String(answer.check);
  return DAMAGE_CODES.test(answer.code) ? answer.message : null;
}
const failureOf = (e: unknown) => ({ code: (e as { code?: string }).code ?? '', message: (e as Error).message });

/**
 * The full check of a database file: null when it is sound (or new), else SQLite's word on the
 * damage. quick_check rather than integrity_check: it reads every page and checks each b-tree's
 * structure, records and NOT NULL/CHECK constraints, which is what a torn or truncated file breaks,
 * but skips the cross-check of every index against its table (O(N log N), several times slower on
 * a district's database); a full integrity_check runs on every backup written and before every
 * restore. It reads the whole file: about a minute for a province's 5 GB (see openCheckPlan).
 */
export function damageOf(dbPath: string): string | null {
  if (isNewFile(dbPath)) return null;
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    return verdictOf({ check: probe.pragma('quick_check', { simple: true }) });
  } catch (e) {
    return verdictOf(failureOf(e));
  } finally {
    probe?.close();
  }
}

/**
 * The cheap check, in milliseconds whatever the size: the header is SQLite's; the file is not
 * shorter than the header says (when no journal holds newer pages); the schema reads; every
 * table's first row reads. It finds a file cut off, overwritten from the start or with a broken
 * schema, not a torn page in the middle of a table: that is the full check's work.
 */
export function cheapDamageOf(dbPath: string): string | null {
  if (isNewFile(dbPath)) return null;
  const size = fs.statSync(dbPath).size;
  const head = Buffer.alloc(100);
  const fd = fs.openSync(dbPath, 'r');
  try {
    if (fs.readSync(fd, head, 0, head.length, 0) < head.length || !head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
      return 'tệp không phải cơ sở dữ liệu (các byte đầu tệp không phải phần đầu của một tệp SQLite)';
    }
  } finally {
    fs.closeSync(fd);
  }
  const pageSize = head.readUInt16BE(16) === 1 ? 65_536 : head.readUInt16BE(16);
  const pages = head.readUInt32BE(28);
  const sizeValid = pages > 0 && head.readUInt32BE(24) === head.readUInt32BE(92);
  const wal = `${dbPath}-wal`;
  const walEmpty = !fs.existsSync(wal) || fs.statSync(wal).size === 0;
  if (walEmpty && sizeValid && size < pages * pageSize) {
    return `tệp bị cắt cụt: phần đầu tệp ghi ${pages} trang ${pageSize} byte nhưng tệp chỉ có ${Math.floor(size / pageSize)} trang`;
  }
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    const tables = probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const t of tables) probe.prepare(`SELECT 1 FROM "${t.replace(/"/gu, '""')}" LIMIT 1`).get();
    return null;
  } catch (e) {
    return verdictOf(failureOf(e));
  } finally {
    probe?.close();
  }
}

/** Files up to this size are read whole at every open (a district's 250 MB: about a second; a province's 5 GB: a minute). */
export const FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024;
/** How old the last passed full check of a large file may be before the next one is due (in the background). */
export const FULL_CHECK_EVERY_MS = 24 * 3_600_000;

/**
 * A file large enough that reading it whole keeps the officer waiting (a province's): checked in
 * full only when needed and otherwise daily in the background, and backed up daily in the background.
 */
export function isLargeDatabase(dbPath: string, maxBytes = FULL_CHECK_MAX_BYTES): boolean {
  return fs.statSync(dbPath).size > maxBytes;
}

export interface OpenCheckPlan {
  level: 'none' | 'cheap' | 'full';
  /** Why, in Vietnamese (for a log or a status line). */
  why: string;
  /** The daily full check is due, to run in the background. */
  backgroundDue: boolean;
}

/** The record of the last full check, beside the database (rasoat.sqlite.checked). */
export const checkRecordOf = (dbPath: string): string => `${path.resolve(dbPath)}.checked`;
interface CheckRecord {
  checkedAt: string;
  /** The file checked (a file put in its place by hand is another one). */
  ino: number;
  damage: string | null;
}

function readCheckRecord(dbPath: string): CheckRecord | null {
  try {
    const r = JSON.parse(fs.readFileSync(checkRecordOf(dbPath), 'utf8')) as Partial<CheckRecord>;
    if (typeof r.checkedAt !== 'string' || typeof r.ino !== 'number') return null;
    return { checkedAt: r.checkedAt, ino: r.ino, damage: typeof r.damage === 'string' ? r.damage : null };
  } catch {
    return null;
  }
}

/** Records a full check's result (best effort: a read-only folder only means a full check next time). */
export function recordFullCheck(dbPath: string, damage: string | null, at = new Date()): void {
  try {
    const record: CheckRecord = { checkedAt: at.toISOString(), ino: fs.statSync(dbPath).ino, damage };
    // Written in place: a torn record does not parse, which only means a full check next time.
    fs.writeFileSync(checkRecordOf(dbPath), `${JSON.stringify(record)}\n`);
  } catch {
    // not writable: the next open checks in full
  }
}

/**
 * The rule of the start-up check (the desktop app, the HTTP host, the CLI and job workers all open
 * through Core, which asks this function). The full check (quick_check, every page) runs at open:
 * - for a file of at most FULL_CHECK_MAX_BYTES (a district's 250 MB: about a second);
 * - after a session that had the file open ended without closing it (killed, power cut: holders.ts
 *   uncleanEnds), until a full check passes;
 * - for a file no full check of this app has passed on (no record beside it, a record of another
 *   file that took its name, or a record of damage).
 * Else (a large file, closed cleanly, checked before) only the cheap check runs at open, and once
 * the last passed full check is FULL_CHECK_EVERY_MS old the full one is due in the background
 * after open (the app and the host run it; a damage it finds is recorded, so the next open
 * refuses the file). A new or empty file needs no check.
 */
export function openCheckPlan(dbPath: string, fullCheckMaxBytes = FULL_CHECK_MAX_BYTES, now = Date.now()): OpenCheckPlan {
  if (isNewFile(dbPath)) return { level: 'none', why: 'dữ liệu mới', backgroundDue: false };
  const stat = fs.statSync(dbPath);
  const full = (why: string): OpenCheckPlan => ({ level: 'full', why, backgroundDue: false });
  if (!isLargeDatabase(dbPath, fullCheckMaxBytes)) return full('tệp nhỏ: kiểm tra toàn bộ mỗi lần mở');
  if (uncleanEnds(dbPath).length > 0) return full('lần trước chương trình đang mở dữ liệu đã dừng đột ngột (chưa đóng)');
  const record = readCheckRecord(dbPath);
  if (!record || record.ino !== stat.ino) return full('tệp chưa được kiểm tra toàn bộ lần nào');
  if (record.damage !== null) return full('lần kiểm tra trước đã thấy tệp bị hỏng');
  const age = now - Date.parse(record.checkedAt);
  const due = !(age >= 0 && age < FULL_CHECK_EVERY_MS);
  return { level: 'cheap', why: due ? 'đóng đúng cách; đến hạn kiểm tra toàn bộ hằng ngày (chạy nền)' : 'đóng đúng cách, đã kiểm tra toàn bộ trong ngày', backgroundDue: due };
}

export interface OpenCheckResult extends OpenCheckPlan {
  damage: string | null;
}

/** Runs the start-up check the rule above asks for; a full check's result is recorded (and, passed, clears the unclean ends). */
export function checkAtOpen(dbPath: string, fullCheckMaxBytes = FULL_CHECK_MAX_BYTES): OpenCheckResult {
  const plan = openCheckPlan(dbPath, fullCheckMaxBytes);
  if (plan.level === 'none') return { ...plan, damage: null };
  if (plan.level === 'cheap') return { ...plan, damage: cheapDamageOf(dbPath) };
  const damage = damageOf(dbPath);
  recordFullCheck(dbPath, damage);
  if (damage === null) forgetUncleanEnds(dbPath);
  return { ...plan, damage };
}

/**
 * The background full check's process: the same quick_check in a child process (a thread could
 * not be stopped in the middle of it, and would hold up the app's exit for up to a minute).
 * Prints SQLite's answer as JSON.
 */
const BACKGROUND_CHECK = `
const Database = require(process.env.RASOAT_CHECK_DRIVER);
let answer;
try {
  const db = new Database(process.env.RASOAT_CHECK_FILE, { readonly: true, fileMustExist: true });
  try { answer = { check: db.pragma('quick_check', { simple: true }) }; } finally { db.close(); }
} catch (e) {
  answer = { code: String((e && e.code) || ''), message: String(e && e.message) };
}
process.stdout.write(JSON.stringify(answer));
`;

export type BackgroundCheckEnd = { state: 'ok' } | { state: 'damaged'; damage: string } | { state: 'stopped' } | { state: 'failed'; reason: string };

/**
 * Starts the full check of a database in the background (the rule: openCheckPlan). Its result is
 * recorded beside the database (a damage found makes the next open a full check, which refuses the
 * file) and handed to `done`. Returns the stop (the app closing): a stopped check records nothing.
 */
export function startBackgroundCheck(dbPath: string, done: (end: BackgroundCheckEnd) => void): () => void {
  const file = path.resolve(dbPath);
  return runInChild(['-e', BACKGROUND_CHECK], { RASOAT_CHECK_DRIVER: DRIVER, RASOAT_CHECK_FILE: file }, (end) => {
    const finish = (result: BackgroundCheckEnd): void => {
      if (result.state === 'ok') recordFullCheck(file, null);
      if (result.state === 'damaged') recordFullCheck(file, result.damage);
      done(result);
    };
    if (end.stopped) return finish({ state: 'stopped' });
    if (end.error) return finish({ state: 'failed', reason: end.error.message });
    let answer: { check: unknown } | { code: string; message: string };
    try {
      answer = JSON.parse(end.out) as typeof answer;
    } catch {
      return finish({ state: 'failed', reason: `the check ended (code ${String(end.code)}) without an answer` });
    }
    const damage = verdictOf(answer);
    if (damage !== null) return finish({ state: 'damaged', damage });
    return finish('check' in answer ? { state: 'ok' } : { state: 'failed', reason: answer.message });
  });
}

/** The Vietnamese refusal to open a damaged database, naming the last good backup to restore. */
/**
 * A database that failed its check at start. It carries the last good backup, so that the
 * desktop app can offer to restore it and the command line can name it.
 */
export class DamagedDatabaseError extends AppError {
  constructor(
    readonly dbPath: string,
    readonly backup: BackupInfo | null,
    damage: string,
  ) {
    const offer = backup
      ? `Bản sao lưu tốt gần nhất: ${backup.name} (lúc ${backup.createdAt}). Hãy khôi phục bản này: trong ứng dụng, hoặc bằng lệnh "npm run -s cli -- restore --db ${dbPath} --from ${backup.file}".`
      : 'Không có bản sao lưu nào còn tốt trong thư mục sao lưu: hãy nhờ bộ phận hỗ trợ, và không xoá tệp dữ liệu.';
    super('DB_OPEN_FAILED', `Tệp dữ liệu ${dbPath} bị hỏng (kiểm tra toàn vẹn không đạt: ${damage.slice(0, 200)}), nên ứng dụng không mở để ghi, tránh làm hỏng thêm. ${offer}`);
  }
}

export function damagedDatabaseError(dbPath: string, damage: string, backupDir: string): DamagedDatabaseError {
  return new DamagedDatabaseError(dbPath, lastGoodBackup(backupDir), damage);
}

/** The SQLite driver's entry file, for the restore's helper thread. */
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The restore's helper thread: SQLite's online backup API copies the backup file into the live
 * database, as one write transaction on it. Every other connection (this process's, a job's, a
 * CLI's) goes on with the same file and sees the old data or the new, never a mix; a kill in the
 * middle leaves the old data whole. better-sqlite3 runs the copy asynchronously, so it runs in a
 * thread while the caller waits for it (a restore is synchronous for its callers).
 */
const RESTORE_THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { flag, port, source, dest, deadline } = workerData;
const done = (message) => { port.postMessage(message); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
let src;
try {
  src = new Database(source, { readonly: true, fileMustExist: true });
  src.backup(dest, {
    progress() {
      if (Date.now() > deadline) throw new Error('dữ liệu vẫn bận sau một phút chờ vì một chương trình khác đang ghi vào: hãy đóng chương trình đó rồi khôi phục lại');
      return 0x7fffffff;
    },
  }).then(
    () => { src.close(); done({ ok: true }); },
    (e) => { src.close(); done({ ok: false, message: String(e && e.message), code: e && e.code }); },
  );
} catch (e) {
  if (src) src.close();
  done({ ok: false, message: String(e && e.message), code: e && e.code });
}
`;

/** How long a restore waits for other connections to let go of the database. */
const RESTORE_BUSY_MS = 60_000;

/** Copies a backup file into the live database through SQLite (see RESTORE_THREAD); synchronous. */
export function restoreInto(backupFile: string, dbFile: string): void {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(RESTORE_THREAD, {
    eval: true,
    workerData: { flag, port: port2, source: path.resolve(backupFile), dest: path.resolve(dbFile), driver: DRIVER, deadline: Date.now() + RESTORE_BUSY_MS },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(flag, 0, 0, RESTORE_BUSY_MS * 2) === 'timed-out') {
      throw new AppError('BACKUP_FAILED', 'Khôi phục quá lâu nên đã dừng; dữ liệu hiện tại giữ nguyên. Hãy đóng các chương trình khác đang mở dữ liệu rồi thử lại.');
    }
    const answer = receiveMessageOnPort(port1)?.message as { ok: boolean; message?: string; code?: string } | undefined;
    if (!answer?.ok) {
      const e = Object.assign(new Error(answer?.message ?? 'luồng khôi phục dừng mà không trả lời: hãy thử lại'), { code: answer?.code });
      throw writeFailure(e, 'BACKUP_FAILED', dbFile, 'Khôi phục không được, dữ liệu hiện tại giữ nguyên');
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/**
 * Replaces a damaged database file (one SQLite cannot write into) with a backup, for when no
 * process has it open. The damaged file is kept beside the backups as damaged-*.sqlite (not listed
 * as a backup). The copy is complete and flushed before it takes the database's name.
 */
export function replaceDamaged(backupFile: string, dbFile: string, backupDir: string): string {
  checkRestorable(backupFile);
  fs.mkdirSync(backupDir, { recursive: true });
  const kept = path.join(backupDir, `damaged-${stamp(new Date())}.sqlite`);
  const tmp = partialOf(dbFile);
  try {
    fs.copyFileSync(dbFile, kept);
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(dbFile + suffix)) fs.copyFileSync(dbFile + suffix, kept + suffix);
    fs.copyFileSync(backupFile, tmp);
    syncToDisk(tmp);
    // The damaged file's journal must not be played over the restored copy.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
    fs.renameSync(tmp, dbFile);
    syncFolder(path.dirname(dbFile));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(e, 'BACKUP_FAILED', dbFile, 'Khôi phục không được');
  }
  return kept;
}
