import type BetterSqlite3 from 'better-sqlite3';
import { RowInserter } from '../db/bulk';
import type { Migration } from '../db/migrations';
import { PAIR_INDEX_DDL, PAIR_INDEX_INSERT, PAIR_VOCAB, searchPairsOf, searchWordsOf, WORD_INDEX_DDL, WORD_INDEX_INSERT } from './search-index';

/**
 * Version 7: the household list and its search at a province's size (a million households a
 * round, two rounds).
 *
 * - Search by folded word prefixes. The trigram index of version 1 made every name search read
 *   the doclists of its trigrams, which for the common names ("ngu", "uye", "yen", " va"…) hold
 *   nearly every household of both rounds, and could not serve a search of one or two letters at
 *   all (that one read the whole round). household_search now indexes the folded words of every
 *   member's name (search_text, lower case, no diacritics, đ → d) with prefix indexes for one and
 *   two letters: "nguyen van" finds the households with a member whose name has the words
 *   "nguyen" then a word starting with "van"; "an" finds the names with a word starting with "an".
 *   Same name, same triggers, same bulk fill in insertHouseholds.
 * - Sort by score A through an index: households.score_a holds the household's answers.score_a,
 *   written by triggers on answers in the same transaction as every write (no writer can forget
 *   it, it is never a cache that can go stale), indexed with the round and the name order like
 *   the other sorts. The trigger writes only when the value changes (insertHouseholds writes it
 *   with the row). Score B got no such copy: kept by triggers on results, it doubled the time to
 *   classify a round (measured: 4.7 s → 9.3 s on 200,000 households), as every result written
 *   rewrites its household's row.
 */
const m007: Migration = {
  version: 7,
  name: 'household list at a province: word-prefix search index, score A sort index',
  up(db) {
    db.exec(`
      DROP TRIGGER households_search_update;
      DROP TRIGGER households_search_delete;
      DROP TABLE household_search;
      CREATE VIRTUAL TABLE household_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2', content = '', contentless_delete = 1);
      INSERT INTO household_search (rowid, text) SELECT id, search_text FROM households;
      CREATE TRIGGER households_search_update AFTER UPDATE OF search_text ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
        INSERT INTO household_search (rowid, text) VALUES (new.id, new.search_text);
      END;
      CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
      END;

      ALTER TABLE households ADD COLUMN score_a REAL;
      UPDATE households SET score_a = (SELECT a.score_a FROM answers a WHERE a.household_id = households.id);
      CREATE INDEX households_round_score_a ON households(round_id, score_a, head_sort);

      CREATE TRIGGER answers_score_a_insert AFTER INSERT ON answers
        WHEN new.score_a IS NOT (SELECT h.score_a FROM households h WHERE h.id = new.household_id) BEGIN
        UPDATE households SET score_a = new.score_a WHERE id = new.household_id;
      END;
      CREATE TRIGGER answers_score_a_update AFTER UPDATE OF score_a, household_id ON answers BEGIN
        UPDATE households SET score_a = NULL WHERE id = old.household_id AND old.household_id IS NOT new.household_id;
        UPDATE households SET score_a = new.score_a WHERE id = new.household_id AND score_a IS NOT new.score_a;
      END;
      CREATE TRIGGER answers_score_a_delete AFTER DELETE ON answers BEGIN
        UPDATE households SET score_a = NULL WHERE id = old.household_id AND score_a IS NOT NULL;
      END;
    `);
  },
};

/**
 * Version 17: the household list and its search at a province's size, again (issue 9).
 *
 * - The search knows the round: household_search holds each household's round as a token of its
 *   own column (households/search-index.ts), and the list asks for it with the words. The doclists
 *   of a common name ("nguyen van") held every round's households, and the phrase was checked in
 *   all of them (household ids of the rounds interleave, so no rowid range could stand for a
 *   round). A prefix index for three letters too: a word typed to its third letter ("van") reads
 *   one doclist instead of merging every word that starts with it.
 * - Sort by score B through an index on results (round_id, score_b): the list walks each score's
 *   households in name order (as the class sort does) instead of sorting the whole round.
 */
const m017: Migration = {
  version: 17,
  name: 'household search by round, three-letter prefixes; score B sort index',
  up(db) {
    db.exec(`
      DROP TRIGGER households_search_update;
      DROP TRIGGER households_search_delete;
      DROP TABLE household_search;
      -- (Written out here, as it was when this migration was made: a migration's SQL stays the same
      -- for every database that goes through it. Migration 25 drops the index again.)
      CREATE VIRTUAL TABLE household_search USING fts5(text, round, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3', content = '', contentless_delete = 1);
      INSERT INTO household_search (rowid, text, round) SELECT households.id, households.search_text, 'r' || households.round_id FROM households;
      CREATE TRIGGER households_search_update AFTER UPDATE OF search_text, round_id ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
        INSERT INTO household_search (rowid, text, round) VALUES (new.id, new.search_text, 'r' || new.round_id);
      END;
      CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
      END;
      CREATE INDEX results_round_score_b ON results(round_id, score_b);
    `);
  },
};

