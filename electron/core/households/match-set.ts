import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { hasByte, ID_BYTES_SPAN, markIds, readIdText } from './id-bytes';

/**
 * A set of household ids read once into memory, for a request whose statements each test their
 * households against it: one byte an id, bound to each statement as a blob and tested by
 * `substr(blob, id, 1)` (about 0.1 µs a household, no seek), rather than the set's subquery
 * (`id IN (SELECT …)`), which SQLite runs again in every statement that reads it. (At a million
 * households a round, the 220,000 households "nguyen van" finds: 40–45 ms a statement for the
 * word pairs' subquery, 23 ms once for the blob — 20 to read the ids as one text, 3 to parse it.)
 */
export interface MatchSet {
  /** How many households it holds. */
  size: number;
  /** The test of a household id (a column, or an expression of one): in the set. */
  has: (id: RawBuilder<unknown>) => RawBuilder<boolean>;
}

/**
 * The ids a subquery gives (a column `id`), read once (see MatchSet). Ids past ID_BYTES_SPAN: the subquery itself is the test (as before; a database of 64 million households is none of this app's).
 */
export async function readMatchSet(db: Kysely<Database>, ids: RawBuilder<{ id: number }>): Promise<MatchSet> {
  const read = await readIdText(db, ids);
  if (read === null) return { size: 0, has: () => sql<boolean>`0` };
  if (read.hi >= ID_BYTES_SPAN) return { size: read.text.filter((c) => c === 44).length + 1, has: (id) => sql<boolean>`${id} IN ${ids}` };
  const bytes = Buffer.alloc(read.hi);
  const size = markIds(bytes, read.text, 1);
  return { size, has: (id) => hasByte(bytes, id) };
}
