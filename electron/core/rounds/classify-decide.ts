import type BetterSqlite3 from 'better-sqlite3';
import { classifyLocal, decide, type Assessment, type Decision } from '../../../shared/engine/classify';
import { methodOf, type ClassificationMethod, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { b1Sum } from '../../../shared/entry/warnings';
import { matchHousehold } from './matching';

// The reading and deciding of a round's households, and the mapping of a decision to its stored
// row: what classify.ts (the round's writing) and entry/classify-one.ts (one household) share.
// It only reads, so that it could also run on another thread's connection (see classifyRound).

/** The household columns a classification reads beside its answers. */
export interface AnswerRow {
  code: string;
  area: 'rural' | 'urban';
  score_a: number | null;
  monthly_income: number | null;
}

/** A stored household's Phiếu B1 entry (answers a, household_entry e): the keyed items, the region, whether score A was summed from them. */
export interface StoredB1Row {
  score_a: number | null;
  b1_items: string | null;
  b1_region: string | null;
  score_a_from_items: number;
}
/** StoredB1Row's columns, for a statement joining answers AS a and household_entry AS e. */
export const STORED_B1_COLUMNS = 'a.b1_items, e.b1_region, COALESCE(e.score_a_from_items, 0) AS score_a_from_items';

/**
 * Sums of Phiếu B1 items under one rule set, remembered by region, then the items as stored (their
 * JSON text): a round's households share a few thousand distinct entries. One map per rule set.
 */
export type B1Sums = Map<string | null, Map<string | null, number | null>>;
/** Distinct B1 entries a B1Sums remembers at most. */
const B1_SUMS_LIMIT = 65_536;

/**
 * A stored household's score A under `ruleSet`: summed again from its keyed Phiếu B1 items with
 * that rule set's table (the one rule, b1Sum) when the app summed it from them (no total on the
 * paper), else the total written on the paper, as stored. A round's classification (chunkDecider),
 * one household's (entry/classify-one.ts), the province's recomputation and the preview of new
 * published values all classify with it. Under a rule set with no point table (a commune's items
 * read at a province that has not loaded the table) the stored sum is kept. `sums`, when given, remembers each distinct entry's sum
 * (under this rule set only).
 */
export function storedScoreA(ruleSet: RuleSet, row: StoredB1Row, sums?: B1Sums): number | null {
  // A rule set without a point table cannot sum the items again: the sum made when they were keyed stands.
  if (row.score_a_from_items !== 1 || !ruleSet.b1PointTable.value) return row.score_a;
  if (!sums) return itemsSum(ruleSet, row);
  let byItems = sums.get(row.b1_region);
  if (!byItems) sums.set(row.b1_region, (byItems = new Map()));
  let score = byItems.get(row.b1_items);
  if (score === undefined) {
    if (byItems.size >= B1_SUMS_LIMIT) byItems.clear();
    byItems.set(row.b1_items, (score = itemsSum(ruleSet, row)));
  }
  return score;
}
/** storedScoreA's sum of the stored items (b1Sum of their JSON). */
const itemsSum = (ruleSet: RuleSet, row: StoredB1Row): number | null =>
  b1Sum(ruleSet, row.b1_items ? (JSON.parse(row.b1_items) as Record<string, string>) : null, row.b1_region);

/** Phiếu B2 as stored (answers.b2): indicator id → true, false, or null while unanswered. */
export type B2Answers = Readonly<Record<string, boolean | null>>;

/** The B2 answers as the rule set's deprivation flags, or null while an indicator is unanswered. */
export function deprivationsOf(ruleSet: RuleSet, b2: B2Answers | null): Record<string, boolean> | null {
  const deprivations: Record<string, boolean> = {};
  for (const { id } of ruleSet.indicators.value ?? []) {
    const v = b2?.[id];
    if (typeof v !== 'boolean') return null; // an unanswered B2 item: not yet classifiable
    deprivations[id] = v;
  }
  return deprivations;
}

/**
 * Whether a household's B2 answers enter its assessment: with score A; and, under a rule set that
 * classifies by measured income (Nghị định 351/2025), with its income.
 */
export const usesDeprivations = (method: ClassificationMethod, row: Pick<AnswerRow, 'score_a' | 'monthly_income'>): boolean =>
  row.score_a !== null || (method === 'income' && row.monthly_income !== null);

/**
 * The assessment of a household from its keyed answers (deprivations: deprivationsOf its B2 when
 * usesDeprivations), or null when Phiếu B is incomplete.
 */
export function assessmentOf(
  row: AnswerRow,
  deprivations: Record<string, boolean> | null,
  history: HistoryEntry[],
  method: ClassificationMethod = 'scoreA',
): Assessment | null {
  const a: Assessment = { id: row.code, area: row.area, history };
  if (row.monthly_income !== null) a.monthlyIncomePerCapita = row.monthly_income;
  if (method === 'income' && row.monthly_income !== null) {
    // The income rule: income and every B2 answer; score A, when keyed, rides along unused.
    if (!deprivations) return null;
    a.deprivations = deprivations;
    if (row.score_a !== null) a.scoreA = row.score_a;
    return a;
  }
  if (row.score_a !== null) {
    if (!deprivations) return null;
    a.scoreA = row.score_a;
    a.deprivations = deprivations;
  }
  return a.scoreA === undefined && a.monthlyIncomePerCapita === undefined ? null : a;
}

const earlierStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * Where a household's earlier results come from: the records whose `column` matches `match` in
 * rounds of a year before the one bound to `year`, with their result; in their order (year, then
 * round, then household). The one statement of it, for a list of values (earlierResults) and for
 * each household of a round's read (chunkDecider).
 */
const earlierFrom = (column: 'code' | 'head_id_number', match: string, year: string): string =>
  `FROM households p JOIN rounds r ON r.id = p.round_id JOIN results res ON res.household_id = p.id
   WHERE p.${column} ${match} AND r.year < ${year}`;
const EARLIER_ORDER = 'r.year, r.id, p.id';

/**
 * Earlier results (rounds of an earlier year than `year`) of the households whose `column` holds
 * one of `values`, by value, each list oldest first (year, then round, then household). The one
 * query behind a household's history, for one household (entry) or a chunk of a round; which
 * values to ask for is the matching rule's (rounds/matching.ts). By code it reads the
 * (code, round_id) index, by ID number (head_id_number, round_id).
 */
export function earlierResults(
  sqlite: BetterSqlite3.Database,
  year: number,
  column: 'code' | 'head_id_number',
  values: readonly string[],
): Map<string, HistoryEntry[]> {
  const out = new Map<string, HistoryEntry[]>();
  if (values.length === 0) return out;
  let statements = earlierStatements.get(sqlite);
  if (!statements) earlierStatements.set(sqlite, (statements = new Map()));
  let statement = statements.get(column);
  if (!statement) {
    statement = sqlite
      .prepare(`SELECT p.${column}, r.year, res.status ${earlierFrom(column, 'IN (SELECT value FROM json_each(@values))', '@year')} ORDER BY ${EARLIER_ORDER}`)
      .raw();
    statements.set(column, statement);
  }
  const rows = statement.all({ values: JSON.stringify(values), year }) as [string, number, Status][];
  for (const [value, round, status] of rows) {
    const list = out.get(value);
    if (list) list.push({ round, status });
    else out.set(value, [{ round, status }]);
  }
  return out;
}

/** The columns of a stored result, in the order resultValues gives them. */
export const RESULT_COLUMNS = `household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
  rule_set_id, rule_set_version, unverified, local, computed_at, round_id`;
export const RESULT_WIDTH = RESULT_COLUMNS.split(',').length;
const RESULT_PLACEHOLDERS = `(${Array(RESULT_WIDTH).fill('?').join(', ')})`;
/** Inserts `rows` results (resultValues of each, one after the other). */
export const insertResultsSql = (rows: number): string => `INSERT INTO results (${RESULT_COLUMNS}) VALUES ${Array(rows).fill(RESULT_PLACEHOLDERS).join(', ')}`;

/**
 * A result as stored: the one mapping of a decision to its row, for the whole round and for one
 * household. `json` gives the stored text of the deprived and unverified lists (the round passes
 * one that remembers the few distinct lists instead of writing each again).
 */
export function resultValues(
  householdId: number,
  d: Decision,
  assessment: Assessment,
  locals: readonly RuleSet[],
  computedAt: string,
  roundId: number,
  json: (list: readonly string[]) => string = JSON.stringify,
): (string | number | null)[] {
  return [
    householdId,
    d.status,
    d.scoreB ?? null,
    d.deprivationCount ?? null,
    json(d.deprived ?? []),
    d.transition,
    d.referToReview ? 1 : 0,
    d.ruleSet.id,
    d.ruleSet.version,
    json(d.unverified),
    locals.length ? JSON.stringify(locals.map((l) => classifyLocal(l, assessment))) : '[]',
    computedAt,
    roundId,
  ];
}

/** Distinct B2 answer texts (parsed) and lists (as stored) remembered at most: a round has a few thousand. */
const CACHE_LIMIT = 65_536;
/** The columns a stored result is compared on (all but computed_at), and where resultValues gives them. */
const COMPARED = RESULT_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'household_id' && c !== 'computed_at');
const COMPARED_AT = COMPARED.map((c) => RESULT_COLUMNS.split(',').map((x) => x.trim()).indexOf(c));

