import type BetterSqlite3 from 'better-sqlite3';
import { ERROR_MESSAGES } from '../../../shared/messages';
import { AppError } from '../errors';

/**
 * SQLite's answers for "another connection holds the write lock" (SQLITE_BUSY and its extended
 * codes, e.g. SQLITE_BUSY_SNAPSHOT).
 */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The Vietnamese refusal for a write that waited the whole busy timeout without getting the lock. */
export function busyError(e: unknown): AppError {
  return new AppError('BUSY', `${ERROR_MESSAGES.BUSY} (${(e as Error | null)?.message ?? String(e)})`);
}

/**
 * The one way to write: every write transaction starts with BEGIN IMMEDIATE, so it takes the
 * write lock first and waits for it (the connection's busy_timeout) while another connection (an
 * import's worker, another program) commits. A deferred transaction would read first and then
 * fail at once on the lock upgrade, which no busy timeout can wait for. A write that still
 * cannot get the lock is refused with the BUSY code (Vietnamese: try again; the values typed stay
 * in their draft). Inside another transaction it is a savepoint of that one.
 */
export function writeTransaction<T>(sqlite: BetterSqlite3.Database, fn: () => T): T {
  try {
    return sqlite.transaction(fn).immediate();
  } catch (e) {
    if (isBusy(e)) throw busyError(e);
    throw e;
  }
}
