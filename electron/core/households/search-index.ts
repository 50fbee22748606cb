/**
 * What the word index household_search holds for a household, stated once: its folded names
 * (households.search_text, built by households/rows.ts searchTextOf) in the column `text`, and its
 * round as one token ("r17") in the column `round`. The migration that builds the index, the
 * triggers that keep it current and the bulk fill in insertHouseholds all use these; the list's
 * search (read.ts) asks for the round's token along with the words, so that a common name
 * ("nguyen van") is looked for among the round's households only, not in every round's.
 *
 * The rowid stays the household's id. (Household ids of different rounds interleave, so a range
 * of rowids cannot stand for a round.)
 */

/** The index's columns, as an INSERT names them. */
export const SEARCH_INDEX_COLUMNS = '(rowid, text, round)';

/** The values of a households row (by its alias: `households`, `new`…) for SEARCH_INDEX_COLUMNS. */
export function searchIndexValues(row: string): string {
  return `${row}.id, ${row}.search_text, 'r' || ${row}.round_id`;
}

/** The round's token in the column `round` of household_search. */
export function roundToken(roundId: number): string {
  return `r${roundId}`;
}

/** An FTS5 query: the round's households that match `words` (an FTS5 query on the names). */
export function roundSearchQuery(roundId: number, words: string): string {
  return `{round} : "${roundToken(roundId)}" AND {text} : (${words})`;
}

/** The statements that (re)create household_search, fill it from households and keep it current. */
export const SEARCH_INDEX_DDL = `
  CREATE VIRTUAL TABLE household_search USING fts5(text, round, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3', content = '', contentless_delete = 1);
  INSERT INTO household_search ${SEARCH_INDEX_COLUMNS} SELECT ${searchIndexValues('households')} FROM households;
  CREATE TRIGGER households_search_update AFTER UPDATE OF search_text, round_id ON households BEGIN
    DELETE FROM household_search WHERE rowid = old.id;
    INSERT INTO household_search ${SEARCH_INDEX_COLUMNS} VALUES (${searchIndexValues('new')});
  END;
  CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
    DELETE FROM household_search WHERE rowid = old.id;
  END;
`;