/**
 * Earlier rounds a classification looks a household up in one by one (the round and its code: one
 * row of the unique (code, round_id) index each) when there are at most this many; beyond that, one
 * read of all the rounds of its code. Measured at 1,000,000 households: a lookup costs about 1.2 s
 * of CPU, the ordered read about 2 to 2.6 s, so lookups win for one earlier round and tie at two.
 */
export const EARLIER_LOOKUPS = 2;

/**
 * SQL of the earlier results by code of the household aliased `h` (rounds of a year before
 * `year`): `expression`, "year status" pairs, oldest first (year, then round, then household:
 * earlierFrom's order), comma-separated, NULL when none; with `joins`, the joins it reads (to put
 * after the statement's other joins; none for the general read). A household has at most one
 * record a round (UNIQUE (code, round_id)), so with few earlier rounds the pairs are those rounds'
 * records in that order, each found by one join (its record in the round by code, its result),
 * about half the cost of the general read (its ordered group_concat sorts for each household).
 * Measured at 1,000,000 households (one earlier round): about 0.8 s less CPU of a classification
 * with lookups in subqueries; joins rather than subqueries took about another tenth off the
 * chunk's read (250,000 households, test/bench/classify-read-probe.ts: full against subEarlier).
 */
export function earlierByCodeSql(sqlite: BetterSqlite3.Database, year: number, lookups = EARLIER_LOOKUPS): { joins: string; expression: string } {
  const y = Math.trunc(Number(year));
  const rounds = sqlite.prepare(`SELECT r.id, r.year FROM rounds r WHERE r.year < ? ORDER BY ${EARLIER_ORDER.replace(', p.id', '')}`).raw().all(y) as [number, number][];
  if (rounds.length > lookups) return { joins: '', expression: `(SELECT group_concat(r.year || ' ' || res.status, ',' ORDER BY ${EARLIER_ORDER}) ${earlierFrom('code', '= h.code', String(y))})` };
  if (rounds.length === 0) return { joins: '', expression: 'NULL' };
  const joins = rounds
    .map(([id], i) => `LEFT JOIN households earlier${i} ON earlier${i}.code = h.code AND earlier${i}.round_id = ${Math.trunc(id)}
       LEFT JOIN results earlier${i}_result ON earlier${i}_result.household_id = earlier${i}.id`)
    .join('\n');
  const pairs = rounds.map(([, ry], i) => `'${Math.trunc(ry)} ' || earlier${i}_result.status`);
  return { joins, expression: pairs.length === 1 ? pairs[0]! : `NULLIF(concat_ws(',', ${pairs.join(', ')}), '')` };
}

