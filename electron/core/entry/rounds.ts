import type BetterSqlite3 from 'better-sqlite3';
import type { ApiParsedInput } from '../../../shared/api/contract';
import type { HouseholdEventRow } from '../../../shared/api/entry';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { invalidAt } from '../errors';
import { memberFromRow, type StoredMemberRow, flagsFromRow } from '../households/rows';
import { insertHouseholds, type NewHousehold } from '../households/write';
import { createRound, getRound, type RoundRow } from '../rounds/rounds';
import { planCopy, recordPending } from '../reform/plan';
import { scopeOnMap } from '../reform/map';
import { getOffice } from '../units/office';
import type { RuleSetRegistry } from '../rulesets/load';
import { assertEditable } from './locks';
import { writeTransaction } from '../db/write-transaction';
import type { HouseholdPlace } from '../db/schema';
import { householdNotFound, householdNotInRound, memberNotInHousehold } from '../households/not-found';

/** Events that take a person out of the household for the next round. */
const LEAVES = ['died', 'moved_out'];

/** A household of the earlier round as copyHouseholds reads it. */
type EarlierHousehold = HouseholdPlace & { status: string | null };

/** Where a household of the earlier round goes in the new one. */
export interface CopyTarget {
  /** The earlier round's household. */
  householdId: number;
  communeId: number;
  villageId: number | null;
}

/**
 * Copies households of an earlier round into a round, each to the commune and village given
 * (the same code, members with their person key, less the members recorded as died or moved out
 * in the earlier round). The one copy: startRound, and the queue of divided communes when a
 * village is assigned (reform/queue.ts). A household whose code the round already has (keyed or
 * imported while it waited) is not copied twice. Returns how many households and members were copied.
 */
export function copyHouseholds(sqlite: BetterSqlite3.Database, fromRoundId: number, toRoundId: number, targets: readonly CopyTarget[]): { households: number; members: number } {
  const read = sqlite.prepare('SELECT h.*, res.status FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.id = ? AND h.round_id = ?');
  const membersOf = sqlite.prepare(
    `SELECT * FROM members m WHERE m.household_id = ? AND NOT EXISTS (
       SELECT 1 FROM household_events e WHERE e.round_id = ? AND e.person_key = m.person_key AND e.kind IN (${LEAVES.map(() => '?').join(', ')}))
     ORDER BY m.seq`,
  );
  const present = sqlite.prepare('SELECT 1 FROM households WHERE round_id = ? AND code = ?').pluck();
  let memberCount = 0;
  const copies: NewHousehold[] = [];
  for (const t of targets) {
    const h = read.get(t.householdId, fromRoundId) as EarlierHousehold | undefined;
    if (!h) throw householdNotInRound('NOT_FOUND', t.householdId, fromRoundId);
    if (present.get(toRoundId, h.code)) continue; // already in the round (keyed or imported while it waited)
    // Each member as stored, key and all (households/rows.ts), renumbered without those who left.
    const members = (membersOf.all(h.id, fromRoundId, ...LEAVES) as StoredMemberRow[]).map((m, i) => {
      memberCount++;
      return { ...memberFromRow(m), seq: i + 1 };
    });
    if (members.length === 0) continue; // everyone left: "khác giảm" of the earlier round
    copies.push({
      code: h.code,
      communeId: t.communeId,
      villageId: t.villageId,
      address: h.address,
      area: h.area,
      flags: flagsFromRow(h),
      reviewState: h.status === 'poor' || h.status === 'near_poor' ? 'listed' : 'not_listed',
      members,
    });
  }
  insertHouseholds(sqlite, toRoundId, copies);
  return { households: copies.length, members: memberCount };
}

/**
 * The unit a new round covers: the office's (units/office.ts); with no office set up, the earlier
 * round's scope on the new round's map (a district of 2024 → its province of 2026: reform/map.ts).
 */
function scopeOfNewRound(sqlite: BetterSqlite3.Database, from: RoundRow, mapDate: string): number {
  const office = getOffice(sqlite);
  if (office) return office.unitId;
  const scope = scopeOnMap(sqlite, from.scope_unit_id, from.unit_map_date, mapDate);
  if (scope === undefined) {
    throw invalidAt('unitMapDate', `Đơn vị của đợt ${from.year} không còn trên bản đồ hành chính ngày ${mapDate} và không tìm được đơn vị mới bao trùm nó: hãy thiết lập đơn vị (xã hoặc tỉnh) của cơ quan trước khi mở đợt.`);
  }
  return scope;
}

/**
 * Year over year: a new round with every household of an earlier one copied (same code,
 * members keep their person key), less the members recorded as died or moved out. Answers and
 * results are not copied: the new round is keyed and classified afresh, and its transitions
 * compare with the earlier results. Nor are the causes of poverty: they belong to the year's
 * Phiếu B like the answers (a household that left poverty has none, one that stays may have new
 * ones), and a copy would put last year's causes in this year's table 10 before anyone asked.
 * Last round's poor and near-poor start "listed".
 *
 * Across the 1/7/2025 reform (the new round's map on or after a unit_map row of the household's
 * old commune): a merged commune's households go to their new commune, each in the village of
 * the new commune named as its old one (reform/map.ts); a divided commune's households go where
 * the officer assigned their village, or wait in the queue (reform_pending: copied when assigned,
 * never dropped), as do households whose new commune is outside the new round's unit.
 */
