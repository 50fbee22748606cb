// Every question a document asks the database, written once: the documents print these answers
// and the tests compare the PDF text with the same functions (and with hand-written SQL).
import type BetterSqlite3 from 'better-sqlite3';
import { CAUSES } from '../../../shared/domain/causes';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { HouseholdIndex } from '../rounds/matching';
import { communesBefore } from '../reform/map';

/** The twelve indicators in report order (Nghị định 07/2021, Điều 3 khoản 1 điểm b). */
export const INDICATORS = [
  ['employment', 'Việc làm'],
  ['dependants', 'Người phụ thuộc'],
  ['nutrition', 'Dinh dưỡng'],
  ['healthInsurance', 'Bảo hiểm y tế'],
  ['adultEducation', 'Trình độ giáo dục của người lớn'],
  ['childSchooling', 'Tình trạng đi học của trẻ em'],
  ['housingQuality', 'Chất lượng nhà ở'],
  ['housingArea', 'Diện tích nhà ở'],
  ['water', 'Nguồn nước sinh hoạt'],
  ['sanitation', 'Nhà tiêu hợp vệ sinh'],
  ['telecom', 'Dịch vụ viễn thông'],
  ['informationDevices', 'Phương tiện tiếp cận thông tin'],
] as const;

/** The household lists the documents print, by the condition that selects them. */
export const LIST_FILTERS = {
  /**
   * Phụ lục I: the households on the review list, i.e. those the workflow's first step
   * (entry/workflow.ts buildList) did not set aside; households already screened, scored or
   * further along stay on it (shared/domain/review.ts).
   */
  reviewed: "h.review_state != 'not_listed'",
  poor: "r.status = 'poor'",
  near_poor: "r.status = 'near_poor'",
  poor_or_near_poor: "r.status IN ('poor', 'near_poor')",
  escaped_poor: "r.transition IN ('exited_to_near_poor', 'exited_above_near_poor')",
  escaped_near_poor: "r.transition = 'exited_near_poor'",
} as const;
export type ListKind = keyof typeof LIST_FILTERS;

export interface ListRow {
  id: number;
  communeId: number;
  code: string;
  headName: string;
  village: string;
  address: string;
  ethnicity: string;
  headIdNumber: string;
  memberCount: number;
  scoreA: number | null;
  scoreB: number | null;
  deprivationCount: number | null;
  status: Status | null;
  transition: Transition | null;
}

const ids = (communeIds: readonly number[]): string => JSON.stringify(communeIds);
const IN_COMMUNES = 'h.commune_id IN (SELECT value FROM json_each(?))';

/** Households of a list, ordered by village then head name (Vietnamese order). */
export function listRows(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], kind: ListKind): ListRow[] {
  return sqlite
    .prepare(
      `SELECT h.id, h.commune_id AS communeId, h.code, h.head_name AS headName, COALESCE(v.name, '') AS village, h.address,
         COALESCE((SELECT m.ethnicity FROM members m WHERE m.household_id = h.id ORDER BY m.relation != 'head', m.seq LIMIT 1), '') AS ethnicity,
         COALESCE(h.head_id_number, '') AS headIdNumber, h.member_count AS memberCount,
         a.score_a AS scoreA, r.score_b AS scoreB, r.deprivation_count AS deprivationCount, r.status, r.transition
       FROM households h
       LEFT JOIN units v ON v.id = h.village_id
       LEFT JOIN answers a ON a.household_id = h.id
       LEFT JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND ${IN_COMMUNES} AND ${LIST_FILTERS[kind]}
       ORDER BY (SELECT name_sort FROM units c WHERE c.id = h.commune_id), v.name_sort, h.head_sort, h.id`,
    )
    .all(roundId, ids(communeIds)) as ListRow[];
}

/** Households and people of a list. */
export function countList(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], kind: ListKind): { households: number; people: number } {
  return sqlite
    .prepare(
      `SELECT COUNT(*) AS households, COALESCE(SUM(h.member_count), 0) AS people
       FROM households h LEFT JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND ${IN_COMMUNES} AND ${LIST_FILTERS[kind]}`,
    )
    .get(roundId, ids(communeIds)) as { households: number; people: number };
}

export interface PersonRow {
  householdId: number;
  householdSeq: number;
  headName: string;
  fullName: string;
  relation: string;
  birthDate: string | null;
  sex: 'male' | 'female';
  idNumber: string;
  ethnicity: string;
  village: string;
  communeCode: string;
  communeName: string;
  status: Status;
  scoreA: number | null;
  scoreB: number | null;
  memberCount: number;
}

