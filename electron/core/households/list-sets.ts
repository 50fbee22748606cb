import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { STATUSES } from '../../../shared/engine/ruleset';
import type { Database } from '../db/schema';
import { HOUSEHOLDS_LIST_INDEX, RESULTS_CLASS_SCORE_B_INDEX } from './list-migrations';

/**
 * A list's filters and a sort's groups as sets of household ids read from a covering index (the
 * results' (round_id, status, transition) and (round_id, score_b) indexes, the households'
 * (round_id, flags…) index), so that a page is found by walking the sort's index as a covering
 * index, each entry tested against the sets in memory, instead of reading each household's row
 * and its result (measured at a million households a round: a transition of 5,267 households
 * sorted by name, 5 ms instead of seconds), and so that a group the filters leave empty or
 * nearly empty is known before it is walked (it was walked to the end of the round).
 */

/** A set of at most this many households is read into memory (about 0.4 µs a household); a larger one is tested row by row. */
export const SET_MAX = 70_000;

/** Up to which size a part is read as a set (setMax), and a group read from its ids and sorted (driveMax). */
export interface SetLimits {
  setMax: number;
  driveMax: number;
}

/**
 * The limits for a page reaching `reach` households into a list walked over `households` (the
 * round's). A set costs about 0.4 µs a household to read, and saves about 2 µs for each row
 * walked; a walk finds its page after reach × households / s rows if the set's households are
 * spread evenly in the sort's order, but they are not (the poor have the lowest scores A, a
 * class its own transitions): every set up to SET_MAX is read (measured at a million households,
 * the poor sorted by score A, descending: 2.9 s of CPU tested row by row). A group of g households
 * in common costs about 5 µs each read and sorted, against 0.2 µs for each index entry walked
 * (reach × households / g): read below √(0.04 × reach × households), up to `small`.
 */
export function setLimits(reach: number, households: number, small: number): SetLimits {
  return { setMax: SET_MAX, driveMax: Math.min(small, Math.ceil(Math.sqrt(0.04 * reach * households))) };
}

type HouseholdQuery = SelectQueryBuilder<Database & { h: Database['households'] }, 'h', object>;

/** A condition on a row of the results or households table, by its alias. */
export type Cond = (alias: string) => RawBuilder<unknown>;
/** column = value (IS NULL for null). */
export const is =
  (column: string, value: string | number | null): Cond =>
  (t) =>
    value === null ? sql`${sql.ref(`${t}.${column}`)} IS NULL` : sql`${sql.ref(`${t}.${column}`)} = ${value}`;
/** column IN (values). */
export const isIn =
  (column: string, values: readonly (string | number)[]): Cond =>
  (t) =>
    sql`${sql.ref(`${t}.${column}`)} IN (${sql.join(values)})`;

/** One condition on the households of a round. */
export interface Part {
  /** Where its ids are read from: the round's results or households, by these conditions; none: only a test of a row. */
  from?: 'results' | 'households';
  where?: Cond[];
  /** The same condition as a test of one household row (h). */
  test: RawBuilder<boolean>;
  /** How many households it keeps, when known (counted up to setMax + 1). */
  size?: number;
  /** Up to which size a walk reads it as a set (walkWith), when not the list's SetLimits.setMax. */
  setMax?: number;
  /** A results part: the index a household is tested on by a seek (resultPart). */
  index?: ResultIndex;
}

/** The results' indexes whose columns after round_id a part's conditions can fix (for a seek: resultTest). */
type ResultIndex = 'results_round_status' | 'results_round_score_b' | typeof RESULTS_CLASS_SCORE_B_INDEX;

const whereOf = (p: Part, t: string): RawBuilder<unknown> => sql.join(p.where!.map((c) => c(t)), sql` AND `);

/**
 * A households row (by its alias) read from the list's index of its columns by id (migration 19),
 * for a query that looks households up by id and reads no column outside it (never search_text):
 * SQLite would read the row by its id (5–15 µs at a million households a round, a few µs here).
 */
