import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackupInfo } from '../../../shared/api/contract';
import { runInChild } from './child';

/** What the daily backup's child process prints. */
export type DailyChildAnswer = { ok: true; backup: BackupInfo } | { ok: false; reason: string };

export type DailyBackupEnd = { state: 'done'; backup: BackupInfo } | { state: 'failed'; reason: string } | { state: 'stopped' };

/** The child's entry: bundled beside the core in the app (out/main/backup-daily.js), or run from source through tsx. */
function childArgs(): string[] {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return [fileURLToPath(new URL('./backup-daily.js', here))];
  return ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href, fileURLToPath(new URL('./daily-child.ts', here))];
}

/**
 * Takes the daily backup of a database in a child process (daily-child.ts): the app stays usable
 * while a large file is copied and checked, and closing the app stops it (the half-written copy is
 * a *.partial file, removed by the next backup). `done` gets the backup made, or why not.
 */
export function startDailyBackup(dbPath: string, backupDir: string, keep: number, done: (end: DailyBackupEnd) => void): () => void {
  const env = { RASOAT_DAILY_DB: path.resolve(dbPath), RASOAT_DAILY_DIR: path.resolve(backupDir), RASOAT_DAILY_KEEP: String(keep) };
  return runInChild(childArgs(), env, (end) => {
    if (end.stopped) return done({ state: 'stopped' });
    if (end.error) return done({ state: 'failed', reason: end.error.message });
    let answer: DailyChildAnswer;
    try {
      answer = JSON.parse(end.out) as DailyChildAnswer;
    } catch {
      return done({ state: 'failed', reason: `Sao lưu hằng ngày dừng giữa chừng (mã ${String(end.code)}) mà không báo kết quả.` });
    }
    done(answer.ok ? { state: 'done', backup: answer.backup } : { state: 'failed', reason: answer.reason });
  });
}
