// withCacheAtLeast (db/cache.ts): the page cache a classification or a batch import raises for its
// work, and the connection's own setting put back, whichever way SQLite counts it.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withCacheAtLeast } from '../../electron/core/db/cache';

const cacheOf = (db: BetterSqlite3.Database) => db.pragma('cache_size', { simple: true }) as number;

describe('a larger page cache for one job', () => {
  it('raises a smaller cache to the KiB asked for, and puts the old one back, also after a failure', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('cache_size = -65536');
    expect(withCacheAtLeast(db, 131_072, () => cacheOf(db))).toBe(-131_072);
    expect(cacheOf(db)).toBe(-65_536);
    expect(() => withCacheAtLeast(db, 131_072, () => { throw new Error('a fault'); })).toThrow('a fault');
    expect(cacheOf(db)).toBe(-65_536);
    db.close();
  });

  it('leaves a cache already as large alone, counted in KiB or in pages', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('cache_size = -262144');
    expect(withCacheAtLeast(db, 131_072, () => cacheOf(db))).toBe(-262_144);
    // 100,000 pages of 4 KiB: 400 MB, more than asked: not lowered.
    db.pragma('page_size = 4096');
    db.pragma('cache_size = 100000');
    expect(withCacheAtLeast(db, 131_072, () => cacheOf(db))).toBe(100_000);
    // 2,000 pages (8 MB): raised, then put back as pages.
    db.pragma('cache_size = 2000');
    expect(withCacheAtLeast(db, 131_072, () => cacheOf(db))).toBe(-131_072);
    expect(cacheOf(db)).toBe(2000);
    db.close();
  });
});
