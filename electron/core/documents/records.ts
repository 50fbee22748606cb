// What a filled-in form prints about a household: this round's record (Mẫu 01 / 04) and last
// round's (Phiếu A / B, which enumerators take to the household to check and correct).
import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { AppError } from '../errors';
import { householdInRound } from '../rounds/matching';
import { inSentence, rowOrNull } from './context';
import { previousRoundId } from './queries';
import { householdNotFound } from '../households/not-found';

export interface MemberRecord {
  fullName: string;
  sex: Member['sex'];
  birthDate: string | null;
  idNumber: string | null;
  idIssuedOn: string | null;
  relation: Member['relation'];
  ethnicity: string;
  employment: Member['employment'];
  schooling: Member['schooling'];
}

export interface HouseholdRecord {
  id: number;
  roundId: number;
  communeId: number;
  code: string;
  headName: string;
  headIdNumber: string | null;
  address: string;
  currentAddress: string;
  village: string;
  /** "ấp An Phú" as written in an address (empty without a village). */
  villageInSentence: string;
  area: 'rural' | 'urban';
  /** Head first, then the roster's order. */
  members: MemberRecord[];
  request: { kind: 'mau01' | 'mau04'; receivedOn: string | null; reason: string; idIssuedBy: string } | null;
}

/** Last round's record of a household, matched as the classification matches history. */
export interface PreviousRecord {
  year: number;
  code: string;
  status: Status | null;
  transition: Transition | null;
  scoreA: number | null;
  scoreB: number | null;
  deprived: string[];
  screening: Record<string, boolean | null> | null;
  b1Items: Record<string, string> | null;
  b1Region: string | null;
  /** Causes of poverty recorded that round (Phiếu B). */
  causes: Cause[];
  /** The commune's recognition decision of that round, when recorded. */
  decision: { number: string; signedOn: string } | null;
}

const json = <T>(text: string | null | undefined): T | null => {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null; // a damaged answer prints as blank rather than failing the form
  }
};

export function householdRecord(sqlite: BetterSqlite3.Database, householdId: number): HouseholdRecord {
  const h = sqlite
    .prepare(
      `SELECT h.id, h.round_id, h.commune_id, h.code, h.head_name, h.head_id_number, h.address, h.area, COALESCE(v.name, '') AS village, COALESCE(v.type, '') AS village_type
       FROM households h LEFT JOIN units v ON v.id = h.village_id WHERE h.id = ?`,
    )
    .get(householdId) as
    | { id: number; round_id: number; commune_id: number; code: string; head_name: string; head_id_number: string | null; address: string; area: 'rural' | 'urban'; village: string; village_type: string }
    | undefined;
  if (!h) throw householdNotFound(householdId);
  const extra = rowOrNull<{ current_address: string; request_kind: 'mau01' | 'mau04' | null; request_received_on: string | null; request_reason: string; id_issued_by: string }>(
    sqlite,
    'SELECT current_address, request_kind, request_received_on, request_reason, id_issued_by FROM household_entry WHERE household_id = ?',
    householdId,
  );
  const members = sqlite
    .prepare(
      `SELECT m.full_name AS fullName, m.sex, m.birth_date AS birthDate, m.id_number AS idNumber, e.id_issued_on AS idIssuedOn,
         m.relation, m.ethnicity, m.employment, m.schooling
       FROM members m LEFT JOIN member_entry e ON e.member_id = m.id
       WHERE m.household_id = ? ORDER BY m.relation != 'head', m.seq`,
    )
    .all(householdId) as MemberRecord[];
  return {
    id: h.id,
    roundId: h.round_id,
    communeId: h.commune_id,
    code: h.code,
    headName: h.head_name,
    headIdNumber: h.head_id_number,
    address: h.address,
    currentAddress: extra?.current_address ?? '',
    village: h.village,
    villageInSentence: h.village ? inSentence({ type: h.village_type, name: h.village }) : '',
    area: h.area,
    members,
    request: extra?.request_kind
      ? { kind: extra.request_kind, receivedOn: extra.request_received_on, reason: extra.request_reason, idIssuedBy: extra.id_issued_by }
      : null,
  };
}

