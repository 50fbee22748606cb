// db/schema.ts against the tables the migrations make, and where SQL may live.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { SCHEMA_COLUMNS } from '../../electron/core/db/schema';
import { REPO, tempDir } from '../helpers';

interface ColumnInfo {
  name: string;
  notnull: number;
  pk: number;
}

/** Tables of the schema: not SQLite's own, not the search index's (an FTS5 table and its shadow tables). */
function realTables(file: string): Map<string, Map<string, 'null' | 'not null'>> {
  const db = openDatabase(file);
  try {
    const names = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'household_search%' ORDER BY name")
      .pluck()
      .all() as string[];
    return new Map(
      names.map((t) => {
        const cols = db.sqlite.prepare(`SELECT name, "notnull", pk FROM pragma_table_info(?)`).all(t) as ColumnInfo[];
        // A primary key column never holds NULL here (INTEGER PRIMARY KEY is the rowid; the others are written by the app).
        return [t, new Map(cols.map((c) => [c.name, c.notnull || c.pk ? 'not null' : 'null'] as const))];
      }),
    );
  } finally {
    db.close();
  }
}

describe('db/schema.ts', () => {
  const tables = realTables(path.join(tempDir(), 'schema.sqlite'));

  it('describes every table the migrations make, and no other', () => {
    expect(Object.keys(SCHEMA_COLUMNS).sort()).toEqual([...tables.keys()].sort());
  });

  it.each(Object.entries(SCHEMA_COLUMNS))('%s: the same columns, each NULL or NOT NULL as in the table', (table, spec) => {
    const real = tables.get(table);
    expect(real, `table ${table}`).toBeDefined();
    expect(Object.fromEntries([...real!.entries()].sort())).toEqual(Object.fromEntries(Object.entries(spec).sort()));
  });
});

describe('where SQL lives', () => {
  it('electron/core/api/services.ts wires services and runs no SQL', () => {
    const text = fs.readFileSync(path.join(REPO, 'electron', 'core', 'api', 'services.ts'), 'utf8');
    const sqlish = /\b(SELECT|INSERT|UPDATE|DELETE)\s+(\*|[\w.]+,|INTO|FROM|OR\b|[\w.]+\s+FROM)|\.prepare\(|\.exec\(|selectFrom\(|insertInto\(|updateTable\(|deleteFrom\(/u;
    expect(text.split('\n').filter((line) => sqlish.test(line))).toEqual([]);
  });
});
