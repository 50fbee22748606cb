import type { Migration } from '../db/migrations';

/**
 * The income worksheet of a household (issue 15 item 4; shared/engine/income.ts): its lines by
 * source (JSON, as keyed), the members it divides by, and its result. answers.monthly_income keeps
 * the result the classification reads; this table keeps how it was reached. Frozen SQL of its day.
 */
const incomeWorksheets: Migration = {
  version: 16,
  name: 'income worksheets',
  up(db) {
    db.exec(`
      CREATE TABLE income_worksheets (
        household_id        INTEGER PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
        period              TEXT NOT NULL DEFAULT '',
        members             INTEGER NOT NULL CHECK (members >= 1),
        lines               TEXT NOT NULL,
        net_income          REAL NOT NULL,
        excluded            REAL NOT NULL,
        monthly_per_capita  REAL NOT NULL CHECK (monthly_per_capita >= 0),
        updated_at          TEXT NOT NULL,
        updated_by          TEXT NOT NULL
      );
    `);
  },
};

/** This area's migrations, listed in db/migrations.ts. */
export const INCOME_MIGRATIONS: readonly Migration[] = [incomeWorksheets];
