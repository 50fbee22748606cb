import type BetterSqlite3 from 'better-sqlite3';
import { withoutTriggers } from '../db/bulk';

/**
 * A bulk load of new households (the demo's) without the per-row upsert of household_counts
 * (migration 6's household_counts_insert trigger): the households the load added are counted
 * once at the end, in one set-based statement that adds to household_counts exactly what the
 * trigger would have added row by row (per round, commune and village, 0 for none: one
 * household and its member_count each). Only inserts may happen inside `load` (a move or a
 * delete would have needed the other triggers, which stay in place anyway). The other triggers
 * on households and answers keep firing (households.score_a's is a cheap check, since
 * insertHouseholds writes the value with the row; the search index is filled per batch by
 * insertHouseholds). Call it inside a transaction.
 */
export function loadHouseholdsInBulk<T>(sqlite: BetterSqlite3.Database, load: () => T): T {
  const before = (sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() as number | null) ?? 0;
  return withoutTriggers(sqlite, ['household_counts_insert'], load, () => {
    sqlite
      .prepare(
        `INSERT INTO household_counts (round_id, commune_id, village_id, households, members)
           SELECT round_id, commune_id, COALESCE(village_id, 0), COUNT(*), SUM(member_count) FROM households WHERE id > ? GROUP BY 1, 2, 3
         ON CONFLICT DO UPDATE SET households = households + excluded.households, members = members + excluded.members`,
      )
      .run(before);
  });
}
