import type BetterSqlite3 from 'better-sqlite3';
import { defaultMapDate, defaultReferenceDate, defaultRoundTitle, nationalRuleSetOn, ROUND_KIND_NAMES, type RoundKind } from '../../../shared/domain/round-plan';
import { hasDistrictLevel, unitFullName } from '../../../shared/domain/units';
import { isRealIsoDate } from '../../../shared/entry/dates';
import { formatDateVi } from '../../../shared/text/format';
import { cleanText } from '../../../shared/text/normalize';
import type { RoundCreated, RoundPlan } from '../../../shared/api/rounds';
import { writeTransaction } from '../db/write-transaction';
import { copyHouseholds, startRound } from '../entry/rounds';
import { writeAudit } from '../db/audit';
import { planCopy } from '../reform/plan';
import { linkOpenRequests, openRequestCodes } from '../requests/store';
import { invalidAt } from '../errors';
import type { RuleSetRegistry } from '../rulesets/load';
import { getOffice } from '../units/office';
import { communesInScope } from '../units/scope';
import { createRound, duplicateRound, duplicateRoundError, roundNotFound, type RoundRow } from './rounds';

/** What the officer asks for; everything left out takes its default (shared/domain/round-plan.ts). */
export interface RoundRequest {
  year: number;
  kind: RoundKind;
  /** The date of the administrative map (YYYY-MM-DD); default: the reference date. */
  mapDate?: string | undefined;
  /** The date ages are computed at (YYYY-MM-DD); default: per kind and year. */
  referenceDate?: string | undefined;
  title?: string | undefined;
  /** Start from the households of an earlier round: by its id (the screen)… */
  fromRoundId?: number | undefined;
  /** …or by its year (the command line's --from YEAR). */
  fromYear?: number | undefined;
}

type RuleSets = Pick<RuleSetRegistry, 'get' | 'all'>;

/** Today's date where the office is (the machine's local date), YYYY-MM-DD. */
export function todayLocal(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The message for a database nobody has set up yet. */
export const NO_OFFICE_MESSAGE =
  'Chưa thiết lập đơn vị (xã, phường, đặc khu hoặc tỉnh) cho dữ liệu này nên chưa mở được đợt rà soát. Hãy chạy thiết lập trước: màn hình Thiết lập, hoặc lệnh npm run -s cli -- setup --db TỆP --unit MÃ_ĐƠN_VỊ.';

/** The earlier round a new one starts from: by id, or by year (the office's periodic round first). */
function fromRound(sqlite: BetterSqlite3.Database, req: RoundRequest, officeUnitId: number | null): RoundRow | null {
  if (req.fromRoundId !== undefined) {
    const row = sqlite.prepare('SELECT * FROM rounds WHERE id = ?').get(req.fromRoundId) as RoundRow | undefined;
    if (!row) throw roundNotFound(req.fromRoundId);
    return row;
  }
  if (req.fromYear === undefined) return null;
  const rows = sqlite.prepare('SELECT * FROM rounds WHERE year = ? ORDER BY id').all(req.fromYear) as RoundRow[];
  if (rows.length === 0) throw invalidAt('fromYear', `Không có đợt rà soát nào năm ${req.fromYear} để lấy các hộ: xem các đợt bằng lệnh round list.`);
  const preferred = [(r: RoundRow) => r.scope_unit_id === officeUnitId && r.kind === 'periodic', (r: RoundRow) => r.kind === 'periodic', () => true];
  for (const test of preferred) {
    const hits = rows.filter(test);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw invalidAt(
        'fromYear',
        `Năm ${req.fromYear} có ${hits.length} đợt rà soát (${hits.map((r) => `«${r.title}»`).join(', ')}): hãy chọn đợt cần lấy các hộ trên màn hình Quy trình rà soát.`,
      );
    }
  }
  return null;
}

/**
 * What a new round will be, checked, without writing anything: the screen shows it before the
 * officer confirms, and createRoundFor writes exactly this. Refusals (no office, no rule set in
 * force, a map with no commune of the office, the same round twice) are Vietnamese.
 * Every round covers the office's unit (units/office.ts), one started from an earlier round too:
 * entry/rounds.ts startRound, which copies the households, gives the new round the office's unit
 * whenever an office is set up, and here one always is.
 */
