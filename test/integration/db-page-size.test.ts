import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APP_ID, openDatabase, PAGE_SIZE } from '../../electron/core/db/connection';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers';

/**
 * A database the app creates has PAGE_SIZE pages (db/connection.ts: cheaper bulk loads, index
 * builds and whole-round reads, measured); one made before keeps its own pages (a page size is the
 * file's: changing it would rewrite the whole file), and both are migrated alike.
 */
const pageSize = (file: string): number => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('the page size of a database', () => {
  it('is PAGE_SIZE for a new file, in WAL, with every migration', () => {
    const file = path.join(tempDir(), 'moi.sqlite');
    const db = openDatabase(file);
    try {
      expect(PAGE_SIZE).toBe(16_384);
      expect(db.sqlite.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
    expect(pageSize(file)).toBe(PAGE_SIZE);
  });

  it('stays 4,096 for a database made with them, migrated the same', () => {
    const file = path.join(tempDir(), 'cu.sqlite');
    const old = new BetterSqlite3(file);
    old.pragma('page_size = 4096');
    // What an older app wrote first: its marker (the file then holds one page).
    old.pragma(`application_id = ${APP_ID}`);
    old.close();
    const db = openDatabase(file);
    try {
      expect(db.sqlite.pragma('page_size', { simple: true })).toBe(4096);
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
