// db/bulk.ts RowInserter: the rows left over at a flush (fewer than a full statement) are written
// by a small fixed set of statements, never by one statement prepared and kept per distinct
// leftover count (a long-running app that flushed 200 different counts held 200 big prepared
// statements, some 30 MB). The rows still go in whole and in the order added.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bulkStatementCount, RowInserter } from '../../electron/core/db/bulk';

describe('RowInserter leftover rows', () => {
  it('keeps a small fixed set of prepared statements however many distinct leftover counts are flushed', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a INTEGER, b TEXT, c INTEGER)');
    let next = 0;
    const expected: [number, string, number][] = [];
    for (let n = 1; n < 200; n++) {
      const ins = new RowInserter(db, 'INSERT INTO t (a, b, c)', 3, 200);
      for (let i = 0; i < n; i++) {
        const row: [number, string, number] = [next, `r${next}`, n];
        expected.push(row);
        ins.add(row);
        next++;
      }
      ins.flush();
    }
    // A full statement of 200 rows (never filled here) aside, the leftover sizes are powers of two below 200: at most 8.
    expect(bulkStatementCount(db)).toBeLessThanOrEqual(8);
    const rows = db.prepare('SELECT a, b, c FROM t ORDER BY rowid').raw().all() as [number, string, number][];
    expect(rows).toEqual(expected);
    db.close();
  });

  it('writes full statements and the leftover in the order added, with a tail', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE u (k INTEGER PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO u (k, v) VALUES (5, ?)').run('kept');
    const ins = new RowInserter(db, 'INSERT INTO u (k, v)', 2, 16, 'ON CONFLICT DO NOTHING');
    for (let k = 0; k < 16 * 3 + 13; k++) ins.addFrom([-1, k, `v${k}`], 1);
    ins.flush();
    ins.flush();
    const rows = db.prepare('SELECT k, v FROM u ORDER BY k').raw().all() as [number, string][];
    expect(rows.length).toBe(16 * 3 + 13);
    expect(rows[5]).toEqual([5, 'kept']);
    expect(rows[60]).toEqual([60, 'v60']);
    // 16-row statement + leftover 13 = 8 + 4 + 1.
    expect(bulkStatementCount(db)).toBe(4);
    db.close();
  });
});
