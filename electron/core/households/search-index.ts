import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors';

/*
 * The word indexes of the households' folded names (households.search_text, built by
 * households/rows.ts searchTextOf): household_search_pairs (migration 20) for searches of two
 * words or more, household_search_words (migration 24) for one word. The first word index,
 * household_search (FTS5 of the words with the round's token, migration 17), is dropped by
 * migration 25: nothing read it any more, and its fill cost the demo build about 14 s of CPU.
 */

// ─── Word pairs (migration 20) ──────────────────────────────────────────────────────────────

/**
 * The words of a folded text as a name search reads them: runs of letters and digits. The one
 * statement of the split, for the search (households/read.ts) and for the pair index below.
 */
export function searchWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * One token of household_search_pairs: two words next to each other in a household's folded
 * names, under its round ("r17_thi_hoa"). The round is in every token rather than a token ANDed
 * with the words (as household_search, dropped by migration 25, did): a phrase of pairs then reads the doclists of its own
 * round only, and nothing else. (Measured at a million households a round, two rounds, warm:
 * "Nguyễn Văn Đức" 13–21 ms with the round ANDed, 5–7 ms with the round in the tokens; "thi hoa"
 * 21–23 ms against 11–12 ms.) Words hold no "_" (searchWords: letters and digits only), so a
 * token reads back as its round and its two words.
 */
export function pairToken(roundId: number, first: string, second: string): string {
  return `r${roundId}_${first}_${second}`;
}

/**
 * What household_search_pairs holds for a household: its pair tokens in the order of its words
 * (members' names follow one another in search_text, so the last word of one name and the first
 * of the next make a pair too, as they were neighbours in household_search). Empty for a household
 * of fewer than two words (it is then not indexed: a search of two words cannot find it).
 */
export function searchPairsOf(roundId: number, searchText: string): string {
  const words = searchWords(searchText);
  let out = '';
  for (let i = 0; i + 1 < words.length; i++) out += (i === 0 ? '' : ' ') + pairToken(roundId, words[i]!, words[i + 1]!);
  return out;
}

/**
 * An FTS5 query of household_search_pairs: the round's households whose names hold `words` (two
 * or more, folded), in order and next to each other, the last one as a word prefix. "nguyen van
 * d" is the phrase "r17_nguyen_van" + "r17_van_d"*: two pairs in a row share their middle word,
 * so a phrase of n − 1 pairs is n words in a row, exactly what household_search's phrase of the
 * words finds.
 */
export function pairSearchQuery(roundId: number, words: readonly string[]): string {
  const last = words.length - 2;
  return words
    .slice(0, -1)
    .map((w, i) => `"${pairToken(roundId, w, words[i + 1]!)}"${i === last ? '*' : ''}`)
    .join(' + ');
}

/** The pair index's terms, one row each (fts5vocab, migration 28): whether a prefix holds a term past the one it spells. */
export const PAIR_VOCAB = 'search_pair_terms';

/**
 * A pair query (pairSearchQuery) whose last pair, a prefix, holds no term of the pair index but
 * the one it spells, as that term exactly: the same households ("nguyen van": the term
 * "r2_nguyen_van" alone), read without the prefix's walk of the index's terms — at a million
 * households a round, 220,715 matches in 13.0 ms against 20.6–27 (group_concat of the ids, load
 * 2.8). The probe: the first term from that one's end ("\x01" sorts after it, before any longer
 * term), read by a seek of the vocabulary (0.1 ms: ">" reads the spelled term's doclist, 4 ms).
 */
export async function exactLastPair(db: Kysely<Database>, match: string): Promise<string> {
  const last = /"([^"]+)"\*$/u.exec(match);
  if (!last) return match;
  const term = last[1]!;
  const next = (await sql<{ term: string }>`SELECT term FROM ${sql.table(PAIR_VOCAB)} WHERE term >= ${`${term}\x01`} LIMIT 1`.execute(db)).rows[0]?.term;
  return next !== undefined && next.startsWith(term) ? match : match.slice(0, -1);
}

/** The pair index's columns, as an INSERT names them (households/write.ts HouseholdRowWriter, the migration). */
export const PAIR_INDEX_INSERT = 'INSERT INTO household_search_pairs (rowid, pairs)';

/**
 * The triggers of a word index whose tokens are made in TypeScript (the pairs, the words): a
 * household's tokens dropped when its search text or round changes (its writer indexes it again:
 * one that forgot leaves it unfound, never found by its old names) and when it is deleted.
 */
function tokenDropTriggers(table: 'household_search_pairs' | 'household_search_words'): string {
  const name = `households_${table.slice('household_'.length)}`;
  return `CREATE TRIGGER ${name}_update AFTER UPDATE OF search_text, round_id ON households
    WHEN new.search_text IS NOT old.search_text OR new.round_id IS NOT old.round_id BEGIN
    DELETE FROM ${table} WHERE rowid = old.id;
  END;
  CREATE TRIGGER ${name}_delete AFTER DELETE ON households BEGIN
    DELETE FROM ${table} WHERE rowid = old.id;
  END;`;
}

