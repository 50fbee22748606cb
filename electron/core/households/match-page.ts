import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ApiParsedInput } from '../../../shared/api/contract';
import type { Database } from '../db/schema';
import { hasByte, ID_BYTES_SPAN, markIds, readIdText } from './id-bytes';
import { FLAG_COLUMN_OF, flagsWhere, idsSource, is, listRowHas, resultFilterConds, type Cond } from './list-sets';
import { HOUSEHOLDS_FEMALE_SORT_INDEX } from './list-migrations';
import { NAME_ORDER, NAME_ORDER_BULK, ORDER_KINDS } from './name-order';

/**
 * A page in name order of a name search that finds more households than the count's cap (a
 * common name: "nguyen van" finds 220,000 households of a round of a million), with or without
 * filters, from the search's matches read once for the request into memory: a byte per household
 * id, bound as a blob to each statement, a household's byte tested by substr (no seek: about 0.05
 * µs). Each statement of the request otherwise read the word index's matches again (40–45 ms
 * each at a million households: the count, the page, a probe), or read each household's row to
 * test its search text (a few µs a row). The matches cost about 25 ms to read (their ids as one
 * text, parsed here); each filter is then an index range walked with the matches' byte tested
 * (the filter's households that the search finds are marked with the next byte value: a filter
 * that keeps most of the round, by the range of those it leaves out, unmarked), the count comes
 * from those walks, and the page from a walk in name order (the round's, the place's or the
 * female-headed flag's name index, or a class's or transition's stretch of results_by_name)
 * testing one byte, or, for a short list, its households' names looked up and sorted.
 */

type ListInput = ApiParsedInput<'households.list'>;

/** What the request already knows: the round's and the list's place's households (household_counts), the round's results by class and transition ('' none: result_counts). */
export interface MatchContext {
  roundSize: number;
  placeSize: number;
  resultCounts: { status: string; transition: string; n: number }[];
  /** Whether a short list far into its walk is sorted (read.ts ListOptions.matchSort). */
  sortShort: boolean;
}

/** A list's page and count (read.ts Listed); `list`: its households, when counted exactly and its totals row is asked for (read.ts adds it up from them). */
export interface MatchListed {
  total: number;
  capped: boolean;
  ids: number[];
  list?: number[];
}

/** A column holding household ids, by the alias of its statement. */
type Col = RawBuilder<unknown>;

/**
 * One filter of the list: the households it keeps (`keeps`) or those of the round it leaves out
 * (`leaves`), each as index ranges (SELECTs of the ids, each given a test of its id), their sizes
 * when known without reading them, and the filter as a test of one household by its id.
 */
interface Filter {
  keeps?: (has: (c: Col) => RawBuilder<boolean>) => RawBuilder<unknown>[];
  leaves?: (has: (c: Col) => RawBuilder<boolean>) => RawBuilder<unknown>[];
  keepsSize?: number;
  leavesSize?: number;
  /** Whether those it leaves out are likely few (a review state's others, a flag's other value, the warnings): counted up to LEAVES_PROBE once the matches are past the cap. */
  fewLeave?: boolean;
  test: (c: Col) => RawBuilder<boolean>;
  /** A stretch of results_by_name holding exactly the filter's households, in name order (its size). */
  byName?: { kind: number; value: string; size: number };
  /**
   * A name index (the place's, the review state's, the female-headed or other households'),
   * holding exactly the filter's households in name order. `apart`: the ranges of those it keeps
   * are another index's, in id order (households_round_flags), so that a walk of them finds the
   * list's households at the list's rate, not after a stretch of the name order without any.
   */
  nameIndex?: { index: string; where: (t: string) => RawBuilder<unknown>; size?: number; apart?: boolean };
}

/** Up to how many households left out by a filter are counted (about 0.04 µs each), to know that they cannot bring the list under the cap, or cost less to walk than those it keeps. */
const LEAVES_PROBE = 50_000;

/** About what reading an index range costs an entry, against a household's name looked up by id and sorted (µs, at a million households). */
const WALKED = 0.08;
const SORTED = 1.5;
/** How much longer than an even spread a walk to the page is taken to be (the demo's names are far from evenly spread: "nguyen van" with the near poor, 17 times). */
const UNEVEN = 4;