/** One row per person of the poor and near-poor households, head first (the population-database list). */
export function personRows(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): PersonRow[] {
  return sqlite
    .prepare(
      `SELECT h.id AS householdId, 0 AS householdSeq, h.head_name AS headName, m.full_name AS fullName, m.relation,
         m.birth_date AS birthDate, m.sex, COALESCE(m.id_number, '') AS idNumber, m.ethnicity,
         COALESCE(v.name, '') AS village, c.code AS communeCode, c.name AS communeName, r.status,
         a.score_a AS scoreA, r.score_b AS scoreB, h.member_count AS memberCount
       FROM households h
       JOIN results r ON r.household_id = h.id
       JOIN members m ON m.household_id = h.id
       JOIN units c ON c.id = h.commune_id
       LEFT JOIN units v ON v.id = h.village_id
       LEFT JOIN answers a ON a.household_id = h.id
       WHERE h.round_id = ? AND ${IN_COMMUNES} AND ${LIST_FILTERS.poor_or_near_poor}
       ORDER BY c.name_sort, v.name_sort, h.head_sort, h.id, m.relation != 'head', m.seq`,
    )
    .all(roundId, ids(communeIds)) as PersonRow[];
}

/** Numbers households 1, 2, 3… in the order given (persons of the same household share it). */
export function numberHouseholds(rows: PersonRow[]): PersonRow[] {
  let seq = 0;
  let last = -1;
  for (const row of rows) {
    if (row.householdId !== last) seq += 1;
    last = row.householdId;
    row.householdSeq = seq;
  }
  return rows;
}

// ----- Report tables (Thông tư 07/2021, Phụ lục VII; 7.8–7.10 as replaced by Thông tư 02/2022) -----

/** One figure per commune; the report adds the total row. */
export type Figures = Map<number, number[]>;

function grouped(sqlite: BetterSqlite3.Database, sql: string, params: unknown[], width: number, communeIds: readonly number[]): Figures {
  const out: Figures = new Map(communeIds.map((id) => [id, new Array<number>(width).fill(0)]));
  for (const row of sqlite.prepare(sql).raw(true).all(...params) as number[][]) {
    const [communeId, ...values] = row;
    out.set(communeId!, values.map((v) => Number(v ?? 0)));
  }
  return out;
}

/** Table 1: households, people; poor, near-poor, middle-income households and people. */
export function table1(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  return grouped(
    sqlite,
    `SELECT h.commune_id, COUNT(*), SUM(h.member_count),
       SUM(r.status = 'poor'), SUM(r.status = 'near_poor'), SUM(r.status = 'middle_income'),
       SUM(CASE WHEN r.status = 'poor' THEN h.member_count ELSE 0 END),
       SUM(CASE WHEN r.status = 'near_poor' THEN h.member_count ELSE 0 END),
       SUM(CASE WHEN r.status = 'middle_income' THEN h.member_count ELSE 0 END)
     FROM households h LEFT JOIN results r ON r.household_id = h.id
     WHERE h.round_id = ? AND ${IN_COMMUNES} GROUP BY h.commune_id`,
    [roundId, ids(communeIds)],
    8,
    communeIds,
  );
}

