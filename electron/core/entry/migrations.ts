import type { Migration } from '../db/migrations';

/**
 * Version 2: data entry and the review workflow. Frozen in time: plain SQL against the schema
 * of its day. The documents area reads village_meetings, postings, complaints,
 * district_opinions and decisions by these exact names.
 */
const m002: Migration = {
  version: 2,
  name: 'data entry, warnings and review workflow',
  up(db) {
    db.exec(`
      -- Half-keyed forms, saved as the officer types; one per form key ("household:123", "new:5:ap-7").
      CREATE TABLE entry_drafts (
        key           TEXT PRIMARY KEY,
        round_id      INTEGER NOT NULL REFERENCES rounds(id),
        household_id  INTEGER REFERENCES households(id) ON DELETE CASCADE,
        body          TEXT NOT NULL,
        saved_at      TEXT NOT NULL
      );
      CREATE INDEX entry_drafts_round ON entry_drafts(round_id);

      -- What the paper forms carry beyond the roster and answers (Mẫu 01 / Mẫu 04, the reviewer).
      CREATE TABLE household_entry (
        household_id        INTEGER PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
        current_address     TEXT NOT NULL DEFAULT '',
        reviewer            TEXT NOT NULL DEFAULT '',
        housing_area_m2     REAL,
        b1_region           TEXT,
        request_kind        TEXT CHECK (request_kind IN ('mau01', 'mau04')),
        request_received_on TEXT,
        request_reason      TEXT NOT NULL DEFAULT '',
        id_issued_by        TEXT NOT NULL DEFAULT '',
        -- 1 when score A is the sum of the keyed B1 items (no total written on the paper)
        score_a_from_items  INTEGER NOT NULL DEFAULT 0 CHECK (score_a_from_items IN (0, 1))
      );
      -- The duplicate-person check (same name and birth date in another household of the round).
      CREATE INDEX members_name_birth ON members(full_name, birth_date);

      CREATE TABLE member_entry (
        member_id     INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
        id_issued_on  TEXT
      );

      -- Doubts saved with the record, listed for review; replaced on every save of the household.
      CREATE TABLE household_warnings (
        id            INTEGER PRIMARY KEY,
        household_id  INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        path          TEXT NOT NULL,
        message       TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX household_warnings_household ON household_warnings(household_id);

      CREATE TABLE village_meetings (
        id                  INTEGER PRIMARY KEY,
        round_id            INTEGER NOT NULL REFERENCES rounds(id),
        village_id          INTEGER NOT NULL REFERENCES units(id),
        held_on             TEXT NOT NULL,
        place               TEXT NOT NULL DEFAULT '',
        chair               TEXT NOT NULL DEFAULT '',
        secretary           TEXT NOT NULL DEFAULT '',
        attendees_count     INTEGER NOT NULL,
        households_present  INTEGER NOT NULL,
        households_listed   INTEGER NOT NULL,
        agreed_count        INTEGER NOT NULL,
        outcome             TEXT NOT NULL CHECK (outcome IN ('agreed', 're_review')),
        agreed_percent      REAL NOT NULL,
        present_percent     REAL NOT NULL,
        reviewers_count     INTEGER,
        created_at          TEXT NOT NULL
      );
      CREATE INDEX village_meetings_round ON village_meetings(round_id, village_id);

      CREATE TABLE postings (
        id          INTEGER PRIMARY KEY,
        round_id    INTEGER NOT NULL REFERENCES rounds(id),
        commune_id  INTEGER NOT NULL REFERENCES units(id),
        from_date   TEXT NOT NULL,
        to_date     TEXT NOT NULL,
        places      TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
      );

      CREATE TABLE complaints (
        id             INTEGER PRIMARY KEY,
        round_id       INTEGER NOT NULL REFERENCES rounds(id),
        household_id   INTEGER NOT NULL REFERENCES households(id),
        received_on    TEXT NOT NULL,
        content        TEXT NOT NULL,
        result         TEXT,
        rechecked_on   TEXT,
        status_before  TEXT,
        status_after   TEXT,
        created_at     TEXT NOT NULL
      );
      CREATE INDEX complaints_household ON complaints(household_id);

      CREATE TABLE district_opinions (
        id           INTEGER PRIMARY KEY,
        round_id     INTEGER NOT NULL REFERENCES rounds(id),
        commune_id   INTEGER NOT NULL REFERENCES units(id),
        received_on  TEXT NOT NULL,
        number       TEXT NOT NULL DEFAULT '',
        content      TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL
      );

      CREATE TABLE decisions (
        id            INTEGER PRIMARY KEY,
        round_id      INTEGER NOT NULL REFERENCES rounds(id),
        commune_id    INTEGER NOT NULL REFERENCES units(id),
        number        TEXT NOT NULL,
        signed_on     TEXT NOT NULL,
        signer_name   TEXT NOT NULL,
        signer_title  TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );

      -- Member died / moved / born / married in; household split or merged: "khác tăng / khác giảm".
      CREATE TABLE household_events (
        id                    INTEGER PRIMARY KEY,
        round_id              INTEGER NOT NULL REFERENCES rounds(id),
        household_id          INTEGER NOT NULL REFERENCES households(id),
        kind                  TEXT NOT NULL CHECK (kind IN ('died', 'moved_out', 'born', 'married_in', 'moved_in', 'split', 'merged')),
        person_key            TEXT,
        occurred_on           TEXT NOT NULL,
        related_household_id  INTEGER REFERENCES households(id),
        note                  TEXT NOT NULL DEFAULT '',
        created_at            TEXT NOT NULL
      );
      CREATE INDEX household_events_household ON household_events(household_id);

      -- A commune's part of a round, locked by its recognition decision; reopened with a reason.
      CREATE TABLE round_locks (
        round_id     INTEGER NOT NULL REFERENCES rounds(id),
        commune_id   INTEGER NOT NULL REFERENCES units(id),
        locked       INTEGER NOT NULL CHECK (locked IN (0, 1)),
        decision_id  INTEGER REFERENCES decisions(id),
        changed_at   TEXT NOT NULL,
        reason       TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (round_id, commune_id)
      );
    `);
  },
};

/**
 * Version 3: the causes of poverty of a household (Phiếu B in practice; report table 10).
 * A table rather than a column of household_entry: a household has several causes, report
 * table 10 counts households per cause with a plain join on the key, and a household keyed
 * only through an import or the demo has no household_entry row. Causes are stored by their
 * catalogue id ("land", "capital"…); the catalogue (shared/domain/causes.ts) may grow without
 * a migration, so the ids are checked where they come in (the contract, the Excel import).
 */
const m003: Migration = {
  version: 3,
  name: 'causes of poverty',
  up(db) {
    db.exec(`
      CREATE TABLE household_causes (
        household_id  INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
        cause         TEXT NOT NULL,
        PRIMARY KEY (household_id, cause)
      ) WITHOUT ROWID;
    `);
  },
};

export const ENTRY_MIGRATIONS: readonly Migration[] = [m002, m003];
