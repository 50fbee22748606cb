import fs from 'node:fs';
import path from 'node:path';
import type { ErrorCode, FieldIssue } from '../../shared/api/envelope';
import { DISK_MESSAGES, type DiskProblem } from '../../shared/messages';

/** An expected failure with a code from the contract; it becomes an error envelope at the edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Node's and SQLite's names for "the disk is full" and "this folder cannot be written". */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY']);

/** Which disk problem an error is, if it is one (its own code, else a probe of the folder it wrote to). */
export function diskProblemOf(e: unknown, folder?: string): DiskProblem | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (FULL.has(code)) return 'DISK_FULL';
    if (READ_ONLY.has(code)) return 'READ_ONLY';
  }
  // SQLite says only "unable to open" (SQLITE_CANTOPEN) or "disk I/O error": ask the folder itself.
  if (folder && typeof code === 'string' && /^SQLITE_(CANTOPEN|IOERR)/u.test(code)) {
    const probe = probeFolder(folder);
    if (probe) return probe;
  }
  return null;
}

/** Tries to create (and removes) a small file in the folder: the disk problem it meets, or null. */
function probeFolder(folder: string): DiskProblem | null {
  const file = path.join(folder, `.rasoat-probe-${process.pid}`);
  try {
    fs.writeFileSync(file, 'x', { flag: 'wx' });
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return FULL.has(code) ? 'DISK_FULL' : READ_ONLY.has(code) ? 'READ_ONLY' : null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * The error to report for a failed write: a full disk or a read-only folder is reported under its
 * own code (DISK_FULL, READ_ONLY) and says so in Vietnamese, with the file; anything else keeps its
 * own message under `code`.
 */
export function writeFailure(e: unknown, code: ErrorCode, file: string, what: string): AppError {
  if (e instanceof AppError) return e;
  const problem = diskProblemOf(e, path.dirname(path.resolve(file)));
  const detail = (e as Error | null)?.message ?? String(e);
  if (problem) return new AppError(problem, `${DISK_MESSAGES[problem]} (${what}: ${file}; ${detail})`);
  return new AppError(code, `${what} ${file}: ${detail}`);
}

/**
 * An input refused because of one field: the same Vietnamese sentence is the error's message and
 * the field's, so the screen can show it beside the field and the command line prints it whole.
 */
export function invalidAt(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, [{ path, message }]);
}