/** What deciding a chunk of a round needs besides the database: plain data. */
export interface ChunkContext {
  ruleSet: RuleSet;
  locals: RuleSet[];
  year: number;
  roundId: number;
  /** The computed_at of every result the classification writes. */
  now: string;
}

/**
 * A chunk of households decided: the results to write as [household id, row number] in id order,
 * the rows they use that no earlier chunk handed over (resultValues less the household id, by
 * number: a round has a few thousand distinct ones), the households that lose their result, and the counts.
 */
export interface DecidedChunk {
  write: [number, number][];
  rows: { n: number; values: (string | number | null)[] }[];
  gone: number[];
  /**
   * The households whose score A the app summed from their Phiếu B1 items and whose sum under this
   * rule set's table differs from the stored one (a new point table was published since): [household,
   * stored sum, new sum]. The writer stores the new sum, so that the lists, documents and Excel files
   * that print answers.score_a show the score the household was classified by.
   */
  rescored: [number, number | null, number | null][];
  classified: number;
  skipped: number;
  byStatus: Record<Status, number>;
}

/** What a household's inputs decide, remembered for the next household with the same inputs: its status, its row's number, and the text compared with a stored one. */
interface Decided {
  status: Status;
  n: number;
  compared: string;
}
/** A distinct row: its number, its values (resultValues less the household id), and whether a chunk has handed it to the writer yet. */
interface NumberedRow {
  n: number;
  values: (string | number | null)[];
  handed: boolean;
}
/** Distinct inputs remembered at most (a demo round of 250,000 households has about 30,000). */
const DECIDED_LIMIT = 200_000;

