import type BetterSqlite3 from 'better-sqlite3';
import { AUTH_MIGRATIONS } from '../auth/migrations';
import { ENTRY_MIGRATIONS } from '../entry/migrations';
import { EXCHANGE_MIGRATIONS } from '../exchange/migrations';
import { OVERVIEW_MIGRATIONS } from '../overview/migrations';
import { SEARCH_MIGRATIONS, SEARCH_MIGRATIONS_2, SEARCH_MIGRATIONS_3, SEARCH_MIGRATIONS_4, SEARCH_MIGRATIONS_5 } from '../households/search-migrations';
import { REFORM_MIGRATIONS } from '../reform/migrations';
import { REQUEST_MIGRATIONS } from '../requests/migrations';
import { INCOME_MIGRATIONS } from '../entry/income-migrations';
import { LIST_MIGRATIONS, LIST_MIGRATIONS_2, LIST_MIGRATIONS_3 } from '../households/list-migrations';
import { ROUND_MIGRATIONS, ROUND_MIGRATIONS_2 } from '../rounds/migrations';
import { UNIT_MIGRATIONS } from '../units/migrations';

/**
 * Numbered migrations, listed here in order (never discovered from a folder at run time) and
 * frozen in time: a migration is plain SQL against the schema of its day, never the app's
 * current types. PRAGMA user_version holds the number of the last one applied.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

const m001: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE units (
        id          INTEGER PRIMARY KEY,
        code        TEXT NOT NULL,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
        parent_id   INTEGER REFERENCES units(id),
        valid_from  TEXT NOT NULL,
        valid_to    TEXT,
        name_sort   TEXT NOT NULL,
        UNIQUE (code, valid_from)
      );
      CREATE INDEX units_parent ON units(parent_id);

      CREATE TABLE unit_map (
        old_unit_id     INTEGER NOT NULL REFERENCES units(id),
        new_unit_id     INTEGER NOT NULL REFERENCES units(id),
        effective_date  TEXT NOT NULL,
        PRIMARY KEY (old_unit_id, new_unit_id)
      );

      CREATE TABLE rounds (
        id              INTEGER PRIMARY KEY,
        year            INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('periodic', 'adhoc')),
        title           TEXT NOT NULL,
        rule_set_id     TEXT NOT NULL,
        unit_map_date   TEXT NOT NULL,
        reference_date  TEXT NOT NULL,
        scope_unit_id   INTEGER NOT NULL REFERENCES units(id),
        locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        created_at      TEXT NOT NULL,
        UNIQUE (year, kind, scope_unit_id)
      );

      CREATE TABLE households (
        id                   INTEGER PRIMARY KEY,
        round_id             INTEGER NOT NULL REFERENCES rounds(id),
        code                 TEXT NOT NULL,
        commune_id           INTEGER NOT NULL REFERENCES units(id),
        village_id           INTEGER REFERENCES units(id),
        address              TEXT NOT NULL DEFAULT '',
        area                 TEXT NOT NULL CHECK (area IN ('rural', 'urban')),
        ethnic_minority      INTEGER NOT NULL DEFAULT 0 CHECK (ethnic_minority IN (0, 1)),
        no_working_capacity  INTEGER NOT NULL DEFAULT 0 CHECK (no_working_capacity IN (0, 1)),
        merit_person         INTEGER NOT NULL DEFAULT 0 CHECK (merit_person IN (0, 1)),
        female_head          INTEGER NOT NULL DEFAULT 0 CHECK (female_head IN (0, 1)),
        head_name            TEXT NOT NULL DEFAULT '',
        head_sort            TEXT NOT NULL DEFAULT '',
        head_id_number       TEXT,
        member_count         INTEGER NOT NULL DEFAULT 0,
        search_text          TEXT NOT NULL DEFAULT '',
        review_state         TEXT NOT NULL DEFAULT 'listed',
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        UNIQUE (code, round_id)  -- also finds a household's other rounds by its code
      );
      CREATE INDEX households_round_sort ON households(round_id, head_sort);
      CREATE INDEX households_round_commune_sort ON households(round_id, commune_id, head_sort);
      CREATE INDEX households_village ON households(village_id);

      -- Substring search over the folded names of each household's members
      -- (trigram index: a 3-character-or-longer query never scans the table). New households
      -- are indexed by insertHouseholds in one statement per batch (a per-row trigger costs
      -- 5 s on a 60,000-household load); later edits keep it current through these triggers.
      CREATE VIRTUAL TABLE household_search USING fts5(text, tokenize = 'trigram', content = '', contentless_delete = 1);
      CREATE TRIGGER households_search_update AFTER UPDATE OF search_text ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
        INSERT INTO household_search (rowid, text) VALUES (new.id, new.search_text);
      END;
      CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
        DELETE FROM household_search WHERE rowid = old.id;
      END;

      CREATE TABLE members (
        id                INTEGER PRIMARY KEY,
        household_id      INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
        person_key        TEXT NOT NULL,
        seq               INTEGER NOT NULL,
        full_name         TEXT NOT NULL,
        sex               TEXT NOT NULL CHECK (sex IN ('male', 'female')),
        birth_date        TEXT,
        id_number         TEXT,
        relation          TEXT NOT NULL,
        ethnicity         TEXT NOT NULL DEFAULT '',
        health_insurance  INTEGER CHECK (health_insurance IN (0, 1)),
        schooling         TEXT,
        education         TEXT,
        employment        TEXT,
        disability        INTEGER CHECK (disability IN (0, 1)),
        working_capacity  INTEGER CHECK (working_capacity IN (0, 1)),
        nutrition         TEXT,
        UNIQUE (household_id, seq)
      );
      CREATE INDEX members_id_number ON members(id_number);

      CREATE TABLE answers (
        household_id    INTEGER PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
        screening       TEXT,
        score_a         REAL,
        b1_items        TEXT,
        b2              TEXT,
        monthly_income  REAL,
        updated_at      TEXT NOT NULL
      );

      CREATE TABLE results (
        household_id       INTEGER PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
        status             TEXT NOT NULL CHECK (status IN ('poor', 'near_poor', 'neither', 'middle_income')),
        score_b            INTEGER,
        deprivation_count  INTEGER,
        deprived           TEXT NOT NULL DEFAULT '[]',
        transition         TEXT,
        refer_to_review    INTEGER NOT NULL DEFAULT 0,
        rule_set_id        TEXT NOT NULL,
        rule_set_version   TEXT NOT NULL,
        unverified         TEXT NOT NULL DEFAULT '[]',
        local              TEXT NOT NULL DEFAULT '[]',
        computed_at        TEXT NOT NULL
      );

      -- Every rule set version that produced a result, as it was: a reprint years later
      -- explains a result with the rules of its day, even after the file was replaced.
      CREATE TABLE rule_set_snapshots (
        id             TEXT NOT NULL,
        version        TEXT NOT NULL,
        body           TEXT NOT NULL,
        first_used_at  TEXT NOT NULL,
        PRIMARY KEY (id, version)
      );

      CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        entity     TEXT NOT NULL,
        entity_id  INTEGER,
        action     TEXT NOT NULL,
        field      TEXT,
        old_value  TEXT,
        new_value  TEXT
      );
      CREATE INDEX audit_entity ON audit(entity, entity_id);

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
    `);
  },
};

/**
 * Version 4: the household list, its search and the report at a province's size (a million
 * households a round). The list's sorts and filters on households walk an index of their own
 * inside a round rather than sorting the round; a result knows its round, so that a class or
 * transition filter and its count read one range of results_round_status instead of probing
 * every household. Only one index on results: each one more costs a whole-round classification
 * about a third more (measured). classifyRound writes results.round_id itself; the trigger fills
 * it for any other writer (one household re-classified on save). The demo's bulk load drops and
 * rebuilds these indexes like the others (db/bulk.ts reads them back from sqlite_master).
 */
