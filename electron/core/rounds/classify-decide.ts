import type BetterSqlite3 from 'better-sqlite3';
import { classifyLocal, decide, type Assessment, type Decision } from '../../../shared/engine/classify';
import { methodOf, type ClassificationMethod, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { matchHousehold } from './matching';

// The reading and deciding of a round's households, and the mapping of a decision to its stored
// row: what classify.ts (the writing thread) and classify-worker.ts (the reading thread) share.
// Kept apart from classify.ts so that the worker loads only this (starting a thread costs less).

/** The household columns a classification reads beside its answers. */
export interface AnswerRow {
  code: string;
  area: 'rural' | 'urban';
  score_a: number | null;
  monthly_income: number | null;
}

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
 * Earlier results (rounds of an earlier year than `year`) of the households whose `column` holds
 * one of `values`, by value, each list oldest first (year, then round, then household). The one
 * query behind a household's history, for one household (entry) or a chunk of a round; which
 * values to ask for is the matching rule's (rounds/matching.ts). By code it reads the
 * (code, round_id) index.
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
      .prepare(
        `SELECT p.${column}, r.year, res.status
         FROM households p JOIN rounds r ON r.id = p.round_id JOIN results res ON res.household_id = p.id
         WHERE p.${column} IN (SELECT value FROM json_each(?)) AND r.year < ?
         ORDER BY r.year, r.id, p.id`,
      )
      .raw();
    statements.set(column, statement);
  }
  const rows = statement.all(JSON.stringify(values), year) as [string, number, Status][];
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

/** What deciding a chunk of a round needs besides the database: plain data, the same in a worker thread. */
export interface ChunkContext {
  ruleSet: RuleSet;
  locals: RuleSet[];
  year: number;
  roundId: number;
  /** The computed_at of every result the classification writes. */
  now: string;
}

/** A chunk of households decided: the results to write (resultValues of each, one after the other, in id order), the households that lose theirs, and the counts. */
export interface DecidedChunk {
  values: (string | number | null)[];
  gone: number[];
  classified: number;
  skipped: number;
  byStatus: Record<Status, number>;
}

/**
 * The one reading and deciding of a round's households, a chunk (ids ascending) at a time: the
 * chunk's households with their answers and current results, then the earlier results of its
 * codes in one query through the (code, round_id) index, and of the heads' ID numbers of those
 * whose code has none (rounds/matching.ts) in one more; each household decided under the rule
 * set. A result is kept for writing only when it differs from the stored one (any column but
 * computed_at: the rule set's id and version included), or when the answers were saved after it
 * was computed (entry/workflow.ts unscoredHouseholds); a household that has become
 * unclassifiable is listed in `gone`. It only reads, so it runs on the writing connection or on a
 * worker thread's own (classify-worker.ts); either way the writing is writeDecided's.
 */
export function chunkDecider(sqlite: BetterSqlite3.Database, ctx: ChunkContext): (ids: readonly number[]) => DecidedChunk {
  const { ruleSet, locals, year, roundId, now } = ctx;
  const method = methodOf(ruleSet);
  // The household, its answers, and its current result as the text `stored` compares with: none
  // without a result; '' when its answers were saved after it was computed (it is written again
  // whatever it is); else its columns (computed_at aside) as a JSON array. One value a row rather
  // than a dozen: moving values out of SQLite, not SQLite, is most of a classification's time.
  const readChunk = sqlite
    .prepare(
      `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income,
         CASE WHEN cur.household_id IS NULL THEN NULL WHEN a.updated_at > cur.computed_at THEN ''
           ELSE json_array(${COMPARED.map((c) => `cur.${c}`).join(', ')}) END
       FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN results cur ON cur.household_id = h.id
       WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.id`,
    )
    .raw();
  // The few distinct B2 answer texts, parsed once; the few distinct lists, written once.
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
  type Row = [number, string, string | null, 'rural' | 'urban', number | null, string | null, number | null, string | null];
  const none: HistoryEntry[] = [];

  return (ids) => {
    const out: DecidedChunk = { values: [], gone: [], classified: 0, skipped: 0, byStatus: { poor: 0, near_poor: 0, neither: 0, middle_income: 0 } };
    const rows = readChunk.all(JSON.stringify(ids)) as Row[];
    const byCode = earlierResults(sqlite, year, 'code', rows.map((r) => r[1]));
    // The heads to look up: those of households without an earlier result by code (the matching rule says when).
    const heads: string[] = [];
    const ask = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] => {
      if (column === 'code') return byCode.get(value) ?? none;
      heads.push(value);
      return none;
    };
    for (const r of rows) matchHousehold(ask, r[1], r[2]);
    const byHead = earlierResults(sqlite, year, 'head_id_number', heads);
    const find = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] => (column === 'code' ? byCode : byHead).get(value) ?? none;
    for (const r of rows) {
      const [id, code, headIdNumber, area, score_a, b2, monthly_income, stored] = r;
      const history = matchHousehold(find, code, headIdNumber);
      const row: AnswerRow = { code, area, score_a, monthly_income };
      const assessment = assessmentOf(row, usesDeprivations(method, row) ? flagsOf(b2) : null, history, method);
      if (!assessment) {
        out.skipped++;
        if (stored !== null) out.gone.push(id);
        continue;
      }
      const d = decide(ruleSet, assessment);
      out.byStatus[d.status]++;
      out.classified++;
      const result = resultValues(id, d, assessment, locals, now, roundId, json);
      if (stored && stored === JSON.stringify(COMPARED_AT.map((i) => result[i]))) continue;
      for (const v of result) out.values.push(v);
    }
    return out;
  };
}

