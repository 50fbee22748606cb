// What a name search must find, asked of no word index: the oracle of the search tests since
// migration 25 dropped household_search (the first word index, their oracle until then).
import type BetterSqlite3 from 'better-sqlite3';
import { searchWords } from '../../electron/core/households/search-index';
import { fold } from '../../shared/text/fold';

/**
 * The round's households whose folded names (households.search_text) hold the words of `search`
 * in order and next to each other (across members' names), the last one as a word prefix, ids in
 * ascending order: the folded LIKE " w1 w2…" of a plain list's walk (households/read.ts
 * searchTest), over each text made plain first (its words, one space between), so that it holds
 * for any stored text (punctuation, doubled spaces, empty names), where the LIKE alone asks the
 * word index. Empty for a search with no word.
 */
export function namesFound(sqlite: BetterSqlite3.Database, roundId: number, search: string): number[] {
  const words = searchWords(fold(search));
  if (words.length === 0) return [];
  const needle = ` ${words.join(' ')}`;
  const rows = sqlite.prepare('SELECT id, search_text FROM households WHERE round_id = ? ORDER BY id').all(roundId) as { id: number; search_text: string }[];
  return rows.filter((h) => ` ${searchWords(h.search_text).join(' ')}`.includes(needle)).map((h) => h.id);
}

/** namesFound as a condition of SQL on the households row `h` (its ids written out: whole numbers). */
export function namesFoundSql(sqlite: BetterSqlite3.Database, roundId: number, search: string): string {
  return `h.id IN (${namesFound(sqlite, roundId, search).join(', ')})`;
}

/** The filters of a list (households.list's input) and its name search, as conditions of SQL on the households row `h` and its result `res` (LEFT JOIN): the plain query the list tests compare with. */
export function plainListWhere(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  input: {
    search?: string;
    communeId?: number;
    villageId?: number;
    reviewState?: string;
    status?: string;
    transition?: string;
    warnings?: boolean;
    flags?: Partial<Record<'ethnicMinority' | 'noWorkingCapacity' | 'meritPerson' | 'femaleHead', boolean>>;
  },
): string[] {
  const where: string[] = [`h.round_id = ${roundId}`];
  if (input.search !== undefined) where.push(namesFoundSql(sqlite, roundId, input.search));
  if (input.communeId) where.push(`h.commune_id = ${input.communeId}`);
  if (input.villageId) where.push(`h.village_id = ${input.villageId}`);
  if (input.reviewState) where.push(`h.review_state = '${input.reviewState}'`);
  if (input.status === 'unclassified') where.push('res.household_id IS NULL');
  else if (input.status) where.push(`res.status = '${input.status}'`);
  if (input.transition === 'none') where.push('res.household_id IS NOT NULL AND res.transition IS NULL');
  else if (input.transition) where.push(`res.transition = '${input.transition}'`);
  if (input.warnings !== undefined) where.push(`${input.warnings ? '' : 'NOT '}EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`);
  const flags = { ethnicMinority: 'ethnic_minority', noWorkingCapacity: 'no_working_capacity', meritPerson: 'merit_person', femaleHead: 'female_head' } as const;
  for (const [k, c] of Object.entries(flags)) {
    const v = input.flags?.[k as keyof typeof flags];
    if (v !== undefined) where.push(`h.${c} = ${v ? 1 : 0}`);
  }
  return where;
}

/** Every third household of the round agreed, every fourth with a warning: so that a review state's and the warnings' filters keep some households, and leave some out. */
export function agreedAndWarned(sqlite: BetterSqlite3.Database, roundId: number): void {
  sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 3 = 0").run(roundId);
  const warn = sqlite.prepare("INSERT INTO household_warnings (household_id, code, path, message, created_at) VALUES (?, 'w', 'p', 'm', '2025-01-01')");
  for (const id of sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND id % 4 = 0').pluck().all(roundId) as number[]) warn.run(id);
}