/**
 * The household's record in the previous periodic round, found as every round-to-round match is
 * (rounds/matching.ts). Null in a first round or for a household new this round.
 */
export function previousRecord(sqlite: BetterSqlite3.Database, h: HouseholdRecord): PreviousRecord | null {
  const previous = previousRoundId(sqlite, h.roundId);
  if (previous === null) return null;
  const id = householdInRound(sqlite, previous, h.code, h.headIdNumber);
  if (id === undefined) return null;
  const row = sqlite
    .prepare(
      `SELECT ro.year, p.code, p.commune_id, r.status, r.transition, a.score_a, r.score_b, r.deprived, a.screening, a.b1_items
       FROM households p JOIN rounds ro ON ro.id = p.round_id
       LEFT JOIN results r ON r.household_id = p.id LEFT JOIN answers a ON a.household_id = p.id
       WHERE p.id = ?`,
    )
    .get(id) as {
    year: number;
    code: string;
    commune_id: number;
    status: Status | null;
    transition: Transition | null;
    score_a: number | null;
    score_b: number | null;
    deprived: string | null;
    screening: string | null;
    b1_items: string | null;
  };
  const region = rowOrNull<{ b1_region: string | null }>(sqlite, 'SELECT b1_region FROM household_entry WHERE household_id = ?', id);
  const decision = rowOrNull<{ number: string; signed_on: string }>(
    sqlite,
    'SELECT number, signed_on FROM decisions WHERE round_id = ? AND commune_id = ? ORDER BY signed_on DESC, id DESC LIMIT 1',
    previous,
    row.commune_id,
  );
  const causes = (sqlite.prepare('SELECT cause FROM household_causes WHERE household_id = ?').all(id) as { cause: Cause }[]).map((c) => c.cause);
  return {
    year: row.year,
    code: row.code,
    causes: orderedCauses(causes),
    status: row.status,
    transition: row.transition,
    scoreA: row.score_a,
    scoreB: row.score_b,
    deprived: json<string[]>(row.deprived) ?? [],
    screening: json<Record<string, boolean | null>>(row.screening),
    b1Items: json<Record<string, string>>(row.b1_items),
    b1Region: region?.b1_region ?? null,
    decision: decision ? { number: decision.number, signedOn: decision.signed_on } : null,
  };
}

/**
 * The households a filled-in Phiếu A / B is printed for, in the order of Phụ lục I (village,
 * then head's name): one household, a village's, or the commune's.
 */
export function householdsToPrint(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  communeId: number,
  selection: { householdId: number | null; villageId: number | null },
): number[] {
  if (selection.householdId !== null) {
    const ok = sqlite.prepare('SELECT 1 FROM households WHERE id = ? AND round_id = ? AND commune_id = ?').get(selection.householdId, roundId, communeId);
    if (!ok) throw new AppError('INVALID_INPUT', `Hộ mã số ${selection.householdId} không thuộc xã và đợt rà soát của tài liệu này: hãy chọn lại hộ trong danh sách của xã.`);
    return [selection.householdId];
  }
  if (selection.villageId !== null) {
    const ok = sqlite.prepare("SELECT 1 FROM units WHERE id = ? AND parent_id = ? AND level = 'village'").get(selection.villageId, communeId);
    if (!ok) throw new AppError('INVALID_INPUT', `Thôn, ấp mã số ${selection.villageId} không thuộc xã của tài liệu này: hãy chọn lại thôn, ấp trong danh sách của xã.`);
  }
  return sqlite
    .prepare(
      `SELECT h.id FROM households h LEFT JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.commune_id = ? AND (? IS NULL OR h.village_id = ?)
       ORDER BY v.name_sort, h.head_sort, h.id`,
    )
    .pluck()
    .all(roundId, communeId, selection.villageId, selection.villageId) as number[];
}