/**
 * The one reading and deciding of a round's households, a chunk (ids ascending) at a time: the
 * chunk's households with their answers, their current results and the earlier results of their
 * codes (earlierByCodeSql), in one statement; then the earlier results of the heads' ID numbers of
 * those whose code has none (rounds/matching.ts) in one more; each household decided under the
 * rule set. A result is kept for writing only when it differs from the stored one (any column but
 * computed_at: the rule set's id and version included), or when the answers were saved after it
 * was computed (entry/workflow.ts unscoredHouseholds); a household that has become unclassifiable
 * is listed in `gone`. It only reads; the writing is decidedWriter's (classify.ts).
 *
 * Score A is storedScoreA's: for a household whose score the app summed from its Phiếu B1 items
 * (household_entry.score_a_from_items), the items summed again with this rule set's table, as the
 * preview of new published values and the province's recomputation do.
 *
 * The engine is pure: households with the same inputs (area, score A as classified, income, the B2
 * answers when they count, their history) get the same row, so each distinct set of
 * inputs is decided once per classification (a round has about a tenth as many as households).
 */
export function chunkDecider(sqlite: BetterSqlite3.Database, ctx: ChunkContext): (ids: readonly number[]) => DecidedChunk {
  const { ruleSet, locals, year, roundId, now } = ctx;
  const method = methodOf(ruleSet);
  // The household, its answers, its current result as the text `compared` is set against (none
  // without a result; '' when its answers were saved after it was computed: it is written again
  // whatever it is; else its columns, computed_at aside, as a JSON array), and its earlier results
  // by code as "year status" pairs, oldest first. One value a row rather than a dozen: moving
  // values out of SQLite, not SQLite, is most of a classification's time.
  const earlier = earlierByCodeSql(sqlite, year);
  const readChunk = sqlite
    .prepare(
      `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income,
         CASE WHEN cur.household_id IS NULL THEN NULL WHEN a.updated_at > cur.computed_at THEN ''
           ELSE json_array(${COMPARED.map((c) => `cur.${c}`).join(', ')}) END,
         ${earlier.expression}, a.b1_items
       FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN results cur ON cur.household_id = h.id
       ${earlier.joins}
       WHERE h.id IN (SELECT value FROM json_each(@ids)) ORDER BY h.id`,
    )
    .raw();
  // The chunk's households whose score A the app summed from their Phiếu B1 items (household_entry's
  // marker) and their region: one read along household_entry's key over the chunk's id range, in id
  // order, walked beside the chunk's rows (also in id order). household_entry holds a row only for a
  // household keyed on the entry screen (or imported with one); reading it so costs about nothing
  // for a round without, instead of a lookup for each household. Their items come with their answers
  // (readChunk). The others have their score A as stored (storedScoreA of an entry not summed from items).
  const readSummed = sqlite
    .prepare('SELECT household_id, b1_region FROM household_entry WHERE household_id BETWEEN ? AND ? AND score_a_from_items = 1 ORDER BY household_id')
    .raw();
  const sums: B1Sums = new Map();
  const entry: StoredB1Row = { score_a: null, b1_items: null, b1_region: null, score_a_from_items: 0 };
  // The few distinct B2 answer texts, parsed once; the few distinct lists, written once; the few distinct histories, read once.
  const flagsByText = new Map<string, Record<string, boolean> | null>();
  const flagsOf = (text: string | null): Record<string, boolean> | null => {
    if (text === null) return deprivationsOf(ruleSet, null);
    let flags = flagsByText.get(text);
    if (flags === undefined) {
      if (flagsByText.size >= CACHE_LIMIT) flagsByText.clear();
      flagsByText.set(text, (flags = deprivationsOf(ruleSet, JSON.parse(text) as B2Answers)));
    }
    return flags;
  };
  const listText = new Map<string, string>();
  const json = (list: readonly string[]): string => {
    const key = list.join('\u0000');
    let text = listText.get(key);
    if (text === undefined) {
      if (listText.size >= CACHE_LIMIT) listText.clear();
      listText.set(key, (text = JSON.stringify(list)));
    }
    return text;
  };
  const none: HistoryEntry[] = [];
  const histories = new Map<string, HistoryEntry[]>();
  const historyOf = (text: string | null): HistoryEntry[] => {
    if (text === null) return none;
    let history = histories.get(text);
    if (history === undefined) {
      if (histories.size >= CACHE_LIMIT) histories.clear();
      history = text.split(',').map((pair) => {
        const at = pair.indexOf(' ');
        return { round: Number(pair.slice(0, at)), status: pair.slice(at + 1) as Status };
      });
      histories.set(text, history);
    }
    return history;
  };
  // Decided inputs: by the B2 text when it counts, the history (as its text), score A (storedScoreA's:
  // a score summed from the B1 items is keyed by its sum under this rule set, not by the stored one),
  // income, then area.
  const UNUSED = '\u0000unused';
  type ByArea = Map<string, Decided | null>;
  const decided = new Map<string, Map<string, Map<number | null, Map<number | null, ByArea>>>>();
  let remembered = 0;
  // The distinct rows, numbered (by their values but computed_at, the same for all).
  const numbered = new Map<string, NumberedRow>();
  const rowsByNumber: NumberedRow[] = [];
  const scratch: Pick<AnswerRow, 'score_a' | 'monthly_income'> = { score_a: null, monthly_income: null };
  /** The decision of a household's inputs: remembered, else decided now. */
  const decisionOf = (
    code: string,
    area: 'rural' | 'urban',
    scoreA: number | null,
    income: number | null,
    b2: string | null,
    history: HistoryEntry[],
    historyKey: string,
  ): Decided | null => {
    scratch.score_a = scoreA;
    scratch.monthly_income = income;
    const uses = usesDeprivations(method, scratch);
    const b2Key = uses ? (b2 ?? '\u0000null') : UNUSED;
    let byHistory = decided.get(b2Key);
    if (!byHistory) decided.set(b2Key, (byHistory = new Map()));
    let byScore = byHistory.get(historyKey);
    if (!byScore) byHistory.set(historyKey, (byScore = new Map()));
    let byIncome = byScore.get(scoreA);
    if (!byIncome) byScore.set(scoreA, (byIncome = new Map()));
    let byArea = byIncome.get(income);
    if (!byArea) byIncome.set(income, (byArea = new Map()));
    let d = byArea.get(area);
    if (d !== undefined) return d;
    if (++remembered > DECIDED_LIMIT) {
      decided.clear(); // byArea stays this household's alone
      remembered = 0;
    }
    const row: AnswerRow = { code, area, score_a: scoreA, monthly_income: income };
    const assessment = assessmentOf(row, uses ? flagsOf(b2) : null, history, method);
    if (assessment) {
      const decision = decide(ruleSet, assessment);
      const values = resultValues(0, decision, assessment, locals, now, roundId, json);
      const compared = JSON.stringify(COMPARED_AT.map((i) => values[i]));
      let distinct = numbered.get(compared);
      if (distinct === undefined) {
        numbered.set(compared, (distinct = { n: rowsByNumber.length, values: values.slice(1), handed: false }));
        rowsByNumber.push(distinct);
      }
      d = { status: decision.status, n: distinct.n, compared };
    } else d = null;
    byArea.set(area, d);
    return d;
  };
  /** A row of readChunk, then score A as classified (storedScoreA). */
  type Row = [number, string, string | null, 'rural' | 'urban', number | null, string | null, number | null, string | null, string | null, string | null, number | null];

  return (ids) => {
    const out: DecidedChunk = { write: [], rows: [], gone: [], rescored: [], classified: 0, skipped: 0, byStatus: { poor: 0, near_poor: 0, neither: 0, middle_income: 0 } };
    const rows = readChunk.all({ ids: JSON.stringify(ids) }) as Row[];
    // Each row's score A as classified (storedScoreA), appended to the row: the marked households
    // met walking both lists in id order.
    if (rows.length > 0) {
      const summed = readSummed.all(rows[0]![0], rows[rows.length - 1]![0]) as [number, string | null][];
      let m = 0;
      for (const r of rows) {
        while (m < summed.length && summed[m]![0] < r[0]) m++;
        const marked = m < summed.length && summed[m]![0] === r[0];
        entry.score_a = r[4];
        entry.score_a_from_items = marked ? 1 : 0;
        entry.b1_items = marked ? r[9] : null;
        entry.b1_region = marked ? summed[m]![1] : null;
        r[10] = storedScoreA(ruleSet, entry, sums);
        if (marked && r[10] !== r[4]) out.rescored.push([r[0], r[4], r[10]]);
      }
    }
    const take = (r: Row, history: HistoryEntry[], historyKey: string): void => {
      const d = decisionOf(r[1], r[3], r[10], r[6], r[5], history, historyKey);
      const stored = r[7];
      if (!d) {
        out.skipped++;
        if (stored !== null) out.gone.push(r[0]);
        return;
      }
      out.byStatus[d.status]++;
      out.classified++;
      if (stored && stored === d.compared) return;
      const distinct = rowsByNumber[d.n]!;
      if (!distinct.handed) {
        distinct.handed = true;
        out.rows.push({ n: distinct.n, values: distinct.values });
      }
      out.write.push([r[0], d.n]);
    };
    // The matching rule (rounds/matching.ts) asks for the heads' ID numbers of the households
    // without an earlier result by code: those wait for one more query, the others are decided now.
    const waiting: Row[] = [];
    const heads: string[] = [];
    let row: Row;
    let asked = false;
    const findNow = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] => {
      if (column === 'code') return historyOf(row[8]);
      asked = true;
      heads.push(value);
      return none;
    };
    for (const r of rows) {
      row = r;
      asked = false;
      const history = matchHousehold(findNow, r[1], r[2]);
      if (asked) waiting.push(r);
      else take(r, history, r[8] ?? '');
    }
    if (waiting.length > 0) {
      const byHead = earlierResults(sqlite, year, 'head_id_number', heads);
      for (const r of waiting) {
        const history = matchHousehold((column, value) => (column === 'code' ? historyOf(r[8]) : (byHead.get(value) ?? none)), r[1], r[2]);
        take(r, history, history.map((h) => `${h.round} ${h.status}`).join(','));
      }
      // Back in household order, for the writing.
      out.write.sort((a, b) => a[0] - b[0]);
    }
    return out;
  };
}
