// Every question a document asks the database, written once: the documents print these answers
// and the tests compare the PDF text with the same functions (and with hand-written SQL).
import { householdInRoundSql } from '../rounds/matching';
import type BetterSqlite3 from 'better-sqlite3';
import { CAUSES } from '../../../shared/domain/causes';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { communesBefore } from '../reform/map';

/**
 * The twelve indicators of Nghị định 07/2021 (Điều 3 khoản 1 điểm b) in report order, with the
 * short titles of the report's columns: the default when a round's rule set is not at hand.
 */
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
/** The ids of INDICATORS: the indicator columns of tables 4–7 when no rule set names them. */
export const INDICATOR_IDS: readonly string[] = INDICATORS.map(([id]) => id);

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

/** A household as every printed list shows it: who, where, its head's ethnicity and ID, how many people. */
export interface HouseholdListRow {
  id: number;
  code: string;
  headName: string;
  village: string;
  address: string;
  ethnicity: string;
  headIdNumber: string;
  memberCount: number;
}

/**
 * The SELECT columns of a HouseholdListRow, over `households h LEFT JOIN units v ON v.id = h.village_id`
 * (the ethnicity is the head's, else the first member's).
 */
export const HOUSEHOLD_LIST_COLUMNS = `h.id, h.code, h.head_name AS headName, COALESCE(v.name, '') AS village, h.address,
         COALESCE((SELECT m.ethnicity FROM members m WHERE m.household_id = h.id ORDER BY m.relation != 'head', m.seq LIMIT 1), '') AS ethnicity,
         COALESCE(h.head_id_number, '') AS headIdNumber, h.member_count AS memberCount`;

export interface ListRow extends HouseholdListRow {
  communeId: number;
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
      `SELECT ${HOUSEHOLD_LIST_COLUMNS}, h.commune_id AS communeId,
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
  communeId: number;
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
         COALESCE(v.name, '') AS village, h.commune_id AS communeId, c.code AS communeCode, c.name AS communeName, r.status,
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

export interface CommuneDecision {
  number: string | null;
  signedOn: string | null;
}

/**
 * Each commune's recognition decision of the round (the last one recorded), for the lists that
 * span several communes: a province's or a district's population-database list carries, on each
 * household, the decision of its own commune.
 */
export function communeDecisions(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Map<number, CommuneDecision> {
  const rows = sqlite
    .prepare(`SELECT commune_id AS communeId, number, signed_on AS signedOn FROM decisions h WHERE round_id = ? AND ${IN_COMMUNES} ORDER BY id`) // h: the alias IN_COMMUNES names
    .all(roundId, ids(communeIds)) as (CommuneDecision & { communeId: number })[];
  return new Map(rows.map((r) => [r.communeId, { number: r.number, signedOn: r.signedOn }]));
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
//
// All eleven tables come from a few grouped passes over the round (reportFigures), never one
// query per commune or per cell and no JS work per household: the households a table counts are
// reached through the index of their results (results_round_status: the poor, the near-poor, the
// middle-income and those that left a class — a few in ten of the round), in household order, and
// every per-household value (the record of last round, the head's ethnicity, the deprivations,
// the causes) is computed once in SQL, summed per commune, class and transition. The JS below
// only turns those few hundred grouped rows into the template's columns. Table 1's totals of
// households and people are household_counts' (migration 6, exact by triggers).

/** One figure per commune; the report adds the total row. */
export type Figures = Map<number, number[]>;

const emptyFigures = (communeIds: readonly number[], width: number): Figures => new Map(communeIds.map((id) => [id, new Array<number>(width).fill(0)]));

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
const EXITS: readonly Transition[] = [...new Set(POVERTY_CLASSES.flatMap((c) => [FLOWS[c].exitA, FLOWS[c].exitB]))];

const sqlString = (s: string): string => `'${s.replace(/'/gu, "''")}'`;
const sqlList = (xs: readonly string[]): string => xs.map(sqlString).join(', ');