/** Households read a step by the fills of migrations 20 and 24 (better-sqlite3 runs no other statement while one is being iterated). */
const FILL_STEP = 20_000;

/** Each household's round and stored search text, in id order, a step at a time: what the word indexes' fills (migrations 20, 24) make their tokens from. */
function eachSearchText(db: BetterSqlite3.Database, each: (h: { id: number; round_id: number; search_text: string }) => void): void {
  const read = db.prepare('SELECT id, round_id, search_text FROM households WHERE id > ? ORDER BY id LIMIT ?');
  for (let after = 0; ; ) {
    const rows = read.all(after, FILL_STEP) as { id: number; round_id: number; search_text: string }[];
    for (const h of rows) each(h);
    if (rows.length < FILL_STEP) break;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Version 20: a search of two words or more by word pairs (issue 9). The words of a common name
 * ("nguyen", "van", "thi", "duc") each hold a large part of the round in household_search, and
 * its phrase read all their doclists and positions: at a million households a round, "Nguyễn Văn
 * Đức" cost 35–40 ms, "thi hoa" 50–60 ms (warm), most of a list's budget. household_search_pairs
 * indexes each household's neighbouring words as one token with its round ("r17_thi_hoa",
 * households/search-index.ts): the phrase of pairs reads the doclists of pairs, a hundredth of
 * a word's, 5–7 ms and 11–12 ms for the same households. One-word searches keep household_search.
 * The pairs are made in TypeScript (searchPairsOf; SQL cannot split words), here from each
 * household's stored search text, as every writer makes them.
 */
const m020: Migration = {
  version: 20,
  name: 'household search of two words or more by word pairs',
  up(db) {
    db.exec(PAIR_INDEX_DDL);
    const insert = new RowInserter(db, PAIR_INDEX_INSERT, 2, 50);
    eachSearchText(db, (h) => {
      const pairs = searchPairsOf(h.round_id, h.search_text);
      if (pairs) insert.add([h.id, pairs]);
    });
    insert.flush();
  },
};

/**
 * Version 24: a search of one word by the words of its round (issue 9). household_search ANDs the
 * round's token with the word: a common word's doclist ("duc", "an") holds both rounds'
 * households, and the round's token's doclist every household of the round, both read for each
 * search (at a million households a round, 17 ms a search, read again by each query of a list
 * with a filter). household_search_words holds each household's words with its round in the token
 * (households/search-index.ts wordToken), with prefix indexes for one to three letters: the same
 * households from one doclist, 4 ms. Made in TypeScript, here from each household's stored search
 * text, as every writer makes them (with the pairs).
 */
const m024: Migration = {
  version: 24,
  name: 'household search of one word by the words of its round',
  up(db) {
    db.exec(WORD_INDEX_DDL);
    // (One row a statement: a statement of many rows makes FTS5 write its pending terms as a segment at each one, twice the time.)
    const insert = db.prepare(WORD_INDEX_INSERT);
    eachSearchText(db, (h) => {
      const words = searchWordsOf(h.round_id, h.search_text);
      if (words) insert.run(h.id, words);
    });
  },
};

/**
 * Version 25: the first word index, household_search, dropped with its triggers (issue 9). Since
 * migration 24 no search reads it: one word reads household_search_words, two words or more
 * household_search_pairs, codes and ID numbers their own indexes, and a broad search tests the
 * rows' search_text. Its fill cost about 14 s of CPU in the demo build at a million households a
 * round, and it held 303 MB there.
 */
const m025: Migration = {
  version: 25,
  name: 'drop the unused word index household_search',
  up(db) {
    db.exec(`
      DROP TRIGGER households_search_update;
      DROP TRIGGER households_search_delete;
      DROP TABLE household_search;
    `);
  },
};

/**
 * The pair index's vocabulary (fts5vocab, one row a term): a name search whose last pair prefix
 * holds only the term it spells asks for that term exactly (search-index.ts exactLastPair). A
 * virtual table over the index's own structure: nothing stored, nothing to fill.
 */
const m028: Migration = {
  version: 28,
  name: 'search_pair_terms: the pair index\'s terms (fts5vocab)',
  up(db) {
    db.exec(`CREATE VIRTUAL TABLE ${PAIR_VOCAB} USING fts5vocab(household_search_pairs, row)`);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const SEARCH_MIGRATIONS: readonly Migration[] = [m007];

/** Migrations of this area that come after others' (listed at the end of db/migrations.ts). */
export const SEARCH_MIGRATIONS_2: readonly Migration[] = [m017];

/** Migration 20, after the list's 19. */
export const SEARCH_MIGRATIONS_3: readonly Migration[] = [m020];

/** Migrations 24 and 25, after the list's 23. */
export const SEARCH_MIGRATIONS_4: readonly Migration[] = [m024, m025];

/** Migration 28, after the list's 27. */
export const SEARCH_MIGRATIONS_5: readonly Migration[] = [m028];
