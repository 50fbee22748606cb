import type { Migration } from '../db/migrations';
import { fillNameOrder, NAME_ORDER_SCHEMA } from './name-order';

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

export const LIST_MIGRATIONS: readonly Migration[] = [m019];

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
  up(db) {
    db.exec(NAME_ORDER_SCHEMA);
    for (const id of db.prepare('SELECT id FROM rounds').pluck().all() as number[]) fillNameOrder(db, id);
  },
};

export const LIST_MIGRATIONS_2: readonly Migration[] = [m021];
