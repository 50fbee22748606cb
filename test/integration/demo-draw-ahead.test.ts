/**
 * The demo's old communes drawn and mapped to rows in a helper thread (demo/draw-ahead.ts,
 * draw-worker.ts) while the building thread writes them:
 * - the same seed gives exactly the same database as the build that draws in its own thread:
 *   every row of every table the load writes, ids included (timestamps apart), the results, the
 *   counts, every entry of the word indexes and their very segments (so it searches as fast);
 * - a build that fails while the helper thread runs leaves the database empty;
 * - a helper thread that fails makes the load throw (its caller's transaction rolls back).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { DrawAhead } from '../../electron/core/demo/draw-ahead';
import { AppError } from '../../electron/core/errors';
import { registry as loadRuleSets, RESOURCES, tempDir } from '../helpers';
import { readUnitFile } from '../../electron/core/units/units';

const registry = loadRuleSets();
const unitFile = readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json'));
const tmp = tempDir('rasoat-draw-ahead-');

/** Every table's rows in id order, without the times a build stamps, hashed table by table; the word indexes entry by entry. */
function contents(db: Db): Record<string, string> {
  const s = db.sqlite;
  const columns = (table: string, without: string[]): string =>
    (s.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).filter((c) => !without.includes(c)).join(', ');
  const tables: [string, string[], string][] = [
    ['households', ['created_at', 'updated_at'], 'id'],
    ['members', [], 'id'],
    ['answers', ['updated_at'], 'household_id'],
    ['household_causes', [], 'household_id, cause'],
    ['household_counts', [], 'round_id, commune_id, village_id'],
    ['results', ['computed_at', 'created_at', 'updated_at'], 'household_id'],
    ['units', ['created_at', 'updated_at'], 'id'],
  ];
  const parts: [string, unknown[]][] = tables.map(([t, without, order]): [string, unknown[]] => [t, s.prepare(`SELECT ${columns(t, without)} FROM ${t} ORDER BY ${order}`).raw().all()]);
  for (const index of ['household_search_pairs', 'household_search_words']) {
    s.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${index}_vocab USING fts5vocab(main, ${index}, instance)`);
    parts.push([index, s.prepare(`SELECT term, doc, col, offset FROM temp.${index}_vocab ORDER BY term, doc, col, offset`).raw().all()]);
    // The index's own pages (its segments as FTS5 wrote them): the same segments search as fast.
    parts.push([`${index} segments`, s.prepare(`SELECT id, hex(block) FROM ${index}_data ORDER BY id`).raw().all()]);
  }
  return Object.fromEntries(parts.map(([k, rows]) => [k, `${rows.length} ${crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`]));
}

function build(name: string, drawAhead: boolean, onProgress?: () => void): Db {
  const db = openDatabase(path.join(tmp, name));
  buildDemo(db.sqlite, registry, unitFile, { households: 2500, seed: 7, drawAhead, onProgress });
  return db;
}

describe('the demo drawn in a helper thread', () => {
  it('gives exactly the database the build drawing in its own thread gives (2,500 households, seed 7)', () => {
    const here = build('here.sqlite', false);
    const ahead = build('ahead.sqlite', true);
    try {
      const a = contents(ahead);
      expect(Number(a.members!.split(' ')[0])).toBeGreaterThan(20_000);
      expect(Number(a.household_search_pairs!.split(' ')[0])).toBeGreaterThan(50_000);
      expect(Number(a.household_search_words!.split(' ')[0])).toBeGreaterThan(50_000);
      expect(a).toEqual(contents(here));
      expect(ahead.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(ahead.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      here.close();
      ahead.close();
    }
  });

  it('fails cleanly while the helper thread runs: the database stays empty', () => {
    const db = openDatabase(path.join(tmp, 'broken.sqlite'));
    try {
      let calls = 0;
      expect(() =>
        buildDemo(db.sqlite, registry, unitFile, {
          households: 2500,
          seed: 7,
          drawAhead: true,
          onProgress: () => {
            // Some batches written, the helper thread still drawing: the build is given up.
            if (++calls === 3) throw new Error('given up');
          },
        }),
      ).toThrow('given up');
      expect(calls).toBe(3);
      for (const t of ['rounds', 'households', 'members', 'answers', 'household_counts']) expect(db.sqlite.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()).toBe(0);
      // The secondary indexes the load dropped are back with the rollback.
      expect(db.sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'members_name_birth'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('throws when the helper thread fails (here: a plan it cannot draw), with the thread’s reason', () => {
    const db = openDatabase(path.join(tmp, 'thread-fails.sqlite'));
    const ahead = DrawAhead.start({
      // One commune and no counts for it: the thread's drawing throws on its first household.
      plan: { households: 10, communes: [{ id: 1, name: 'x', area: 'rural', profile: {} as never, villages: [], villageCdf: new Float64Array(0) }], counts: [], specs: [] },
      seed: 1,
      roundIds: [1, 2, 3],
      lastId: 0,
    });
    try {
      expect(ahead).not.toBeNull();
      let error: unknown;
      try {
        ahead!.load(db.sqlite, () => undefined);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/^Không tạo được dữ liệu mẫu: luồng phụ gặp lỗi \(.+\)$/u);
    } finally {
      ahead?.close();
      db.close();
    }
  });
});