/**
 * SQL: the id of household `h`'s record in round $previous by the matching rule of
 * rounds/matching.ts (HouseholdIndex, householdInRound): by its code, else by its head's ID number
 * (the first such household); NULL when none (or no previous round).
 */
const recordInPrevious = (h: string): string => householdInRoundSql(h, '$previous');

/** The head's ethnicity (report table 9, the lists): the member marked head, else the first member. */
const HEAD_ETHNICITY = "(SELECT m.ethnicity FROM members m WHERE m.household_id = h.id ORDER BY m.relation != 'head', m.seq LIMIT 1)";

/** A set of values as a bit mask: `value` (an SQL expression over the rows of `from`) as bit i of `values`. */
const maskOf = (values: readonly string[], value: string, from: string): string =>
  `(SELECT SUM(DISTINCT CASE ${value} ${values.map((v, i) => `WHEN ${sqlString(v)} THEN ${2 ** i}`).join(' ')} END) FROM ${from})`;
const bitSums = (mask: string, n: number): string => Array.from({ length: n }, (_, i) => `SUM((${mask} >> ${i}) & 1)`).join(', ');

/**
 * How a pass reaches the households of some communes of a round: through the results of the whole
 * round in household order (a province, a district: most of the round), or through the households
 * of the communes (a commune of a large round). Households `h` and their results `r` (aliases as
 * given), the round and the communes (a JSON array) as the named parameters given; the WHERE
 * clause is left open for the pass's own conditions.
 */
function driving(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  communeIds: readonly number[],
  { h = 'h', r = 'r', round = '$round', communes = '$communes' } = {},
): { from: string; where: string } {
  const [all = 0, scope = 0] = sqlite
    .prepare(`SELECT COALESCE(SUM(households), 0), COALESCE(SUM(CASE WHEN commune_id IN (SELECT value FROM json_each(?)) THEN households END), 0) FROM household_counts WHERE round_id = ?`)
    .raw(true)
    .get(ids(communeIds), roundId) as [number, number];
  const where = `${h}.round_id = ${round} AND ${r}.round_id = ${round} AND ${h}.commune_id IN (SELECT value FROM json_each(${communes}))`;
  return 4 * scope >= all
    ? { from: `results ${r} CROSS JOIN households ${h} ON ${h}.id = ${r}.household_id`, where }
    : { from: `households ${h} CROSS JOIN results ${r} ON ${r}.household_id = ${h}.id`, where };
}

/** A group of the round's households with a result: their commune, class, transition and head's ethnicity (the poor and near-poor only). */
interface HouseholdGroup {
  commune: number;
  status: Status;
  transition: Transition | null;
  ethnicity: string | null;
  households: number;
  members: number;
  /** Members of their records last round (this round's when none), and the sums of the decreases and increases of size. */
  wasMembers: number;
  decrease: number;
  increase: number;
  ethnicMinority: number;
  noWorkingCapacity: number;
  meritPerson: number;
  noneOfThese: number;
  deprivations: number;
  perIndicator: number[];
  perCause: number[];
}

/**
 * The one pass over the round's households for tables 1–10: the poor, the near-poor, the
 * middle-income, and the households that left a class (tables 2, 3), grouped by commune, class,
 * transition and the head's ethnicity.
 */
