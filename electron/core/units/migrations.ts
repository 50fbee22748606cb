import type { Migration } from '../db/migrations';

/**
 * The national unit register as data (issue 11): unit_map says which old units were divided
 * between several new ones (one row per new unit, each marked), and register_versions records
 * each register version loaded (its label, the sha256 of its content, where it came from, who
 * loaded it and when, and its counts). The same content is loaded once (UNIQUE sha256).
 */
const registerVersions: Migration = {
  version: 8,
  name: 'unit register versions; divided marker on the old → new map',
  up(db) {
    db.exec(`
      ALTER TABLE unit_map ADD COLUMN divided INTEGER NOT NULL DEFAULT 0 CHECK (divided IN (0, 1));
      CREATE INDEX IF NOT EXISTS unit_map_new ON unit_map(new_unit_id);
      CREATE TABLE register_versions (
        id         INTEGER PRIMARY KEY,
        version    TEXT NOT NULL,
        sha256     TEXT NOT NULL UNIQUE,
        source     TEXT NOT NULL,
        loaded_at  TEXT NOT NULL,
        loaded_by  TEXT NOT NULL,
        counts     TEXT NOT NULL
      );
    `);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const UNIT_MIGRATIONS: readonly Migration[] = [registerVersions];
