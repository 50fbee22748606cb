import type BetterSqlite3 from 'better-sqlite3';
import {
  PROVINCE_STEP_LABELS,
  type CommuneReceipt,
  type ProvinceRecompute,
  type ProvinceReceipts,
  type ProvinceStep,
  type ResultMismatch,
  type ResultMismatchField,
} from '../../../shared/api/province';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { STATUS_LABELS } from '../../../shared/glossary';
import { answerInputOf, evaluate, historyOf, STORED_B1_COLUMNS, storedScoreA, type StoredAnswerRow, type StoredB1Row } from '../entry/classify-one';
import { AppError } from '../errors';
import { getRound, type RoundRow } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { getOffice } from '../units/office';
import { communesInScope } from '../units/scope';

/**
 * The province's views on the merged packages (issue 13): the receipt status of each commune of
 * its round, and the engine's recomputation of a received commune's results, compared with what
 * the commune sent. Read only: a mismatch is listed, the stored result is never replaced here.
 */

/** The office's round: the one asked for, else its latest round scoped to the office's unit. */
function provinceRound(sqlite: BetterSqlite3.Database, roundId: number | undefined): RoundRow | null {
  if (roundId !== undefined) return getRound(sqlite, roundId);
  const office = getOffice(sqlite);
  if (!office) return null;
  return (sqlite.prepare('SELECT * FROM rounds WHERE scope_unit_id = ? ORDER BY year DESC, reference_date DESC, id DESC LIMIT 1').get(office.unitId) as RoundRow | undefined) ?? null;
}

/** The last step a commune's records show (the workflow's own tables; the lock by a decision). */
function stepOf(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): ProvinceStep {
  const has = (sql: string): boolean => sqlite.prepare(sql).get({ round: roundId, commune: communeId }) !== undefined;
  if (has('SELECT 1 FROM decisions WHERE round_id = $round AND commune_id = $commune')) return 'decision';
  if (has('SELECT 1 FROM district_opinions WHERE round_id = $round AND commune_id = $commune')) return 'opinion';
  if (has('SELECT 1 FROM postings WHERE round_id = $round AND commune_id = $commune')) return 'posting';
  if (has('SELECT 1 FROM village_meetings m JOIN units v ON v.id = m.village_id WHERE m.round_id = $round AND v.parent_id = $commune')) return 'meetings';
  if (has(`SELECT 1 FROM audit WHERE entity = 'round' AND entity_id = $round AND action = 'build_list' AND field = 'commune ' || CAST($commune AS INTEGER)`)) return 'list';
  return 'entry';
}

export function provinceReceipts(sqlite: BetterSqlite3.Database, roundId?: number): ProvinceReceipts {
  const office = getOffice(sqlite);
  const round = provinceRound(sqlite, roundId);
  if (!round) {
    return {
      round: null,
      office: office ? { code: office.code, name: office.fullName } : null,
      communes: [],
      notReceived: [],
      totals: { communes: 0, received: 0, households: 0, members: 0, poor: 0, nearPoor: 0 },
    };
  }
  const lastOf = sqlite.prepare(
    `SELECT received_at, received_by, office_code, office_name, created_at, created_by, forced,
       (SELECT COUNT(*) FROM exchange_packages q WHERE q.round_id = p.round_id AND q.commune_id = p.commune_id) AS packages
     FROM exchange_packages p WHERE round_id = ? AND commune_id = ? ORDER BY received_at DESC, id DESC LIMIT 1`,
  );
  const countsOf = sqlite.prepare('SELECT COALESCE(SUM(households), 0) AS households, COALESCE(SUM(members), 0) AS members FROM household_counts WHERE round_id = ? AND commune_id = ?');
  const classesOf = sqlite.prepare(
    `SELECT COALESCE(SUM(r.status = 'poor'), 0) AS poor, COALESCE(SUM(r.status = 'near_poor'), 0) AS nearPoor
     FROM results r JOIN households h ON h.id = r.household_id WHERE h.round_id = ? AND h.commune_id = ?`,
  );
  const communes: CommuneReceipt[] = communesInScope(sqlite, round.scope_unit_id, round.unit_map_date).map((c) => {
    const last = lastOf.get(round.id, c.id) as
      | { received_at: string; received_by: string; office_code: string; office_name: string; created_at: string; created_by: string; forced: number; packages: number }
      | undefined;
    const counts = countsOf.get(round.id, c.id) as { households: number; members: number };
    const classes = classesOf.get(round.id, c.id) as { poor: number; nearPoor: number };
    const step = stepOf(sqlite, round.id, c.id);
    const unit = sqlite.prepare('SELECT code, name FROM units WHERE id = ?').get(c.id) as { code: string; name: string };
    return {
      communeId: c.id,
      code: unit.code,
      name: unit.name,
      received: last !== undefined,
      last: last
        ? {
            receivedAt: last.received_at,
            receivedBy: last.received_by,
            officeCode: last.office_code,
            officeName: last.office_name,
            createdAt: last.created_at,
            createdBy: last.created_by,
            forced: last.forced === 1,
          }
        : null,
      packages: last?.packages ?? 0,
      step,
      stepLabel: PROVINCE_STEP_LABELS[step],
      households: counts.households,
      members: counts.members,
      poor: classes.poor,
      nearPoor: classes.nearPoor,
    };
  });
  const received = communes.filter((c) => c.received);
  const sum = (k: 'households' | 'members' | 'poor' | 'nearPoor'): number => communes.reduce((a, c) => a + c[k], 0);
  return {
    round: { id: round.id, year: round.year, title: round.title },
    office: office ? { code: office.code, name: office.fullName } : null,
    communes,
    notReceived: communes.filter((c) => !c.received).map((c) => ({ code: c.code, name: c.name })),
    totals: { communes: communes.length, received: received.length, households: sum('households'), members: sum('members'), poor: sum('poor'), nearPoor: sum('nearPoor') },
  };
}