export const listRow = (alias: string): RawBuilder<unknown> => sql`households ${sql.raw(alias)} INDEXED BY ${sql.raw(HOUSEHOLDS_LIST_INDEX)}`;

/** Whether the household `id` meets `conds` (each given the alias of its row), looked up by id on the list's index (listRow). */
export const listRowHas = (id: RawBuilder<unknown>, conds: readonly ((t: string) => RawBuilder<unknown>)[], alias = 'f2'): RawBuilder<boolean> =>
  sql<boolean>`EXISTS (SELECT 1 FROM ${listRow(alias)} WHERE ${sql.raw(alias)}.id = ${id} AND ${sql.join(
    conds.map((c) => c(alias)),
    sql` AND `,
  )})`;

/** A part as a test of one household id (col), with its own aliases (t): in its set when read into memory, otherwise looked up. */
const idTest = (roundId: number, p: Part, col: RawBuilder<unknown>, limits: SetLimits): RawBuilder<unknown> =>
  p.size! <= (p.setMax ?? limits.setMax)
    ? sql`${col} IN (${idsOf(roundId, p)})`
    : p.from === 'results'
      ? resultTest(col, p.where!, p.index, roundId)
      : listRowHas(col, p.where!);

/** A set costs about this fraction of a lookup a household (idsOf). */
const SET_PER_LOOKUP = 10;

/**
 * A part's ids, from its index; `within`: only those in the other parts too (tested as idTest).
 * `drives`: the part has no more households than any of the others, and its index range is read,
 * each entry tested ("+": SQLite otherwise looked each id of another part's set up in this part's
 * index — at a million households, the 41,000 ethnic minority households looked up in the four
 * classes' ranges of results_round_status, 164,000 seeks, 70 ms, for a transition of 10,000).
 */
export function idsOf(roundId: number, p: Part, within: Part[] = [], limits?: SetLimits, drives = false): RawBuilder<unknown> {
  const col = p.from === 'results' ? sql`r.household_id` : sql`f.id`;
  const from = p.from === 'results' ? sql`results r WHERE r.round_id = ${roundId}` : sql`households f WHERE f.round_id = ${roundId}`;
  const tested = drives ? sql`+${col}` : col;
  // Driving a range of n entries, another part is read as a set only up to SET_PER_LOOKUP × n
  // households: each of the n is otherwise looked up (a result's row: 2–3 µs at a million
  // households, about 10 times a set entry's cost). (There, the 1,312 households of score B 70
  // with the near poor: their set of 62,000 read for each score, 15 ms, against 4 ms of lookups.)
  const own = limits && drives && p.size !== undefined ? { ...limits, setMax: Math.min(limits.setMax, SET_PER_LOOKUP * p.size) } : limits;
  const inner = within.map((o) => sql` AND ${own ? idTest(roundId, o, tested, own) : sql`${tested} IN (${idsOf(roundId, o)})`}`);
  return sql`SELECT ${col} FROM ${from} AND ${whereOf(p, p.from === 'results' ? 'r' : 'f')}${sql.join(inner, sql``)}`;
}