const m004: Migration = {
  version: 4,
  name: 'indexes for a province: list sorts and filters, results by round',
  up(db) {
    db.exec(`
      CREATE INDEX households_round_code ON households(round_id, code);
      CREATE INDEX households_round_village_sort ON households(round_id, village_id, head_sort);
      CREATE INDEX households_round_review_sort ON households(round_id, review_state, head_sort);
      CREATE INDEX households_round_members ON households(round_id, member_count, head_sort);

      -- The head's ethnicity (report table 9, the lists): the first member in this order, read
      -- from the index alone instead of sorting every household's members.
      CREATE INDEX members_household_head ON members(household_id, relation != 'head', seq, ethnicity);

      -- One index on results, so that classifying a round stays cheap: the class filter, and the
      -- transition filter as "any class and this transition" (status is never NULL).
      ALTER TABLE results ADD COLUMN round_id INTEGER REFERENCES rounds(id);
      UPDATE results SET round_id = (SELECT h.round_id FROM households h WHERE h.id = results.household_id);
      CREATE INDEX results_round_status ON results(round_id, status, transition);
      CREATE TRIGGER results_round AFTER INSERT ON results WHEN new.round_id IS NULL BEGIN
        UPDATE results SET round_id = (SELECT h.round_id FROM households h WHERE h.id = new.household_id) WHERE household_id = new.household_id;
      END;
    `);
  },
};

