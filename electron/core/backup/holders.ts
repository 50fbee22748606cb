import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Which processes have a database open: the desktop app, the HTTP host, a CLI command, a job's
 * thread. Each one that opens it writes an entry into the lock folder beside the database
 * (rasoat.sqlite.lock/, one file per process and thread, so two holders never rewrite one file)
 * and removes it on close. An entry whose process is dead (killed, power cut) is left behind: it
 * is how the next opener knows the last session did not close cleanly (uncleanEnds), and it stays
 * until a full check of the file has passed (forgetUncleanEnds). A restore is refused while
 * another live process holds the database.
 */
export const lockFileOf = (dbPath: string): string => `${path.resolve(dbPath)}.lock`;

/** Opens of each database by this thread (several Cores in one thread share one entry). */
const held = new Map<string, number>();

/** This thread's entry: <pid>.pid for a process's main thread, <pid>-<thread>.pid for a worker thread. */
const entryName = (): string => (threadId === 0 ? `${process.pid}.pid` : `${process.pid}-${threadId}.pid`);
const ENTRY = /^(\d+)(?:-\d+)?\.pid$/u;

/**
 * What tells this boot of the machine from the one before: Linux's boot id, else the boot time to
 * ten minutes. After a power cut the dead app's PID may belong to another program: an entry from
 * an earlier boot is never taken for a live holder's.
 */
function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `t${Math.round((Date.now() - os.uptime() * 1000) / 600_000)}`;
  }
}

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

/** Registers this thread as a holder of the database; returns the release. Best effort: a folder that cannot be written only loses the warning. */
export function hold(dbPath: string): () => void {
  if (dbPath === ':memory:') return () => {};
  const dir = lockFileOf(dbPath);
  const mine = path.join(dir, entryName());
  const count = held.get(dir) ?? 0;
  held.set(dir, count + 1);
  if (count === 0) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(mine, `${process.pid}\nboot ${bootId()}\n`);
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
      // another holder's entry is still there, or the folder is read-only
    }
  };
}

interface Entry {
  name: string;
  pid: number;
  /** The boot the entry was written in; null for an entry of an older version (no boot line). */
  boot: string | null;
}

function entriesOf(dbPath: string): Entry[] {
  const dir = lockFileOf(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: Entry[] = [];
  for (const name of names) {
    const m = ENTRY.exec(name);
    if (!m) continue;
    let boot: string | null = null;
    try {
      boot = /^boot (.+)$/mu.exec(fs.readFileSync(path.join(dir, name), 'utf8'))?.[1] ?? null;
    } catch {
      // removed meanwhile by its holder's release
      continue;
    }
    out.push({ name, pid: Number(m[1]), boot });
  }
  return out;
}

/** The live processes that hold the database (this one included). */
export function holdersOf(dbPath: string): number[] {
  const pids = new Set(entriesOf(dbPath).filter((e) => alive(e.pid)).map((e) => e.pid));
  return [...pids].sort((a, b) => a - b);
}

/** Holders other than this process. */
export const otherHolders = (dbPath: string): number[] => holdersOf(dbPath).filter((pid) => pid !== process.pid);

/**
 * Entries left by sessions that ended without closing the database: their process is dead, or
 * they were written before the machine last started.
 */
export function uncleanEnds(dbPath: string): string[] {
  const boot = bootId();
  return entriesOf(dbPath)
    .filter((e) => !alive(e.pid) || (e.boot !== null && e.boot !== boot))
    .map((e) => e.name);
}

/** Removes the entries of sessions that did not close cleanly: called once a full check of the file has passed. */
export function forgetUncleanEnds(dbPath: string): void {
  const dir = lockFileOf(dbPath);
  for (const name of uncleanEnds(dbPath)) fs.rmSync(path.join(dir, name), { force: true });
  try {
    fs.rmdirSync(dir);
  } catch {
    // a live holder's entry is still there
  }
}
