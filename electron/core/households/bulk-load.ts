import type BetterSqlite3 from 'better-sqlite3';
import { withoutTriggers } from '../db/bulk';
import { lastHouseholdId } from './write';

/**
 * The per-row insert triggers a bulk load goes without; what each keeps is made exact once at the
 * end of the load, set-based (loadHouseholdsInBulk). A trigger costs a sub-program run for every
 * row even when it changes nothing: measured on a 200,000-household demo, inserting a round's
 * 200,000 answers took 0.8–1.2 s CPU with answers_score_a_insert and 0.27 s without.
 */
const BULK_TRIGGERS = ['household_counts_insert', 'answers_score_a_insert'];

/**
 * A bulk load of new households (the demo's) with their members, answers and causes, without the
 * per-row insert triggers BULK_TRIGGERS:
 * - household_counts (migration 6's household_counts_insert): the households the load added are
 *   counted once at the end, in one set-based statement that adds to household_counts exactly
 *   what the trigger would have added row by row (per round, commune and village, 0 for none:
 *   one household and its member_count each);
 * - households.score_a (migration 7's answers_score_a_insert, which copies an inserted answer's
 *   score A to its household when they differ): set once at the end for the new households whose
 *   answer's score A differs (none, when the load wrote the value with the row, as
 *   insertHouseholds does).
 * Only inserts of new households and of their own rows may happen inside `load` (a move, a delete
 * or an answer for an older household would have needed the triggers, which stay in place for
 * every other change anyway). The other triggers keep firing; the search index is filled per
 * batch by insertHouseholds. Call it inside a transaction.
 */
export function loadHouseholdsInBulk<T>(sqlite: BetterSqlite3.Database, load: () => T): T {
  const before = lastHouseholdId(sqlite);
  return withoutTriggers(sqlite, BULK_TRIGGERS, load, () => {
    sqlite
      .prepare(
        `INSERT INTO household_counts (round_id, commune_id, village_id, households, members)
           SELECT round_id, commune_id, COALESCE(village_id, 0), COUNT(*), SUM(member_count) FROM households WHERE id > ? GROUP BY 1, 2, 3
         ON CONFLICT DO UPDATE SET households = households + excluded.households, members = members + excluded.members`,
      )
      .run(before);
    sqlite
      .prepare(
        `UPDATE households SET score_a = a.score_a FROM answers a
         WHERE a.household_id = households.id AND households.id > ? AND households.score_a IS NOT a.score_a`,
      )
      .run(before);
  });
}