/**
 * Version 6: the household list's count and totals row at a province's size. Counting a round
 * (or a commune, a village) read one index entry per household; household_counts keeps, per
 * round, commune and village (0: none), how many households and members there are. Triggers on
 * households keep it exact in the same transaction as every insert, delete and move (one small
 * upsert per row; no writer can forget it), so it is never a cache that can go stale. The
 * class counts come from results_round_status (migration 4). The demo's bulk load rebuilds the
 * new index like the others (db/bulk.ts); the triggers stay and count its rows as they go in.
 */
const m006: Migration = {
  version: 6,
  name: 'household counts per round, commune and village; indexes for the flag filters and ID number search',
  up(db) {
    db.exec(`
      CREATE TABLE household_counts (
        round_id    INTEGER NOT NULL,
        commune_id  INTEGER NOT NULL,
        village_id  INTEGER NOT NULL,
        households  INTEGER NOT NULL,
        members     INTEGER NOT NULL,
        PRIMARY KEY (round_id, commune_id, village_id)
      ) WITHOUT ROWID;
      INSERT INTO household_counts (round_id, commune_id, village_id, households, members)
        SELECT round_id, commune_id, COALESCE(village_id, 0), COUNT(*), SUM(member_count) FROM households GROUP BY 1, 2, 3;
      CREATE TRIGGER household_counts_insert AFTER INSERT ON households BEGIN
        INSERT INTO household_counts (round_id, commune_id, village_id, households, members)
          VALUES (new.round_id, new.commune_id, COALESCE(new.village_id, 0), 1, new.member_count)
          ON CONFLICT DO UPDATE SET households = households + 1, members = members + excluded.members;
      END;
      CREATE TRIGGER household_counts_delete AFTER DELETE ON households BEGIN
        UPDATE household_counts SET households = households - 1, members = members - old.member_count
          WHERE round_id = old.round_id AND commune_id = old.commune_id AND village_id = COALESCE(old.village_id, 0);
      END;
      CREATE TRIGGER household_counts_update AFTER UPDATE OF round_id, commune_id, village_id, member_count ON households BEGIN
        UPDATE household_counts SET households = households - 1, members = members - old.member_count
          WHERE round_id = old.round_id AND commune_id = old.commune_id AND village_id = COALESCE(old.village_id, 0);
        INSERT INTO household_counts (round_id, commune_id, village_id, households, members)
          VALUES (new.round_id, new.commune_id, COALESCE(new.village_id, 0), 1, new.member_count)
          ON CONFLICT DO UPDATE SET households = households + 1, members = members + excluded.members;
      END;

      -- The flag filters' count reads this small index over the round instead of every household's row.
      CREATE INDEX households_round_flags ON households(round_id, ethnic_minority, no_working_capacity, merit_person, female_head);

      -- An ID number prefix search finds the households from the index alone (a short prefix such as
      -- a province's 089 matches a quarter of the members: one row read each cost seconds).
      DROP INDEX members_id_number;
      CREATE INDEX members_id_number_household ON members(id_number, household_id);
    `);
  },
};