/** The periodic round before this one (for the start-of-period counts), or null. */
export function previousRoundId(sqlite: BetterSqlite3.Database, roundId: number): number | null {
  const row = sqlite
    .prepare(
      `SELECT p.id FROM rounds p, rounds c WHERE c.id = ? AND p.year < c.year AND p.kind = 'periodic'
       ORDER BY p.year DESC LIMIT 1`,
    )
    .get(roundId) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Where each row of tables 2 and 3 comes from (the column numbers of the template, 1–9). */
const START = 0;
const EXIT_A = 1;
const EXIT_B = 2;
const OTHER_DECREASE = 3;
const CAME_IN = 4;
const FELL_BACK = 5;
const NEW = 6;
const OTHER_INCREASE = 7;
const END = 8;
/** Figures of a commune in tables 2 and 3: the nine households, then the nine people. */
export const TRANSITION_WIDTH = 9;

type PovertyClass = 'poor' | 'near_poor';
const POVERTY_CLASSES: readonly PovertyClass[] = ['poor', 'near_poor'];
/** Per class: the transitions that leave it for the other class or above near-poor, and the one that comes in from the other class. */
const FLOWS: Record<PovertyClass, { exitA: Transition; exitB: Transition; cameIn: Transition }> = {
  poor: { exitA: 'exited_to_near_poor', exitB: 'exited_above_near_poor', cameIn: 'near_poor_to_poor' },
  near_poor: { exitA: 'near_poor_to_poor', exitB: 'exited_near_poor', cameIn: 'exited_to_near_poor' },
};

interface Before {
  /** This round's commune with the same unit code (the map may differ between rounds), or null outside the scope. */
  communeId: number | null;
  status: Status | null;
  members: number;
  matched: boolean;
}

/**
 * Tables 2 and 3 (diễn biến) of the poor and of the near-poor, in one pass. Per commune,
 * households in figures 0–8 and people in 9–17, in the template's columns: 1 start; 2, 3 exits
 * (to the other class, above near-poor); 4 other decreases; 5 the other class's households that
 * came in; 6 fell back; 7 new; 8 other increases (no earlier record: moved in, split off); 9 end.
 *
 * A household is tied to its record of the previous periodic round as the classification ties
 * them (HouseholdIndex: code, else the head's ID number). Households of the class then that have
 * no household now are "khác giảm". People are counted from the rosters: those leaving (2, 3, 4)
 * and the start with the previous round's member count, those coming in (5–8) and the end with
 * this round's; a household that stays in the class puts its change of size into 4 (fewer:
 * members died or moved out) or 8 (more: born, married or moved in). With no previous record to
 * compare (no earlier periodic round) its size counts as unchanged. So for households and for
 * people alike, 9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8 by construction (and tested).
 */
/**
 * Each commune of the previous round as one of this round's communes (reform/map.ts
 * communesBefore: itself, the same code, or the old communes that became it on 1/7/2025). An old
 * commune divided between two of them maps to neither: its households count where each went.
 */
function previousCommunesMapped(sqlite: BetterSqlite3.Database, communeIds: readonly number[]): Map<number, number | null> {
  const out = new Map<number, number | null>();
  for (const cur of communeIds) {
    for (const old of communesBefore(sqlite, cur)) out.set(old, out.has(old) && out.get(old) !== cur ? null : cur);
  }
  return out;
}

export function transitionTables(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Record<PovertyClass, Figures> {
  const out = { poor: new Map(), near_poor: new Map() } as Record<PovertyClass, Figures>;
  for (const of of POVERTY_CLASSES) for (const id of communeIds) out[of].set(id, new Array<number>(2 * TRANSITION_WIDTH).fill(0));
  const add = (of: PovertyClass, communeId: number, column: number, people: number, households = 1): void => {
    const f = out[of].get(communeId)!;
    f[column]! += households;
    f[TRANSITION_WIDTH + column]! += people;
  };

  // The previous round's households, filed by code and head (its communes mapped to this round's).
  const previous = previousRoundId(sqlite, roundId);
  const before = new HouseholdIndex<Before>();
  const befores: Before[] = [];
  if (previous !== null) {
    const communeOf = previousCommunesMapped(sqlite, communeIds);
    const rows = sqlite
      .prepare(
        `SELECT p.code, p.head_id_number, p.commune_id, pr.status, p.member_count FROM households p
         LEFT JOIN results pr ON pr.household_id = p.id WHERE p.round_id = ?`,
      )
      .raw(true)
      .all(previous) as [string, string | null, number, Status | null, number][];
    for (const [code, head, communeId, status, members] of rows) {
      const b: Before = { communeId: communeOf.get(communeId) ?? null, status, members, matched: false };
      before.add(code, head, b);
      befores.push(b);
    }
  }

  // Every household of the round is matched (one in another commune still accounts for its record).
  const inScope = new Set(communeIds);
  const current = sqlite
    .prepare(
      `SELECT h.commune_id, h.code, h.head_id_number, h.member_count, r.status, r.transition
       FROM households h LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ?`,
    )
    .raw(true)
    .all(roundId) as [number, string, string | null, number, Status | null, Transition | null][];
  for (const [communeId, code, head, members, status, transition] of current) {
    const earlier = before.find(code, head)?.[0];
    if (earlier) earlier.matched = true;
    if (!inScope.has(communeId) || status === null) continue;
    const was = earlier?.members ?? members;
    for (const of of POVERTY_CLASSES) {
      const { exitA, exitB, cameIn } = FLOWS[of];
      if (transition === exitA || transition === exitB) {
        add(of, communeId, START, was);
        add(of, communeId, transition === exitA ? EXIT_A : EXIT_B, was);
        continue;
      }
      if (status !== of) continue;
      add(of, communeId, END, members);
      if (transition === 'same') {
        add(of, communeId, START, was);
        if (members < was) add(of, communeId, OTHER_DECREASE, was - members, 0);
        if (members > was) add(of, communeId, OTHER_INCREASE, members - was, 0);
      } else if (transition === cameIn) add(of, communeId, CAME_IN, members);
      else if (transition === 'fell_back') add(of, communeId, FELL_BACK, members);
      else if (transition === 'new') add(of, communeId, NEW, members);
      else add(of, communeId, OTHER_INCREASE, members); // no earlier record
    }
  }
  // The class's households of the previous round that no household of this round continues.
  for (const b of befores) {
    if (b.matched || b.communeId === null || (b.status !== 'poor' && b.status !== 'near_poor')) continue;
    add(b.status, b.communeId, START, b.members);
    add(b.status, b.communeId, OTHER_DECREASE, b.members);
  }
  return out;
}

/** Table 2 (poor) or 3 (near-poor) alone; see transitionTables. */
export function transitionTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], of: PovertyClass): Figures {
  return transitionTables(sqlite, roundId, communeIds)[of];
}