/** Up to cap + 1: the number of households of a part read from its index. */
export async function sizeOf(db: Kysely<Database>, roundId: number, p: Part, cap: number): Promise<number> {
  if (p.size === undefined) p.size = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${idsOf(roundId, p)} LIMIT ${cap + 1})`.execute(db)).rows[0]!.n);
  return p.size;
}

/**
 * A part of the results: the households whose result meets these conditions. `index`: an index of
 * the results whose columns (after round_id) the conditions fix, so that a household is tested by
 * a seek of it (round, values, id: about 0.4 µs at a million households) rather than by reading
 * its result's row (2–13 µs).
 */
export function resultPart(where: Cond[], index?: ResultIndex): Part {
  return { from: 'results', where, index, test: resultTest(sql`h.id`, where, index) };
}

/** A household (col) has a result meeting these conditions: a seek of the index when given, otherwise its result's row. */
function resultTest(col: RawBuilder<unknown>, where: Cond[], index: Part['index'], roundId?: number): RawBuilder<boolean> {
  const conds = sql.join(
    where.map((c) => c('r2')),
    sql` AND `,
  );
  return index
    ? sql<boolean>`EXISTS (SELECT 1 FROM results r2 INDEXED BY ${sql.raw(index)} WHERE r2.round_id = ${roundId === undefined ? sql`h.round_id` : roundId} AND ${conds} AND r2.household_id = ${col})`
    : sql<boolean>`EXISTS (SELECT 1 FROM results r2 WHERE r2.household_id = ${col} AND ${conds})`;
}

/** The list's flag filters (ListInput.flags) by their households column. */
export const FLAG_COLUMN_OF = { ethnicMinority: 'ethnic_minority', noWorkingCapacity: 'no_working_capacity', meritPerson: 'merit_person', femaleHead: 'female_head' } as const;
const FLAG_COLUMNS = Object.values(FLAG_COLUMN_OF);
type FlagColumn = (typeof FLAG_COLUMNS)[number];

/** The flags wanted as a range of households_round_flags: each flag held to its value, or to 0 or 1, so that the index is searched, not scanned. */
export const flagsWhere = (wanted: Partial<Record<FlagColumn, number>>): Cond[] => FLAG_COLUMNS.map((c) => (wanted[c] === undefined ? isIn(c, [0, 1]) : is(c, wanted[c]!)));

/** A list's households given by their ids (or their JSON array, as SQLite's json_group_array gives it), as a subquery of one value bound, column `id`. */
export const idsSource = (ids: number[] | string): RawBuilder<{ id: number }> => sql<{ id: number }>`(SELECT value AS id FROM json_each(${typeof ids === 'string' ? ids : JSON.stringify(ids)}))`;

/**
 * The flags filter: read from households_round_flags (every flag held to its value or to 0 or 1,
 * so that the index is searched, not scanned) when a flag is wanted set (a few households each),
 * otherwise (a flag wanted unset keeps most households) only a test of each row. `byId`: the test
 * looks the household's flags up in the list's index by id (listRow), for a walk of a covering
 * index that reads no row otherwise (at a million households, the female-headed households in
 * name order, descending: 23,000 households walked, 108 → 58 ms of CPU).
 */
export function flagPart(wanted: Partial<Record<FlagColumn, 0 | 1>>, byId = false): Part | undefined {
  const given = FLAG_COLUMNS.filter((c) => wanted[c] !== undefined);
  if (given.length === 0) return undefined;
  const conds = given.map((c) => is(c, wanted[c]!));
  const test = byId
    ? listRowHas(sql`h.id`, conds)
    : sql<boolean>`${sql.join(
        conds.map((c) => c('h')),
        sql` AND `,
      )}`;
  if (!given.some((c) => wanted[c] === 1)) return { test };
  return { from: 'households', where: flagsWhere(wanted), test };
}

/**
 * A list's place (commune, village) and review state as a part: read from the households'
 * (round_id, commune_id, village_id, review_state) index as a set when small enough (a village),
 * otherwise a test of each row walked ("+": never the walk's index, so that another index — score
 * A's — gives the order). Undefined when the list has none of them. `byId`: the test looks the
 * household up in the list's index by id (listRow), as flagPart's (at a million households, the
 * round's listed households sorted by score A, descending: 91 → 60 ms of CPU).
 */
export function placePart(wanted: Partial<Record<'commune_id' | 'village_id' | 'review_state', string | number | undefined>>, byId = false): Part | undefined {
  const given = (['commune_id', 'village_id', 'review_state'] as const).filter((c) => wanted[c] !== undefined);
  if (given.length === 0) return undefined;
  const where = given.map((c) => is(c, wanted[c]!));
  const test = byId
    ? listRowHas(sql`h.id`, where)
    : sql<boolean>`${sql.join(
        given.map((c) => sql`+${sql.ref(`h.${c}`)} = ${wanted[c]!}`),
        sql` AND `,
      )}`;
  return { from: 'households', where, test };
}

/** The conditions of a class or transition filter (served by results_round_status: the class is given or any). */
export function resultFilterConds(status: string | undefined, transition: string | undefined): Cond[] {
  const conds: Cond[] = [];
  if (status && status !== 'unclassified') conds.push(is('status', status));
  else if (transition !== undefined) conds.push(isIn('status', STATUSES));
  if (transition !== undefined) conds.push(is('transition', transition === 'none' ? null : transition));
  return conds;
}

/** The parts read as sets in memory (at most setMax households each) as tests of the walked index's entries (+: not as the plan's driver). */
export async function walkWith(db: Kysely<Database>, roundId: number, q: HouseholdQuery, parts: Part[], limits: SetLimits): Promise<HouseholdQuery> {
  for (const p of parts) {
    const max = p.setMax ?? limits.setMax;
    if (p.from && (await sizeOf(db, roundId, p, max)) <= max) q = q.where(sql<boolean>`+h.id IN (${idsOf(roundId, p)})`);
    else q = q.where(p.test);
  }
  return q;
}

/** How a group of a sort (a set of the results) is read, once the list's filters are applied to it. */
export interface PlannedGroup {
  arm: (q: HouseholdQuery) => HouseholdQuery;
  /** Its households in the list (exact when known). */
  size?: number;
  /** Read from its ids (at most driveMax households) and sorted, rather than found walking the round. */
  driven: boolean;
}

/**
 * What reading the households in common to `parts` costs from the index range of `d` (µs, about,
 * at a million households): each entry read (0.03), and each other part either read as a set
 * (0.25 a household) and probed for each entry (0.1), or looked up for each entry (a seek of its
 * index 0.5, a row 2: idsOf). A part counted past its set's size (sizeOf) is taken as ten times
 * that. (The smallest part drove whatever the others: the 12,700 households with no working
 * capacity with the poor's set of 45,000 read, where the poor's range probed against the smaller
 * set costs half.)
 */
function driveCost(d: Part, parts: Part[], limits: SetLimits): number {
  const max = (p: Part): number => p.setMax ?? limits.setMax;
  const n = d.size! > max(d) ? 10 * max(d) : d.size!;
  const setMax = Math.min(limits.setMax, SET_PER_LOOKUP * n);
  const test = (o: Part): number => (o.size! <= Math.min(max(o), setMax) ? 0.25 * o.size! + 0.1 * n : (o.index ? 0.5 : 2) * n);
  return parts.reduce((c, o) => (o === d ? c : c + test(o)), 0.03 * n);
}

/**
 * A group given as parts (the group's own first: a set of the results), with the list's filters
 * as more parts. The households in common to the parts read from an index are counted, up to
 * driveMax + 1, from the smallest part's index, each tested against the others (in
 * memory, or looked up when large): none, the group is empty (undefined); at most driveMax, they
 * are read from their ids and sorted. Otherwise the group is walked, the parts of at most setMax
 * households as sets in memory, the others tested on each row. (A score B group and a class with
 * no household in common were walked to the end of the round: 11 s of CPU at a million.)
 * `exact`: the list has no condition but these parts (beside the round), so that a count of them
 * is the group's size.
 */
export async function planGroup(db: Kysely<Database>, roundId: number, parts: Part[], limits: SetLimits, exact: boolean): Promise<PlannedGroup | undefined> {
  const indexed = parts.filter((p) => p.from);
  const tests = parts.filter((p) => !p.from);
  for (const p of indexed) if ((await sizeOf(db, roundId, p, limits.setMax)) === 0) return undefined;
  const inMemory = (p: Part): boolean => p.size! <= limits.setMax;
  const rowTests = (q: HouseholdQuery, ps: Part[]): HouseholdQuery => ps.reduce((a, p) => a.where(p.test), q);
  const walk = (q: HouseholdQuery): HouseholdQuery =>
    rowTests(
      indexed.filter(inMemory).reduce((a, p) => a.where(sql<boolean>`+h.id IN (${idsOf(roundId, p)})`), q),
      [...indexed.filter((p) => !inMemory(p)), ...tests],
    );
  if (indexed.length === 0) return { arm: walk, driven: false };
  // The driver: the part whose index range read, each entry tested against the others, costs
  // least (driveCost; of equal costs, a results part). (It was a results part first: at a million
  // households, the 8,914 merit households in the class "neither" were found reading that class's
  // 888,000 entries of results_round_status, 52 ms, instead of looking up each one's result.)
  const cost = new Map(indexed.map((d) => [d, driveCost(d, indexed, limits)]));
  const [driver, ...others] = [...indexed].sort((a, b) => cost.get(a)! - cost.get(b)! || (a.from === b.from ? 0 : a.from === 'results' ? -1 : 1)) as [Part, ...Part[]];
  // One large part alone: dense (more than setMax households), walked.
  if (others.length === 0 && !inMemory(driver)) return { arm: walk, driven: false };
  const ids = idsOf(roundId, driver, others, limits, true);
  const common = others.length === 0 ? driver.size! : Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${ids} LIMIT ${limits.driveMax + 1})`.execute(db)).rows[0]!.n);
  if (common === 0) return undefined;
  const known = exact && tests.length === 0;
  if (common <= limits.driveMax) return { arm: (q) => rowTests(q.where(sql<boolean>`h.id IN (${ids})`), tests), size: known ? common : undefined, driven: true };
  return { arm: walk, size: known && others.length === 0 ? common : undefined, driven: false };
}

