import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then builds them again: one sort
 * per index instead of a random insert per row. The indexes are re-created from their own SQL
 * in sqlite_master, so the schema stays what the migrations made; UNIQUE and primary-key
 * indexes stay in place, so every constraint is still checked while loading. Call it inside a
 * transaction: a failure rolls the drops back with the rows.
 */
export function withoutSecondaryIndexes<T>(sqlite: BetterSqlite3.Database, tables: readonly string[], load: () => T): T {
  const rebuild = dropSecondaryIndexes(sqlite, tables);
  const result = load();
  rebuild();
  return result;
}

/**
 * withoutSecondaryIndexes in two steps, for a caller that does more between the load and the
 * rebuild or times them apart (demo/generate.ts): drops the tables' secondary indexes now and
 * returns the function that builds them again, each from its own SQL.
 */
export function dropSecondaryIndexes(sqlite: BetterSqlite3.Database, tables: readonly string[]): () => void {
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
  return () => {
    for (const i of indexes) sqlite.exec(i.sql);
  };
}

/**
 * Runs a bulk load with the named triggers dropped, then puts them back from their own SQL in
 * sqlite_master (the schema stays what the migrations made) and runs `recompute`, which must
 * leave every table the triggers keep exactly as they would have left it, in set-based SQL (one
 * statement per table rather than one trigger step per row). A trigger that is not there is
 * skipped (an older schema); triggers not named keep firing. Call it inside a transaction: a
 * failure rolls the drops back with the rows.
 */
export function withoutTriggers<T>(sqlite: BetterSqlite3.Database, names: readonly string[], load: () => T, recompute: () => void): T {
  const triggers = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')})`)
    .all(...names) as { name: string; sql: string }[];
  for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
  const result = load();
  recompute();
  for (const t of triggers) sqlite.exec(t.sql);
  return result;
}

/**
 * SQLite's limit on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER is 32,766 since
 * 3.32); rows a statement are kept well below it.
 */
const MAX_PARAMS = 4000;

/** Prepared multi-row statements by connection and text, kept between loads (each load makes its own RowInserter). */
const statementCache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** How many multi-row statements are prepared and kept for the connection (the test of their bound). */
export function bulkStatementCount(sqlite: BetterSqlite3.Database): number {
  return statementCache.get(sqlite)?.size ?? 0;
}

/**
 * An INSERT of many rows a statement (`INSERT INTO t (a, b) VALUES (?, ?), (?, ?), …`): a bulk
 * load pays one statement step per `rows` rows instead of one per row. Rows are added one at a
 * time and written whenever a statement's worth has gathered; `flush` writes the rest (in
 * power-of-two chunks: a small fixed set of statements, prepared once and kept). The rows go in
 * in the order added.
 */
export class RowInserter {
  private readonly rows: number;
  private readonly values: unknown[];
  private count = 0;
  private full: BetterSqlite3.Statement | undefined;

  /** `head`: "INSERT INTO t (a, b, …)"; `width`: its number of columns; `tail`: e.g. "ON CONFLICT DO NOTHING". */
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly head: string,
    private readonly width: number,
    rows = 100,
    private readonly tail = '',
  ) {
    this.rows = Math.max(1, Math.min(rows, Math.floor(MAX_PARAMS / width)));
    this.values = new Array<unknown>(this.rows * width);
  }

  /** Adds one row (exactly `width` values, in the head's column order). */
  add(row: readonly unknown[]): void {
    this.addFrom(row, 0);
  }

  /** Adds one row from `width` values of a flat list of rows, starting at `from` (no array a row). */
  addFrom(values: readonly unknown[], from: number): void {
    let at = this.count * this.width;
    for (let i = from, end = from + this.width; i < end; i++) this.values[at++] = values[i];
    if (++this.count === this.rows) {
      (this.full ??= this.statement(this.rows)).run(this.values);
      this.count = 0;
    }
  }

  /**
   * Writes the rows added since the last statement: in chunks whose sizes are powers of two, the
   * largest first (37 rows: 32, 4, 1), so that a connection keeps at most one statement per power
   * of two below `rows`, never one per distinct leftover count (a long-running app flushing
   * hundreds of different counts held hundreds of large prepared statements).
   */
  flush(): void {
    let at = 0;
    let left = this.count;
    for (let size = 1 << Math.floor(Math.log2(Math.max(1, left))); left > 0; size >>= 1) {
      if (size > left) continue;
      this.statement(size).run(this.values.slice(at * this.width, (at + size) * this.width));
      at += size;
      left -= size;
    }
    this.count = 0;
  }

  private statement(rows: number): BetterSqlite3.Statement {
    let cache = statementCache.get(this.sqlite);
    if (!cache) statementCache.set(this.sqlite, (cache = new Map()));
    const one = `(${Array.from({ length: this.width }, () => '?').join(', ')})`;
    const sql = `${this.head} VALUES ${Array.from({ length: rows }, () => one).join(', ')} ${this.tail}`;
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = this.sqlite.prepare(sql)));
    return s;
  }
}