/** Tables 4–7: households of the class, total deprivations, then the count per indicator. */
export function deprivationTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], of: 'poor' | 'near_poor'): Figures {
  const perIndicator = INDICATORS.map(([id]) => `SUM(EXISTS (SELECT 1 FROM json_each(r.deprived) d WHERE d.value = '${id}'))`).join(', ');
  return grouped(
    sqlite,
    `SELECT h.commune_id, COUNT(*), COALESCE(SUM(r.deprivation_count), 0), ${perIndicator}
     FROM households h JOIN results r ON r.household_id = h.id
     WHERE h.round_id = ? AND ${IN_COMMUNES} AND r.status = '${of}' GROUP BY h.commune_id`,
    [roundId, ids(communeIds)],
    2 + INDICATORS.length,
    communeIds,
  );
}

/** Table 8: per class, total, ethnic minority, no working capacity, person with merit, none of these. */
export function groupTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  const part = (s: string): string =>
    `SUM(r.status = '${s}'), SUM(r.status = '${s}' AND h.ethnic_minority = 1), SUM(r.status = '${s}' AND h.no_working_capacity = 1),
     SUM(r.status = '${s}' AND h.merit_person = 1),
     SUM(r.status = '${s}' AND h.ethnic_minority = 0 AND h.no_working_capacity = 0 AND h.merit_person = 0)`;
  return grouped(
    sqlite,
    `SELECT h.commune_id, ${part('poor')}, ${part('near_poor')}
     FROM households h JOIN results r ON r.household_id = h.id
     WHERE h.round_id = ? AND ${IN_COMMUNES} GROUP BY h.commune_id`,
    [roundId, ids(communeIds)],
    10,
    communeIds,
  );
}

const HEAD_ETHNICITY = "(SELECT m.ethnicity FROM members m WHERE m.household_id = h.id ORDER BY m.relation != 'head', m.seq LIMIT 1)";

/**
 * The minority groups with their own column in table 9: those present among the round's poor and
 * near-poor heads (province-specific in practice; An Giang: Khmer, Chăm, Hoa), most frequent first.
 */
export function ethnicColumns(sqlite: BetterSqlite3.Database, roundId: number, max = 5): string[] {
  return (
    sqlite
      .prepare(
        `SELECT e FROM (SELECT ${HEAD_ETHNICITY} AS e FROM households h JOIN results r ON r.household_id = h.id
         WHERE h.round_id = ? AND r.status IN ('poor', 'near_poor'))
         WHERE e IS NOT NULL AND e != '' AND e != 'Kinh' GROUP BY e ORDER BY COUNT(*) DESC, e LIMIT ?`,
      )
      .raw(true)
      .all(roundId, max) as [string][]
  ).map(([e]) => e);
}

