import type { Migration } from '../db/migrations';

/**
 * Version 13: the exchange packages received (issue 13). Each package imported, by its id, from
 * which office, for which round and commune, made when and by whom; and, per household exchanged,
 * the digest of its data as that office last sent it (the baseline: a household changed on both
 * sides since then is a conflict). Frozen in time: plain SQL against the schema of its day.
 */
const m013: Migration = {
  version: 13,
  name: 'exchange packages received and their household baselines',
  up(db) {
    db.exec(`
      CREATE TABLE exchange_packages (
        id              INTEGER PRIMARY KEY,
        package_id      TEXT NOT NULL UNIQUE,
        office_code     TEXT NOT NULL,
        office_name     TEXT NOT NULL,
        round_id        INTEGER NOT NULL REFERENCES rounds(id),
        commune_id      INTEGER NOT NULL REFERENCES units(id),
        format_version  INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        households      INTEGER NOT NULL,
        forced          INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
        summary         TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        received_by     TEXT NOT NULL
      );
      CREATE INDEX exchange_packages_source ON exchange_packages(office_code, round_id, commune_id, created_at);

      CREATE TABLE exchange_baselines (
        office_code     TEXT NOT NULL,
        round_id        INTEGER NOT NULL REFERENCES rounds(id),
        household_code  TEXT NOT NULL,
        digest          TEXT NOT NULL,
        package_id      TEXT NOT NULL,
        PRIMARY KEY (office_code, round_id, household_code)
      ) WITHOUT ROWID;
    `);
  },
};

export const EXCHANGE_MIGRATIONS: readonly Migration[] = [m013];
