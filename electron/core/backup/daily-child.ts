/**
 * The daily backup of a large database, run in a child process (backup/daily.ts starts it, so that
 * opening a province's 5 GB file does not wait the better part of a minute for the copy). The same
 * autoBackup as every other backup, on a read-only connection of its own: VACUUM INTO copies one
 * consistent snapshot while the app goes on writing. Prints its answer as JSON.
 */
import BetterSqlite3 from 'better-sqlite3';
import { autoBackup } from './backup';
import type { DailyChildAnswer } from './daily';

let answer: DailyChildAnswer;
try {
  const sqlite = new BetterSqlite3(process.env.RASOAT_DAILY_DB ?? '', { readonly: true, fileMustExist: true });
  try {
    answer = { ok: true, backup: autoBackup(sqlite, process.env.RASOAT_DAILY_DIR ?? '', 'daily', Number(process.env.RASOAT_DAILY_KEEP)) };
  } finally {
    sqlite.close();
  }
} catch (e) {
  answer = { ok: false, reason: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(JSON.stringify(answer));
