import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then builds them again: one sort
 * per index instead of a random insert per row. The indexes are re-created from their own SQL
 * in sqlite_master, so the schema stays what the migrations made; UNIQUE and primary-key
 * indexes stay in place, so every constraint is still checked while loading. Call it inside a
 * transaction: a failure rolls the drops back with the rows.
 */
export function withoutSecondaryIndexes<T>(sqlite: BetterSqlite3.Database, tables: readonly string[], load: () => T): T {
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
  const result = load();
  for (const i of indexes) sqlite.exec(i.sql);
  return result;
}