export function planRound(sqlite: BetterSqlite3.Database, ruleSets: RuleSets, req: RoundRequest, today = todayLocal()): RoundPlan {
  const office = getOffice(sqlite);
  if (!office) throw invalidAt('office', NO_OFFICE_MESSAGE);
  const from = fromRound(sqlite, req, office.unitId);
  if (!Number.isInteger(req.year) || req.year < 2021 || req.year > 2100) throw invalidAt('year', `Năm ${req.year} không dùng được: năm phải là số có 4 chữ số, từ 2021 đến 2100.`);

  const referenceDate = req.referenceDate ?? defaultReferenceDate(req.year, req.kind, today);
  if (!isRealIsoDate(referenceDate)) throw invalidAt('referenceDate', `Ngày tính tuổi "${referenceDate}" không phải ngày có thật (viết năm-tháng-ngày, ví dụ ${req.year}-09-01).`);
  if (Number(referenceDate.slice(0, 4)) !== req.year) {
    throw invalidAt('referenceDate', `Ngày tính tuổi ${formatDateVi(referenceDate)} không thuộc năm ${req.year} của đợt: hãy ghi một ngày trong năm ${req.year}.`);
  }
  const unitMapDate = req.mapDate ?? defaultMapDate(referenceDate);
  if (!isRealIsoDate(unitMapDate)) throw invalidAt('mapDate', `Ngày của bản đồ đơn vị hành chính "${unitMapDate}" không phải ngày có thật (viết năm-tháng-ngày, ví dụ 2025-07-01).`);

  const ruleSet = nationalRuleSetOn(ruleSets.all(), referenceDate);
  if (!ruleSet) {
    throw invalidAt(
      'referenceDate',
      `Không có bộ tiêu chí quốc gia nào áp dụng ngày ${formatDateVi(referenceDate)}: hãy nạp bộ tiêu chí của giai đoạn đó (quản trị viên) rồi mở đợt.`,
    );
  }

  const scopeUnitId = office.unitId;
  const scope = sqlite.prepare('SELECT id, code, name, type FROM units WHERE id = ?').get(scopeUnitId) as { id: number; code: string; name: string; type: string };
  const scopeName = unitFullName(scope.type, scope.name);
  const communes = communesInScope(sqlite, scopeUnitId, unitMapDate).length;
  if (communes === 0) {
    throw invalidAt(
      'mapDate',
      `Trên bản đồ đơn vị hành chính ngày ${formatDateVi(unitMapDate)} không có xã nào thuộc ${scopeName}: hãy chọn ngày bản đồ khác (bản đồ mới từ 01/07/2025).`,
    );
  }
  const existing = duplicateRound(sqlite, { year: req.year, kind: req.kind, referenceDate, scopeUnitId });
  if (existing) throw duplicateRoundError(existing);

  const title = cleanText(req.title ?? '').trim() || defaultRoundTitle(req.year, req.kind, referenceDate);
  // An ad hoc round takes only the households with an open request (Mẫu 01 / 04) of its communes.
  const households = !from
    ? 0
    : req.kind === 'adhoc'
      ? (sqlite
          .prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND code IN (SELECT value FROM json_each(?))')
          .pluck()
          .get(from.id, JSON.stringify(openRequestCodes(sqlite, communesInScope(sqlite, scopeUnitId, unitMapDate).map((c) => c.id)))) as number)
      : (sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(from.id) as number);
  return {
    year: req.year,
    kind: req.kind,
    kindName: ROUND_KIND_NAMES[req.kind],
    title,
    referenceDate,
    unitMapDate,
    hasDistrict: hasDistrictLevel(unitMapDate),
    ruleSet: { id: ruleSet.id, title: ruleSet.title, validFrom: ruleSet.validFrom, validTo: ruleSet.validTo },
    scope: { unitId: scope.id, code: scope.code, fullName: scopeName },
    communes,
    from: from ? { roundId: from.id, year: from.year, kind: from.kind, title: from.title, unitMapDate: from.unit_map_date, households } : null,
  };
}

/**
 * Creates a round for the office (issue 11): from nothing, or from an earlier round's households
 * (startRound copies them), with the rule set in force on its reference date and the map of its
 * map date. One write transaction: the plan is checked again inside it.
 * An ad hoc round (rà soát thường xuyên, issue 15) holds only the requesting households: from an
 * earlier round it copies the households with an open request of its communes, nothing else, and
 * those requests are linked to it; more come in as requests are accepted (requests/store.ts).
 */
export function createRoundFor(
  sqlite: BetterSqlite3.Database,
  ruleSets: RuleSets,
  req: RoundRequest,
  actor: string,
  today = todayLocal(),
): RoundCreated {
  return writeTransaction(sqlite, () => {
    const plan = planRound(sqlite, ruleSets, req, today);
    const round = { year: plan.year, kind: plan.kind, title: plan.title, ruleSetId: plan.ruleSet.id, unitMapDate: plan.unitMapDate, referenceDate: plan.referenceDate };
    if (plan.from && plan.kind === 'adhoc') return adhocFrom(sqlite, plan, plan.from.roundId, round, actor);
    if (plan.from) {
      const copied = startRound(sqlite, { ...round, fromRoundId: plan.from.roundId }, actor, ruleSets);
      return { roundId: copied.roundId, households: copied.households, members: copied.members, waiting: copied.waiting, plan };
    }
    const roundId = createRound(sqlite, { ...round, scopeUnitId: plan.scope.unitId }, actor);
    return { roundId, households: 0, members: 0, waiting: 0, plan };
  });
}

/** An ad hoc round started from an earlier one: only the households with an open request are copied (the one copy: copyHouseholds). */
function adhocFrom(
  sqlite: BetterSqlite3.Database,
  plan: RoundPlan,
  fromRoundId: number,
  round: { year: number; kind: RoundKind; title: string; ruleSetId: string; unitMapDate: string; referenceDate: string },
  actor: string,
): RoundCreated {
  const roundId = createRound(sqlite, { ...round, scopeUnitId: plan.scope.unitId }, actor);
  const communeIds = communesInScope(sqlite, plan.scope.unitId, plan.unitMapDate).map((c) => c.id);
  const codes = new Set(openRequestCodes(sqlite, communeIds));
  const requested = new Set(
    (sqlite.prepare('SELECT id, code FROM households WHERE round_id = ?').all(fromRoundId) as { id: number; code: string }[]).filter((h) => codes.has(h.code)).map((h) => h.id),
  );
  // Where each goes on the new round's map (a merged commune's households to their new commune).
  const targets = planCopy(sqlite, fromRoundId, plan.scope.unitId, plan.unitMapDate).targets.filter((t) => requested.has(t.householdId));
  const copied = copyHouseholds(sqlite, fromRoundId, roundId, targets);
  linkOpenRequests(sqlite, roundId, communeIds, [...codes], actor);
  writeAudit(sqlite, [
    { actor, entity: 'round', entityId: roundId, action: 'copy', newValue: { fromRoundId, households: copied.households, members: copied.members, waiting: 0, scopeUnitId: plan.scope.unitId, requestsOnly: true } },
  ]);
  return { roundId, households: copied.households, members: copied.members, waiting: 0, plan };
}