/** The result conditions of a class or transition filter (list-sets.ts resultFilterConds's) as a test of one (status, transition) of result_counts ('' none). */
function resultOf(input: ListInput): ((status: string, transition: string) => boolean) | undefined {
  if ((!input.status || input.status === 'unclassified') && input.transition === undefined) return undefined;
  return (status, transition) =>
    (!input.status || status === input.status) && (input.transition === undefined || transition === (input.transition === 'none' ? '' : input.transition));
}

/** The results of (status, transition) pairs of the round ('' : none), as ranges of results_round_status. */
const resultRanges = (roundId: number, pairs: { status: string; transition: string }[]) => (has: (c: Col) => RawBuilder<boolean>) =>
  pairs.map(
    (p) =>
      sql`SELECT r.household_id AS id FROM results r INDEXED BY results_round_status WHERE r.round_id = ${roundId} AND r.status = ${p.status} AND ${
        p.transition === '' ? sql`r.transition IS NULL` : sql`r.transition = ${p.transition}`
      } AND ${has(sql`r.household_id`)}`,
  );

/** The list's filters, or undefined when one is no set of an index range (the households without a result, in a round not all classified): read.ts's own plan. */
async function filtersOf(db: Kysely<Database>, input: ListInput, ctx: MatchContext): Promise<Filter[] | undefined | null> {
  const roundId = input.roundId;
  const filters: Filter[] = [];
  const classified = ctx.resultCounts.reduce((n, r) => n + Number(r.n), 0) >= ctx.roundSize;
  if (input.status === 'unclassified') return classified ? null : undefined;
  const ofResult = resultOf(input);
  if (ofResult) {
    const pairs = ctx.resultCounts.filter((r) => Number(r.n) > 0);
    const kept = pairs.filter((r) => ofResult(r.status, r.transition));
    // (Those it leaves out: the other pairs of class and transition, one range each.)
    const left = pairs.filter((r) => !ofResult(r.status, r.transition));
    const conds = resultFilterConds(input.status, input.transition);
    const where = (c: Col): RawBuilder<boolean> => sql<boolean>`${sql.join(conds.map((f) => f('r2')), sql` AND `)} AND r2.household_id = ${c}`;
    // (A transition fixes the index's columns: a seek of it; a class alone, the result's row by its key.)
    const test = (c: Col): RawBuilder<boolean> =>
      input.transition !== undefined
        ? sql<boolean>`EXISTS (SELECT 1 FROM results r2 INDEXED BY results_round_status WHERE r2.round_id = ${roundId} AND ${where(c)})`
        : sql<boolean>`EXISTS (SELECT 1 FROM results r2 WHERE ${where(c)})`;
    const size = kept.reduce((n, r) => n + Number(r.n), 0);
    if (size === 0) return null;
    // The class's or transition's stretch of results_by_name, unless it is the round's bulk value (left out of it) or both are given.
    const kind = input.status && input.transition === undefined ? ORDER_KINDS.status.kind : !input.status ? ORDER_KINDS.transition.kind : undefined;
    const value = kind === ORDER_KINDS.status.kind ? input.status! : input.transition === 'none' ? '' : input.transition!;
    let byName: Filter['byName'];
    if (kind !== undefined) {
      const bulk = (await sql<{ value: string }>`SELECT value FROM ${sql.table(NAME_ORDER_BULK)} WHERE round_id = ${roundId} AND kind = ${kind}`.execute(db)).rows[0]?.value;
      if (bulk !== value) byName = { kind, value, size };
    }
    filters.push({
      // (One range of results_round_status, or one for each class with the transition.)
      keeps: (has) => [sql`SELECT r.household_id AS id FROM results r INDEXED BY results_round_status WHERE r.round_id = ${roundId} AND ${sql.join(conds.map((f) => f('r')), sql` AND `)} AND ${has(sql`r.household_id`)}`],
      keepsSize: size,
      // (Those it leaves out are the other results only when every household has one.)
      ...(classified ? { leaves: resultRanges(roundId, left), leavesSize: ctx.roundSize - size } : {}),
      test,
      byName,
    });
  }
  if (input.communeId || input.villageId) {
    const conds: Cond[] = [...(input.communeId ? [is('commune_id', input.communeId)] : []), ...(input.villageId ? [is('village_id', input.villageId)] : [])];
    if (ctx.placeSize === 0) return null;
    const index = input.villageId ? 'households_round_village_sort' : 'households_round_commune_sort';
    filters.push({
      keeps: (has) => [sql`SELECT f.id AS id FROM households f WHERE f.round_id = ${roundId} AND ${sql.join(conds.map((c) => c('f')), sql` AND `)} AND ${has(sql`f.id`)}`],
      keepsSize: ctx.placeSize,
      // (A commune alone: the round's other communes, on either side of it.)
      ...(input.villageId
        ? {}
        : {
            leaves: (has: (c: Col) => RawBuilder<boolean>) =>
              ['<', '>'].map((op) => sql`SELECT f.id AS id FROM households f WHERE f.round_id = ${roundId} AND f.commune_id ${sql.raw(op)} ${input.communeId} AND ${has(sql`f.id`)}`),
            leavesSize: ctx.roundSize - ctx.placeSize,
          }),
      test: (c) => listRowHas(c, conds, 'f4'),
      nameIndex: {
        index,
        where: (t) => (input.villageId ? sql`${sql.ref(`${t}.village_id`)} = ${input.villageId}` : sql`${sql.ref(`${t}.commune_id`)} = ${input.communeId}`),
        size: ctx.placeSize,
      },
    });
  }
  if (input.reviewState) {
    const state = input.reviewState;
    const range = (op: string) => (has: (c: Col) => RawBuilder<boolean>) =>
      sql`SELECT f.id AS id FROM households f INDEXED BY households_round_review_sort WHERE f.round_id = ${roundId} AND f.review_state ${sql.raw(op)} ${state} AND ${has(sql`f.id`)}`;
    if ((await sql`SELECT 1 AS x FROM households f INDEXED BY households_round_review_sort WHERE f.round_id = ${roundId} AND f.review_state = ${state} LIMIT 1`.execute(db)).rows.length === 0) return null;
    filters.push({
      keeps: (has) => [range('=')(has)],
      leaves: (has) => [range('<')(has), range('>')(has)],
      fewLeave: true,
      test: (c) => listRowHas(c, [is('review_state', state)], 'f5'),
      nameIndex: { index: 'households_round_review_sort', where: (t) => sql`${sql.ref(`${t}.review_state`)} = ${state}` },
    });
  }
  const wanted = (Object.entries(FLAG_COLUMN_OF) as [keyof typeof FLAG_COLUMN_OF, (typeof FLAG_COLUMN_OF)[keyof typeof FLAG_COLUMN_OF]][])
    .filter(([f]) => input.flags?.[f] !== undefined)
    .map(([f, c]) => [c, input.flags![f] ? 1 : 0] as const);
  if (wanted.length > 0) {
    const range = (values: Map<string, number>) => (has: (c: Col) => RawBuilder<boolean>) =>
      sql`SELECT f.id AS id FROM households f INDEXED BY households_round_flags WHERE f.round_id = ${roundId} AND ${sql.join(
        flagsWhere(Object.fromEntries(values)).map((c) => c('f')),
        sql` AND `,
      )} AND ${has(sql`f.id`)}`;
    const keeps = new Map(wanted);
    if ((await sql`${range(keeps)(() => sql<boolean>`1`)} LIMIT 1`.execute(db)).rows.length === 0) return null;
    filters.push({
      keeps: (has) => [range(keeps)(has)],
      // (One flag: those with the other value; several: no single range of the households they leave out.)
      ...(wanted.length === 1
        ? { leaves: (has: (c: Col) => RawBuilder<boolean>) => [range(new Map([[wanted[0]![0], 1 - wanted[0]![1]]]))(has)], fewLeave: wanted[0]![1] === 0 }
        : {}),
      test: (c) => listRowHas(c, wanted.map(([col, v]) => is(col, v)), 'f6'),
      // (With female_head, its value's households in name order, the other flags on each entry.)
      ...(keeps.has(FLAG_COLUMN_OF.femaleHead)
        ? {
            nameIndex: {
              index: HOUSEHOLDS_FEMALE_SORT_INDEX,
              where: (t: string) => sql`${sql.join(
                wanted.map(([col, v]) => is(col, v)(t)),
                sql` AND `,
              )}`,
              apart: true,
            },
          }
        : {}),
    });
  }
  if (input.warnings !== undefined) {
    const warned = (has: (c: Col) => RawBuilder<boolean>) => [sql`SELECT DISTINCT w.household_id AS id FROM household_warnings w WHERE ${has(sql`w.household_id`)}`];
    const any = (await sql`SELECT 1 AS x FROM household_warnings LIMIT 1`.execute(db)).rows.length > 0;
    if (input.warnings && !any) return null;
    const test = (c: Col): RawBuilder<boolean> => sql<boolean>`${input.warnings ? sql`` : sql`NOT `}EXISTS (SELECT 1 FROM household_warnings w2 WHERE w2.household_id = ${c})`;
    // (Warnings are few: those with none, the round less them.)
    filters.push(input.warnings ? { keeps: warned, test } : { leaves: warned, fewLeave: true, test });
  }
  return filters;
}