function householdGroups(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], indicatorIds: readonly string[]): HouseholdGroup[] {
  const { from, where } = driving(sqlite, roundId, communeIds);
  const poorOrNear = `r.status IN (${sqlList(POVERTY_CLASSES)})`;
  const inTransitions = `(${poorOrNear} OR r.transition IN (${sqlList(EXITS)}))`;
  const rows = sqlite
    .prepare(
      `WITH x AS MATERIALIZED (
         SELECT h.commune_id AS commune, r.status, r.transition, h.member_count AS members,
           CASE WHEN ${inTransitions} THEN COALESCE((SELECT pw.member_count FROM households pw WHERE pw.id = ${recordInPrevious('h')}), h.member_count) END AS was,
           CASE WHEN ${poorOrNear} THEN COALESCE(${HEAD_ETHNICITY}, '') END AS e,
           CASE WHEN ${poorOrNear} THEN h.ethnic_minority END AS em,
           CASE WHEN ${poorOrNear} THEN h.no_working_capacity END AS nw,
           CASE WHEN ${poorOrNear} THEN h.merit_person END AS mp,
           CASE WHEN ${poorOrNear} THEN r.deprivation_count END AS dc,
           CASE WHEN ${poorOrNear} THEN ${maskOf(
             indicatorIds,
             'd.value',
             'json_each(r.deprived) d',
           )} END AS dm,
           CASE WHEN ${poorOrNear} THEN ${maskOf(CAUSES, 'hc.cause', 'household_causes hc WHERE hc.household_id = h.id')} END AS cm
         FROM ${from}
         WHERE ${where} AND (r.status IN (${sqlList(['poor', 'near_poor', 'middle_income'])}) OR (r.status = 'neither' AND r.transition IN (${sqlList(EXITS)}))))
       SELECT commune, status, transition, e, COUNT(*), SUM(members), SUM(was), SUM(MAX(was - members, 0)), SUM(MAX(members - was, 0)),
         SUM(em), SUM(nw), SUM(mp), SUM(em = 0 AND nw = 0 AND mp = 0), SUM(dc), ${bitSums('dm', indicatorIds.length)}, ${bitSums('cm', CAUSES.length)}
       FROM x GROUP BY commune, status, transition, e`,
    )
    .raw(true)
    .all({ round: roundId, previous: previousRoundId(sqlite, roundId), communes: ids(communeIds) }) as unknown[][];
  return rows.map((row) => {
    const [commune, status, transition, ethnicity, ...v] = row as [number, Status, Transition | null, string | null, ...(number | null)[]];
    const n = v.map((x) => Number(x ?? 0));
    return {
      commune,
      status,
      transition,
      ethnicity,
      households: n[0]!,
      members: n[1]!,
      wasMembers: n[2]!,
      decrease: n[3]!,
      increase: n[4]!,
      ethnicMinority: n[5]!,
      noWorkingCapacity: n[6]!,
      meritPerson: n[7]!,
      noneOfThese: n[8]!,
      deprivations: n[9]!,
      perIndicator: n.slice(10, 10 + indicatorIds.length),
      perCause: n.slice(10 + indicatorIds.length, 10 + indicatorIds.length + CAUSES.length),
    };
  });
}

/** Table 1 from household_counts (all households and people) and the groups (each class's). */
function table1Of(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], groups: readonly HouseholdGroup[]): Figures {
  const out = emptyFigures(communeIds, 8);
  const counts = sqlite
    .prepare(
      `SELECT commune_id, SUM(households), SUM(members) FROM household_counts
       WHERE round_id = ? AND commune_id IN (SELECT value FROM json_each(?)) GROUP BY commune_id`,
    )
    .raw(true)
    .all(roundId, ids(communeIds)) as [number, number, number][];
  for (const [commune, households, members] of counts) {
    const f = out.get(commune)!;
    f[0] = households;
    f[1] = members;
  }
  const column = { poor: 0, near_poor: 1, middle_income: 2 } as Partial<Record<Status, number>>;
  for (const g of groups) {
    const k = column[g.status];
    if (k === undefined) continue;
    const f = out.get(g.commune)!;
    f[2 + k]! += g.households;
    f[5 + k]! += g.members;
  }
  return out;
}

/** Table 1: households, people; poor, near-poor, middle-income households and people. */
export function table1(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  return table1Of(sqlite, roundId, communeIds, householdGroups(sqlite, roundId, communeIds, INDICATOR_IDS));
}

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

