import type { Migration } from '../db/migrations';

/**
 * Version 12: users and roles, a version on each household (no lost update), and the audit
 * trail's unit (filtering by commune or village). Frozen in time: plain SQL against the schema of
 * its day. Sessions are kept in memory, never in the database.
 */
const m012: Migration = {
  version: 12,
  name: 'users, roles, household versions, audit by unit',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name        TEXT NOT NULL,
        role             TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'keyer', 'leader', 'viewer')),
        -- scrypt$N$r$p$salt(base64)$hash(base64)
        password_hash    TEXT NOT NULL,
        must_change      INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
        active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_count     INTEGER NOT NULL DEFAULT 0,
        locked_until     TEXT,
        last_login_at    TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      );

      -- A keyer's villages: the only ones they may key.
      CREATE TABLE user_villages (
        user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        village_id  INTEGER NOT NULL REFERENCES units(id),
        PRIMARY KEY (user_id, village_id)
      );

      -- Raised by every save of the household; a save based on an older version is refused.
      ALTER TABLE households ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

      ALTER TABLE audit ADD COLUMN unit_id INTEGER;
      CREATE INDEX audit_at ON audit(at);
      CREATE INDEX audit_actor_at ON audit(actor, at);
      CREATE INDEX audit_unit_at ON audit(unit_id, at) WHERE unit_id IS NOT NULL;
    `);
  },
};

export const AUTH_MIGRATIONS: readonly Migration[] = [m012];