/**
 * The households of the round in every part, counted up to cap + 1 from the parts' indexes alone:
 * the smallest part's ids, each tested against the others (in memory, or looked up when large),
 * rather than reading each household's row (10,001 rows: 257 ms at a million households).
 * Undefined when a part is only a test of a row.
 */
export async function countParts(db: Kysely<Database>, roundId: number, parts: Part[], cap: number, limits: SetLimits): Promise<number | undefined> {
  if (parts.length === 0 || parts.some((p) => !p.from)) return undefined;
  for (const p of parts) await sizeOf(db, roundId, p, limits.setMax);
  const [first, ...rest] = [...parts].sort((a, b) => a.size! - b.size!) as [Part, ...Part[]];
  return Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${idsOf(roundId, first, rest, limits, true)} LIMIT ${cap + 1})`.execute(db)).rows[0]!.n);
}

/**
 * A list's filters as one test of a household id (col), from indexes and keys only, never the
 * household's row where an index serves: each part read as a set in memory when it has at most
 * setMax households, otherwise looked up by the id (a result by its key, a place by the row).
 * `byId`: the filters that are no set of an index, as tests of the id (the households without a
 * result, a flag wanted unset, warnings). Undefined when a part is empty: the list is empty.
 * (For a search that finds many households: the word index's matches, read in id order, are
 * tested against the filters without reading each one's row — measured at a million households,
 * "nguyen van" with the poor: 93 ms of CPU instead of 600 ms.)
 */
export async function idFilter(db: Kysely<Database>, roundId: number, parts: Part[], byId: RawBuilder<boolean>[], col: RawBuilder<unknown>, limits: SetLimits): Promise<RawBuilder<boolean> | undefined> {
  const tests: RawBuilder<unknown>[] = [];
  for (const p of parts) {
    if ((await sizeOf(db, roundId, p, p.setMax ?? limits.setMax)) === 0) return undefined;
    tests.push(idTest(roundId, p, col, limits));
  }
  return sql<boolean>`${sql.join([...tests, ...byId], sql` AND `)}`;
}
