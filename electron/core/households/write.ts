import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Area } from '../../../shared/engine/ruleset';
import { cleanText } from '../../../shared/text/normalize';
import { nowIso } from '../db/connection';
import { answersRow, cleanAddress, cleanMemberRow, flagColumns, householdSummaryOfRows, MEMBER_COLUMNS, memberRow, type HouseholdAnswers, type HouseholdSummaryRow, type MemberRow } from './rows';
import { PAIR_INDEX_INSERT, searchPairsOf, searchWordsOf, WORD_INDEX_INSERT } from './search-index';
import { RowInserter } from '../db/bulk';
import { writeTransaction } from '../db/write-transaction';

export { searchTextOf, sortKeyOf } from './rows';

export interface NewHousehold {
  code: string;
  communeId: number;
  villageId: number | null;
  address: string;
  area: Area;
  flags: { ethnicMinority: boolean; noWorkingCapacity: boolean; meritPerson: boolean; femaleHead: boolean };
  reviewState?: string;
  /** Head first (relation "head"); personKey keeps a person's identity across rounds (households/rows.ts: newPersonKey). */
  members: (Member & { personKey: string })[];
  answers?: HouseholdAnswers;
  /** Causes of poverty (nguyên nhân nghèo), when recorded. */
  causes?: readonly Cause[];
  /** The household's own times, when it has them already (a household received in an exchange package); else now. */
  createdAt?: string;
  updatedAt?: string;
  /** Its answers' time, likewise. */
  answersUpdatedAt?: string | null;
}

/** A member as a stored row carries it, with its person key (an exchange package's member rows). */
export type StoredMember = MemberRow & { person_key: string };

/**
 * A new household whose members come as stored rows (an exchange package's): written as they
 * come, through the same cleaning (rows.ts cleanMemberRow), with no domain object made for them.
 */
export interface NewHouseholdFromRows extends Omit<NewHousehold, 'members'> {
  memberRows: readonly StoredMember[];
}

/** Households a multi-row statement (19 columns each; members 16 each, about 4 a household). */
const HOUSEHOLD_ROWS = 50;
const MEMBER_ROWS = 200;
const HOUSEHOLD_SQL = `INSERT INTO households (id, round_id, code, commune_id, village_id, address, area, ethnic_minority, no_working_capacity,
       merit_person, female_head, head_name, head_sort, head_id_number, member_count, search_text, review_state, score_a, created_at, updated_at)`;
const MEMBER_SQL = `INSERT INTO members (household_id, person_key, ${MEMBER_COLUMNS.join(', ')})`;
const ANSWERS_SQL = 'INSERT INTO answers (household_id, screening, score_a, b1_items, b2, monthly_income, updated_at)';
const CAUSES_SQL = 'INSERT INTO household_causes (household_id, cause)';

/** Columns a row of each table takes (the statements above; pairs and words: the household's id and its word pairs or words, search-index.ts). */
export const ROW_WIDTH = { households: 20, members: 2 + MEMBER_COLUMNS.length, answers: 7, causes: 2, pairs: 2, words: 2 } as const;

/**
 * The rows of households not yet written, one flat list per table (a row's values one after
 * another, ROW_WIDTH each): no array a row, and lists a thread can hand to another in one message.
 */
export interface HouseholdRows {
  households: unknown[];
  members: unknown[];
  answers: unknown[];
  causes: unknown[];
  /** The word pair index's rows (household_search_pairs): made with the rows, in the thread that maps them. */
  pairs: unknown[];
  /** The word index's rows (household_search_words), likewise. */
  words: unknown[];
}

export const emptyHouseholdRows = (): HouseholdRows => ({ households: [], members: [], answers: [], causes: [], pairs: [], words: [] });

/**
 * Appends to `out` the rows of household `h` under the id `id`: mapped by households/rows.ts (text
 * NFC on the way in); its times `now` unless it brings its own (createdAt…: an exchange package's).
 */
