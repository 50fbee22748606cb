import type { Migration } from '../db/migrations';

/**
 * The overview (issue 14). Frozen in time: plain SQL against the schema of its day.
 * - overview_targets: the poverty-reduction targets (chỉ tiêu giảm nghèo) the province sets for
 *   each commune and year, keyed by the commune's code (mã xã), as the province's sheet names it:
 *   a code outlives the unit's id across the register's versions.
 * - households_round_commune_village_state: the overview's progress (households per commune,
 *   village and review state of a round) read from this index alone, rather than one row read per
 *   household (a province's million).
 */
const overviewTargets: Migration = {
  version: 14,
  name: 'poverty-reduction targets per commune and year; households by commune, village and review state',
  up(db) {
    db.exec(`
      CREATE TABLE overview_targets (
        id                   INTEGER PRIMARY KEY,
        commune_code         TEXT NOT NULL,
        year                 INTEGER NOT NULL,
        poor_reduction       REAL NOT NULL,
        near_poor_reduction  REAL,
        note                 TEXT NOT NULL DEFAULT '',
        updated_at           TEXT NOT NULL,
        updated_by           TEXT NOT NULL,
        UNIQUE (year, commune_code)
      );
      CREATE INDEX households_round_commune_village_state ON households(round_id, commune_id, village_id, review_state);
    `);
  },
};

export const OVERVIEW_MIGRATIONS: readonly Migration[] = [overviewTargets];
