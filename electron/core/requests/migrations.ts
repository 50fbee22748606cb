import type { Migration } from '../db/migrations';

/**
 * Requests of the monthly (ad hoc) review (issue 15): a household's Mẫu 01 or 04 received on a
 * date, by whom; settled (accepted into an ad hoc round, or refused with reasons) on a date. The
 * household is named by its code and head (households are per round); `household_id` points at
 * the record it was filed for while that round exists. Frozen SQL of its day.
 */
const adhocRequests: Migration = {
  version: 15,
  name: 'requests of the monthly (ad hoc) review',
  up(db) {
    db.exec(`
      CREATE TABLE adhoc_requests (
        id               INTEGER PRIMARY KEY,
        commune_id       INTEGER NOT NULL REFERENCES units(id),
        household_id     INTEGER REFERENCES households(id) ON DELETE SET NULL,
        household_code   TEXT,
        head_name        TEXT NOT NULL,
        address          TEXT NOT NULL DEFAULT '',
        form             TEXT NOT NULL CHECK (form IN ('M01', 'M04')),
        purpose          TEXT NOT NULL CHECK (purpose IN ('poverty', 'middle_income', 'exit')),
        received_on      TEXT NOT NULL,
        received_by      TEXT NOT NULL,
        reason           TEXT NOT NULL DEFAULT '',
        status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'refused')),
        settled_on       TEXT,
        outcome          TEXT,
        refusal_reasons  TEXT,
        round_id         INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
        created_at       TEXT NOT NULL,
        CHECK ((status = 'open') = (settled_on IS NULL))
      );
      CREATE INDEX adhoc_requests_commune ON adhoc_requests(commune_id, status, received_on);
      CREATE INDEX adhoc_requests_code ON adhoc_requests(household_code);
    `);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const REQUEST_MIGRATIONS: readonly Migration[] = [adhocRequests];
