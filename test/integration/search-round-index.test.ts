// The word index household_search knows each household's round (households/search-index.ts):
// the bulk fill (insertHouseholds), the triggers (a name edited, a household deleted) and the
// migration that rebuilds it (version 17) all put the round's token beside the names, and the
// list's search asks for it. The token is in a column of its own: a search of one letter ("r")
// finds the names with a word starting with it, never every household by its round's token.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { SEARCH_MIGRATIONS_2 } from '../../electron/core/households/search-migrations';
import { indexSearchPairs } from '../../electron/core/households/write';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

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

/** The household ids the index holds under a round's token, in order. */
const indexedInRound = (roundId: number): number[] =>
  core.db.sqlite.prepare(`SELECT rowid FROM household_search WHERE household_search MATCH ? ORDER BY rowid`).pluck().all(`{round} : "r${roundId}"`) as number[];
const householdsOf = (roundId: number): number[] => core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(roundId) as number[];

describe('the search index knows the round', () => {
  it('the bulk fill (insertHouseholds) indexes every household under its round', () => {
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    for (const r of rounds) {
      expect(householdsOf(r).length).toBeGreaterThan(100);
      expect(indexedInRound(r)).toEqual(householdsOf(r));
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

  it('the triggers keep it: a name edited is found by its new words in its round; a deleted household is gone', async () => {
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
    expect(indexedInRound(round)).toEqual(householdsOf(round));
  });

  it('migration 17 rebuilds the index of a database made before it, each household under its round', () => {
    const sqlite = core.db.sqlite;
    // The index as version 7 left it: names only.
    sqlite.exec(`
      DROP TRIGGER households_search_update;
      DROP TRIGGER households_search_delete;
      DROP TABLE household_search;
      DROP INDEX results_round_score_b;
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
    const m = SEARCH_MIGRATIONS_2.find((x) => x.version === 17)!;
    sqlite.transaction(() => m.up(sqlite))();
    for (const r of rounds) expect(indexedInRound(r)).toEqual(householdsOf(r));
    const indexes = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results'").pluck().all();
    expect(indexes).toContain('results_round_score_b');
  });
});
