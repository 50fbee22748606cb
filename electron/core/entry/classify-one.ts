import type BetterSqlite3 from 'better-sqlite3';
import type { LiveResult } from '../../../shared/api/entry';
import { classifyLocal, decide, explain, RuleSetIncompleteError, type Assessment, type Decision } from '../../../shared/engine/classify';
import { missingParts, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { STATUS_LABELS, transitionLabel } from '../../../shared/glossary';
import { PART_LABELS } from '../../../shared/engine/ruleset';
import { nowIso } from '../db/connection';
import { assessmentOf, localRuleSetsFor } from '../rounds/classify';
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
 * (the same matching as historyFor, for one household instead of a whole round).
 */
export function historyOf(sqlite: BetterSqlite3.Database, round: RoundRow, code: string, headIdNumber: string | null): HistoryEntry[] {
  const q = (column: 'code' | 'head_id_number', value: string): HistoryEntry[] =>
    (
      sqlite
        .prepare(
          `SELECT r.year, res.status FROM households h JOIN rounds r ON r.id = h.round_id JOIN results res ON res.household_id = h.id
           WHERE h.${column} = ? AND r.year < ? ORDER BY r.year, r.id`,
        )
        .raw()
        .all(value, round.year) as [number, Status][]
    ).map(([year, status]) => ({ round: year, status }));
  return matchHousehold(q, code, headIdNumber);
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
  const unanswered = (ruleSet.indicators.value ?? []).filter((i) => typeof a.b2[i.id] !== 'boolean');
  if (a.scoreA === null && a.monthlyIncome === null) missing.push('Điểm A (tổng điểm Phiếu B1)');
  if (a.scoreA !== null && unanswered.length > 0) missing.push(`Phiếu B2: chỉ số ${unanswered.map((i) => i.number).join(', ')} chưa trả lời`);
  const parts = missingParts(ruleSet, a.scoreA !== null ? ['scoreA', 'deprivation', 'indicators'] : ['middleIncome', 'incomeLines']);
  if (parts.length > 0) missing.push(`Bộ tiêu chí ${ruleSet.id} chưa có ${parts.map((p) => PART_LABELS[p]).join(', ')}`);
  if (missing.length > 0) return { assessment: null, decision: null, live: null, missing };
  const assessment = assessmentOf(
    ruleSet,
    { id: 0, code: a.code, head_id_number: a.headIdNumber, area: a.area, score_a: a.scoreA, b2: JSON.stringify(a.b2), monthly_income: a.monthlyIncome },
    history,
  );
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

/**
 * Re-classifies one household from its stored answers and writes its result the way
 * classifyRound does (no result while Phiếu B is incomplete). Call inside the save's transaction.
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
      `SELECT h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income
       FROM households h LEFT JOIN answers a ON a.household_id = h.id WHERE h.id = ?`,
    )
    .get(householdId) as { code: string; head_id_number: string | null; area: 'rural' | 'urban'; score_a: number | null; b2: string | null; monthly_income: number | null };
  const input: AnswerInput = {
    code: row.code,
    headIdNumber: row.head_id_number,
    area: row.area,
    scoreA: row.score_a,
    b2: row.b2 ? (JSON.parse(row.b2) as Record<string, boolean | null>) : {},
    monthlyIncome: row.monthly_income,
  };
  const ev = evaluate(ruleSet, input, historyOf(sqlite, round, row.code, row.head_id_number));
  sqlite.prepare('DELETE FROM results WHERE household_id = ?').run(householdId);
  if (ev.decision && ev.assessment) {
    const d = ev.decision;
    recordSnapshot(sqlite, ruleSet);
    const locals = localRuleSetsFor(sqlite, registry, round);
    sqlite
      .prepare(
        `INSERT INTO results (household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
           rule_set_id, rule_set_version, unverified, local, computed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        householdId,
        d.status,
        d.scoreB ?? null,
        d.deprivationCount ?? null,
        JSON.stringify(d.deprived ?? []),
        d.transition,
        d.referToReview ? 1 : 0,
        d.ruleSet.id,
        d.ruleSet.version,
        JSON.stringify(d.unverified),
        locals.length ? JSON.stringify(locals.map((l) => classifyLocal(l, ev.assessment!))) : '[]',
        nowIso(),
      );
  }
  return ev;
}
