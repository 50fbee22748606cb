import type BetterSqlite3 from 'better-sqlite3';
import type { LiveResult } from '../../../shared/api/entry';
import { decide, explain, RuleSetIncompleteError, type Assessment, type Decision } from '../../../shared/engine/classify';
import { methodOf, missingParts, roundParts, type RuleSet } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { STATUS_LABELS, transitionLabel } from '../../../shared/glossary';
import { PART_LABELS } from '../../../shared/engine/ruleset';
import { nowIso } from '../db/connection';
import { assessmentOf, deprivationsOf, earlierResults, insertResultsSql, localRuleSetsFor, resultValues, usesDeprivations } from '../rounds/classify';
import { STORED_B1_COLUMNS, storedScoreA, type StoredB1Row } from '../rounds/classify-decide';
import type { RoundRow } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { recordSnapshot } from '../rulesets/snapshots';
import { matchHousehold } from '../rounds/matching';

/** The answers classification needs, as stored (answers.b2 is JSON). */
export interface AnswerInput {
  code: string;
  headIdNumber: string | null;
  area: 'rural' | 'urban';
  scoreA: number | null;
  b2: Record<string, boolean | null>;
  monthlyIncome: number | null;
}

/**
 * Earlier results of one household, oldest first: by its code, else by its head's ID number
 * (rounds/matching.ts; the same query as a whole round's classification, for one household).
 */
export function historyOf(sqlite: BetterSqlite3.Database, round: RoundRow, code: string, headIdNumber: string | null): HistoryEntry[] {
  return matchHousehold((column, value) => earlierResults(sqlite, round.year, column, [value]).get(value) ?? [], code, headIdNumber);
}

export interface Evaluation {
  assessment: Assessment | null;
  decision: Decision | null;
  live: LiveResult | null;
  /** What is still to key (Vietnamese), when there is no result. */
  missing: string[];
}

/** Classifies keyed answers with the round's rule set (decide + explain), without writing anything. */
export function evaluate(ruleSet: RuleSet, a: AnswerInput, history: HistoryEntry[]): Evaluation {
  const missing: string[] = [];
  const method = methodOf(ruleSet);
  const row = { code: a.code, area: a.area, score_a: a.scoreA, monthly_income: a.monthlyIncome };
  const byIncome = method === 'income' && a.monthlyIncome !== null;
  const unanswered = (ruleSet.indicators.value ?? []).filter((i) => typeof a.b2[i.id] !== 'boolean');
  if (a.scoreA === null && a.monthlyIncome === null) {
    missing.push(method === 'income' ? 'Thu nhập bình quân đầu người/tháng (phiếu tính thu nhập)' : 'Điểm A (tổng điểm Phiếu B1)');
  }
  if (usesDeprivations(method, row) && unanswered.length > 0) missing.push(`Phiếu B2: chỉ số ${unanswered.map((i) => i.number).join(', ')} chưa trả lời`);
  const parts = missingParts(ruleSet, byIncome ? roundParts(ruleSet) : a.scoreA !== null ? ['scoreA', 'deprivation', 'indicators'] : ['middleIncome', 'incomeLines']);
  if (parts.length > 0) missing.push(`Bộ tiêu chí ${ruleSet.id} chưa có ${parts.map((p) => PART_LABELS[p]).join(', ')}`);
  if (missing.length > 0) return { assessment: null, decision: null, live: null, missing };
  const assessment = assessmentOf(row, usesDeprivations(method, row) ? deprivationsOf(ruleSet, a.b2) : null, history, method);
  if (!assessment) return { assessment: null, decision: null, live: null, missing: ['Phiếu B chưa đủ'] };
  let decision: Decision;
  try {
    decision = decide(ruleSet, assessment);
  } catch (e) {
    if (e instanceof RuleSetIncompleteError) return { assessment: null, decision: null, live: null, missing: [e.message] };
    throw e;
  }
  return {
    assessment,
    decision,
    missing: [],
    live: {
      status: decision.status,
      statusLabel: STATUS_LABELS[decision.status],
      transition: decision.transition,
      transitionLabel: transitionLabel(decision.transition, decision.status),
      scoreB: decision.scoreB ?? null,
      deprivationCount: decision.deprivationCount ?? null,
      explanation: explain(ruleSet, assessment, decision),
    },
  };
}

/** A household's answers as stored: households joined with answers (answers.b2 is JSON). */
export interface StoredAnswerRow {
  code: string;
  head_id_number: string | null;
  area: 'rural' | 'urban';
  score_a: number | null;
  b2: string | null;
  monthly_income: number | null;
}

// A stored household's score A under a rule set (the one rule, with its row and columns): where a round's classification reads it too.
export { STORED_B1_COLUMNS, storedScoreA, type StoredB1Row } from '../rounds/classify-decide';

/** The answers classification needs, from the stored row. */
export function answerInputOf(row: StoredAnswerRow): AnswerInput {
  return {
    code: row.code,
    headIdNumber: row.head_id_number,
    area: row.area,
    scoreA: row.score_a,
    b2: row.b2 ? (JSON.parse(row.b2) as Record<string, boolean | null>) : {},
    monthlyIncome: row.monthly_income,
  };
}

/**
 * Re-classifies one household from its stored answers and writes its result the way
 * classifyRound does (no result while Phiếu B is incomplete; a score A summed from the B1 items
 * summed again with the rule set's table: storedScoreA). Call inside the save's transaction.
 */
export function classifyHousehold(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  round: RoundRow,
  householdId: number,
): Evaluation {
  const ruleSet = registry.require(round.rule_set_id);
  const row = sqlite
    .prepare(
      `SELECT h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${STORED_B1_COLUMNS}
       FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN household_entry e ON e.household_id = h.id WHERE h.id = ?`,
    )
    .get(householdId) as StoredAnswerRow & StoredB1Row;
  const ev = evaluate(ruleSet, answerInputOf({ ...row, score_a: storedScoreA(ruleSet, row) }), historyOf(sqlite, round, row.code, row.head_id_number));
  sqlite.prepare('DELETE FROM results WHERE household_id = ?').run(householdId);
  if (ev.decision && ev.assessment) {
    const d = ev.decision;
    recordSnapshot(sqlite, ruleSet);
    const locals = localRuleSetsFor(sqlite, registry, round);
    sqlite.prepare(insertResultsSql(1)).run(resultValues(householdId, d, ev.assessment, locals, nowIso(), round.id));
  }
  return ev;
}
