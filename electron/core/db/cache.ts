import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs `fn` with the connection's page cache at least `kib` KiB, the connection's own setting put
 * back whatever happens (a whole-round write or a batch import: a larger cache keeps their pages
 * off the disk). SQLite counts a negative cache_size in KiB, a positive one in pages. Pages are
 * taken only as used: a small job costs no more.
 */
export function withCacheAtLeast<T>(sqlite: BetterSqlite3.Database, kib: number, fn: () => T): T {
  const was = sqlite.pragma('cache_size', { simple: true }) as number;
  const wasKib = was < 0 ? -was : (was * (sqlite.pragma('page_size', { simple: true }) as number)) / 1024;
  if (wasKib >= kib) return fn();
  sqlite.pragma(`cache_size = -${Math.trunc(kib)}`);
  try {
    return fn();
  } finally {
    sqlite.pragma(`cache_size = ${Math.trunc(was)}`);
  }
}