/** Table 9: per class, total, Kinh, all minorities, each minority column, other minorities. */
export function ethnicTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], columns: readonly string[]): Figures {
  const part = (s: string): string =>
    [
      `SUM(status = '${s}')`,
      `SUM(status = '${s}' AND e = 'Kinh')`,
      `SUM(status = '${s}' AND e != 'Kinh')`,
      ...columns.map((c) => `SUM(status = '${s}' AND e = ${sqlString(c)})`),
      `SUM(status = '${s}' AND e != 'Kinh' AND e NOT IN (${columns.map(sqlString).join(', ') || "''"}))`,
    ].join(', ');
  return grouped(
    sqlite,
    `SELECT commune_id, ${part('poor')}, ${part('near_poor')} FROM (
       SELECT h.commune_id, r.status, COALESCE(${HEAD_ETHNICITY}, '') AS e
       FROM households h JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND ${IN_COMMUNES}) GROUP BY commune_id`,
    [roundId, ids(communeIds)],
    2 * (4 + columns.length),
    communeIds,
  );
}

const sqlString = (s: string): string => `'${s.replace(/'/gu, "''")}'`;

/**
 * Table 11: children under 16 on the round's reference date in poor / near-poor households:
 * number, malnourished, without health insurance, aged 3–15 not attending school (the child
 * indicators of Nghị định 07/2021 with the ages of the rule set).
 */
export function childTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  const part = (s: string): string =>
    `SUM(status = '${s}'), SUM(status = '${s}' AND nutrition IN ('stunted', 'underweight')),
     SUM(status = '${s}' AND health_insurance = 0), SUM(status = '${s}' AND age >= 3 AND schooling = 'not_attending')`;
  return grouped(
    sqlite,
    `SELECT commune_id, ${part('poor')}, ${part('near_poor')} FROM (
       SELECT h.commune_id, r.status, m.nutrition, m.health_insurance, m.schooling,
         CAST(strftime('%Y', ro.reference_date) AS INTEGER) - CAST(substr(m.birth_date, 1, 4) AS INTEGER)
           - (CASE WHEN length(m.birth_date) = 10 AND substr(m.birth_date, 6) > substr(ro.reference_date, 6) THEN 1 ELSE 0 END) AS age
       FROM households h JOIN results r ON r.household_id = h.id JOIN members m ON m.household_id = h.id
       JOIN rounds ro ON ro.id = h.round_id
       WHERE h.round_id = ? AND ${IN_COMMUNES} AND r.status IN ('poor', 'near_poor') AND m.birth_date IS NOT NULL)
     WHERE age < 16 GROUP BY commune_id`,
    [roundId, ids(communeIds)],
    8,
    communeIds,
  );
}

/**
 * Table 10: per class (poor, then near-poor), the households, then the households with each cause
 * of poverty in the catalogue's order (a household with several causes counts under each).
 */
export function causeTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  const part = (s: string): string =>
    [
      `SUM(r.status = '${s}')`,
      ...CAUSES.map((c) => `SUM(r.status = '${s}' AND EXISTS (SELECT 1 FROM household_causes hc WHERE hc.household_id = h.id AND hc.cause = '${c}'))`),
    ].join(', ');
  return grouped(
    sqlite,
    `SELECT h.commune_id, ${part('poor')}, ${part('near_poor')}
     FROM households h JOIN results r ON r.household_id = h.id
     WHERE h.round_id = ? AND ${IN_COMMUNES} AND r.status IN ('poor', 'near_poor') GROUP BY h.commune_id`,
    [roundId, ids(communeIds)],
    2 * (1 + CAUSES.length),
    communeIds,
  );
}

/** Sum of the communes' figures (the bold total row). */
export function totalOf(figures: Figures): number[] {
  const rows = [...figures.values()];
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, i) => rows.reduce((s, r) => s + (r[i] ?? 0), 0));
}

/** Villages of a commune on the round's map, in Vietnamese order. */
export function villagesOf(sqlite: BetterSqlite3.Database, communeId: number, date: string): { id: number; name: string; type: string }[] {
  return sqlite
    .prepare(
      `SELECT id, name, type FROM units WHERE parent_id = ? AND level = 'village'
       AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY name_sort`,
    )
    .all(communeId, date, date) as { id: number; name: string; type: string }[];
}

/** Households and people of a list in one village (the meeting minutes' result lists). */
export function countVillage(sqlite: BetterSqlite3.Database, roundId: number, villageId: number, kind: ListKind): { households: number; people: number } {
  return sqlite
    .prepare(
      `SELECT COUNT(*) AS households, COALESCE(SUM(h.member_count), 0) AS people
       FROM households h LEFT JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND h.village_id = ? AND ${LIST_FILTERS[kind]}`,
    )
    .get(roundId, villageId) as { households: number; people: number };
}