/**
 * Tables 2 and 3 (diễn biến) of the poor and of the near-poor. Per commune, households in figures
 * 0–8 and people in 9–17, in the template's columns: 1 start; 2, 3 exits (to the other class,
 * above near-poor); 4 other decreases; 5 the other class's households that came in; 6 fell back;
 * 7 new; 8 other increases (no earlier record: moved in, split off); 9 end.
 *
 * A household is tied to its record of the previous periodic round as the classification ties
 * them (rounds/matching.ts: code, else the head's ID number). Households of the class then that
 * no household of this round continues (in any commune) are "khác giảm". People are counted from
 * the rosters: those leaving (2, 3, 4) and the start with the previous round's member count, those
 * coming in (5–8) and the end with this round's; a household that stays in the class puts its
 * change of size into 4 (fewer: members died or moved out) or 8 (more: born, married or moved in).
 * With no previous record to compare (no earlier periodic round) its size counts as unchanged. So
 * for households and for people alike, 9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8 by construction (and tested).
 */
function transitionsOf(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], groups: readonly HouseholdGroup[]): Record<PovertyClass, Figures> {
  const out: Record<PovertyClass, Figures> = { poor: emptyFigures(communeIds, 2 * TRANSITION_WIDTH), near_poor: emptyFigures(communeIds, 2 * TRANSITION_WIDTH) };
  const add = (of: PovertyClass, communeId: number, column: number, people: number, households: number): void => {
    const f = out[of].get(communeId)!;
    f[column]! += households;
    f[TRANSITION_WIDTH + column]! += people;
  };
  for (const g of groups) {
    for (const of of POVERTY_CLASSES) {
      const { exitA, exitB, cameIn } = FLOWS[of];
      if (g.transition === exitA || g.transition === exitB) {
        add(of, g.commune, START, g.wasMembers, g.households);
        add(of, g.commune, g.transition === exitA ? EXIT_A : EXIT_B, g.wasMembers, g.households);
        continue;
      }
      if (g.status !== of) continue;
      add(of, g.commune, END, g.members, g.households);
      if (g.transition === 'same') {
        add(of, g.commune, START, g.wasMembers, g.households);
        add(of, g.commune, OTHER_DECREASE, g.decrease, 0);
        add(of, g.commune, OTHER_INCREASE, g.increase, 0);
      } else if (g.transition === cameIn) add(of, g.commune, CAME_IN, g.members, g.households);
      else if (g.transition === 'fell_back') add(of, g.commune, FELL_BACK, g.members, g.households);
      else if (g.transition === 'new') add(of, g.commune, NEW, g.members, g.households);
      else add(of, g.commune, OTHER_INCREASE, g.members, g.households); // no earlier record
    }
  }
  // The class's households of the previous round that no household of this round continues, by their commune then.
  const previous = previousRoundId(sqlite, roundId);
  if (previous !== null) {
    const communeOf = previousCommunesMapped(sqlite, communeIds);
    const olds = [...communeOf.keys()];
    const { from, where } = driving(sqlite, previous, olds, { h: 'p', r: 'pr', round: '$previous', communes: '$olds' });
    const left = sqlite
      .prepare(
        `SELECT p.commune_id, pr.status, COUNT(*), SUM(p.member_count) FROM ${from}
         WHERE ${where} AND pr.status IN (${sqlList(POVERTY_CLASSES)})
           AND NOT EXISTS (SELECT 1 FROM households h WHERE h.round_id = $round AND h.code = p.code AND ${recordInPrevious('h')} = p.id)
           AND NOT EXISTS (SELECT 1 FROM households h WHERE h.head_id_number = p.head_id_number AND +h.round_id = $round AND ${recordInPrevious('h')} = p.id)
         GROUP BY p.commune_id, pr.status`,
      )
      .raw(true)
      .all({ round: roundId, previous, olds: ids(olds) }) as [number, PovertyClass, number, number][];
    for (const [oldCommune, status, households, members] of left) {
      const communeId = communeOf.get(oldCommune) ?? null;
      if (communeId === null) continue;
      add(status, communeId, START, members, households);
      add(status, communeId, OTHER_DECREASE, members, households);
    }
  }
  return out;
}

export function transitionTables(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Record<PovertyClass, Figures> {
  return transitionsOf(sqlite, roundId, communeIds, householdGroups(sqlite, roundId, communeIds, INDICATOR_IDS));
}

/** Table 2 (poor) or 3 (near-poor) alone; see transitionTables. */
export function transitionTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], of: PovertyClass): Figures {
  return transitionTables(sqlite, roundId, communeIds)[of];
}