export function householdRowsOf(h: NewHousehold | NewHouseholdFromRows, id: number, roundId: number, now: string, out: HouseholdRows): void {
  const fromRows = 'memberRows' in h;
  const rows = fromRows ? h.memberRows.map(cleanMemberRow) : h.members.map(memberRow);
  const summary = householdSummaryOfRows(rows);
  const flags = flagColumns(h.flags);
  const answers = h.answers ? answersRow(h.answers) : undefined;
  out.households.push(
    id,
    roundId,
    cleanText(h.code),
    h.communeId,
    h.villageId,
    cleanAddress(h.address),
    h.area,
    flags.ethnic_minority,
    flags.no_working_capacity,
    flags.merit_person,
    flags.female_head,
    summary.head_name,
    summary.head_sort,
    summary.head_id_number,
    summary.member_count,
    summary.search_text,
    h.reviewState ?? 'listed',
    // The answers' score A as the list sorts by it (migration 7): its trigger then finds it written.
    answers?.score_a ?? null,
    h.createdAt ?? now,
    h.updatedAt ?? now,
  );
  const { members } = out;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    members.push(id, fromRows ? h.memberRows[i]!.person_key : h.members[i]!.personKey);
    for (const c of MEMBER_COLUMNS) members.push(row[c]);
  }
  if (answers) out.answers.push(id, answers.screening, answers.score_a, answers.b1_items, answers.b2, answers.monthly_income, h.answersUpdatedAt ?? now);
  if (h.causes) for (const c of orderedCauses(h.causes)) out.causes.push(id, c);
  const pairs = searchPairsOf(roundId, summary.search_text);
  if (pairs) out.pairs.push(id, pairs);
  const words = searchWordsOf(roundId, summary.search_text);
  if (words) out.words.push(id, words);
}

/**
 * Writes HouseholdRows many rows a statement (db/bulk.ts, RowInserter): each `write` writes the
 * households first, then their members, answers and causes, so that every foreign key finds its
 * row; `finish` writes what is left over, and the word pairs (household_search_pairs) and words
 * (household_search_words) of every household written since the last `finish`, one row a
 * statement, one after the other. A statement that may fail half-way (one of many rows) opens a
 * savepoint, at which FTS5 writes the terms it holds to the database as a segment of its own:
 * written with each `write`, between the statements of many rows, the word indexes got a segment
 * of a few households each time, merged again and again (measured on 600,000 households of the 1M
 * bench database, alone: pairs 3.9 s of CPU 50 rows a statement, 1.8 s one a statement and
 * nothing between; words 3.8 s and 1.9 s).
 */
export class HouseholdRowWriter {
  private readonly households: RowInserter;
  private readonly members: RowInserter;
  private readonly answers: RowInserter;
  private readonly causes: RowInserter;
  private readonly pairs: BetterSqlite3.Statement;
  private readonly words: BetterSqlite3.Statement;
  /** The word indexes' rows of the households written since the last finish (ROW_WIDTH). */
  private readonly pendingPairs: unknown[] = [];
  private readonly pendingWords: unknown[] = [];

  constructor(sqlite: BetterSqlite3.Database) {
    this.households = new RowInserter(sqlite, HOUSEHOLD_SQL, ROW_WIDTH.households, HOUSEHOLD_ROWS);
    this.members = new RowInserter(sqlite, MEMBER_SQL, ROW_WIDTH.members, MEMBER_ROWS);
    this.answers = new RowInserter(sqlite, ANSWERS_SQL, ROW_WIDTH.answers, HOUSEHOLD_ROWS);
    this.causes = new RowInserter(sqlite, CAUSES_SQL, ROW_WIDTH.causes, HOUSEHOLD_ROWS);
    this.pairs = sqlite.prepare(`${PAIR_INDEX_INSERT} VALUES (?, ?)`);
    this.words = sqlite.prepare(WORD_INDEX_INSERT);
  }

  /** Writes the rows (all the households' rows, whole statements of the others) and empties the lists. */
  write(rows: HouseholdRows): void {
    for (let at = 0; at < rows.households.length; at += ROW_WIDTH.households) this.households.addFrom(rows.households, at);
    this.households.flush();
    for (let at = 0; at < rows.members.length; at += ROW_WIDTH.members) this.members.addFrom(rows.members, at);
    for (let at = 0; at < rows.answers.length; at += ROW_WIDTH.answers) this.answers.addFrom(rows.answers, at);
    for (let at = 0; at < rows.causes.length; at += ROW_WIDTH.causes) this.causes.addFrom(rows.causes, at);
    for (const x of rows.pairs) this.pendingPairs.push(x);
    for (const x of rows.words) this.pendingWords.push(x);
    rows.households.length = rows.members.length = rows.answers.length = rows.causes.length = rows.pairs.length = rows.words.length = 0;
  }

