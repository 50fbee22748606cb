import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import { AppError } from '../errors';
import { inVersionOrder, LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import type { Database } from './schema';
import { writeTransaction } from './write-transaction';

export interface Db {
  file: string;
  sqlite: BetterSqlite3.Database;
  kysely: Kysely<Database>;
  close(): void;
}

export interface OpenOptions {
  /** Called with the reason before the schema is migrated, so an older database is copied first. */
  backupBeforeMigration?: (sqlite: BetterSqlite3.Database, fromVersion: number) => void;
  readonly?: boolean;
  /** The migration list (tests pass a longer one to exercise an upgrade). */
  migrations?: readonly Migration[];
}

/**
 * The app's marker in the SQLite header (PRAGMA application_id): "RSHN". A file with tables but
 * without it belongs to another program and is never migrated or switched to WAL.
 */
export const APP_ID = 0x5253484e;
/** Tables every database of this app has had since its first schema (one made before the marker). */
const FIRST_SCHEMA_TABLES = ['rounds', 'households', 'members', 'results', 'audit'];

/** Refuses a database of another program; marks an empty one, or one of ours made before the marker. */
function checkMarker(sqlite: BetterSqlite3.Database, file: string, readonly: boolean): void {
  if ((sqlite.pragma('application_id', { simple: true }) as number) === APP_ID) return;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const ours = schemaVersionOf(sqlite) > 0 && FIRST_SCHEMA_TABLES.every((t) => tables.includes(t));
  if (tables.length > 0 && !ours) {
    throw new AppError(
      'DB_OPEN_FAILED',
      `Tệp ${file} là cơ sở dữ liệu của một chương trình khác (có ${tables.length} bảng nhưng không mang dấu của phần mềm Rà soát hộ nghèo), nên không mở và không sửa gì trong tệp. Hãy chọn đúng tệp dữ liệu rasoat.sqlite, hoặc một thư mục trống để tạo dữ liệu mới.`,
    );
  }
  if (!readonly) sqlite.pragma(`application_id = ${APP_ID}`);
}

export function schemaVersionOf(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * The page size (bytes) of a database this app creates (SQLite's default is 4,096). Fewer, larger
 * pages make bulk loads, index builds and a province's whole-round reads cheaper. Measured on the
 * shared 2-core machine (CPU time, demo builds): at 200,000 households a round 88.6 s against
 * 95.5 s with 4 KiB pages (the index rebuilds 21.3 against 25.7 s); on the finished file the
 * classification 3.6 against 3.9 s, the list step 28.6 against 30.8 s, search median 17 against
 * 25 ms. Set only on a new, empty file (a page size is the file's; an existing database keeps its
 * own, a VACUUM would rewrite it whole).
 */
export const PAGE_SIZE = 16_384;

/**
 * Opens (creating if needed) the database: WAL, foreign keys, then the numbered migrations.
 * A database written by a newer version of the app is refused, never downgraded.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = inVersionOrder(options.migrations ?? MIGRATIONS);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    sqlite.pragma('schema_version'); // reading the header fails here when the file is not SQLite
  } catch (e) {
    throw new AppError('DB_OPEN_FAILED', `Không mở được tệp ${file} làm tệp dữ liệu: tệp có thể bị hỏng, không phải tệp dữ liệu SQLite, hoặc thư mục không cho đọc, ghi. Hãy kiểm tra lại tệp và quyền của thư mục; nếu tệp hỏng, hãy khôi phục từ bản sao lưu. Chi tiết: ${(e as Error).message}`);
  }
  const latest = migrations[migrations.length - 1]?.version ?? LATEST_SCHEMA_VERSION;
  try {
    // A new, empty file gets the app's page size before its first byte is written (the marker's).
    if (!options.readonly && sqlite.pragma('page_count', { simple: true }) === 0) sqlite.pragma(`page_size = ${PAGE_SIZE}`);
    checkMarker(sqlite, file, options.readonly ?? false);
    const version = schemaVersionOf(sqlite);
    if (version > latest) {
      throw new AppError(
        'DB_TOO_NEW',
        `Tệp dữ liệu ${file} được tạo bởi phiên bản mới hơn của phần mềm (cấu trúc dữ liệu số ${version}, bản này đọc được đến số ${latest}): hãy cập nhật phần mềm lên bản mới nhất rồi mở lại; không sửa tệp bằng tay.`,
      );
    }
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -65536'); // 64 MiB: a district's round fits, whole-round jobs stay in memory
    // A writer waits this long for another's lock (BEGIN IMMEDIATE, db/write-transaction.ts): long
    // enough for an import's commit (10,000 households take about 2.4 s; a district's 50,000 about
    // 12 s), after which the save answers BUSY in Vietnamese and its values stay in the draft.
    sqlite.pragma('busy_timeout = 15000');
    if (version < latest && !options.readonly) {
      if (version > 0) options.backupBeforeMigration?.(sqlite, version);
      migrate(sqlite, migrations, version);
    }
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    file,
    sqlite,
    kysely,
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

function migrate(sqlite: BetterSqlite3.Database, migrations: readonly Migration[], from: number): void {
  for (const m of migrations) {
    if (m.version <= from) continue;
    // Each migration and its version bump commit together or not at all.
    writeTransaction(sqlite, () => {
      m.up(sqlite);
      sqlite.pragma(`user_version = ${m.version}`);
    });
  }
}

export const nowIso = (): string => new Date().toISOString();

/**
 * Runs a query built with Kysely (typed by db/schema.ts) on better-sqlite3 directly, synchronously:
 * for callers that are synchronous (services, jobs) and for hot loops where the promise round
 * trip would cost more than the query.
 */
export function allSync<R>(sqlite: BetterSqlite3.Database, query: Compilable<R>): R[] {
  const q = query.compile();
  return sqlite.prepare(q.sql).all(...(q.parameters as unknown[])) as R[];
}