/**
 * The pair index and the triggers SQL can state. The tokenizer is "ascii" with "_" a token
 * character: every character outside ASCII is a token character there, and the ASCII ones of a
 * word are letters and digits, so each pair is exactly one token, whatever the script of the
 * name (unicode61 would split a token at a letter its tables do not know). No prefix index: the
 * last pair's prefix ("r17_van_d"*) merges the few pairs that start with it.
 *
 * The pairs are made in TypeScript (searchPairsOf), not by a trigger from search_text: the split
 * into words (letters and digits of any script) has no statement in SQLite's own functions, and the
 * database has no function of the app's. So: new households get their pairs with their rows
 * (households/write.ts householdRowsOf, HouseholdRowWriter: entry, the Excel and exchange
 * imports, a new round, the demo), a household whose names change gets them again from
 * indexSearchPairs (write.ts), called by each writer after it writes search_text; the triggers
 * here drop a household's pairs when its search text or round changes (a writer that forgot to
 * index again leaves the household unfound by pairs, never found by its old names) and when it
 * is deleted.
 */
export const PAIR_INDEX_DDL = `
  CREATE VIRTUAL TABLE household_search_pairs USING fts5(pairs, tokenize = "ascii tokenchars '_'", content = '', contentless_delete = 1);
  ${tokenDropTriggers('household_search_pairs')}
`;

// ─── Words by round (migration 24) ──────────────────────────────────────────────────────────

/**
 * The first code point of a round's words in household_search_words: the round as one character,
 * from Unicode's supplementary private use planes (U+F0000 on). One character, whatever the round's
 * id, so that a word typed to its first, second or third letter is a prefix of two, three or four
 * characters, each one a prefix index of its own (WORD_INDEX_DDL); and no character a name's word
 * can hold at the start of a token (the ascii tokenizer keeps every character outside ASCII in its
 * token, and a word is letters and digits: the round is read back from the token's first character).
 */
const ROUND_CODE_BASE = 0xf0000;
const ROUND_CODE_MAX = 0x10ffff - ROUND_CODE_BASE;

/** The round's character (ROUND_CODE_BASE). */
function roundCode(roundId: number): string {
  if (!Number.isInteger(roundId) || roundId < 0 || roundId > ROUND_CODE_MAX) {
    throw new AppError('INTERNAL', `Đợt rà soát số ${roundId} vượt quá số đợt mà chỉ mục tìm kiếm theo tên ghi được (${ROUND_CODE_MAX})`);
  }
  return String.fromCodePoint(ROUND_CODE_BASE + roundId);
}

/** One token of household_search_words: a word of a household's folded names, under its round. */
export function wordToken(roundId: number, word: string): string {
  return roundCode(roundId) + word;
}

/**
 * What household_search_words holds for a household: each distinct word of its folded names
 * (searchWords) as a token under its round. Empty for a household without a word (it is then not
 * indexed: no search of a word finds it).
 */
export function searchWordsOf(roundId: number, searchText: string): string {
  const round = roundCode(roundId);
  return [...new Set(searchWords(searchText))].map((w) => round + w).join(' ');
}

/** An FTS5 query of household_search_words: the round's households with a word that starts with `word` (folded). */
export function wordSearchQuery(roundId: number, word: string): string {
  return `"${wordToken(roundId, word)}"*`;
}

/** A row of the word index, as a prepared statement inserts it (households/write.ts HouseholdRowWriter, indexSearchPairs, the migration). */
export const WORD_INDEX_INSERT = 'INSERT INTO household_search_words (rowid, words) VALUES (?, ?)';

/**
 * The index of a search of one word (households/read.ts nameSearch): each household's words with
 * its round in every token ("<round>duc", wordToken), so that the round's households with a word
 * starting with "duc" are one doclist of a prefix index, read alone. household_search, which
 * holds both rounds' households under each word, ANDs a round token whose doclist is the round's
 * every household, read along (measured at a million households a round, two rounds, warm: "duc"
 * 17 ms there, 4 ms here; "an" 17 against 4). Prefix indexes of two, three and four characters:
 * the round and one, two or three letters. No positions (detail = none): a search of one word asks
 * no phrase, and the index is a quarter of household_search's size (75 against 303 MB at that size).
 * Made in TypeScript (searchWordsOf) where the pairs are, by the same writers, with the same
 * triggers (PAIR_INDEX_DDL): dropped when a household's search text or round changes (indexed
 * again by indexSearchPairs, households/write.ts) and when it is deleted.
 */
export const WORD_INDEX_DDL = `
  CREATE VIRTUAL TABLE household_search_words USING fts5(words, tokenize = 'ascii', prefix = '2 3 4', detail = none, content = '', contentless_delete = 1);
  ${tokenDropTriggers('household_search_words')}
`;
