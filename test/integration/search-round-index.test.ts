// A name search knows the household's round: the word indexes made in TypeScript (migrations 20
// and 24, households/search-index.ts) hold each word under its round, and the list's search asks
// for the round's. A search of one letter ("r") finds the names with a word starting with it, never
// every household of a round. The first word index, household_search (its round a token of a
// column of its own, migration 17), is dropped by migration 25: a database made before it, taken
// through migrations 17, 24 and 25, has no household_search left and finds the same households.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { SEARCH_MIGRATIONS_2, SEARCH_MIGRATIONS_4 } from '../../electron/core/households/search-migrations';
import { indexSearchPairs } from '../../electron/core/households/write';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';
import { namesFound } from './name-search-oracle';

let core: Core;
let services: Services;
let rounds: number[];

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'search-round.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 400, seed: 3 });
  services = createServices(core);
  rounds = core.db.sqlite.prepare('SELECT id FROM rounds ORDER BY id').pluck().all() as number[];
}, 300_000);
afterAll(() => core?.close());

/** The ids the list finds for a search in a round, every page, in ascending order. */
async function listed(roundId: number, search: string): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await services['households.list']({ roundId, search, limit: 100, offset, sort: 'name', dir: 'asc' });
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length < 100) break;
  }
  return ids.sort((x, y) => x - y);
}
const SEARCHES = ['nguyen', 'van', 'thi h', 'nguyen van', 'r', 'a'];
const householdsOf = (roundId: number): number[] => core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(roundId) as number[];

describe('the search knows the round', () => {
  it('the households found in each round are those of the round whose names hold the words', async () => {
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    for (const r of rounds) {
      expect(householdsOf(r).length).toBeGreaterThan(100);
      for (const s of SEARCHES) {
        const want = namesFound(core.db.sqlite, r, s);
        expect(want.length, s).toBeGreaterThan(0);
        expect({ r, s, ids: await listed(r, s) }).toEqual({ r, s, ids: want });
      }
    }
  });

  it('a one-letter search finds names with a word starting with it, not the round’s token', async () => {
    const round = rounds[1]!;
    const texts = core.db.sqlite.prepare('SELECT search_text FROM households WHERE round_id = ?').pluck().all(round) as string[];
    const want = texts.filter((t) => t.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith('r'))).length;
    const got = await services['households.list']({ roundId: round, search: 'r', limit: 1, offset: 0, sort: 'name', dir: 'asc' });
    expect(got.total).toBe(want);
    expect(got.total).toBeLessThan(texts.length);
  });

  it('a name edited is found by its new words in its round; a deleted household is gone', async () => {
    const sqlite = core.db.sqlite;
    const round = rounds[0]!;
    const [a, b] = householdsOf(round) as [number, number];
    sqlite.prepare("UPDATE households SET search_text = 'xyzzy quorra' WHERE id = ?").run(a);
    // (Its word pairs, for a search of two words, as every writer of search_text makes them: migration 20.)
    indexSearchPairs(sqlite, a);
    const found = await services['households.list']({ roundId: round, search: 'xyzzy quo', limit: 10, offset: 0, sort: 'name', dir: 'asc' });
    expect(found.rows.map((r) => r.id)).toEqual([a]);
    expect((await services['households.list']({ roundId: rounds[1]!, search: 'xyzzy', limit: 10, offset: 0, sort: 'name', dir: 'asc' })).total).toBe(0);
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('DELETE FROM households WHERE id = ?').run(b);
    sqlite.pragma('foreign_keys = ON');
    for (const s of SEARCHES) expect({ s, ids: await listed(round, s) }).toEqual({ s, ids: namesFound(sqlite, round, s) });
    expect(householdsOf(round)).not.toContain(b);
  });

  it('a database made before migration 17, taken through 17, 24 and 25, has no household_search left and finds what the names hold', async () => {
    const sqlite = core.db.sqlite;
    const before = new Map<string, number[]>();
    for (const r of rounds) for (const s of SEARCHES) before.set(`${r} ${s}`, await listed(r, s));
    // The word index as version 7 left it (names only, its triggers), and no index of words by round (before 24).
    sqlite.exec(`
      DROP TRIGGER IF EXISTS households_search_update;
      DROP TRIGGER IF EXISTS households_search_delete;
      DROP TABLE IF EXISTS household_search;
      DROP INDEX results_round_score_b;
      DROP TRIGGER households_search_words_update;
      DROP TRIGGER households_search_words_delete;
      DROP TABLE household_search_words;
      CREATE VIRTUAL TABLE household_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2', content = '', contentless_delete = 1);
      INSERT INTO household_search (rowid, text) SELECT id, search_text FROM households;
      CREATE TRIGGER households_search_update AFTER UPDATE OF search_text ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
        INSERT INTO household_search (rowid, text) VALUES (new.id, new.search_text);
      END;
      CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
      END;
    `);
    const migrations = [...SEARCH_MIGRATIONS_2.filter((x) => x.version === 17), ...SEARCH_MIGRATIONS_4.filter((x) => x.version === 24 || x.version === 25)];
    expect(migrations.map((x) => x.version)).toEqual([17, 24, 25]);
    for (const m of migrations) sqlite.transaction(() => m.up(sqlite))();
    // (Its shadow tables and its triggers too.)
    const gone = ['household_search', ...['data', 'idx', 'config', 'docsize', 'content'].map((t) => `household_search_${t}`), 'households_search_update', 'households_search_delete'];
    expect(sqlite.prepare(`SELECT name FROM sqlite_master WHERE name IN (${gone.map(() => '?').join(', ')})`).pluck().all(...gone)).toEqual([]);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results'").pluck().all()).toContain('results_round_score_b');
    for (const r of rounds) {
      for (const s of SEARCHES) {
        const ids = await listed(r, s);
        expect({ r, s, ids }).toEqual({ r, s, ids: before.get(`${r} ${s}`) });
        expect({ r, s, ids }).toEqual({ r, s, ids: namesFound(sqlite, r, s) });
      }
    }
  });
});
