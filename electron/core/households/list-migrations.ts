import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from '../db/migrations';
import { fillNameOrder, fillScoreBuckets, fillScoreCounts, NAME_ORDER_SCHEMA, SCORE_BUCKETS_SCHEMA, SCORE_COUNTS_SCHEMA } from './name-order';

/**
 * The list's columns of a household by its id, as a covering index (migration 19): the round,
 * the name order, the place, the review state, the flags, the member count, score A and the code,
 * without the wide columns of its row (search_text, address, names, dates).
 */
export const HOUSEHOLDS_LIST_INDEX = 'households_list';

/**
 * Version 19: the household list at a million households a round (issue 9).
 *
 * A list that starts from ids — the households a search finds (the word index gives them in id
 * order), a filter's set — looked each one up in its households row: 5–15 µs a row at a million
 * households a round (16 KiB pages of wide rows, read far apart), most of the time of a search
 * that finds a few thousand households. This index holds, by id, only what the list's filters,
 * sorts and counts read (read.ts asks for it by name: SQLite picks the row for an id otherwise),
 * about a quarter of a row's size: measured at a million households a round, the 6,119
 * households of "Nguyễn Văn Đức" filtered and put in name order in 17 ms instead of 45 ms.
 * Built from the rows in id order (no sort): about 3 s over 2.4 million households.
 */
const m019: Migration = {
  version: 19,
  name: 'household list: the list columns of a household by id',
  up(db) {
    db.exec(`
      CREATE INDEX ${HOUSEHOLDS_LIST_INDEX} ON households(id, round_id, head_sort, commune_id, village_id, review_state,
        ethnic_minority, no_working_capacity, merit_person, female_head, member_count, score_a, code);
    `);
  },
};

/** The results' (round_id, score_b, status) index (migration 22). */
export const RESULTS_CLASS_SCORE_B_INDEX = 'results_round_score_b_status';

/**
 * Version 22: a class sorted by score B, a commune sorted by code, and a filtered list sorted by
 * score A descending, at a million households a round (issue 9).
 *
 * - results (round_id, score_b, status): a sort by score B of a class walks score B's values, each
 *   value's households of the class in name order. Which of them the class has, and how many,
 *   was found by testing one set against the other's index, each value (the poor have no score
 *   under 30: the values 0, 10 and 20 — 930,000 households — cost 15–18 ms each to learn they
 *   had none of them); here each value of a class is one range of this index, counted and read
 *   alone (read.ts partGroups). Partial (WHERE score_b IS NOT NULL): only a query that fixes a
 *   score can use it. Whole, it covered the results for any query by round that reads score B,
 *   and SQLite (without statistics) took it over results_round_status to find a class: the
 *   round's million entries read for the 5,000 middle-income households sorted by score B, 3 s.
 * - households (round_id, commune_id, code): a commune sorted by code walks its own range in code
 *   order (covering: codes are unique in a round, so the id never decides), where its households
 *   (106,000 of a million) were looked up by id and sorted, 55–70 ms, or the round's code index
 *   walked past every household before the commune's codes.
 * - households (round_id, score_a DESC, head_sort): the order of a list by score A descending
 *   (each score's households in name order, ascending). Walked backwards, the (round_id, score_a,
 *   head_sort) index gives each score's households in the reverse name order, so SQLite read every
 *   household of a score and sorted them before giving the first: with a filter, each of them
 *   tested (the 13,800 households of the best score A at a million, each result read: the class
 *   "neither" by score A descending, 43 ms; the transition "same" 51 ms, the listed households 46
 *   ms). Here the walk stops at the page.
 *
 * Measured on a copy of the 1M bench database (2.4 million households, 2.4 million results):
 * built in 2.1 (partial), 1.1–1.4 and 2.9 s (2.2 s of CPU; the demo builds them once, after its load); a
 * first classification of the 1M round 0.3–0.9 s more CPU, three runs each way: 8.0–8.5 → 8.7–8.9
 * s (the results index written with each result; the households indexes are not written by it).
 */
const m022: Migration = {
  version: 22,
  name: 'household list: a class by score B, a commune by code, score A descending',
  up(db) {
    db.exec(`
      CREATE INDEX ${RESULTS_CLASS_SCORE_B_INDEX} ON results(round_id, score_b, status) WHERE score_b IS NOT NULL;
      CREATE INDEX households_round_commune_code ON households(round_id, commune_id, code);
      CREATE INDEX households_round_score_a_desc ON households(round_id, score_a DESC, head_sort);
    `);
  },
};

