import type BetterSqlite3 from 'better-sqlite3';
import type { ClassifySummary } from '../../../shared/api/contract';
import { assertUsable, classifyLocal, decide, type Assessment, type Decision } from '../../../shared/engine/classify';
import type { RuleSet, Status } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import type { RuleSetRegistry } from '../rulesets/load';
import { recordSnapshot } from '../rulesets/snapshots';
import { matchHousehold } from './matching';
import { assertEditable, lockedCommunes } from '../entry/locks';
import { writeTransaction } from '../db/write-transaction';
import { assertUnlocked, getRound, type RoundRow } from './rounds';

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
 * The assessment of a household from its keyed answers (deprivations: deprivationsOf its B2), or
 * null when Phiếu B is incomplete.
 */
export function assessmentOf(row: AnswerRow, deprivations: Record<string, boolean> | null, history: HistoryEntry[]): Assessment | null {
  const a: Assessment = { id: row.code, area: row.area, history };
  if (row.monthly_income !== null) a.monthlyIncomePerCapita = row.monthly_income;
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

/** Local standards evaluated beside the national one: those of the round's province, and those chosen in settings. */
export function localRuleSetsFor(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, round: RoundRow): RuleSet[] {
  const setting = sqlite.prepare("SELECT value FROM settings WHERE key = 'local_rule_sets'").pluck().get() as string | undefined;
  const chosen = new Set<string>(setting ? (JSON.parse(setting) as string[]) : []);
  const province = sqlite
    .prepare(
      `WITH RECURSIVE up(id, code, level, parent_id) AS (
         SELECT id, code, level, parent_id FROM units WHERE id = ?
         UNION ALL SELECT u.id, u.code, u.level, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
       SELECT code FROM up WHERE level = 'province'`,
    )
    .pluck()
    .get(round.scope_unit_id) as string | undefined;
  return registry
    .all()
    .filter((rs) => rs.kind === 'local' && (chosen.has(rs.id) || (province !== undefined && rs.province === province)))
    .filter((rs) => rs.validFrom <= `${round.year}-12-31` && rs.validTo >= `${round.year}-01-01`);
}

/** The columns of a stored result, in the order resultValues gives them. */
const RESULT_COLUMNS = `household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
  rule_set_id, rule_set_version, unverified, local, computed_at, round_id`;
const RESULT_WIDTH = RESULT_COLUMNS.split(',').length;
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

/** Households read, classified and written at a time: memory stays that of one chunk, whatever the round's size. */
const CHUNK = 5_000;
/** Results written by one INSERT statement. */
const INSERT_ROWS = 100;
/** Distinct B2 answer texts (parsed) and lists (as stored) remembered at most: a round has a few thousand. */
const CACHE_LIMIT = 65_536;
/** The columns a stored result is compared on (all but computed_at), and where resultValues gives them. */
const COMPARED = RESULT_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'household_id' && c !== 'computed_at');
const COMPARED_AT = COMPARED.map((c) => RESULT_COLUMNS.split(',').map((x) => x.trim()).indexOf(c));
/** Writes `rows` results, each replacing the household's current one in place. */
const upsertResultsSql = (rows: number): string =>
  `${insertResultsSql(rows)} ON CONFLICT (household_id) DO UPDATE SET ${RESULT_COLUMNS.split(',')
    .slice(1)
    .map((c) => `${c.trim()} = excluded.${c.trim()}`)
    .join(', ')}`;

/**
 * Runs `fn` with the connection's foreign key checks off. classifyRound writes results only for
 * households it has just read in the same write transaction, under the round it has just read,
 * so the two lookups SQLite would make for each result row (its household, its round: about a
 * fifth of the writing, measured) cannot fail. Inside another transaction SQLite ignores the
 * switch and the checks stay on. The setting is the connection's own, restored whatever happens.
 */
