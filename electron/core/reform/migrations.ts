import type { Migration } from '../db/migrations';

/**
 * Version 9: moving households across the 1/7/2025 reform (issue 11).
 *  - reform_village_map: each old village → the village of its new commune it became (named as
 *    the old one, kept apart when two merged communes had villages of the same name). Written
 *    once, then read by every later round and import.
 *  - reform_assignments: the officer's choice, for an old commune divided between several new
 *    ones, of the new commune each of its villages went to (old_village_id 0: its households
 *    with no village).
 *  - reform_pending: households of the earlier round not yet copied into a round on the new map,
 *    because their old commune was divided and their village is not assigned yet ('divided'),
 *    or because their new commune is outside the round's unit ('outside'). Nothing is dropped:
 *    they wait here, shown in the queue, until assigned.
 */
const m009: Migration = {
  version: 9,
  name: 'households across the 1/7/2025 reform: village map, assignments of divided communes, waiting households',
  up(db) {
    db.exec(`
      CREATE TABLE reform_village_map (
        old_village_id  INTEGER PRIMARY KEY REFERENCES units(id),
        new_village_id  INTEGER NOT NULL REFERENCES units(id),
        created_at      TEXT NOT NULL
      );
      CREATE INDEX reform_village_map_new ON reform_village_map(new_village_id);

      CREATE TABLE reform_assignments (
        old_commune_id  INTEGER NOT NULL REFERENCES units(id),
        old_village_id  INTEGER NOT NULL,
        new_commune_id  INTEGER NOT NULL REFERENCES units(id),
        assigned_by     TEXT NOT NULL,
        assigned_at     TEXT NOT NULL,
        PRIMARY KEY (old_commune_id, old_village_id)
      );

      CREATE TABLE reform_pending (
        round_id        INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        household_id    INTEGER NOT NULL REFERENCES households(id),
        from_round_id   INTEGER NOT NULL REFERENCES rounds(id),
        old_commune_id  INTEGER NOT NULL REFERENCES units(id),
        old_village_id  INTEGER NOT NULL,
        reason          TEXT NOT NULL CHECK (reason IN ('divided', 'outside')),
        new_commune_id  INTEGER REFERENCES units(id),
        created_at      TEXT NOT NULL,
        PRIMARY KEY (round_id, household_id)
      );
      CREATE INDEX reform_pending_village ON reform_pending(old_commune_id, old_village_id);
    `);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const REFORM_MIGRATIONS: readonly Migration[] = [m009];
