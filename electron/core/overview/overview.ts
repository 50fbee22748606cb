import type BetterSqlite3 from 'better-sqlite3';
import {
  ATTENTION_LIMIT,
  OVERVIEW_STEPS,
  type AttentionRow,
  type CauseCount,
  type CommuneOverview,
  type IndicatorRate,
  type LastYear,
  type Overview,
  type OverviewStep,
  type StepProgress,
  type TargetResult,
  type UnitProgress,
} from '../../../shared/api/overview';
import { CAUSE_LABELS, CAUSES, type Cause } from '../../../shared/domain/causes';
import { unitFullName } from '../../../shared/domain/units';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { addToCounts, deadlinesOf, emptyCounts, finishCounts, percent, reduction, stepsPassed } from '../../../shared/overview/figures';
import { previousRoundId } from '../documents/queries';
import { unscoredHouseholds } from '../entry/workflow';
import { invalidAt } from '../errors';
import { communesBefore, isDivided } from '../reform/map';
import type { RuleSetRegistry } from '../rulesets/load';
import { getRound } from '../rounds/rounds';
import { communesInScope, type ScopeCommune } from '../units/scope';
import { targetsOfYear } from './targets';
import { unitNotFound } from '../units/not-found';

/**
 * The overview of a round (issue 14). Raw SQL, not kysely: every figure is one GROUP BY over the
 * round's households read through an index (households_round_commune_village_state, migration 14,
 * holds the progress on its own; results, answers and causes are reached by their primary keys),
 * with json_each over the B2 answers, which kysely would only wrap in sql`` anyway. No statement
 * reads the households table from end to end (test/integration/overview.test.ts asks EXPLAIN
 * QUERY PLAN).
 */

export interface OverviewScope {
  roundId: number;
  communeId?: number | undefined;
  villageId?: number | undefined;
  today?: string | undefined;
}

/** The scope's filter on households aliased h, and its parameters after the round's. */
function scopeFilter(scope: { communeId: number | null; villageId: number | null }): { sql: string; params: number[] } {
  if (scope.villageId !== null) return { sql: 'AND h.commune_id = ? AND h.village_id = ?', params: [scope.communeId!, scope.villageId] };
  if (scope.communeId !== null) return { sql: 'AND h.commune_id = ?', params: [scope.communeId] };
  return { sql: '', params: [] };
}

/** Every statement the overview runs, by name, with its SQL (the test explains each one). */
export function overviewStatements(filter: string): Record<'progress' | 'complaints' | 'indicators' | 'causes' | 'warnings' | 'lastYear', string> {
  return {
    progress: `SELECT h.commune_id AS c, COALESCE(h.village_id, 0) AS v, h.review_state AS state, r.status, r.transition, a.household_id IS NOT NULL AS answered, COUNT(*) AS n
      FROM households h LEFT JOIN results r ON r.household_id = h.id LEFT JOIN answers a ON a.household_id = h.id
      WHERE h.round_id = ? ${filter} GROUP BY 1, 2, 3, 4, 5, 6`,
    complaints: `SELECT h.commune_id AS c, COALESCE(h.village_id, 0) AS v, COUNT(*) AS total, SUM(c.result IS NOT NULL) AS settled
      FROM complaints c JOIN households h ON h.id = c.household_id
      WHERE c.round_id = ? ${filter} GROUP BY 1, 2`,
    indicators: `SELECT j.key AS id, COUNT(*) AS answered, SUM(j.type = 'true') AS deprived,
        SUM(j.type = 'true' AND r.status IN ('poor', 'near_poor')) AS deprivedPoor
      FROM households h JOIN answers a ON a.household_id = h.id JOIN json_each(a.b2) j LEFT JOIN results r ON r.household_id = h.id
      WHERE h.round_id = ? ${filter} AND a.b2 IS NOT NULL AND j.type IN ('true', 'false') GROUP BY j.key`,
    causes: `SELECT c.cause, SUM(r.status = 'poor') AS poor, SUM(r.status = 'near_poor') AS nearPoor
      FROM households h JOIN household_causes c ON c.household_id = h.id JOIN results r ON r.household_id = h.id
      WHERE h.round_id = ? ${filter} GROUP BY c.cause`,
    warnings: `SELECT h.id AS householdId, COUNT(*) AS warnings
      FROM households h JOIN household_warnings w ON w.household_id = h.id
      WHERE h.round_id = ? ${filter} GROUP BY h.id`,
    lastYear: `SELECT COUNT(*) AS households, COALESCE(SUM(r.status = 'poor'), 0) AS poor, COALESCE(SUM(r.status = 'near_poor'), 0) AS nearPoor
      FROM households p LEFT JOIN results r ON r.household_id = p.id
      WHERE p.round_id = ? AND p.commune_id IN (SELECT value FROM json_each(?))`,
  };
}