/** Per commune, the sum over the groups of the class of `values` (a group's figures, all the same width). */
function summed(communeIds: readonly number[], groups: readonly HouseholdGroup[], width: number, values: (g: HouseholdGroup) => number[] | null): Figures {
  const out = emptyFigures(communeIds, width);
  for (const g of groups) {
    const v = values(g);
    if (!v) continue;
    const f = out.get(g.commune)!;
    v.forEach((x, i) => (f[i]! += x));
  }
  return out;
}

/** Tables 4–7: households of the class, total deprivations, then the count per indicator (of `indicatorIds`, in order). */
const deprivationOf = (communeIds: readonly number[], groups: readonly HouseholdGroup[], of: PovertyClass, indicatorIds: readonly string[]): Figures =>
  summed(communeIds, groups, 2 + indicatorIds.length, (g) => (g.status === of ? [g.households, g.deprivations, ...g.perIndicator] : null));

export function deprivationTable(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  communeIds: readonly number[],
  of: PovertyClass,
  indicatorIds: readonly string[] = INDICATOR_IDS,
): Figures {
  return deprivationOf(communeIds, householdGroups(sqlite, roundId, communeIds, indicatorIds), of, indicatorIds);
}

/** The figures of the poor, then those of the near-poor, side by side (tables 8–11). */
const byClass = (g: HouseholdGroup, width: number, values: number[]): number[] | null => {
  const k = POVERTY_CLASSES.indexOf(g.status as PovertyClass);
  if (k < 0) return null;
  const row = new Array<number>(2 * width).fill(0);
  values.forEach((v, i) => (row[k * width + i] = v));
  return row;
};

/** Table 8: per class, total, ethnic minority, no working capacity, person with merit, none of these. */
const groupOf = (communeIds: readonly number[], groups: readonly HouseholdGroup[]): Figures =>
  summed(communeIds, groups, 10, (g) => byClass(g, 5, [g.households, g.ethnicMinority, g.noWorkingCapacity, g.meritPerson, g.noneOfThese]));

export function groupTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  return groupOf(communeIds, householdGroups(sqlite, roundId, communeIds, INDICATOR_IDS));
}

/**
 * The minority groups with their own column in table 9: those present among the round's poor and
 * near-poor heads (province-specific in practice; An Giang: Khmer, Chăm, Hoa), most frequent first.
 */
export function ethnicColumns(sqlite: BetterSqlite3.Database, roundId: number, max = 5): string[] {
  return (
    sqlite
      .prepare(
        // Materialized: each head's ethnicity is looked up once (a flattened subquery would repeat it per mention).
        `WITH heads(e) AS MATERIALIZED (SELECT ${HEAD_ETHNICITY} FROM results r CROSS JOIN households h ON h.id = r.household_id
           WHERE r.round_id = ? AND r.status IN (${sqlList(POVERTY_CLASSES)}) AND h.round_id = r.round_id)
         SELECT e FROM heads WHERE e IS NOT NULL AND e != '' AND e != 'Kinh' GROUP BY e ORDER BY COUNT(*) DESC, e LIMIT ?`,
      )
      .raw(true)
      .all(roundId, max) as [string][]
  ).map(([e]) => e);
}

/** Table 9: per class, total, Kinh, all minorities, each minority column, other minorities. */
function ethnicOf(communeIds: readonly number[], groups: readonly HouseholdGroup[], columns: readonly string[]): Figures {
  // A head of no recorded ethnicity ('') counts among the minorities, and among the others when there are columns.
  const listed = columns.length > 0 ? columns : [''];
  const width = 4 + columns.length;
  return summed(communeIds, groups, 2 * width, (g) => {
    const e = g.ethnicity ?? '';
    const n = g.households;
    return byClass(g, width, [n, e === 'Kinh' ? n : 0, e !== 'Kinh' ? n : 0, ...columns.map((c) => (e === c ? n : 0)), e !== 'Kinh' && !listed.includes(e) ? n : 0]);
  });
}