/**
 * The page and count of a name search sorted by name (see above), once its matches are read: past
 * the cap, the list; up to it, the matches' ids (a JSON array) and how many, for read.ts's own plan;
 * undefined when a filter is no index range (read.ts's own plan, nothing read from the word index).
 */
export async function matchPage(
  db: Kysely<Database>,
  input: ListInput,
  /** The search's matches, asked for once the filters leave some household (a pair query's last prefix first made exact when it can be: search-index.ts exactLastPair). */
  matches: () => Promise<RawBuilder<{ id: number }>>,
  cap: number,
  ctx: MatchContext,
): Promise<MatchListed | { ids: string; n: number } | undefined> {
  const empty: MatchListed = { total: 0, capped: false, ids: [], ...(input.totals ? { list: [] } : {}) };
  // The filters first: one that keeps no household empties the list before the matches are read.
  const filters = await filtersOf(db, input, ctx);
  if (filters === null) return empty;
  if (filters === undefined) return undefined;
  // The search's matches, whole (the blob as long as every household's highest id: no MAX of the matches).
  const read = await readIdText(db, await matches(), 'id', true);
  const text = read?.text;
  // (At most the cap: counted by their commas, no bytes.)
  let commas = 0;
  for (let i = text?.indexOf(44) ?? -1; i >= 0 && commas < cap; i = text!.indexOf(44, i + 1)) commas++;
  if (!read || !text || commas < cap) return { ids: `[${text?.toString() ?? ''}]`, n: text ? commas + 1 : 0 };
  if (read.hi >= ID_BYTES_SPAN) return undefined;
  const bytes = Buffer.alloc(read.hi);
  const matched = markIds(bytes, text, 1);
  // The page's walk: a filter of too many households to count (`many` below) whose households it
  // holds exactly, and whose households kept are walked apart from it, is left open at no cost a
  // household, so walked last, only until the count passes the cap — not even probed when that
  // walk is expected to be shorter than the probe. (A review state's households kept are in name
  // order in its index: a walk of them to the cap would pass a stretch of names without any of the
  // list's, as the page's walk does; those it leaves out are still walked.)
  const walk = walkOf(input, filters, ctx);
  const onWalk = (f: Filter): boolean => walk.of === f && f.nameIndex?.apart === true;
  const reachOf = (n: number): number => Math.ceil(((cap + 1) * ctx.roundSize) / Math.max(1, n));
  for (const f of filters) {
    if (!f.fewLeave || f.leavesSize !== undefined || (onWalk(f) && reachOf(matched) <= LEAVES_PROBE)) continue;
    const left = Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${sql.join(f.leaves!(() => sql<boolean>`1`), sql` UNION ALL `)} LIMIT ${LEAVES_PROBE + 1})`.execute(db)).rows[0]!.n,
    );
    if (left <= LEAVES_PROBE) f.leavesSize = left;
  }
  /** The households of the list so far: those whose byte is `mark`, `n` of them (exact), each filter of `open` still to be tested on the page's walk. */
  let mark = 1;
  let n = matched;
  const has = (value: number) => (c: Col) => hasByte(bytes, c, value);
  const open: Filter[] = [];
  let capped = false;
  const ids = (ranges: RawBuilder<unknown>[], limit?: number) =>
    sql<{ ids: Buffer | null; n: number }>`SELECT CAST(group_concat(id) AS BLOB) AS ids, COUNT(*) AS n FROM (${sql.join(ranges, sql` UNION ALL `)}${limit === undefined ? sql`` : sql` LIMIT ${limit}`})`.execute(db);
  // What walking each filter's range costs in entries: those it keeps (all of them, or, for the
  // last filter, until cap + 1 are found at the list's rate in the round), or those it leaves out.
  const cost = (f: Filter, last: boolean): { keeps: number; leaves: number } => {
    const keeps = f.keeps ? (last ? Math.min(f.keepsSize ?? Infinity, reachOf(n)) : (f.keepsSize ?? Infinity)) : Infinity;
    return { keeps, leaves: f.leaves ? (f.leavesSize ?? Infinity) : Infinity };
  };
  const free = (f: Filter): number => (onWalk(f) && f.fewLeave === true && f.leavesSize === undefined ? 1 : 0);
  // The filters of known smaller ranges first; the last one walked until the count passes the cap.
  const order = [...filters].sort((a, b) => free(a) - free(b) || Math.min(...Object.values(cost(a, false))) - Math.min(...Object.values(cost(b, false))));
  for (const [i, f] of order.entries()) {
    const last = i === order.length - 1;
    // Those it leaves out fewer than the list's excess over the cap: past it, without a walk (tested on the page's).
    if (last && f.leavesSize !== undefined && n - f.leavesSize > cap) {
      open.push(f);
      capped = true;
      break;
    }
    const c = cost(f, last);
    // (Those a flag wanted unset leaves out, past the probe, still walked rather than the many it
    // keeps, unless the page's walk holds exactly its households: its first cap + 1 found on those
    // it keeps leave it to be tested on each household of the search the page's walk passes, a row
    // looked up each, 5–10 µs at a million households — "nguyen van" without the female-headed
    // households in a commune: its matches before the page each looked up.)
    const many = f.fewLeave === true && f.leavesSize === undefined && free(f) === 0;
    if (f.keeps && !many && (c.keeps <= c.leaves || !f.leaves)) {
      const found = (await ids(f.keeps!(has(mark)), last ? cap + 1 : undefined)).rows[0]!;
      if (last && Number(found.n) > cap) {
        open.push(f);
        capped = true;
        break;
      }
      n = markIds(bytes, found.ids, mark + 1);
      mark++;
    } else {
      const found = (await ids(f.leaves!(has(mark)))).rows[0]!;
      n -= markIds(bytes, found.ids, 0);
    }
    if (n === 0) return empty;
  }
  if (!capped && n > cap) capped = true;
  const total = capped ? cap : n;
  if (!capped && input.offset >= n) return { total: n, capped, ids: [], ...(input.totals ? { list: listOf(bytes, mark) } : {}) };
  const page = await pageOf(db, input, bytes, has(mark), mark, capped ? undefined : n, walk, open, ctx);
  return { total, capped, ids: page, ...(input.totals && !capped ? { list: listOf(bytes, mark) } : {}) };
}

/** The ids whose byte is `mark`, in id order. */
function listOf(bytes: Buffer, mark: number): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(mark); i >= 0; i = bytes.indexOf(mark, i + 1)) out.push(i + 1);
  return out;
}


/** A walk in name order holding the list's households: its size, the filter whose households it holds exactly (none: the round's name index), its rows from `offset` each given `tests`. */
interface Walk {
  size: number;
  of: Filter | undefined;
  rows: (dir: RawBuilder<unknown>, tests: (c: Col) => RawBuilder<unknown>, limit: number, offset: number) => RawBuilder<{ id: number }>;
}

/** The page's walk: the smallest in name order holding all the list's households (the round's name index, the place's, the female-headed flag's, or a class's or transition's stretch of results_by_name). */
function walkOf(input: ListInput, filters: Filter[], ctx: MatchContext): Walk {
  const walks: Walk[] = [
    {
      size: ctx.roundSize,
      of: undefined,
      rows: (dir, tests, limit, offset) =>
        sql`SELECT h.id AS id FROM households h INDEXED BY households_round_sort WHERE h.round_id = ${input.roundId} AND ${tests(sql`h.id`)} ORDER BY h.head_sort ${dir}, h.id ${dir} LIMIT ${limit} OFFSET ${offset}`,
    },
  ];
  for (const f of filters) {
    if (f.byName) {
      const { kind, value, size } = f.byName;
      walks.push({
        size,
        of: f,
        rows: (dir, tests, limit, offset) =>
          sql`SELECT b.household_id AS id FROM ${sql.table(NAME_ORDER)} b WHERE b.round_id = ${input.roundId} AND b.kind = ${kind} AND b.value = ${value} AND ${tests(sql`b.household_id`)}
              ORDER BY b.head_sort ${dir}, b.household_id ${dir} LIMIT ${limit} OFFSET ${offset}`,
      });
    }
    if (f.nameIndex) {
      const { index, where, size } = f.nameIndex;
      // (A review state's size is not known: never more than the round's.)
      walks.push({
        size: size ?? ctx.roundSize - 1,
        of: f,
        rows: (dir, tests, limit, offset) =>
          sql`SELECT h.id AS id FROM households h INDEXED BY ${sql.raw(index)} WHERE h.round_id = ${input.roundId} AND ${where('h')} AND ${tests(sql`h.id`)} ORDER BY h.head_sort ${dir}, h.id ${dir} LIMIT ${limit} OFFSET ${offset}`,
      });
    }
  }
  return walks.reduce((a, b) => (b.size < a.size ? b : a));
}

/**
 * The page: the list's households (their byte `mark`; `n` of them when counted exactly) in name
 * order, from the smallest walk holding them all in that order (walkOf), each filter still open
 * tested on a household whose byte is the list's; or, for a short list far into such a walk, its
 * households' names looked up by id and sorted.
 */
async function pageOf(
  db: Kysely<Database>,
  input: ListInput,
  bytes: Buffer,
  has: (c: Col) => RawBuilder<boolean>,
  mark: number,
  n: number | undefined,
  walk: Walk,
  open: Filter[],
  ctx: MatchContext,
): Promise<number[]> {
  const tests = (c: Col): RawBuilder<unknown> =>
    sql.join(
      [has(c), ...open.filter((f) => f !== walk.of).map((f) => f.test(c))],
      sql` AND `,
    );
  const reach = input.offset + input.limit;
  const dirOf = (desc: boolean): RawBuilder<unknown> => (desc ? sql`DESC` : sql`ASC`);
  const desc = input.dir === 'desc';
  // A short list whose page lies far into the walk (at an even spread, taken UNEVEN times as far): its households' names looked up by id and sorted.
  if (n !== undefined && ctx.sortShort && n * SORTED < UNEVEN * WALKED * Math.min(walk.size, (reach * walk.size) / n)) {
    const page = await sql<{ id: number }>`SELECT h.id AS id FROM households h INDEXED BY households_list WHERE h.id IN ${idsSource(listOf(bytes, mark))}
      ORDER BY h.head_sort ${dirOf(desc)}, h.id ${dirOf(desc)} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db);
    return page.rows.map((r) => r.id);
  }
  // A page in the second half of a list counted exactly: from its end, backwards.
  if (n !== undefined && input.offset > n / 2) {
    const take = Math.min(input.limit, n - input.offset);
    const page = await walk.rows(dirOf(!desc), tests, take, n - input.offset - take).execute(db);
    return page.rows.map((r) => r.id).reverse();
  }
  return (await walk.rows(dirOf(desc), tests, input.limit, input.offset).execute(db)).rows.map((r) => r.id);
}
