import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Sets of household ids held in memory as one byte an id (id k's at place k), bound to a statement
 * as a blob and tested by `substr(blob, id, 1)`: no seek, about 0.05–0.1 µs a household, against
 * 0.15–0.2 µs for a set's IN (0.4 µs a household to build it, again in every statement that reads
 * it) or 0.4–13 µs for a seek of an index or a row. The one statement of how such a set is read,
 * marked and tested, for the list's sorts (read.ts), a broad search's set (match-set.ts) and a
 * search's page by name (match-page.ts).
 */

/** The highest household id a set is held for as bytes (64 MB); past it, each caller tests otherwise (a database of 64 million households is none of this app's). */
export const ID_BYTES_SPAN = 64 * 1024 * 1024;

/**
 * The household ids of `from` (a table or parenthesized subquery, its column `column`) as one
 * decimal text, comma-separated (group_concat), as its bytes (a blob is not decoded into a string:
 * 2–3 ms less for the 220,000 households "nguyen van" finds at a million a round), and the highest
 * id (the blob's length): the set's own (their MAX), or with `every`, every household's (the
 * rowid's end, a seek, in the same statement: one snapshot, so a household another connection
 * writes meanwhile is in both or in neither). The set's MAX cost 3.5 ms more on those 220,000
 * (16.5 against 13.0 ms, load 2.8); every household's makes the blob longer (for the ids of an
 * earlier round), a copy bound to each statement. Null when there is none.
 */
export async function readIdText(db: Kysely<Database>, from: RawBuilder<unknown>, column = 'id', every = false): Promise<{ text: Buffer; hi: number } | null> {
  const c = sql.ref(column);
  const hi = every ? sql`(SELECT MAX(id) FROM households)` : sql`MAX(${c})`;
  const row = (await sql<{ ids: Buffer | null; hi: number | null }>`SELECT CAST(group_concat(${c}) AS BLOB) AS ids, ${hi} AS hi FROM ${from} AS s`.execute(db)).rows[0];
  return row?.ids && row.ids.length > 0 && row.hi !== null ? { text: row.ids, hi: Number(row.hi) } : null;
}

/**
 * Each id of an id text (readIdText's, or any group_concat of ids), in its order, set as `value`
 * in `bytes` (markIds) or appended to `out` (parseIds); how many there were. The one statement of
 * how such a text is parsed (by hand: split and Number cost as much again as reading the ids).
 * (Both callers' work in this one loop: a callback an id, or the ids parsed into an array and then
 * marked, cost markIds 20–40% more on the 220,000 ids "nguyen van" finds.)
 */
function scanIds(text: Uint8Array | null | undefined, bytes: Buffer | null, value: number, out: number[] | null): number {
  if (!text || text.length === 0) return 0;
  let n = 0;
  let id = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === 44) {
      if (bytes) bytes[id - 1] = value;
      else out!.push(id);
      n++;
      id = 0;
    } else id = id * 10 + c - 48;
  }
  if (bytes) bytes[id - 1] = value;
  else out!.push(id);
  return n + 1;
}

/**
 * Sets the byte of each id of an id text (readIdText) to `value`; how many ids there were. (Ids
 * are 1 or more: never a place below 1, which substr counts from the blob's end.)
 */
export const markIds = (bytes: Buffer, text: Uint8Array | null | undefined, value: number): number => scanIds(text, bytes, value, null);

/** The ids of an id text as numbers, in its order. */
export function parseIds(text: Uint8Array | null | undefined): number[] {
  const out: number[] = [];
  scanIds(text, null, 0, out);
  return out;
}

/** A household (`col`, its id) whose byte is `value` (1: in the set). */
export const hasByte = (bytes: Buffer, col: RawBuilder<unknown>, value = 1): RawBuilder<boolean> =>
  sql<boolean>`substr(${bytes}, ${col}, 1) = ${sql.raw(`x'${value.toString(16).padStart(2, '0')}'`)}`;
