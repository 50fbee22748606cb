import type { Migration } from '../db/migrations';

/**
 * Ad-hoc reviews (rà soát thường xuyên) are held monthly (spec/review-process.md), so a scope
 * has several ad-hoc rounds a year; the first schema's UNIQUE (year, kind, scope_unit_id) allowed
 * one. The table is rebuilt without it (SQLite cannot drop a table constraint), and two unique
 * indexes keep the last guard behind rounds/rounds.ts duplicateRound: one periodic round a year
 * per scope, and no two ad-hoc rounds of a scope on the same reference date.
 *
 * Migrations run inside a transaction with foreign keys on, where they cannot be switched off:
 * with the checks deferred, dropping the old table counts the rows that refer to it as
 * violations, and putting the same rounds back into the new table (same ids) clears them again
 * before the commit.
 */
const roundsUniquePerKind: Migration = {
  version: 10,
  name: 'several ad-hoc rounds a year: one periodic round a year per scope, ad-hoc rounds by date',
  up(db) {
    // Rows of tables whose foreign key to rounds acts on delete (reform_pending: ON DELETE CASCADE)
    // would go with the old table: they are kept aside and put back once the rounds are back.
    const acting: string[] = [];
    for (const t of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'rounds' AND sql LIKE '%REFERENCES rounds%'`).pluck().all() as string[]) {
      const fks = db.pragma(`foreign_key_list("${t}")`) as { table: string; on_delete: string }[];
      if (fks.some((fk) => fk.table === 'rounds' && fk.on_delete === 'RESTRICT')) throw new Error(`${t} refers to rounds ON DELETE RESTRICT: rebuild it in this migration too`);
      if (fks.some((fk) => fk.table === 'rounds' && fk.on_delete !== 'NO ACTION')) acting.push(t);
    }
    for (const t of acting) db.exec(`CREATE TEMP TABLE "keep_${t}" AS SELECT * FROM "${t}"`);
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE rounds_copy AS SELECT * FROM rounds;
      DROP TABLE rounds;
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
        created_at      TEXT NOT NULL
      );
      INSERT INTO rounds (id, year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at)
        SELECT id, year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at FROM rounds_copy;
      DROP TABLE temp.rounds_copy;
      CREATE UNIQUE INDEX rounds_periodic_year ON rounds(scope_unit_id, year) WHERE kind = 'periodic';
      CREATE UNIQUE INDEX rounds_adhoc_date ON rounds(scope_unit_id, reference_date) WHERE kind = 'adhoc';
    `);
    for (const t of acting) db.exec(`DELETE FROM "${t}"; INSERT INTO "${t}" SELECT * FROM temp."keep_${t}"; DROP TABLE temp."keep_${t}";`);
    const left = db.pragma('foreign_key_check') as unknown[];
    if (left.length > 0) throw new Error(`rounds rebuilt with ${left.length} rows referring to no round`);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const ROUND_MIGRATIONS: readonly Migration[] = [roundsUniquePerKind];

/**
 * Version 18: the head's ID number index carries the household's round. The matching rule
 * (rounds/matching.ts) looks households up by their head's ID number when their code has no
 * earlier result (rounds/classify.ts earlierResults: a round's first year, new households), and
 * the lookup needs each household's round: with the round in the index it reads no household row
 * (a household row is wide and the IDs come in random order: a seek each). Measured at 200,000
 * households a round: 5,000 heads in about 70 ms CPU instead of 170 ms.
 */
const headIdWithRound: Migration = {
  version: 18,
  name: 'households by head ID number and round',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS households_head_id;
      CREATE INDEX households_head_id ON households(head_id_number, round_id);
    `);
  },
};

/** This area's later migrations, appended at the end of the list in db/migrations.ts. */
export const ROUND_MIGRATIONS_2: readonly Migration[] = [headIdWithRound];