const blankSteps = (): Record<OverviewStep, StepProgress> =>
  Object.fromEntries(OVERVIEW_STEPS.map((s) => [s, { done: 0, of: 0 }])) as Record<OverviewStep, StepProgress>;

function blankUnit(unitId: number, code: string, name: string, fullName: string): UnitProgress {
  return { unitId, code, name, fullName, steps: blankSteps(), counts: emptyCounts(), meetingAgreed: false, postings: 0, complaints: { total: 0, settled: 0 }, decision: null };
}

/** Adds n households to a unit's steps: listed of all, the later steps of those listed. */
function addSteps(steps: Record<OverviewStep, StepProgress>, state: string, answered: boolean, scored: boolean, n: number): void {
  steps.listed.of += n;
  const passed = stepsPassed(state, answered, scored);
  for (const step of ['listed', 'surveyed', 'scored', 'meeting', 'posted', 'decision'] as const) {
    if (step !== 'listed' && passed.listed) steps[step].of += n;
    if (passed[step]) steps[step].done += n;
  }
}

function addUnit(into: UnitProgress, from: UnitProgress): void {
  for (const s of OVERVIEW_STEPS) {
    into.steps[s].done += from.steps[s].done;
    into.steps[s].of += from.steps[s].of;
  }
  const c = into.counts;
  c.households += from.counts.households;
  c.classified += from.counts.classified;
  for (const k of Object.keys(c.byStatus) as Status[]) c.byStatus[k] += from.counts.byStatus[k];
  for (const k of Object.keys(c.byTransition) as Transition[]) c.byTransition[k] += from.counts.byTransition[k];
  into.complaints.total += from.complaints.total;
  into.complaints.settled += from.complaints.settled;
  into.postings += from.postings;
}

export function lastYearOf(sqlite: BetterSqlite3.Database, previous: { id: number; year: number }, communeIds: number[], now: { poorRate: number | null; nearPoorRate: number | null }): LastYear {
  const earlier = [...new Set(communeIds.flatMap((id) => communesBefore(sqlite, id)))];
  const row = sqlite.prepare(overviewStatements('').lastYear).get(previous.id, JSON.stringify(earlier)) as { households: number; poor: number; nearPoor: number };
  const poorRate = percent(row.poor, row.households);
  const nearPoorRate = percent(row.nearPoor, row.households);
  return {
    roundId: previous.id,
    year: previous.year,
    households: row.households,
    poor: row.poor,
    nearPoor: row.nearPoor,
    poorRate,
    nearPoorRate,
    poorChange: reduction(poorRate, now.poorRate),
    nearPoorChange: reduction(nearPoorRate, now.nearPoorRate),
    approximate: earlier.some((id) => isDivided(sqlite, id)),
  };
}

