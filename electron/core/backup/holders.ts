import fs from 'node:fs';
import path from 'node:path';

/**
 * Which processes have a database open: the desktop app, the HTTP host, a CLI command. Each one
 * that opens it writes its PID into the lock folder beside the database (rasoat.sqlite.lock/,
 * one file per process, so two holders never rewrite one file) and removes it on close. An entry
 * whose process is dead (killed, power cut) is stale and ignored. A restore is refused while
 * another process holds the database.
 */
export const lockFileOf = (dbPath: string): string => `${path.resolve(dbPath)}.lock`;

/** Opens of each database by this process (several Cores in one process share one entry). */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Registers this process as a holder of the database; returns the release. Best effort: a folder that cannot be written only loses the warning. */
export function hold(dbPath: string): () => void {
  if (dbPath === ':memory:') return () => {};
  const dir = lockFileOf(dbPath);
  const mine = path.join(dir, `${process.pid}.pid`);
  const count = held.get(dir) ?? 0;
  held.set(dir, count + 1);
  if (count === 0) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(mine, `${process.pid}\n`);
    } catch {
      // a read-only data folder: the database cannot be written either, nothing to protect
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(dir) ?? 1) - 1;
    if (left > 0) {
      held.set(dir, left);
      return;
    }
    held.delete(dir);
    try {
      fs.rmSync(mine, { force: true });
      fs.rmdirSync(dir);
    } catch {
      // another holder's file is still there, or the folder is read-only
    }
  };
}

/** The live processes that hold the database (this one included); stale entries are removed. */
export function holdersOf(dbPath: string): number[] {
  const dir = lockFileOf(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const m = /^(\d+)\.pid$/u.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (alive(pid)) pids.push(pid);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return pids.sort((a, b) => a - b);
}

/** Holders other than this process. */
export const otherHolders = (dbPath: string): number[] => holdersOf(dbPath).filter((pid) => pid !== process.pid);