const TRANSITION_LABEL = (t: string | null): string | null => t;

/**
 * Recomputes every result of one commune of the round with the round's rule set (the entry's own
 * classification path, entry/classify-one.ts evaluate, which writes nothing) and compares it with
 * the stored result: status, score B, deprivation count, and the transition when this database
 * holds the household's earlier rounds (else it is not compared: the commune had its history).
 * A score A the commune summed from the Phiếu B1 items is summed again by the one rule (b1Sum)
 * and compared too, and the household is classified with the sum recomputed, not the stored one.
 */
export function recomputeCommune(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, roundId: number, communeId: number): ProvinceRecompute {
  const round = getRound(sqlite, roundId);
  const commune = sqlite.prepare(`SELECT name FROM units WHERE id = ? AND level = 'commune'`).pluck().get(communeId) as string | undefined;
  if (commune === undefined) throw new AppError('NOT_FOUND', `Không có xã mã đơn vị ${communeId}: hãy chọn lại xã trong danh sách.`);
  const ruleSet = registry.get(round.rule_set_id);
  if (!ruleSet) throw new AppError('INVALID_INPUT', `Phần mềm này chưa có bộ tiêu chí ${round.rule_set_id} của đợt: hãy cập nhật phần mềm hoặc nạp bộ tiêu chí đó.`);
  const rows = sqlite
    .prepare(
      `SELECT h.id, h.code, h.head_name, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${STORED_B1_COLUMNS},
         r.household_id AS has_result, r.status, r.score_b, r.deprivation_count, r.transition
       FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN results r ON r.household_id = h.id
         LEFT JOIN household_entry e ON e.household_id = h.id
       WHERE h.round_id = ? AND h.commune_id = ? ORDER BY h.code`,
    )
    .all(roundId, communeId) as (StoredAnswerRow & StoredB1Row & {
    id: number;
    head_name: string;
    has_result: number | null;
    status: Status | null;
    score_b: number | null;
    deprivation_count: number | null;
    transition: Transition | null;
  })[];
  let checked = 0;
  let transitionUnchecked = 0;
  const mismatches: ResultMismatch[] = [];
  for (const row of rows) {
    const history = historyOf(sqlite, round, row.code, row.head_id_number);
    const fromItems = row.score_a_from_items === 1;
    const scoreA = storedScoreA(ruleSet, row);
    const ev = evaluate(ruleSet, answerInputOf({ ...row, score_a: scoreA }), history);
    const d = ev.decision;
    if (row.has_result === null && !d) continue;
    checked++;
    const fields: ResultMismatchField[] = [];
    const compare = (field: ResultMismatchField['field'], label: string, stored: string | number | null, computed: string | number | null): void => {
      if (stored !== computed) fields.push({ field, label, stored, computed });
    };
    const statusText = (s: Status | null | undefined): string | null => (s ? STATUS_LABELS[s] : null);
    if (fromItems) compare('scoreA', 'Điểm A (tổng các câu Phiếu B1)', row.score_a, scoreA);
    compare('status', 'Phân loại', statusText(row.status), statusText(d?.status));
    compare('scoreB', 'Điểm B', row.score_b, d?.scoreB ?? null);
    compare('deprivationCount', 'Số chỉ số thiếu hụt', row.deprivation_count, d?.deprivationCount ?? null);
    if (history.length === 0) transitionUnchecked++;
    else compare('transition', 'Chuyển đổi so với năm trước', TRANSITION_LABEL(row.transition), TRANSITION_LABEL(d?.transition ?? null));
    if (fields.length > 0) mismatches.push({ householdId: row.id, code: row.code, headName: row.head_name, fields });
  }
  return {
    roundId,
    communeId,
    communeName: commune,
    ruleSet: { id: ruleSet.id, version: ruleSet.version ?? null },
    checked,
    same: checked - mismatches.length,
    mismatches,
    transitionUnchecked,
  };
}