export function startRound(
  sqlite: BetterSqlite3.Database,
  input: ApiParsedInput<'rounds.start'>,
  actor: string,
  ruleSets: Pick<RuleSetRegistry, 'get' | 'all'>,
): { roundId: number; households: number; members: number; waiting: number } {
  return writeTransaction(sqlite, () => {
    const from = getRound(sqlite, input.fromRoundId);
    assertKnownRuleSet(input.ruleSetId, ruleSets);
    if (input.year <= from.year && input.kind === 'periodic') throw invalidAt('year', `Năm của đợt định kỳ mới (${input.year}) phải sau năm ${from.year} của đợt lấy các hộ: hãy ghi lại năm.`);
    const scopeUnitId = scopeOfNewRound(sqlite, from, input.unitMapDate);
    const roundId = createRound(
      sqlite,
      { year: input.year, kind: input.kind, title: input.title, ruleSetId: input.ruleSetId, unitMapDate: input.unitMapDate, referenceDate: input.referenceDate, scopeUnitId },
      actor,
    );
    const plan = planCopy(sqlite, input.fromRoundId, scopeUnitId, input.unitMapDate);
    const copied = copyHouseholds(sqlite, input.fromRoundId, roundId, plan.targets);
    const waiting = recordPending(sqlite, roundId, input.fromRoundId, plan.pending);
    writeAudit(sqlite, [
      {
        actor,
        entity: 'round',
        entityId: roundId,
        action: 'copy',
        newValue: { fromRoundId: input.fromRoundId, households: copied.households, members: copied.members, waiting, scopeUnitId, villagesMapped: plan.villagesMapped },
      },
    ]);
    return { roundId, households: copied.households, members: copied.members, waiting };
  });
}

/**
 * A new round names a rule set the app has: every screen and job of the round reads it, so a
 * round with an unknown one could be neither keyed, classified nor reported on. The rule sets are
 * the registry's (shipped, or the administrator's copy beside the database).
 */
function assertKnownRuleSet(ruleSetId: string, ruleSets: Pick<RuleSetRegistry, 'get' | 'all'>): void {
  if (ruleSets.get(ruleSetId)) return;
  const known = ruleSets.all().map((r) => `${r.id} «${r.title}»`);
  throw invalidAt(
    'ruleSetId',
    `Bộ tiêu chí "${ruleSetId}" không có trong ứng dụng: chọn một bộ có sẵn${known.length ? ` (${known.join('; ')})` : ''} hoặc nạp bộ tiêu chí đó trước khi mở đợt.`,
  );
}

/** A change of a household's composition, with its date: "khác tăng / khác giảm" in the reports. */
export function recordEvent(sqlite: BetterSqlite3.Database, input: ApiParsedInput<'entry.events.record'>, actor: string): { id: number } {
  return writeTransaction(sqlite, () => {
    const h = sqlite.prepare('SELECT round_id, commune_id FROM households WHERE id = ?').get(input.householdId) as { round_id: number; commune_id: number } | undefined;
    if (!h) throw householdNotFound(input.householdId);
    assertEditable(sqlite, h.round_id, h.commune_id);
    let personKey: string | null = null;
    if (input.memberId !== null) {
      personKey = sqlite.prepare('SELECT person_key FROM members WHERE id = ? AND household_id = ?').pluck().get(input.memberId, input.householdId) as string | null;
      if (!personKey) throw memberNotInHousehold('NOT_FOUND', input.memberId, input.householdId);
    }
    if (LEAVES.includes(input.kind)) {
      if (personKey === null) throw invalidAt('memberId', 'Chọn thành viên chết hoặc chuyển đi.');
      const left = sqlite
        .prepare(`SELECT 1 FROM household_events WHERE round_id = ? AND person_key = ? AND kind IN (${LEAVES.map(() => '?').join(', ')})`)
        .get(h.round_id, personKey, ...LEAVES);
      if (left) throw invalidAt('memberId', 'Thành viên này đã được ghi là chết hoặc chuyển đi trong đợt này.');
    }
    const info = sqlite
      .prepare('INSERT INTO household_events (round_id, household_id, kind, person_key, occurred_on, related_household_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(h.round_id, input.householdId, input.kind, personKey, input.occurredOn, input.relatedHouseholdId, input.note, nowIso());
    const id = Number(info.lastInsertRowid);
    writeAudit(sqlite, [{ actor, entity: 'household', entityId: input.householdId, action: 'event', field: input.kind, newValue: { eventId: id, occurredOn: input.occurredOn, memberId: input.memberId, note: input.note } }]);
    return { id };
  });
}

export function listEvents(sqlite: BetterSqlite3.Database, householdId: number): HouseholdEventRow[] {
  return sqlite
    .prepare(
      `SELECT e.id, e.kind, e.occurred_on AS occurredOn, e.person_key AS personKey,
         m.id AS memberId, m.full_name AS memberName,
         e.related_household_id AS relatedHouseholdId, rh.code AS relatedHouseholdCode, e.note, e.created_at AS createdAt
       FROM household_events e
       LEFT JOIN members m ON m.household_id = e.household_id AND m.person_key = e.person_key
       LEFT JOIN households rh ON rh.id = e.related_household_id
       WHERE e.household_id = ? ORDER BY e.occurred_on, e.id`,
    )
    .all(householdId) as HouseholdEventRow[];
}