const todayLocal = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function overviewOf(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, input: OverviewScope): Overview {
  const round = getRound(sqlite, input.roundId);
  const today = input.today ?? todayLocal();
  let communes: ScopeCommune[] = communesInScope(sqlite, round.scope_unit_id, round.unit_map_date);
  let communeId = input.communeId ?? null;
  const villageId = input.villageId ?? null;
  if (villageId !== null) {
    const parent = sqlite.prepare("SELECT parent_id FROM units WHERE id = ? AND level = 'village'").pluck().get(villageId) as number | undefined;
    if (parent === undefined) throw unitNotFound(villageId, 'village');
    if (communeId !== null && communeId !== parent) {
      throw invalidAt('villageId', 'Thôn, ấp đã chọn không thuộc xã đã chọn: hãy chọn lại thôn, ấp.');
    }
    communeId = parent;
  }
  if (communeId !== null) {
    communes = communes.filter((c) => c.id === communeId);
    if (communes.length === 0) {
      throw invalidAt('communeId', 'Xã đã chọn không thuộc phạm vi của đợt rà soát này: hãy chọn xã khác hoặc đợt khác.');
    }
  }
  const filter = scopeFilter({ communeId, villageId });
  const statements = overviewStatements(filter.sql);
  const params = [round.id, ...filter.params];

  // The communes and their villages (a village scope: that village only), then the figures into them.
  const byCommune = new Map<number, CommuneOverview>();
  const villages = new Map<string, UnitProgress>();
  const villageRows = sqlite.prepare("SELECT id, code, name, type FROM units WHERE parent_id = ? AND level = 'village' ORDER BY name_sort, code");
  for (const c of communes) {
    const co: CommuneOverview = { ...blankUnit(c.id, c.code, c.name, unitFullName(c.type, c.name)), villages: [], lastYear: null, target: null };
    byCommune.set(c.id, co);
    for (const v of villageRows.all(c.id) as { id: number; code: string; name: string; type: string }[]) {
      if (villageId !== null && v.id !== villageId) continue;
      const vo = blankUnit(v.id, v.code, v.name, unitFullName(v.type, v.name));
      co.villages.push(vo);
      villages.set(`${c.id}:${v.id}`, vo);
    }
  }
  const villageOf = (c: number, v: number): UnitProgress | undefined => {
    const co = byCommune.get(c);
    if (!co) return undefined;
    let vo = villages.get(`${c}:${v}`);
    if (!vo) {
      // Households with no village (or one no longer under the commune): a row of their own.
      const u = v === 0 ? undefined : (sqlite.prepare('SELECT code, name, type FROM units WHERE id = ?').get(v) as { code: string; name: string; type: string } | undefined);
      vo = blankUnit(v, u?.code ?? '', u?.name ?? '(chưa ghi thôn, ấp)', u ? unitFullName(u.type, u.name) : '(chưa ghi thôn, ấp)');
      co.villages.push(vo);
      villages.set(`${c}:${v}`, vo);
    }
    return vo;
  };

  const progress = sqlite.prepare(statements.progress).all(...params) as { c: number; v: number; state: string; status: Status | null; transition: Transition | null; answered: number; n: number }[];
  for (const r of progress) {
    const vo = villageOf(r.c, r.v);
    if (!vo) continue; // a household filed under a commune outside the round's scope: not this overview's
    addSteps(vo.steps, r.state, r.answered === 1, r.status !== null, r.n);
    addToCounts(vo.counts, r.status, r.transition, r.n);
  }
  for (const r of sqlite.prepare(statements.complaints).all(...params) as { c: number; v: number; total: number; settled: number }[]) {
    const vo = villageOf(r.c, r.v);
    if (!vo) continue;
    vo.complaints = { total: r.total, settled: r.settled };
    vo.steps.complaints = { done: r.settled, of: r.total };
  }
  // Each village's latest meeting decides; a commune's part is done when every village with listed households agreed.
  const meetings = new Map<number, string>();
  for (const m of sqlite.prepare('SELECT village_id AS v, outcome FROM village_meetings WHERE round_id = ? ORDER BY id').all(round.id) as { v: number; outcome: string }[]) meetings.set(m.v, m.outcome);
  const postings = new Map(
    (sqlite.prepare('SELECT commune_id AS c, COUNT(*) AS n FROM postings WHERE round_id = ? GROUP BY commune_id').all(round.id) as { c: number; n: number }[]).map((r) => [r.c, r.n]),
  );
  const decisions = new Map<number, { number: string; signedOn: string }>();
  for (const d of sqlite.prepare('SELECT commune_id AS c, number, signed_on AS signedOn FROM decisions WHERE round_id = ? ORDER BY id').all(round.id) as { c: number; number: string; signedOn: string }[]) {
    decisions.set(d.c, { number: d.number, signedOn: d.signedOn });
  }

  const previous = previousRoundId(sqlite, round.id);
  const previousRound = previous === null ? null : { id: previous, year: getRound(sqlite, previous).year };
  const targets = new Map(targetsOfYear(sqlite, round.year).map((t) => [t.communeCode, t]));
  const total = blankUnit(0, '', '', '');
  for (const co of byCommune.values()) {
    for (const vo of co.villages) {
      vo.meetingAgreed = meetings.get(vo.unitId) === 'agreed';
      finishCounts(vo.counts);
      addUnit(co, vo);
    }
    co.meetingAgreed = co.villages.some((v) => v.steps.listed.done > 0) && co.villages.every((v) => v.steps.listed.done === 0 || v.meetingAgreed);
    co.postings = postings.get(co.unitId) ?? 0;
    co.decision = decisions.get(co.unitId) ?? null;
    finishCounts(co.counts);
    if (previousRound && villageId === null) co.lastYear = lastYearOf(sqlite, previousRound, [co.unitId], co.counts);
    const target = targets.get(co.code);
    if (target && villageId === null) co.target = targetResult(target, co.lastYear);
    addUnit(total, co);
  }
  finishCounts(total.counts);
  const communeList = [...byCommune.values()];
  total.postings = communeList.reduce((s, c) => s + c.postings, 0);
  total.meetingAgreed = communeList.length > 0 && communeList.every((c) => c.meetingAgreed);
  const only = communeList.length === 1 ? communeList[0]! : null;
  total.decision = only?.decision ?? null;
  const scopeUnit =
    villageId !== null ? only!.villages.find((v) => v.unitId === villageId)! : communeId !== null ? only! : null;
  if (scopeUnit) Object.assign(total, { unitId: scopeUnit.unitId, code: scopeUnit.code, name: scopeUnit.name, fullName: scopeUnit.fullName });
  else {
    const u = sqlite.prepare('SELECT code, name, type FROM units WHERE id = ?').get(round.scope_unit_id) as { code: string; name: string; type: string };
    Object.assign(total, { unitId: round.scope_unit_id, code: u.code, name: u.name, fullName: unitFullName(u.type, u.name) });
  }
  const lastYear = previousRound && villageId === null ? lastYearOf(sqlite, previousRound, communeList.map((c) => c.unitId), total.counts) : null;

  // Indicators of the round's rule set, from the B2 answers.
  const ruleSet = registry.get(round.rule_set_id);
  const indicatorList = ruleSet?.indicators.value ?? [];
  const answered = new Map(
    (sqlite.prepare(statements.indicators).all(...params) as { id: string; answered: number; deprived: number; deprivedPoor: number }[]).map((r) => [r.id, r]),
  );
  const indicators: IndicatorRate[] = indicatorList.map((i) => {
    const r = answered.get(i.id);
    return {
      id: i.id,
      number: i.number,
      label: i.label,
      answered: r?.answered ?? 0,
      deprived: r?.deprived ?? 0,
      rate: percent(r?.deprived ?? 0, r?.answered ?? 0),
      deprivedPoorOrNearPoor: r?.deprivedPoor ?? 0,
    };
  });
  const indicatorsNote = !ruleSet
    ? `Không tìm thấy bộ tiêu chí "${round.rule_set_id}" của đợt rà soát: không tính được tỷ lệ thiếu hụt.`
    : indicatorList.length === 0
      ? `Bộ tiêu chí "${ruleSet.title}" chưa có danh mục chỉ số thiếu hụt: không tính được tỷ lệ thiếu hụt.`
      : null;

  const causeRows = new Map((sqlite.prepare(statements.causes).all(...params) as { cause: string; poor: number; nearPoor: number }[]).map((r) => [r.cause, r]));
  const causes: CauseCount[] = CAUSES.map((cause: Cause) => ({ cause, label: CAUSE_LABELS[cause], poor: causeRows.get(cause)?.poor ?? 0, nearPoor: causeRows.get(cause)?.nearPoor ?? 0 }));

  const { attention, attentionTotal } = attentionOf(sqlite, round.id, communeList, villageId, statements.warnings, params);

  const deadlinesPart = ruleSet?.deadlines;
  const deadlines = round.kind === 'periodic' && deadlinesPart ? deadlinesOf(deadlinesPart, round.year, today) : [];
  const deadlinesNote =
    round.kind !== 'periodic'
      ? 'Đợt rà soát thường xuyên: không có lịch của đợt rà soát định kỳ.'
      : deadlines.length === 0
        ? `Bộ tiêu chí "${ruleSet?.title ?? round.rule_set_id}" chưa ghi lịch rà soát định kỳ.`
        : null;

  return {
    round: { id: round.id, year: round.year, kind: round.kind, title: round.title, ruleSetId: round.rule_set_id },
    scope: { level: villageId !== null ? 'village' : communeId !== null ? 'commune' : 'round', unitId: total.unitId, fullName: total.fullName },
    total,
    communes: communeList,
    lastYear,
    indicators,
    indicatorsNote,
    causes,
    attention,
    attentionTotal,
    deadlines,
    deadlinesNote,
    today,
  };
}