function withoutForeignKeyChecks<T>(sqlite: BetterSqlite3.Database, fn: () => T): T {
  const on = !sqlite.inTransaction && (sqlite.pragma('foreign_keys', { simple: true }) as number) === 1;
  if (on) sqlite.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    if (on) sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * Classifies every household of a round (or of one commune) under the round's rule set and
 * stores the results with the rule set's id and version. Households whose Phiếu B is not
 * complete are skipped and keep no result.
 *
 * A province's round (a million households) is read in one pass in household order, a chunk at a
 * time: the chunk's households with their answers and current results, then the earlier results
 * of its codes in one query through the (code, round_id) index, and of the heads' ID numbers of
 * those whose code has none (rounds/matching.ts) in one more. Only what changed is written, in
 * household order by multi-row upserts: a result that differs from the stored one (any column
 * but computed_at: the rule set's id and version included), or whose answers were saved after it
 * was computed (entry/workflow.ts unscoredHouseholds); a household that has become
 * unclassifiable loses its result. A second classification with nothing changed writes nothing
 * but its audit row.
 */
export function classifyRound(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  roundId: number,
  options: { communeId?: number; actor: string; chunkSize?: number },
): ClassifySummary {
  const round = options.communeId ? assertEditable(sqlite, roundId, options.communeId) : getRound(sqlite, roundId);
  assertUnlocked(round);
  // A commune recognised by its decision keeps its results until it is reopened.
  const locked = lockedCommunes(sqlite, roundId);
  const ruleSet = registry.require(round.rule_set_id);
  assertUsable(ruleSet, ['scoreA', 'deprivation', 'indicators']);
  const locals = localRuleSetsFor(sqlite, registry, round);
  const scope = (options.communeId ? 'AND h.commune_id = ?' : '') + (locked.length ? ` AND h.commune_id NOT IN (${locked.join(',')})` : '');
  const params = options.communeId ? [roundId, options.communeId] : [roundId];
  const chunkSize = options.chunkSize ?? CHUNK;

  const scopeIds = sqlite.prepare(`SELECT h.id FROM households h WHERE h.round_id = ? ${scope}`).pluck();
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
  const upsertOne = sqlite.prepare(upsertResultsSql(1));
  const upsertMany = sqlite.prepare(upsertResultsSql(INSERT_ROWS));
  const remove = sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT value FROM json_each(?))');

  const byStatus: Record<Status, number> = { poor: 0, near_poor: 0, neither: 0, middle_income: 0 };
  let classified = 0;
  let skipped = 0;
  let written = 0;
  let removed = 0;
  const now = nowIso();
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
  const batch: (string | number | null)[] = new Array<string | number | null>(INSERT_ROWS * RESULT_WIDTH).fill(null);
  let pending = 0;
  const flush = (): void => {
    for (let i = 0; i < pending; i++) upsertOne.run(batch.slice(i * RESULT_WIDTH, (i + 1) * RESULT_WIDTH));
    pending = 0;
  };
  const none: HistoryEntry[] = [];

  /** Classifies one chunk of households (ids ascending) and writes what changed, in id order. */
  const classifyChunk = (ids: readonly number[]): void => {
    const rows = readChunk.all(JSON.stringify(ids)) as Row[];
    const byCode = earlierResults(sqlite, round.year, 'code', rows.map((r) => r[1]));
    // The heads to look up: those of households without an earlier result by code (the matching rule says when).
    const heads: string[] = [];
    const ask = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] => {
      if (column === 'code') return byCode.get(value) ?? none;
      heads.push(value);
      return none;
    };
    for (const r of rows) matchHousehold(ask, r[1], r[2]);
    const byHead = earlierResults(sqlite, round.year, 'head_id_number', heads);
    const find = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] => (column === 'code' ? byCode : byHead).get(value) ?? none;
    const gone: number[] = [];
    for (const r of rows) {
      const [id, code, headIdNumber, area, score_a, b2, monthly_income, stored] = r;
      const history = matchHousehold(find, code, headIdNumber);
      const row: AnswerRow = { code, area, score_a, monthly_income };
      const assessment = assessmentOf(row, score_a === null ? null : flagsOf(b2), history);
      if (!assessment) {
        skipped++;
        if (stored !== null) gone.push(id);
        continue;
      }
      const d = decide(ruleSet, assessment);
      byStatus[d.status]++;
      classified++;
      const result = resultValues(id, d, assessment, locals, now, roundId, json);
      if (stored && stored === JSON.stringify(COMPARED_AT.map((i) => result[i]))) continue;
      for (let i = 0, at = pending * RESULT_WIDTH; i < RESULT_WIDTH; i++) batch[at + i] = result[i]!;
      written++;
      if (++pending === INSERT_ROWS) {
        upsertMany.run(batch);
        pending = 0;
      }
    }
    if (gone.length > 0) removed += remove.run(JSON.stringify(gone)).changes;
  };

  // The answers are read under the write lock, so that a save between the read and the write
  // cannot be overwritten by a result computed from its older answers.
  withoutForeignKeyChecks(sqlite, () =>
    writeTransaction(sqlite, () => {
      // In id order: the results are then written along their table's b-tree rather than all over it.
      const ids = Float64Array.from(scopeIds.all(...params) as number[]).sort();
      recordSnapshot(sqlite, ruleSet);
      for (let i = 0; i < ids.length; i += chunkSize) classifyChunk(Array.from(ids.subarray(i, i + chunkSize)));
      flush();
      writeAudit(sqlite, [
        {
          actor: options.actor,
          entity: 'round',
          entityId: roundId,
          action: 'classify',
          newValue: {
            communeId: options.communeId ?? null,
            classified,
            skipped,
            written,
            removed,
            lockedCommunes: locked,
            byStatus,
            ruleSet: `${ruleSet.id}@${ruleSet.version}`,
          },
        },
      ]);
    }),
  );
  return { classified, skipped, lockedCommunes: locked.length, byStatus, ruleSet: { id: ruleSet.id, version: ruleSet.version } };
}