/**
 * A migration list as written, checked rather than sorted: versions 1, 2, 3… in order, no gap,
 * none twice. A sort would hide a migration listed in the wrong place (and a database would then
 * be migrated in a different order than the list reads).
 */
export function inVersionOrder(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration "${m.name}" has number ${m.version} but is listed in place ${i + 1}: list the migrations in order, numbered 1, 2, 3… with no gap and none twice.`,
      );
    }
  });
  return list;
}

/**
 * Every migration, in version order. Areas keep theirs beside their code: the review workflow
 * (electron/core/entry/migrations.ts, versions 2 and 3); this file has the core's (1, 4, 5 and 6).
 * A later one takes the next free number and its place at the end of this list.
 */
/**
 * Version 5: an administrator's rule set in the data folder (standards/ beside the database) is
 * used only once confirmed in the app: the confirmation names exactly that file's content
 * (sha256 of its bytes), the rule set's id and version, who confirmed it and when. A copy the app
 * wrote itself (a table loaded from Excel by an administrator) is confirmed by that same action.
 */
const m005: Migration = {
  version: 5,
  name: 'confirmations of administrator rule sets',
  up(db) {
    db.exec(`
      CREATE TABLE rule_set_confirmations (
        id            INTEGER PRIMARY KEY,
        rule_set_id   TEXT NOT NULL,
        version       TEXT NOT NULL,
        sha256        TEXT NOT NULL,
        file          TEXT NOT NULL,
        how           TEXT NOT NULL CHECK (how IN ('confirmed', 'loaded_in_app')),
        confirmed_by  TEXT NOT NULL,
        confirmed_at  TEXT NOT NULL,
        UNIQUE (rule_set_id, sha256)
      );
    `);
  },
};

/**
 * Version 11: households by the head's ID number. The matching rule (rounds/matching.ts: by code,
 * else by the head's ID number) looks a household up by it when its code is new: classifying a
 * round, saving or previewing one household, the workflow's missing households. Without the index
 * each such lookup read every household of every round.
 */
const m011: Migration = {
  version: 11,
  name: 'households by head ID number',
  up(db) {
    db.exec('CREATE INDEX households_head_id ON households(head_id_number)');
  },
};

export const MIGRATIONS: readonly Migration[] = inVersionOrder([m001, ...ENTRY_MIGRATIONS, m004, m005, m006, ...SEARCH_MIGRATIONS, ...UNIT_MIGRATIONS, ...REFORM_MIGRATIONS, ...ROUND_MIGRATIONS, m011, ...AUTH_MIGRATIONS, ...EXCHANGE_MIGRATIONS, ...OVERVIEW_MIGRATIONS, ...REQUEST_MIGRATIONS, ...INCOME_MIGRATIONS, ...SEARCH_MIGRATIONS_2, ...ROUND_MIGRATIONS_2, ...LIST_MIGRATIONS, ...SEARCH_MIGRATIONS_3, ...LIST_MIGRATIONS_2, ...SEARCH_MIGRATIONS_4, ...LIST_MIGRATIONS_3, ...SEARCH_MIGRATIONS_5]);
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