function targetResult(target: TargetResult['target'], lastYear: LastYear | null): TargetResult {
  const poorAchieved = lastYear?.poorChange ?? null;
  const nearPoorAchieved = lastYear?.nearPoorChange ?? null;
  const poorMet = poorAchieved === null ? null : poorAchieved >= target.poorReduction;
  const nearMet = target.nearPoorReduction === null ? true : nearPoorAchieved === null ? null : nearPoorAchieved >= target.nearPoorReduction;
  const met = poorMet === null || nearMet === null ? null : poorMet && nearMet;
  return { target, poorAchieved, nearPoorAchieved, met };
}

/**
 * The households to look at: those with saved warnings, and those listed but not scored
 * (entry/workflow.ts unscoredHouseholds, the rule recognition checks), in the order of the
 * commune, village and head; at most ATTENTION_LIMIT listed.
 */
function attentionOf(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  communes: CommuneOverview[],
  villageId: number | null,
  warningsSql: string,
  params: number[],
): { attention: AttentionRow[]; attentionTotal: number } {
  const warnings = new Map((sqlite.prepare(warningsSql).all(...params) as { householdId: number; warnings: number }[]).map((r) => [r.householdId, r.warnings]));
  const unscored = new Map<number, 'no_result' | 'changed'>();
  for (const c of communes) {
    for (const u of unscoredHouseholds(sqlite, roundId, c.unitId)) unscored.set(u.householdId, u.reason);
  }
  if (villageId !== null) {
    const inVillage = new Set(sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND village_id = ?').pluck().all(roundId, villageId) as number[]);
    for (const id of [...unscored.keys()]) if (!inVillage.has(id)) unscored.delete(id);
  }
  const ids = [...new Set([...warnings.keys(), ...unscored.keys()])];
  const rows = sqlite
    .prepare(
      `SELECT h.id AS householdId, h.code, h.head_name AS headName, COALESCE(v.name, '') AS villageName, c.name AS communeName
       FROM households h JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id
       WHERE h.id IN (SELECT value FROM json_each(?))
       ORDER BY c.name_sort, v.name_sort, h.head_sort, h.id LIMIT ?`,
    )
    .all(JSON.stringify(ids), ATTENTION_LIMIT) as Omit<AttentionRow, 'warnings' | 'unscored'>[];
  return {
    attention: rows.map((r) => ({ ...r, warnings: warnings.get(r.householdId) ?? 0, unscored: unscored.get(r.householdId) ?? null })),
    attentionTotal: ids.length,
  };
}
