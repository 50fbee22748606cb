import type { Selectable } from 'kysely';
import type { HouseholdTable } from '../db/schema';
import type BetterSqlite3 from 'better-sqlite3';
import type { FormOutput } from '../../../shared/api/entry';
import type { HouseholdForm, MemberForm } from '../../../shared/entry/form';
import type { EntryWarning } from '../../../shared/entry/warnings';
import { readCauses } from '../households/causes';
import { isLocked } from './locks';
import { flagsFromRow } from '../households/rows';
import { householdNotFound } from '../households/not-found';

const boolOf = (v: number | null): boolean | null => (v === null ? null : v === 1);

/** A households row as stored, with its commune's lock. */
type HouseholdRow = Selectable<HouseholdTable> & { locked: number };

/** The saved warnings of a household. */
export function warningsOf(sqlite: BetterSqlite3.Database, householdId: number): EntryWarning[] {
  return sqlite.prepare('SELECT code, path, message FROM household_warnings WHERE household_id = ? ORDER BY id').all(householdId) as EntryWarning[];
}

/** A stored household as the form it was keyed from. */
export function readForm(sqlite: BetterSqlite3.Database, householdId: number): FormOutput {
  const h = sqlite
    .prepare('SELECT h.*, r.locked FROM households h JOIN rounds r ON r.id = h.round_id WHERE h.id = ?')
    .get(householdId) as HouseholdRow | undefined;
  if (!h) throw householdNotFound(householdId);
  const extra = sqlite.prepare('SELECT * FROM household_entry WHERE household_id = ?').get(householdId) as
    | { current_address: string; reviewer: string; housing_area_m2: number | null; b1_region: string | null; request_kind: 'mau01' | 'mau04' | null; request_received_on: string | null; request_reason: string; id_issued_by: string; score_a_from_items: number }
    | undefined;
  const answers = sqlite.prepare('SELECT * FROM answers WHERE household_id = ?').get(householdId) as
    | { screening: string | null; score_a: number | null; b1_items: string | null; b2: string | null; monthly_income: number | null }
    | undefined;
  const members = (
    sqlite
      .prepare('SELECT m.*, e.id_issued_on FROM members m LEFT JOIN member_entry e ON e.member_id = m.id WHERE m.household_id = ? ORDER BY m.seq')
      .all(householdId) as Record<string, string | number | null>[]
  ).map(
    (m): MemberForm => ({
      id: m.id as number,
      seq: m.seq as number,
      fullName: m.full_name as string,
      sex: m.sex as MemberForm['sex'],
      birthDate: m.birth_date as string | null,
      idNumber: m.id_number as string | null,
      idIssuedOn: m.id_issued_on as string | null,
      relation: m.relation as MemberForm['relation'],
      ethnicity: m.ethnicity as string,
      healthInsurance: boolOf(m.health_insurance as number | null),
      schooling: m.schooling as MemberForm['schooling'],
      education: m.education as MemberForm['education'],
      employment: m.employment as MemberForm['employment'],
      disability: boolOf(m.disability as number | null),
      workingCapacity: boolOf(m.working_capacity as number | null),
      nutrition: m.nutrition as MemberForm['nutrition'],
    }),
  );
  const form: HouseholdForm = {
    code: h.code,
    communeId: h.commune_id,
    villageId: h.village_id,
    address: h.address,
    currentAddress: extra?.current_address ?? '',
    area: h.area,
    flags: flagsFromRow(h),
    request: extra?.request_kind
      ? { kind: extra.request_kind, receivedOn: extra.request_received_on, reason: extra.request_reason, idIssuedBy: extra.id_issued_by }
      : null,
    reviewer: extra?.reviewer ?? '',
    members,
    answers: {
      screening: answers?.screening ? (JSON.parse(answers.screening) as Record<string, boolean | null>) : null,
      // a score summed from the B1 items is not a total written on the paper: it is summed again
      scoreA: extra?.score_a_from_items === 1 ? null : (answers?.score_a ?? null),
      b1Items: answers?.b1_items ? (JSON.parse(answers.b1_items) as Record<string, string>) : null,
      b1Region: extra?.b1_region ?? null,
      b2: answers?.b2 ? (JSON.parse(answers.b2) as Record<string, boolean | null>) : {},
      monthlyIncome: answers?.monthly_income ?? null,
      housingAreaM2: extra?.housing_area_m2 ?? null,
    },
    causes: readCauses(sqlite, householdId),
  };
  return {
    householdId: h.id,
    roundId: h.round_id,
    code: h.code,
    reviewState: h.review_state,
    locked: isLocked(sqlite, { id: h.round_id, locked: h.locked }, h.commune_id),
    form,
    warnings: warningsOf(sqlite, householdId),
    version: h.version,
  };
}