export const LIST_MIGRATIONS: readonly Migration[] = [m019];

/** A migration's step that makes a list table (its schema, triggers included) and fills it for each round there is, from its results. */
function withRoundsFilled(schema: string, fill: (db: BetterSqlite3.Database, roundId: number) => void): Migration['up'] {
  return (db) => {
    db.exec(schema);
    for (const id of db.prepare('SELECT id FROM rounds').pluck().all() as number[]) fill(db, id);
  };
}

/**
 * Version 21: the households of each round outside its large class and transition, in name order,
 * and the round's results counted by class and transition (name-order.ts: results_by_name,
 * result_counts, kept by triggers), for a page deep inside "neither" or "same" at a million
 * households a round (issue 9). Filled from the results there are, each round in one sorted pass
 * (about 1.5 s of CPU for the 2.4 million households of the 1M bench database).
 */
const m021: Migration = {
  version: 21,
  name: 'household list: the results outside the large class and transition in name order, and their counts',
  up: withRoundsFilled(NAME_ORDER_SCHEMA, fillNameOrder),
};

/**
 * Version 23: each round's results counted by score B (name-order.ts: result_score_counts, kept by
 * triggers), for the whole round sorted by score B at a million households a round (issue 9: the
 * page in the middle counted up to 1.8 million entries of results_round_score_b).
 */
const m023: Migration = {
  version: 23,
  name: 'household list: the results counted by score B',
  up: withRoundsFilled(SCORE_COUNTS_SCHEMA, fillScoreCounts),
};

/**
 * Version 26: each round's households with a score B counted by score and by stretch of about a
 * thousand households of its name order (name-order.ts: score_name_bounds, score_name_counts, kept
 * by triggers), for a page deep inside a score of the round sorted by score B (issue 9: at a
 * million households the page in the middle read score 10's 418,000 ids and walked 280,000
 * households of the round testing each, 63 ms). Filled from the results there are, each round
 * along its name index.
 */
const m026: Migration = {
  version: 26,
  name: 'household list: the results by score B counted by stretch of the name order',
  up: withRoundsFilled(SCORE_BUCKETS_SCHEMA, fillScoreBuckets),
};

/** Migrations of this area after others' (listed at the end of db/migrations.ts). */
export const LIST_MIGRATIONS_2: readonly Migration[] = [m021, m022, m023];
/** The households' (round_id, female_head, head_sort, id, other flags) index (migration 27). */
export const HOUSEHOLDS_FEMALE_SORT_INDEX = 'households_round_female_sort';

/**
 * Version 27: the female-headed households of a round, and the others, each in name order (issue 9).
 *
 * A name search sorted by name (match-page.ts) walks a name index to its page, each entry's id
 * tested against the search's matches in memory. The female-headed flag is the one flag whose
 * households and others are both many (the demo's 217,000 and 783,000 of a million): neither
 * could be read cheaply to keep or leave them out, and the round's name index (round_id,
 * head_sort) holds no flag, so the filter was tested on each match the walk passed by a lookup
 * of the household by id (5–10 µs each: "nguyen van" without the female-headed households passes
 * 5,800 matches before its first page, 390,000 households into the name order, 45 ms), or the
 * 217,000 female-headed households were read to leave them out (16 ms): the list took 71 ms.
 * Here the walk is of the flag's own households, none tested (305,000 entries to that page, 18
 * ms), and the count reads those it keeps only until it passes the cap. The id is a column of its
 * own, so that the index gives the order (head_sort, id) without a sort; the other flags follow
 * it, tested on the entry when wanted too (a flag of 0 or 1 costs one byte of the record's
 * header: its value is its type). About 130 MB and 2.6 s to build over 2.4 million households
 * (a name index widened with the flags instead, tested on the round's walk: 390,000 entries, 22
 * ms).
 */
const m027: Migration = {
  version: 27,
  name: 'household list: the female-headed households and the others in name order',
  up(db) {
    db.exec(`CREATE INDEX ${HOUSEHOLDS_FEMALE_SORT_INDEX} ON households(round_id, female_head, head_sort, id, ethnic_minority, no_working_capacity, merit_person)`);
  },
};

/** And after the search's 24 and 25. */
export const LIST_MIGRATIONS_3: readonly Migration[] = [m026, m027];