export function ethnicTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], columns: readonly string[]): Figures {
  return ethnicOf(communeIds, householdGroups(sqlite, roundId, communeIds, INDICATOR_IDS), columns);
}

/**
 * Table 10: per class (poor, then near-poor), the households, then the households with each cause
 * of poverty in the catalogue's order (a household with several causes counts under each).
 */
const causeOf = (communeIds: readonly number[], groups: readonly HouseholdGroup[]): Figures =>
  summed(communeIds, groups, 2 * (1 + CAUSES.length), (g) => byClass(g, 1 + CAUSES.length, [g.households, ...g.perCause]));

export function causeTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  return causeOf(communeIds, householdGroups(sqlite, roundId, communeIds, INDICATOR_IDS));
}

/**
 * Table 11: children under 16 on the round's reference date in poor / near-poor households:
 * number, malnourished, without health insurance, aged 3–15 not attending school (the child
 * indicators of Nghị định 07/2021 with the ages of the rule set). One pass over their members.
 */
export function childTable(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): Figures {
  const { from, where } = driving(sqlite, roundId, communeIds);
  const rows = sqlite
    .prepare(
      `SELECT commune_id, status, COUNT(*), SUM(nutrition IN ('stunted', 'underweight')), SUM(health_insurance = 0), SUM(age >= 3 AND schooling = 'not_attending') FROM (
         SELECT h.commune_id, r.status, m.nutrition, m.health_insurance, m.schooling,
           CAST(strftime('%Y', ro.reference_date) AS INTEGER) - CAST(substr(m.birth_date, 1, 4) AS INTEGER)
             - (CASE WHEN length(m.birth_date) = 10 AND substr(m.birth_date, 6) > substr(ro.reference_date, 6) THEN 1 ELSE 0 END) AS age
         FROM ${from} CROSS JOIN members m ON m.household_id = h.id JOIN rounds ro ON ro.id = h.round_id
         WHERE ${where} AND r.status IN (${sqlList(POVERTY_CLASSES)}) AND m.birth_date IS NOT NULL)
       WHERE age < 16 GROUP BY commune_id, status`,
    )
    .raw(true)
    .all({ round: roundId, communes: ids(communeIds) }) as [number, PovertyClass, number, number, number, number][];
  const out = emptyFigures(communeIds, 8);
  for (const [commune, status, ...v] of rows) {
    const f = out.get(commune)!;
    const k = POVERTY_CLASSES.indexOf(status);
    v.forEach((x, i) => (f[k * 4 + i] = Number(x ?? 0)));
  }
  return out;
}

/** The figures of the eleven tables (report.ts), from one pass over the round's households and one over their children. */
export interface ReportFigures {
  table1: Figures;
  transitions: Record<PovertyClass, Figures>;
  deprivation: Record<PovertyClass, Figures>;
  group: Figures;
  ethnicColumns: string[];
  ethnic: Figures;
  cause: Figures;
  child: Figures;
}

/** `indicatorIds`: the indicators of tables 4–7, those of the round's rule set in its order. */
export function reportFigures(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], indicatorIds: readonly string[] = INDICATOR_IDS): ReportFigures {
  const groups = householdGroups(sqlite, roundId, communeIds, indicatorIds);
  const columns = ethnicColumns(sqlite, roundId);
  return {
    table1: table1Of(sqlite, roundId, communeIds, groups),
    transitions: transitionsOf(sqlite, roundId, communeIds, groups),
    deprivation: { poor: deprivationOf(communeIds, groups, 'poor', indicatorIds), near_poor: deprivationOf(communeIds, groups, 'near_poor', indicatorIds) },
    group: groupOf(communeIds, groups),
    ethnicColumns: columns,
    ethnic: ethnicOf(communeIds, groups, columns),
    cause: causeOf(communeIds, groups),
    child: childTable(sqlite, roundId, communeIds),
  };
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