  finish(): void {
    this.members.flush();
    this.answers.flush();
    this.causes.flush();
    const { pendingPairs: pairs, pendingWords: words } = this;
    for (let at = 0; at < pairs.length; at += ROW_WIDTH.pairs) this.pairs.run(pairs[at], pairs[at + 1]);
    for (let at = 0; at < words.length; at += ROW_WIDTH.words) this.words.run(words[at], words[at + 1]);
    pairs.length = words.length = 0;
  }
}

/**
 * Indexes a household's word pairs and words again (household_search_pairs and
 * household_search_words, search-index.ts) from its stored search text and round: every writer
 * that changes a household's search_text calls it after the change (triggers have dropped the old
 * tokens by then; SQL cannot make the new ones): entry save, and the Excel and exchange imports
 * through writeHouseholdSummary; new households get theirs with their rows.
 */
export function indexSearchPairs(sqlite: BetterSqlite3.Database, householdId: number): void {
  const h = sqlite.prepare('SELECT round_id, search_text FROM households WHERE id = ?').get(householdId) as { round_id: number; search_text: string } | undefined;
  sqlite.prepare('DELETE FROM household_search_pairs WHERE rowid = ?').run(householdId);
  sqlite.prepare('DELETE FROM household_search_words WHERE rowid = ?').run(householdId);
  const pairs = h ? searchPairsOf(h.round_id, h.search_text) : '';
  if (pairs) sqlite.prepare(`${PAIR_INDEX_INSERT} VALUES (?, ?)`).run(householdId, pairs);
  const words = h ? searchWordsOf(h.round_id, h.search_text) : '';
  if (words) sqlite.prepare(WORD_INDEX_INSERT).run(householdId, words);
}

/**
 * Writes a household's summary of its members (head, name order, member count, search text) after
 * its members changed by an import, and indexes its word pairs again (indexSearchPairs): the one
 * statement of the two for the Excel and exchange imports. `updatedAt`, when given, is written with it.
 */
export function writeHouseholdSummary(sqlite: BetterSqlite3.Database, householdId: number, s: HouseholdSummaryRow, updatedAt?: string): void {
  sqlite
    .prepare('UPDATE households SET head_name = ?, head_sort = ?, head_id_number = ?, member_count = ?, search_text = ?, updated_at = COALESCE(?, updated_at) WHERE id = ?')
    .run(s.head_name, s.head_sort, s.head_id_number, s.member_count, s.search_text, updatedAt ?? null, householdId);
  indexSearchPairs(sqlite, householdId);
}

/**
 * Inserts households with their members and answers, all or nothing (one transaction, prepared
 * statements: kysely compiles each query anew, which is too slow row by row for bulk loads).
 * Rows are mapped by householdRowsOf and written many a statement (HouseholdRowWriter): each
 * household gets the id SQLite itself would give it (one above the highest), so that its members
 * can be written before the household's statement has run; the members, answers and causes are
 * written after their households, so that every foreign key finds its row. Triggers fire per row
 * as for any other write; the word indexes get their rows from the writer. Returns the new
 * household ids in input order.
 */
/**
 * The highest household id so far: new households take the ids after it, in order (the ids SQLite
 * itself would give them), so that their members can be written before their own statement has
 * run. Stated once for insertHouseholds, the demo's drawing thread and the bulk load's catch-up.
 */
export function lastHouseholdId(sqlite: BetterSqlite3.Database): number {
  return (sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() as number | null) ?? 0;
}

export function insertHouseholds(sqlite: BetterSqlite3.Database, roundId: number, households: Iterable<NewHousehold | NewHouseholdFromRows>): number[] {
  const ids: number[] = [];
  writeTransaction(sqlite, () => {
    const now = nowIso();
    const writer = new HouseholdRowWriter(sqlite);
    const rows = emptyHouseholdRows();
    let pending = 0;
    let id = lastHouseholdId(sqlite);
    for (const h of households) {
      householdRowsOf(h, ++id, roundId, now, rows);
      ids.push(id);
      if (++pending === HOUSEHOLD_ROWS) {
        writer.write(rows);
        pending = 0;
      }
    }
    writer.write(rows);
    writer.finish();
  });
  return ids;
}
