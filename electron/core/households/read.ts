import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { HOUSEHOLD_COUNT_CAP, type HouseholdDetail, type HouseholdList, type HouseholdSort, type HouseholdTotals, type IndicatorView, type ResultView } from '../../../shared/api/contract';
import type { ApiParsedInput } from '../../../shared/api/contract';
import { ageAt } from '../../../shared/domain/household';
import { unitFullName } from '../../../shared/domain/units';
import { explain, type LocalResult } from '../../../shared/engine/classify';
import { deriveIndicators } from '../../../shared/engine/derive';
import { STATUSES, type Status } from '../../../shared/engine/ruleset';
import { TRANSITIONS, type Transition } from '../../../shared/engine/transition';
import { STATUS_LABELS, transitionLabel } from '../../../shared/glossary';
import { fold } from '../../../shared/text/fold';
import type { Database } from '../db/schema';
import type { RuleSetRegistry } from '../rulesets/load';
import { snapshotOf } from '../rulesets/snapshots';
import { countParts, FLAG_COLUMN_OF, flagPart, idFilter, idsOf, idsSource, is, isIn, placePart, planGroup, resultFilterConds, listRow, listRowHas, resultPart, SET_MAX, setLimits, sizeOf, walkWith, type Cond, type Part, type SetLimits } from './list-sets';
import { HOUSEHOLDS_LIST_INDEX, RESULTS_CLASS_SCORE_B_INDEX } from './list-migrations';
import { matchPage } from './match-page';
import { memberFromRow, flagsFromRow } from './rows';
import { householdNotFound } from './not-found';
import { NAME_ORDER, NAME_ORDER_BULK, ORDER_KINDS, RESULT_COUNTS, SCORE_BOUNDS, SCORE_BUCKETS, SCORE_COUNTS } from './name-order';
import { hasByte, ID_BYTES_SPAN, markIds, readIdText } from './id-bytes';
import { readMatchSet, type MatchSet } from './match-set';
import { exactLastPair, pairSearchQuery, searchWords, wordSearchQuery } from './search-index';

const STATUS_ORDER = sql<number>`CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END`;

/** A page this many households into a group of most of the round walks it as "not in the others" (SortGroup.deep). */
const DEEP_IN_GROUP = 20_000;

/** Up to this many households, a list sorted by a column of few values is sorted as a whole. */
export const SMALL_LIST = 5000;

/** The classes in the order of a sort by class (STATUS_ORDER); unclassified comes after them. */
const STATUS_RANK: Status[] = ['poor', 'near_poor', 'middle_income', 'neither'];

/** Score A as the list sorts by it: the households' copy (migration 7), indexed with the round and the name order. */
const SORT_COLUMNS: Record<HouseholdSort, ReturnType<typeof sql>> = {
  name: sql`h.head_sort`,
  code: sql`h.code`,
  village: sql`v.name_sort`,
  status: STATUS_ORDER,
  scoreA: sql`h.score_a`,
  scoreB: sql`res.score_b`,
  members: sql`h.member_count`,
  commune: sql`c.name_sort`,
  transition: sql`res.transition`,
  reviewState: sql`h.review_state`,
};

/**
 * The list's order: the sort's column, then the Vietnamese name order (head_sort), then the id.
 * Villages of the same name (in different communes) are told apart by their commune's name, then
 * their id, so that each village is one stretch of the list (walked on its own index range).
 */
function orderOf(input: ListInput, sorted = false): RawBuilder<unknown> {
  const dir = input.dir === 'desc' ? sql`DESC` : sql`ASC`;
  // Sorted as a whole (a short list): "+" keeps SQLite from walking a sort index over the round
  // (reading every household's row to test the filter) instead of the filter's own index.
  const p = sorted ? sql`+` : sql``;
  if (input.sort === 'name') return sql`${p}h.head_sort ${dir}, h.id ${dir}`;
  // Codes are unique in a round (UNIQUE (code, round_id)): the name between them and the id never
  // decides, and left out it lets the (round_id, code) index give the order as a covering index
  // (with it, SQLite read every row walked for its name: the middle of a round of a million, 160–240 ms).
  if (input.sort === 'code') return sql`${p}h.code ${dir}, h.id ${dir}`;
  if (input.sort === 'village') return sql`${p}v.name_sort ${dir}, c.name_sort ${dir}, h.village_id ${dir}, ${p}h.head_sort, h.id`;
  return sql`${p}${SORT_COLUMNS[input.sort]} ${dir}, ${p}h.head_sort, h.id`;
}

/** Sorts walked value by value, each value's households in name order on a (round_id, column, head_sort) index. */
const VALUE_SORTS: Partial<Record<HouseholdSort, string>> = { reviewState: 'review_state', members: 'member_count', scoreA: 'score_a' };

const FLAG_COLUMNS = FLAG_COLUMN_OF;

type ListInput = ApiParsedInput<'households.list'>;

/** A name search as the word index to ask and the query for its MATCH (nameSearch). */
interface NameSearch {
  /** The index's table (and its name in a MATCH). */
  table: 'household_search_words' | 'household_search_pairs';
  match: string;
}

/**
 * A search of names as a query of a word index: the folded words of the search (searchWords), in
 * order and next to each other in the household's folded names (members' names follow one
 * another there, so the last word of one name and the first of the next are neighbours too), the
 * last one as a word prefix (a name is found while it is being typed; one or two letters find the
 * names with a word starting with them), in the round's households. One word:
 * household_search_words (migration 24), the round's words starting with it, one doclist of a
 * prefix index for one to three letters (at a million households a round, "duc" 4 ms instead of 17
 * ms in household_search, its round's token ANDed). Two words or more: household_search_pairs
 * (migration 20), the phrase of their pairs, which reads the doclists of the pairs rather than of
 * each common word (at a million households a round, "thi hoa" 11–12 ms instead of 50–60 ms).
 * Both find exactly what a folded LIKE of the words over the households' search text finds
 * (test/integration/search-pairs.test.ts, name-search-oracle.ts).
 * Undefined when the search has no word (punctuation).
 */
function nameSearch(roundId: number, search: string): NameSearch | undefined {
  const words = searchWords(fold(search));
  if (words.length === 0) return undefined;
  if (words.length === 1) return { table: 'household_search_words', match: wordSearchQuery(roundId, words[0]!) };
  return { table: 'household_search_pairs', match: pairSearchQuery(roundId, words) };
}

/** The households a name search finds, as a subquery of ids (`and`: a further condition on the index's rowid). */
function nameMatches(q: NameSearch, and?: RawBuilder<boolean>): RawBuilder<{ id: number }> {
  const t = sql.raw(q.table);
  return sql<{ id: number }>`(SELECT rowid AS id FROM ${t} WHERE ${t} MATCH ${q.match}${and ? sql` AND ${and}` : sql``})`;
}

/**
 * The households a search finds, or those with saved warnings, as a subquery of ids that drives
 * the page (see listDriven); null when a search can find nothing. Digits: a household code
 * ("30487-00123") or a member's ID number (CCCD), by prefix on their indexes. Names: a word
 * index (nameSearch).
 */
function drivingSource(input: ListInput, needle: string): RawBuilder<{ id: number }> | null | undefined {
  if (/^[\d-]{3,}$/u.test(needle)) {
    const upper = `${needle}\uffff`;
    return sql`(SELECT id FROM households WHERE round_id = ${input.roundId} AND code >= ${needle} AND code < ${upper}
                UNION SELECT household_id FROM members WHERE id_number >= ${needle} AND id_number < ${upper})`;
  }
  if (needle) {
    const query = nameSearch(input.roundId, needle);
    return query === undefined ? null : nameMatches(query);
  }
  if (input.warnings === true) return sql`(SELECT DISTINCT household_id AS id FROM household_warnings)`;
  return undefined;
}

/**
 * A name search as a test of one household's row (h), for a walk of the round in the sort's order
 * when the search finds more households than the cap (see listDriven), or undefined when the
 * search is no name search. It finds exactly what the word index finds (nameSearch), from
 * the row alone: in a plain search text (words of letters and digits, one space between them,
 * " | " between members, as households/rows.ts searchTextOf writes folded names) the words of the
 * search, in order and next to each other with the last one as a word prefix, are the text " w1
 * w2 w3…" after a space. (A LIKE that matches implies the index's match; it can miss only in a text
 * with other separators — punctuation, a doubled space, an empty name — which is then asked of
 * the word index, whose answer for the round is read once, when first needed.) Measured at
 * 250,000 households a round: the test costs a few µs a row, most of it reading the row, while
 * the set of a common name ("nguyen van") from the word index costs 34 ms (warm), four times that
 * at a million households. (A search of two words or more that finds at most PAIR_SET households
 * is tested as its set instead: broadTest.)
 */
function searchTest(input: ListInput, needle: string): SearchTest | undefined {
  if (!needle || /^[\d-]{3,}$/u.test(needle)) return undefined;
  const words = searchWords(fold(needle));
  const query = nameSearch(input.roundId, needle);
  if (query === undefined) return undefined;
  const plain = sql`(' ' || replace(h.search_text, ' | ', ' ')) LIKE ${`% ${words.join(' ')}%`}`;
  const other = sql`(h.search_text GLOB '*[^a-z0-9 |]*' OR instr(h.search_text, '  ') > 0 OR instr(replace(h.search_text, ' | ', '  '), '|') > 0)`;
  const indexed = sql`h.id IN ${nameMatches(query)}`;
  // (CASE: the word index's set is read only when a row needs it; as a term of the WHERE, SQLite read it first.)
  const ofRow = sql<boolean>`(CASE WHEN ${plain} THEN 1 WHEN ${other} THEN ${indexed} ELSE 0 END)`;
  return { ofRow, query, pairs: query.table === 'household_search_pairs' ? query : undefined };
}

/** A name search as a test of one household (searchTest): of its row, and the pair search it is, if it is one. */
interface SearchTest {
  ofRow: RawBuilder<boolean>;
  /** The word index's query (nameSearch). */
  query: NameSearch;
  /** The query, when it is of word pairs (two words or more). */
  pairs?: NameSearch;
}

/**
 * Up to how many households a search of two words or more finds, its test is the set of its
 * matches in memory (read from household_search_pairs once a query: one doclist, about 0.12 µs a
 * household), each household tested by its id on the index a walk reads, rather than its row read
 * for the LIKE of searchTest (a few µs a row). Past it, the set costs more than the walks it
 * shortens, read again by each query of a request: at a million households a round, "nguyen van"
 * (220,000 households) 40–45 ms a query; "thi hoa" (28,500) 3.4 ms.
 */
const PAIR_SET = 50_000;

/**
 * How many households into the list's order a search's page is looked for, in their first half,
 * by testing their rows (searchTest: about 4 µs a household at a million households a round)
 * rather than by the search's set read for the request (broadTest; "nguyen van": 23 ms, "thi hoa"
 * 3 ms). Told from every SAMPLE_EVERY-th of them (firstWalked: about 250 rows read, 1 ms).
 */
const SEARCH_PROBE = 2000;
const SAMPLE_EVERY = 8;

/**
 * The test of a search that finds more households than the cap (see PAIR_SET). Without a filter,
 * sorted by anything but code, village or commune (whose walks find the search's households
 * spread evenly: "nguyen van" by code, its page among the first 500 households or so, their rows
 * read for the test): the search's set read once for the request (match-set.ts: a byte an id),
 * each household walked tested by its id, in every statement of the request (a sort's groups are
 * walked one statement each) — unless a sample of the first households the walk reads
 * (firstWalked) says that its page is among the first half of SEARCH_PROBE: rows are then tested.
 * Measured at a million households a round, "nguyen van" (220,000): its set 25 ms once, where
 * each statement that read it as a subquery paid 40–45 ms; by name, the round's first 7,400
 * households hold its first 100 (the "Nguyễn" of the name order are in its middle; before them,
 * only other members' names match), 30 ms of rows; by score A, its page among the first 500.
 * With a filter: the set of the word pairs up to PAIR_SET, the row's test past it (the walks of
 * namePageWithin and of a dense filter find their pages among few households).
 */
async function broadTest(db: Kysely<Database>, input: ListInput, test: SearchTest, options: ListOptions = {}): Promise<BroadSearch> {
  if (test.pairs === undefined) return { test: test.ofRow };
  if (!hasFilter(input) && input.sort !== 'code' && input.sort !== 'village' && input.sort !== 'commune') {
    const probe = options.searchProbe ?? SEARCH_PROBE;
    // (Every SAMPLE_EVERY-th by id: the first households of an order can be unlike the rest of its probe, as score A's lowest.)
    const sample = (
      await sql<{ k: number }>`SELECT COALESCE(SUM(${test.ofRow}), 0) AS k FROM (${await firstWalked(db, input, probe)}) AS s CROSS JOIN households h ON h.id = s.id WHERE s.id % ${SAMPLE_EVERY} = 0`.execute(db)
    ).rows[0]!;
    // (Within the probe's first half: the set of a search of a few thousand households costs a few ms, as much as 1,000 rows.)
    if (Number(sample.k) * SAMPLE_EVERY >= 2 * (input.offset + input.limit)) return { test: test.ofRow };
    const set = await readMatchSet(db, nameMatches(test.pairs));
    // (+: a test of each household walked, never the set driving the query.)
    return { test: set.has(sql`+h.id`), set };
  }
  const pairSet = options.pairSet ?? PAIR_SET;
  if ((await countUpTo(db, sql`SELECT 1 FROM ${nameMatches(test.pairs)} AS m`, pairSet)) <= pairSet) return { test: sql<boolean>`+h.id IN ${nameMatches(test.pairs)}` };
  return { test: test.ofRow };
}

/**
 * The ids of the first `n` households the list's walk reads without a filter (about: it is a
 * sample), from the sort's index: in name order (by name; and each group of the sorts by class,
 * transition, score B in name order: a search's names are as rare or as common there as at the
 * start of the round's name order); by members or review state, their first value's households in
 * name order (their values descending: the highest's; larger households hold more names, "thi hoa"
 * more often); by score A, its order (each direction has its index); by score B descending, the
 * highest score's households when they are few enough to be read whole (listFiltered: planGroup).
 */
async function firstWalked(db: Kysely<Database>, input: ListInput, n: number): Promise<RawBuilder<{ id: number }>> {
  const dir = input.dir === 'desc' ? sql`DESC` : sql`ASC`;
  const round = input.roundId;
  if (input.sort === 'scoreA') return sql`SELECT w.id FROM households w WHERE w.round_id = ${round} ORDER BY w.score_a ${dir}, w.head_sort LIMIT ${n}`;
  const column = VALUE_SORTS[input.sort];
  if (column) {
    const c = sql.ref(`w.${column}`);
    if (input.dir !== 'desc') return sql`SELECT w.id FROM households w WHERE w.round_id = ${round} ORDER BY ${c}, w.head_sort LIMIT ${n}`;
    return sql`SELECT w.id FROM households w WHERE w.round_id = ${round} AND ${c} = (SELECT MAX(${c}) FROM households w WHERE w.round_id = ${round}) ORDER BY w.head_sort LIMIT ${n}`;
  }
  if (input.sort === 'scoreB' && input.dir === 'desc') {
    const top = (await sql<{ v: number; n: number }>`SELECT score_b AS v, n FROM ${sql.table(SCORE_COUNTS)} WHERE round_id = ${round} ORDER BY score_b DESC LIMIT 1`.execute(db)).rows[0];
    if (top && Number(top.n) <= SMALL_LIST) return sql`SELECT r.household_id AS id FROM results r INDEXED BY results_round_score_b WHERE r.round_id = ${round} AND r.score_b = ${top.v} LIMIT ${n}`;
  }
  return sql`SELECT w.id FROM households w WHERE w.round_id = ${round} ORDER BY w.head_sort ${input.sort === 'name' ? dir : sql`ASC`}, w.id LIMIT ${n}`;
}

/** How many of the households a broad search finds are looked at to tell whether a filter keeps most of them. */
const SAMPLE = 2000;

/** A name search that finds more households than the cap: its test of a household (searchTest, broadTest). */
interface BroadSearch {
  test: RawBuilder<boolean>;
  /** The search's households, read once for the request (broadTest), when `test` is of them. */
  set?: MatchSet;
  /** Counted here (a place's households tested one by one), rather than known to be more than the cap. */
  counted?: boolean;
}

/** A cap that counts everything (the households with warnings, taken from a count). */
const EXACT = Number.MAX_SAFE_INTEGER - 1;

/** SELECT COUNT(*) of at most cap + 1 rows of a query: more than cap means "more than cap". */
async function countUpTo(db: Kysely<Database>, rows: RawBuilder<unknown>, cap: number): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${rows} LIMIT ${cap + 1})`.execute(db)).rows[0]!.n);
}

/** What a list step gives back: the count (exact, or capped: more than cap), the totals row when asked and counted, the page's ids. */
interface Listed {
  total: number;
  capped: boolean;
  totals?: HouseholdTotals;
  ids: number[];
}

/**
 * One page of the households a search (or the warnings filter) finds, with the other filters and
 * the sort. The found households drive the plan: they are read first (CROSS JOIN keeps that join
 * order, which the query builder cannot state, hence raw SQL), each one's row looked up by its id
 * and checked against the filters, and only they are counted and sorted (the page and the count in
 * one pass). Past the cap the count is given as capped (the screens say "more than") and the
 * totals row is not added up.
 */
async function listDriven(
  db: Kysely<Database>,
  input: ListInput,
  given: RawBuilder<{ id: number }>,
  byWarnings: boolean,
  cap: number,
  /** False: only the count (and totals row), no page. */
  paged = true,
  /** The search as a test of one household (h), for a walk of the round in the sort's order (see below). */
  search?: SearchTest,
  options: ListOptions = {},
): Promise<Listed> {
  let source = given;
  // A name search's households, read once from the word index (up to cap + 1): at most the cap,
  // they are the list's source from then on, as their ids (the page, the count and the totals row
  // read from them), rather than matched again by each query (at a million households a round,
  // "Nguyễn Văn Đức" costs the word index 30–50 ms each time). More than the cap: counted.
  let plainFound: number | undefined;
  // (As one JSON array built by SQLite: the ids of a search past the cap cost no more than their count.)
  // The search's test, for a search past the cap (broadTest), read when a walk needs it.
  let test: (() => Promise<BroadSearch>) | undefined;
  if (search) {
    // A name search by name: its matches read once, whole, into memory; past the cap, every
    // filter, the count and the page found from them (match-page.ts), up to it, the list's source
    // as below. One word with a filter too: "duc" with the near poor, at a million households, read
    // its matches against each filter's set and then each list row of the 10,000 kept again, 80 ms;
    // 19 ms this way. (Without a filter, a word's first matches hold the page: 4–7 ms as below,
    // 13–18 ms reading them whole.)
    const byMatches = paged && input.sort === 'name' && (search.pairs || hasFilter(input)) && options.matchPage !== false ? await matchesByName(db, input, search.query, cap, options) : undefined;
    if (byMatches && 'listed' in byMatches) return byMatches.listed;
    const found = byMatches ?? (await sql<{ ids: string; n: number }>`SELECT json_group_array(id) AS ids, COUNT(*) AS n FROM (SELECT id FROM ${source} AS s LIMIT ${cap + 1})`.execute(db)).rows[0]!;
    plainFound = Number(found.n);
    if (plainFound <= cap) source = idsSource(found.ids);
    // (Up to the cap the test is not needed: the households found are the list's source.)
    else {
      let ofSearch: Promise<BroadSearch> | undefined;
      test = () => (ofSearch ??= broadTest(db, input, search, options));
    }
  }
  const foundOf = async (): Promise<number> => (plainFound ??= await countUpTo(db, sql`SELECT 1 FROM ${source} AS s`, cap));
  // A name search with filters that finds more households than the cap: its matches narrowed by the
  // filters' indexes (searchWithin). (Up to the cap, their rows are read, below.)
  if (paged && test && hasFilter(input) && (await foundOf()) > cap) {
    const within = await searchWithin(db, input, cap);
    if (within === null) return { total: 0, capped: false, ids: [], ...(input.totals ? { totals: NO_TOTALS } : {}) };
    if (within && within.found <= cap) return listDriven(db, input, within.source, false, cap);
    if (within && input.sort === 'name') return { total: cap, capped: true, ids: await namePageWithin(db, input, within, (await test()).test, options) };
  }
  const conds = rowConds(input, byWarnings);
  const filteredByResult = input.status !== undefined || input.transition !== undefined;
  const needsResults = filteredByResult || input.totals || input.sort === 'status' || input.sort === 'transition' || input.sort === 'scoreB';
  const from = sql`${source} AS s CROSS JOIN ${listRow('h')} ON h.id = s.id ${needsResults ? sql`LEFT JOIN results res ON res.household_id = h.id` : sql``}`;
  const where = sql.join(conds, sql` AND `);
  const joins =
    input.sort === 'village'
      ? sql`LEFT JOIN units v ON v.id = h.village_id JOIN units c ON c.id = h.commune_id`
      : input.sort === 'commune'
        ? sql`JOIN units c ON c.id = h.commune_id`
        : sql``;
  // A search that finds more households than the cap (with the filters), by any sort (a column of
  // the households: name, code, members, score A, review state, village, commune; or of the
  // results, below): the count is capped
  // (found from the first cap + 1 households found), and the page is found as a list without a
  // search is (listFiltered: the sort's index walked in its order, or its groups'), each household
  // row tested against the search (searchTest), instead of reading and sorting the row of every
  // household found (a common name finds a fifth of the round). The walk costs what it takes to
  // reach the page, whatever the round's size, where the word index's set of a common name costs
  // 34 ms at 250,000 households a round and 135 ms at a million. (Measured at 250,000, no filter,
  // "nguyen van" sorted by code: 18 ms instead of 322 ms.) So the sorts by class, transition and
  // score B: their groups as parts of the results (partGroups), each planned with the filters
  // (list-sets.ts planGroup: an empty group skipped, a small one read from its ids, a large one
  // walked in name order with its set in memory, which SQLite tests on the index before it reads
  // a row for the search's test). Measured at a million households a round, CPU: "nguyen van" by
  // score B 350 ms → 18–120 ms, by class 135–185 ms → 100–133 ms, "duc" by transition 70 ms →
  // 18–53 ms (they had sorted the found households whole, or run the search once a class).
  if (paged && test) {
    const found = await foundOf();
    // With a filter: walked only when the filter keeps at least half of a sample of the households
    // found (their first SAMPLE by id), and then more than the cap in all. Otherwise the households
    // found are read once, below (counting them first, to learn that the filter kept fewer than the
    // cap, read them twice: measured at 250,000 households, a class filter with "nguyen van" 950 ms
    // instead of 325 ms).
    const dense = async (): Promise<boolean> => {
      const filteredFrom = sql`CROSS JOIN ${listRow('h')} ON h.id = s.id ${filteredByResult ? sql`LEFT JOIN results res ON res.household_id = h.id` : sql``}`;
      const kept = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (SELECT id FROM ${source} LIMIT ${SAMPLE}) AS s ${filteredFrom} WHERE ${where}`.execute(db)).rows[0]!.n);
      return kept * 2 >= SAMPLE && (await countUpTo(db, sql`SELECT 1 FROM ${source} AS s ${filteredFrom} WHERE ${where}`, cap)) > cap;
    };
    if (found > cap && (conds.length === 1 || (await dense()))) {
      const page = await listFiltered(db, { ...input, totals: undefined }, cap, await test(), options);
      return { total: cap, capped: true, ids: page.ids };
    }
    // A commune or a village of no more households than a quarter of the cap: they are read on
    // their place's index and tested one by one (the count too), rather than every household the
    // search finds in the round. (Measured at 250,000 households a round, a village of about 2,500
    // households with "nguyen van": 76 ms instead of 685 ms; at a million, a village of about
    // 10,000 gained nothing — each row read costs 30–40 µs there —, nor did a class filter.)
    const placeOnly =
      !input.reviewState &&
      input.status === undefined &&
      input.warnings === undefined &&
      input.transition === undefined &&
      Object.values(input.flags ?? {}).every((v) => v === undefined);
    if (found > cap && placeOnly && (input.communeId || input.villageId) && (await placeCount(db, input)).households <= cap / 4) {
      return listFiltered(db, input, cap, { ...(await test()), counted: true });
    }
  }
  // The page, the count and the totals row in one pass over the found households (COUNT(*) and the
  // sums OVER the whole set): a second pass for the totals read every household's row and result
  // again (at a million households a round, "Nguyễn Văn Đức" with the totals row: 40 ms more).
  const page = !paged
    ? []
    : (
        await sql<{ id: number; n: number } & Partial<TotalSums>>`
          SELECT h.id AS id, COUNT(*) OVER () AS n${input.totals ? sql`, ${totalSums(true)}` : sql``} FROM ${from} ${joins} WHERE ${where}
          ORDER BY ${orderOf(input)} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db)
      ).rows;
  // (A join to the results that filters nothing is left out of a count on its own. An empty first
  // page is an empty list: not counted again.)
  const countFrom = sql`${source} AS s CROSS JOIN ${listRow('h')} ON h.id = s.id ${filteredByResult ? sql`LEFT JOIN results res ON res.household_id = h.id` : sql``}`;
  const total =
    page.length > 0 ? Number(page[0]!.n) : paged && input.offset === 0 ? 0 : await countUpTo(db, sql`SELECT 1 FROM ${countFrom} WHERE ${where}`, cap);
  const capped = total > cap;

  let totals: HouseholdTotals | undefined;
  if (input.totals && !capped) {
    const sums = page.length > 0 ? (page[0] as TotalSums) : (await sql<TotalSums>`SELECT ${totalSums(false)} FROM ${from} WHERE ${where}`.execute(db)).rows[0]!;
    totals = {
      households: total,
      members: Number(sums.members),
      byStatus: { poor: Number(sums.poor), near_poor: Number(sums.near_poor), neither: Number(sums.neither), middle_income: Number(sums.middle_income), unclassified: Number(sums.unclassified) },
    };
  }
  return { total: capped ? cap : total, capped, ...(totals ? { totals } : {}), ids: page.map((r) => r.id) };
}

/**
 * A name search of two words or more sorted by name, from its matches read once (match-page.ts
 * matchPage): past the cap, the list (the totals row of a list it counts exactly added up from its
 * households); up to the cap, the matches' ids (a JSON array) and their number; undefined:
 * listDriven's own plan.
 */
async function matchesByName(db: Kysely<Database>, input: ListInput, query: NameSearch, cap: number, options: ListOptions): Promise<{ listed: Listed } | { ids: string; n: number } | undefined> {
  const roundSize = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
  const placeSize = input.communeId || input.villageId ? (await placeCount(db, input)).households : roundSize;
  const resultCounts = (await roundCounts(db, input.roundId)).rows;
  const m = await matchPage(db, input, async () => nameMatches(query.table === 'household_search_pairs' ? { ...query, match: await exactLastPair(db, query.match) } : query), cap, { roundSize, placeSize, resultCounts, sortShort: options.matchSort ?? true });
  if (!m || !('total' in m)) return m;
  let totals: HouseholdTotals | undefined;
  if (m.list !== undefined) {
    // (Its households are the list: their sums alone, each one's list columns and result looked up by id.)
    const sums = (await sql<TotalSums>`SELECT ${totalSums(false)} FROM ${idsSource(m.list)} AS s CROSS JOIN ${listRow('h')} ON h.id = s.id LEFT JOIN results res ON res.household_id = h.id`.execute(db))
      .rows[0]!;
    totals = {
      households: m.list.length,
      members: Number(sums.members),
      byStatus: { poor: Number(sums.poor), near_poor: Number(sums.near_poor), neither: Number(sums.neither), middle_income: Number(sums.middle_income), unclassified: Number(sums.unclassified) },
    };
  }
  return { listed: { total: m.total, capped: m.capped, ids: m.ids, ...(totals ? { totals } : {}) } };
}

/** The sums of a list's totals row, by the name of each. */
type TotalSums = Record<'members' | Status | 'unclassified', number>;
const TOTAL_SUMS: Record<keyof TotalSums, string> = {
  members: 'h.member_count',
  poor: "res.status = 'poor'",
  near_poor: "res.status = 'near_poor'",
  neither: "res.status = 'neither'",
  middle_income: "res.status = 'middle_income'",
  unclassified: 'res.status IS NULL',
};

/** The totals row's sums over a list's households (h) and results (res): as aggregates, or over the whole list beside each row of a page (`over`). */
const totalSums = (over: boolean): RawBuilder<unknown> =>
  sql.raw(Object.entries(TOTAL_SUMS).map(([name, e]) => `COALESCE(SUM(${e})${over ? ' OVER ()' : ''}, 0) AS ${name}`).join(', '));

/** The list's filters as conditions on a household's row (h) and its result (res, joined when filtered by result). */
function rowConds(input: ListInput, byWarnings: boolean): RawBuilder<unknown>[] {
  const conds: RawBuilder<unknown>[] = [sql`h.round_id = ${input.roundId}`];
  if (input.communeId) conds.push(sql`h.commune_id = ${input.communeId}`);
  if (input.villageId) conds.push(sql`h.village_id = ${input.villageId}`);
  if (input.reviewState) conds.push(sql`h.review_state = ${input.reviewState}`);
  if (input.warnings !== undefined && !byWarnings) {
    const has = sql`EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`;
    conds.push(input.warnings ? has : sql`NOT ${has}`);
  }
  for (const [flag, column] of Object.entries(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS, string][]) {
    const wanted = input.flags?.[flag];
    if (wanted !== undefined) conds.push(sql`${sql.ref(`h.${column}`)} = ${wanted ? 1 : 0}`);
  }
  const resultConds: RawBuilder<unknown>[] = [];
  if (input.status === 'unclassified') resultConds.push(sql`res.household_id IS NULL`);
  else if (input.status) resultConds.push(sql`res.status = ${input.status}`);
  if (input.transition === 'none') resultConds.push(sql`res.household_id IS NOT NULL AND res.transition IS NULL`);
  else if (input.transition) resultConds.push(sql`res.transition = ${input.transition}`);
  conds.push(...resultConds);
  return conds;
}

/** Whether every household of the round has a result: its results by class (classCounts, from result_counts) against its households. */
async function allClassified(db: Kysely<Database>, roundId: number): Promise<boolean> {
  const round = (await sql<{ n: number }>`SELECT COALESCE(SUM(households), 0) AS n FROM household_counts WHERE round_id = ${roundId}`.execute(db)).rows[0]!.n;
  return Object.values(await classCounts(db, roundId)).reduce((a, b) => a + b, 0) >= Number(round);
}

/** The totals row of an empty list. */
const NO_TOTALS: HouseholdTotals = { households: 0, members: 0, byStatus: { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 } };

/** Whether the list has a filter beside the round (and the search). */
const hasFilter = (input: ListInput): boolean =>
  Boolean(input.communeId || input.villageId || input.reviewState) ||
  input.status !== undefined ||
  input.transition !== undefined ||
  input.warnings !== undefined ||
  Object.values(input.flags ?? {}).some((v) => v !== undefined);

/** Up to how many households a commune or village is read as a set of ids for a search within it (about 0.4 µs each). */
const SEARCH_PLACE_SET = 150_000;

/**
 * A name search with filters as the word index's matches tested against the filters by their ids
 * (list-sets.ts idFilter): a set read from each filter's index, or a lookup of the result by its
 * key, never the household's row where an index serves. The matches come in id order, and are
 * counted up to the cap (the count stops there). Null: a filter keeps no household, the list is
 * empty (nothing is read from the word index). Measured at a million households a round, "nguyen
 * van" (220,000 households) with a filter read each match's row and result, 0.4–3.3 s of CPU; its
 * matches alone cost 75 ms.
 */
async function searchWithin(
  db: Kysely<Database>,
  input: ListInput,
  cap: number,
): Promise<
  | {
      source: RawBuilder<{ id: number }>;
      found: number;
      resultFilterOf: (col: RawBuilder<unknown>) => Promise<RawBuilder<boolean> | undefined>;
      sortable?: { source: RawBuilder<{ id: number }>; on: RawBuilder<boolean> };
    }
  | null
  | undefined
> {
  const query = input.search ? nameSearch(input.roundId, input.search) : undefined;
  if (query === undefined) return undefined;
  const col = sql`+${sql.raw(query.table)}.rowid`;
  const round = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
  const limits = setLimits(input.offset + input.limit, round, SMALL_LIST);
  const parts: Part[] = [];
  const byId: RawBuilder<boolean>[] = [];
  const place = placePart({ commune_id: input.communeId, village_id: input.villageId, review_state: input.reviewState });
  if (place) {
    // (A review state is counted on its index, up to a smaller bound: past it, each match's row is read in id order.)
    if (!input.reviewState) place.size = (await placeCount(db, input)).households;
    place.setMax = input.reviewState ? 2 * cap : SEARCH_PLACE_SET;
    parts.push(place);
  }
  const conds = resultFilterConds(input.status, input.transition);
  if (conds.length > 0) parts.push(resultPart(conds, input.transition !== undefined ? 'results_round_status' : undefined));
  const unclassified = (c: RawBuilder<unknown>): RawBuilder<boolean> => sql<boolean>`NOT EXISTS (SELECT 1 FROM results r3 WHERE r3.household_id = ${c})`;
  if (input.status === 'unclassified') {
    // Every household of the round classified: none is unclassified.
    if (await allClassified(db, input.roundId)) return null;
    byId.push(unclassified(col));
  }
  const wanted: Partial<Record<(typeof FLAG_COLUMNS)[keyof typeof FLAG_COLUMNS], 0 | 1>> = {};
  for (const [flag, column] of Object.entries(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS, (typeof FLAG_COLUMNS)[keyof typeof FLAG_COLUMNS]][]) {
    const v = input.flags?.[flag];
    if (v !== undefined) wanted[column] = v ? 1 : 0;
  }
  const flags = flagPart(wanted);
  // (A flag wanted unset keeps most households: its row, read in id order.)
  if (flags?.from) parts.push(flags);
  else if (flags) byId.push(listRowHas(col, Object.entries(wanted).map(([c, v]) => is(c, v)), 'f3'));
  const flagsById = flags !== undefined && !flags.from ? byId.length - 1 : undefined;
  if (input.warnings !== undefined) {
    const warned = sql`SELECT household_id FROM household_warnings`;
    if (input.warnings && (await sql<{ x: number }>`SELECT 1 AS x FROM household_warnings LIMIT 1`.execute(db)).rows.length === 0) return null;
    byId.push(input.warnings ? sql<boolean>`${col} IN (${warned})` : sql<boolean>`${col} NOT IN (${warned})`);
  }
  const filter = await idFilter(db, input.roundId, parts, byId, col, limits);
  if (filter === undefined) return null;
  const source = nameMatches(query, filter);
  // Counted up to the cap; a list of at most cap households is kept as its ids (found once, its rows
  // then read in id order), rather than matched again by the page's query.
  const ids = (await sql<{ id: number }>`SELECT id FROM ${source} AS s LIMIT ${cap + 1}`.execute(db)).rows.map((r) => r.id);
  // (The parts' sizes are known by now: resultFilterOf reads nothing more.)
  // The class or transition filter alone as a test by id (namePageWithin), undefined without one.
  const results = parts.filter((p) => p.from === 'results');
  const resultFilterOf = async (c: RawBuilder<unknown>): Promise<RawBuilder<boolean> | undefined> =>
    results.length === 0 && input.status !== 'unclassified' ? undefined : idFilter(db, input.roundId, results, input.status === 'unclassified' ? [unclassified(c)] : [], c, limits);
  // For namePageWithin's sort, whose join reads each household's list columns: a flag wanted unset
  // tested there, on the flags it reads, rather than looked up once more by id (at a million
  // households, "nguyen van" with the male-headed households: 186,000 lookups, 40 ms).
  let sortable: { source: RawBuilder<{ id: number }>; on: RawBuilder<boolean> } | undefined;
  if (flagsById !== undefined) {
    const others = byId.filter((_, i) => i !== flagsById);
    const rest = parts.length + others.length === 0 ? undefined : await idFilter(db, input.roundId, parts, others, col, limits);
    sortable = { source: nameMatches(query, rest), on: sql<boolean>`${sql.join(Object.entries(wanted).map(([c, v]) => is(c, v)('h')), sql` AND `)}` };
  }
  if (ids.length > cap) return { source, found: ids.length, resultFilterOf, sortable };
  return { source: idsSource(ids), found: ids.length, resultFilterOf, sortable };
}


/** How many households of the place, in name order, a page is first looked for among, per household of the page, at least WALK_FIRST (namePageWithin). */
const WALK_BUDGET = 20;
const WALK_FIRST = 20_000;
/** How many households of the place a first page is looked for among before the budget's walk (namePageWithin). */
const WALK_PROBE = 2000;

/**
 * A page in name order of a search with filters that finds more households than the cap (`within`:
 * its households, searchWithin). First the place's first households in name order (WALK_BUDGET
 * for each one of the page, at least WALK_FIRST), each one tested against a class or transition
 * filter by its id, then its row against the search and the other filters, which finds the page when they are dense (a first page: first among
 * WALK_PROBE households, see below); otherwise the households of `within` (read once more), each
 * one's name looked up in the list's index by id (listRow) and sorted (the page kept, not the whole): the
 * matches of a name can come far from evenly in name order (at a million households, the first 100
 * male-headed households with a "nguyen van" were 390,000 households into the name order: 11 s
 * reading each row). (It was the place's name index walked as a covering index, each household
 * tested against the set of `within` read once: there, 390,000 tests of a set of 186,000, 180–290
 * ms; `within` looked up and sorted, 130 ms of CPU. With the near poor: the first walk read each
 * row and result before testing the class; by id, 247 → 153 ms of CPU in all.)
 */
async function namePageWithin(
  db: Kysely<Database>,
  input: ListInput,
  {
    source: within,
    resultFilterOf,
    sortable,
  }: {
    source: RawBuilder<{ id: number }>;
    resultFilterOf: (col: RawBuilder<unknown>) => Promise<RawBuilder<boolean> | undefined>;
    sortable?: { source: RawBuilder<{ id: number }>; on: RawBuilder<boolean> };
  },
  test: RawBuilder<boolean>,
  options: ListOptions,
): Promise<number[]> {
  const dir = input.dir === 'desc' ? sql`DESC` : sql`ASC`;
  const placeOf = (t: string): RawBuilder<unknown> =>
    sql.join(
      [
        sql`${sql.ref(`${t}.round_id`)} = ${input.roundId}`,
        ...(input.communeId ? [sql`${sql.ref(`${t}.commune_id`)} = ${input.communeId}`] : []),
        ...(input.villageId ? [sql`${sql.ref(`${t}.village_id`)} = ${input.villageId}`] : []),
        ...(input.reviewState ? [sql`${sql.ref(`${t}.review_state`)} = ${input.reviewState}`] : []),
      ],
      sql` AND `,
    );
  const budget = options.walkBudget ?? Math.max(WALK_FIRST, WALK_BUDGET * (input.offset + input.limit));
  // The place's (round_id, …, head_sort) index, walked in its order: named, so that SQLite does not
  // start from a filter's index and sort. A class or transition filter is tested on the walked
  // household's id (searchWithin's test: a set in memory, a seek of the results' index), before
  // its row is read for the search's test and the other filters (about 7 µs a row at a million
  // households a round, its result's row 2–3 µs, against a fraction of a µs for an id tested): a
  // row is read only for the households of the class. (The other filters by id cost more than
  // they save: a flag wanted unset or a commune keeps most of the rows, read for the search anyway.)
  const index = input.villageId ? 'households_round_village_sort' : input.communeId ? 'households_round_commune_sort' : input.reviewState ? 'households_round_review_sort' : 'households_round_sort';
  // The budget as a name: its last household's, found on the place's name index alone. The walk
  // then goes no further than that name (ties with it included: a longer start of the same order,
  // so a full page found there is the list's page), reading rows only until the page is full.
  // (It was the budget's households in a subquery, joined to their rows: SQLite read and sorted
  // all of them, 20,000 rows, 0.2–0.5 s at a million households a round, when the page was found
  // after a few hundred.)
  const byResult = await resultFilterOf(sql`+h.id`);
  // (`after`: the walk starts past that name, where an earlier walk stopped; it gives back where it stops, undefined at the place's end.)
  const walk = async (upToBudget: number, limit: number, after?: string): Promise<{ ids: number[]; edge?: string }> => {
    const edge = (await sql<{ k: string }>`SELECT w.head_sort AS k FROM households w WHERE ${placeOf('w')} ORDER BY w.head_sort ${dir}, w.id ${dir} LIMIT 1 OFFSET ${upToBudget - 1}`.execute(db))
      .rows[0]?.k;
    const upTo = edge === undefined ? sql`` : input.dir === 'desc' ? sql`AND h.head_sort >= ${edge}` : sql`AND h.head_sort <= ${edge}`;
    const from = after === undefined ? sql`` : input.dir === 'desc' ? sql`AND h.head_sort < ${after}` : sql`AND h.head_sort > ${after}`;
    const ids = (
      await sql<{ id: number }>`
        SELECT h.id AS id FROM households h INDEXED BY ${sql.raw(index)}
        WHERE ${placeOf('h')} ${from} ${upTo} ${byResult ? sql`AND ${byResult}` : sql``} AND ${sql.join(rowConds({ ...input, status: undefined, transition: undefined }, false), sql` AND `)} AND ${test}
        ORDER BY h.head_sort ${dir}, h.id ${dir} LIMIT ${limit} OFFSET ${after === undefined ? input.offset : 0}`.execute(db)
    ).rows.map((r) => r.id);
    return { ids, edge };
  };
  // A first page is looked for among the first WALK_PROBE households first: none of them found
  // there, the search and the filters are sparse at the start of the name order, and the budget's
  // walk would read its rows in vain (at a million households, "nguyen van" with the male-headed
  // households: 20,000 households walked, 15,000 rows read, 110 ms of CPU, none found). Some
  // found: the walk goes on from there (ties with the probe's last name were in it) up to the budget.
  const probe = options.walkProbe ?? WALK_PROBE;
  let first: number[] = [];
  if (budget > 0 && input.offset === 0 && budget > probe) {
    const probed = await walk(probe, input.limit);
    first = probed.ids;
    // Some found, but so few that at the probe's rate the budget would hold less than half of the
    // page: the budget is not walked either (at a million households, "nguyen van" with the near
    // poor: 1 in the first 2,000, the 100th 154,000 households in; 27 ms of rows read in vain).
    const likely = first.length + (first.length * (budget - probe)) / probe >= input.limit / 2;
    if (first.length > 0 && first.length < input.limit && probed.edge !== undefined && likely) first.push(...(await walk(budget, input.limit - first.length, probed.edge)).ids);
  } else if (budget > 0) first = (await walk(budget, input.limit)).ids;
  if (first.length === input.limit) return first;
  // (CROSS JOIN: the households of `within` first, each looked up; never the place's name index walked and probed.)
  return (
    await sql<{ id: number }>`
      SELECT h.id AS id FROM ${sortable?.source ?? within} AS s CROSS JOIN ${listRow('h')} ON h.id = s.id WHERE ${placeOf('h')}${sortable ? sql` AND ${sortable.on}` : sql``}
      ORDER BY h.head_sort ${dir}, h.id ${dir} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db)
  ).rows.map((r) => r.id);
}

/** Households and members of a round, or of one commune or village of it: household_counts (migration 6). */
async function placeCount(db: Kysely<Database>, input: ApiParsedInput<'households.list'>): Promise<{ households: number; members: number }> {
  let q = db
    .selectFrom('household_counts')
    .select([sql<number>`COALESCE(SUM(households), 0)`.as('households'), sql<number>`COALESCE(SUM(members), 0)`.as('members')])
    .where('round_id', '=', input.roundId);
  if (input.communeId) q = q.where('commune_id', '=', input.communeId);
  if (input.villageId) q = q.where('village_id', '=', input.villageId);
  const r = await q.executeTakeFirstOrThrow();
  return { households: Number(r.households), members: Number(r.members) };
}

/**
 * The round's results by class, counted on the results_round_status index alone,
 * one range of it for each class (measured at a million households: half the CPU of one GROUP BY
 * status over the round's range, which compares each entry's class).
 */
async function classCounts(db: Kysely<Database>, roundId: number): Promise<Record<Status, number>> {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of (await roundCounts(db, roundId)).rows) out[r.status] += Number(r.n);
  return out;
}

/**
 * The round's results by class and transition ('' none), from result_counts (kept exact by
 * triggers, migration 21: households/name-order.ts), rather than counted on results_round_status
 * (its 888,000 entries of the largest class read at a million households: 25 ms).
 */
const roundCounts = (db: Kysely<Database>, roundId: number) =>
  sql<{ status: Status; transition: string; n: number }>`SELECT status, transition, SUM(n) AS n FROM ${sql.table(RESULT_COUNTS)} WHERE round_id = ${roundId} GROUP BY status, transition`.execute(db);

/** The round's class sizes (classCounts), read at most once for a request. */
type RoundClasses = () => Promise<Record<Status, number>>;

const sqlValues = <T>(r: { rows: { x: T }[] }): T[] => r.rows.map((row) => row.x);

/**
 * The round's distinct known values of a column, smallest first, read from its (round_id, column, …)
 * index one seek each (a loose index scan): a few hundred seeks, not the round's rows.
 */
async function distinctValues<T extends string | number>(db: Kysely<Database>, table: 'households' | 'results', column: string, roundId: number): Promise<T[]> {
  const t = sql.table(table);
  const c = sql.ref(column);
  return sqlValues(
    await sql<{ x: T }>`
      WITH RECURSIVE v(x) AS (
        SELECT MIN(${c}) FROM ${t} WHERE round_id = ${roundId}
        UNION ALL
        SELECT (SELECT MIN(${c}) FROM ${t} WHERE round_id = ${roundId} AND ${c} > v.x) FROM v WHERE v.x IS NOT NULL
      )
      SELECT x FROM v WHERE x IS NOT NULL`.execute(db),
  );
}

type HouseholdQuery = SelectQueryBuilder<Database & { h: Database['households'] }, 'h', object>;
interface SortGroup {
  arm: (q: HouseholdQuery) => HouseholdQuery;
  /** How many households of the list are in the group, when known without reading them. */
  size?: number;
  /**
   * The arm finds the group's households from the results index (a small class or transition of
   * the round): its page is sorted, rather than found by walking the round in name order.
   */
  driven?: boolean;
  /**
   * For a page deeper than DEEP_IN_GROUP households into the group (from the end it is walked
   * from): the group as the households not in the others, a set (notIn), rather than `arm`'s test
   * of each household's result.
   */
  deep?: (q: HouseholdQuery) => HouseholdQuery;
  /**
   * The group as parts of the results (list-sets.ts), the list's class or transition filter
   * already in them (for a sort by score B, unless `ownFilter`, the filter is a part of its own):
   * planned with the list's other filters when reached (planGroup), instead of `arm`.
   */
  parts?: Part[];
  /** A score B group whose parts hold the list's class filter too (one range of results_round_score_b_status). */
  ownFilter?: boolean;
  /** The parts, found when the group is reached (undefined: the group is empty). */
  partsOf?: () => Promise<Part[] | undefined>;
  /**
   * For a page deeper than DEEP_IN_GROUP households into the group: the page's ids, found by
   * counting along the round's name order (bulkGroupPage) rather than walking `arm` or `deep`.
   */
  page?: (skip: number, take: number, size: number, close: number) => Promise<number[]>;
  /** `page` walks about a stretch of the name order whatever its depth (a score B of the round: scorePages): used for any page of the group, not only a deep one. */
  stretch?: boolean;
}

/** The value of a kind NAME_ORDER leaves out of the round (undefined: it holds every value, or the round was never filled). */
async function bulkValue(db: Kysely<Database>, roundId: number, kind: number): Promise<string | undefined> {
  return (await sql<{ value: string }>`SELECT value FROM ${sql.table(NAME_ORDER_BULK)} WHERE round_id = ${roundId} AND kind = ${kind}`.execute(db)).rows[0]?.value;
}

/** A deep page's walk stops counting when the page is this many households of the group away, and walks the rest testing each one. */
const BULK_CLOSE = 200;

/**
 * Households `skip` to `skip + take` (in name order) of the round's large class or transition
 * ("neither", "same": the value NAME_ORDER leaves out), of `size` households, every household of
 * the round classified. The round's households are the group and the others, which NAME_ORDER
 * holds in name order: the k-th of the group is found by moving along the round's name index
 * without a test (OFFSET, about 0.02 µs a household) by as many households as the group's
 * households still to pass (each one household at most, so never past the page), counting the
 * others passed on NAME_ORDER, until the page is near; the rest is walked testing each household
 * (`arm`). From the group's end backwards for a page in its second half. Measured at a million
 * households, the page in the middle of the round sorted by class: 184 ms of CPU walked with the
 * others' set (notIn), 48 ms this way, 20 ms with the classes' sizes read from result_counts.
 */
async function bulkGroupPage(
  db: Kysely<Database>,
  roundId: number,
  kind: number,
  arm: (q: HouseholdQuery) => HouseholdQuery,
  skip: number,
  take: number,
  size: number,
  close: number,
): Promise<number[]> {
  const back = skip > size / 2;
  const target = back ? size - skip - take : skip;
  const [from, upTo, dir] = back ? [sql`<=`, sql`>`, sql`DESC`] : [sql`>=`, sql`<`, sql`ASC`];
  // The others' values (a seek each): the others before a name are counted on each value's range.
  const values = sqlValues(
    await sql<{ x: string }>`
      WITH RECURSIVE v(x) AS (
        SELECT MIN(value) FROM ${sql.table(NAME_ORDER)} WHERE round_id = ${roundId} AND kind = ${kind}
        UNION ALL
        SELECT (SELECT MIN(value) FROM ${sql.table(NAME_ORDER)} WHERE round_id = ${roundId} AND kind = ${kind} AND value > v.x) FROM v WHERE v.x IS NOT NULL
      )
      SELECT x FROM v WHERE x IS NOT NULL`.execute(db),
  );
  /** The household at which the walk stands (undefined: the round's first in the walk's direction), its place, and the others before it. */
  let at: { head_sort: string; id: number } | undefined;
  let passed = 0;
  let others = 0;
  const after = (head: RawBuilder<unknown>, id: RawBuilder<unknown>) => (at ? sql`AND (${head}, ${id}) ${from} (${at.head_sort}, ${at.id})` : sql``);
  for (;;) {
    const ahead = target - (passed - others);
    if (ahead <= close) break;
    const next = (
      await sql<{ head_sort: string; id: number }>`
        SELECT head_sort, id FROM households INDEXED BY households_round_sort
        WHERE round_id = ${roundId} ${after(sql`head_sort`, sql`id`)} ORDER BY head_sort ${dir}, id ${dir} LIMIT 1 OFFSET ${ahead}`.execute(db)
    ).rows[0];
    if (!next) break;
    // (No others: the group is the round.)
    const counted = values.length === 0 ? { rows: [{ n: 0 }] } : await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM ${sql.table(NAME_ORDER)}
      WHERE round_id = ${roundId} AND kind = ${kind} AND value IN (${sql.join(values)}) ${after(sql`head_sort`, sql`household_id`)}
        AND (head_sort, household_id) ${upTo} (${next.head_sort}, ${next.id})`.execute(db);
    others += Number(counted.rows[0]!.n);
    passed += ahead;
    at = next;
  }
  const rest = target - (passed - others);
  const start = at ? sql<boolean>`(h.head_sort, h.id) ${from} (${at.head_sort}, ${at.id})` : sql<boolean>`true`;
  const page = await arm(db.selectFrom('households as h').where('h.round_id', '=', roundId).where(start))
    .select('h.id')
    .orderBy(sql`h.head_sort ${dir}, h.id ${dir}`)
    .limit(take)
    .offset(rest)
    .execute();
  const ids = page.map((r) => r.id);
  return back ? ids.reverse() : ids;
}

/**
 * A group of most of the round (a class, a transition) as the households not among the others,
 * whose ids are read from the results index into a set in memory: a deep page walks hundreds of
 * thousands of households in name order, each tested against the set, rather than reading each
 * one's result (at a million households, the page in the middle of the round sorted by class or
 * transition: 1.4–2.4 s of CPU). Only when every household of the round has a result.
 */
const notIn = (others: RawBuilder<unknown>) => (q: HouseholdQuery) => q.where(sql<boolean>`+h.id NOT IN (${others})`);

/** A class or transition group of the round as a set in memory, read from the (round_id, status, transition) index, tested on each household walked ("+": never the plan's driver). */
const inResults = (roundId: number, filter: RawBuilder<unknown>) => (q: HouseholdQuery) =>
  q.where(sql<boolean>`+h.id IN (SELECT r.household_id FROM results r WHERE r.round_id = ${roundId} AND r.status IN (${sql.join(STATUSES)}) AND ${filter})`);

/** A small class or transition group of the round, found from the (round_id, status, transition) index. */
const byResults = (roundId: number, filter: RawBuilder<unknown>) => (q: HouseholdQuery) =>
  q.where(sql<boolean>`h.id IN (SELECT r.household_id FROM results r WHERE r.round_id = ${roundId} AND r.status IN (${sql.join(STATUSES)}) AND ${filter})`);

/**
 * The groups of a sort by class, transition or score B as parts of the results (list-sets.ts),
 * for a list with filters: each group's size with the list's class or transition filter is read
 * from the (round_id, status, transition) index, so that a group the filter leaves empty is
 * skipped and a small one read from its ids (a transition sorted by class walked the whole round
 * for each class it has no household of: 5.9 s at a million households). The households without
 * a result (or a score) are a test of each row, as before.
 */
async function partGroups(db: Kysely<Database>, input: ListInput, classes: RoundClasses): Promise<SortGroup[]> {
  const byResult = input.status !== undefined || input.transition !== undefined;
  // Whether every household of the round has a result (the round's class sizes, read once for the
  // request: the totals row counts them too), only when a group of the households without one is reached.
  let everyClassified: Promise<boolean> | undefined;
  const allClassified = (): Promise<boolean> =>
    (everyClassified ??= (async () => {
      const all = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
      const n = Object.values(await classes()).reduce((a, b) => a + b, 0);
      return n >= all;
    })());
  const noResult: Part = { test: sql<boolean>`NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id)` };
  const classOf = input.status && input.status !== 'unclassified' ? [is('status', input.status)] : [isIn('status', STATUSES)];
  const group = (parts: Part[]): SortGroup => ({ arm: (q) => q, parts });
  if (input.sort === 'status') {
    const transition = resultFilterConds(undefined, input.transition).slice(1);
    const unclassified: SortGroup = { arm: (q) => q, partsOf: async () => (byResult || (await allClassified()) ? undefined : [noResult]) };
    return [...STATUS_RANK.map((s) => group([resultPart([is('status', s), ...transition])])), unclassified];
  }
  if (input.sort === 'transition') {
    // NULL first (no result, or no earlier one), then the transitions in their text order, as ORDER BY res.transition.
    const noTransition = resultPart([...classOf, is('transition', null)], 'results_round_status');
    const none: SortGroup = {
      arm: (q) => q,
      partsOf: async () =>
        byResult || (await allClassified())
          ? [noTransition]
          : [{ test: sql<boolean>`NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id AND r.transition IS NOT NULL)` }],
    };
    return [none, ...[...TRANSITIONS].sort().map((t) => group([resultPart([...classOf, is('transition', t)], 'results_round_status')]))];
  }
  // Score B: the round's scores, read from results_round_score_b one seek each; the list's class or
  // transition filter is a part of its own (list-sets.ts). Score B not known first, as ORDER BY puts NULL.
  const values = await distinctValues<number>(db, 'results', 'score_b', input.roundId);
  const unknown: SortGroup = {
    arm: (q) => q,
    partsOf: async () => {
      const nullScore = await sql<{ x: number }>`SELECT 1 AS x FROM results WHERE round_id = ${input.roundId} AND score_b IS NULL LIMIT 1`.execute(db);
      if (nullScore.rows.length === 0 && (byResult || (await allClassified()))) return undefined;
      return [{ test: sql<boolean>`NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id AND r.score_b IS NOT NULL)` }];
    },
  };
  // A class filter (without a transition) is in each score's part: the class's households of that
  // score are one range of results_round_score_b_status (migration 22), counted and read alone,
  // rather than the class's set and the score's tested against each other (at a million
  // households, the poor by score B: the scores 0, 10 and 20, none of them poor, 15–18 ms each).
  if (input.status && input.status !== 'unclassified' && input.transition === undefined) {
    const status = input.status;
    return [unknown, ...values.map((v): SortGroup => ({ ...group([resultPart([is('status', status), is('score_b', v)], RESULTS_CLASS_SCORE_B_INDEX)]), ownFilter: true }))];
  }
  return [unknown, ...values.map((v) => group([resultPart([is('score_b', v)], 'results_round_score_b')]))];
}

/**
 * A score B's households: each one looked up in results_round_score_b (a seek of the index,
 * round, score and id), not by reading its result's row (at a million households, 0.4 µs
 * against 2–13 µs a household: a deep page walks hundreds of thousands of them).
 */
const hasScoreB = (roundId: number, value: number): RawBuilder<boolean> =>
  sql<boolean>`EXISTS (SELECT 1 FROM results res INDEXED BY results_round_score_b WHERE res.round_id = ${roundId} AND res.score_b = ${value} AND res.household_id = h.id)`;
const ofScoreB = (roundId: number) => (value: number) => (q: HouseholdQuery) => q.where(hasScoreB(roundId, value));
/** A set of household ids as one byte an id, bound as a blob (byteSet, id-bytes.ts): `n` ids. */
interface ByteSet {
  bytes: Buffer;
  n: number;
}

/**
 * Household ids (`ids`, a query of one column named `column`) read into a byte per id (id-bytes.ts):
 * a walk tests each household by its byte (byteTest), no seek — at a million households about
 * 0.08 µs a household walked. Reading the ids costs about 0.06 µs each. Undefined (the caller
 * tests otherwise) when the ids pass ID_BYTES_SPAN; `hi`: the set's highest id, when known.
 */
async function byteSet(db: Kysely<Database>, ids: RawBuilder<unknown>, column: string, hi?: number): Promise<ByteSet | undefined> {
  // The blob's length: the highest id of the set, or of every household (the rowid's end, a seek).
  const top = hi ?? Number((await sql<{ hi: number | null }>`SELECT MAX(id) AS hi FROM households`.execute(db)).rows[0]?.hi ?? 0);
  if (top >= ID_BYTES_SPAN) return undefined;
  const read = await readIdText(db, sql`(${ids})`, column);
  // (Its ids' own highest, read with them: a household written since by another connection (an
  // Excel job's) would otherwise fall past the blob's end, unmarked.)
  const size = Math.max(1, top, read?.hi ?? 0);
  if (size >= ID_BYTES_SPAN) return undefined;
  const bytes = Buffer.alloc(size);
  return { bytes, n: markIds(bytes, read?.text, 1) };
}

/** A household (col) is in a byte set (byteSet). */
const byteTest = (set: ByteSet, col: RawBuilder<unknown> = sql`h.id`): RawBuilder<boolean> => hasByte(set.bytes, col);

/**
 * Households `skip` to `skip + take` (in name order) of score B `value` of the whole round, of
 * `size` households, a page deep inside it, in a round without score B's stretches of the name
 * order (scorePages, migration 26): the score's ids read from results_round_score_b as a
 * byte set (byteSet), and the round's name index walked testing each household's byte, from the
 * group's nearer end. At a million
 * households, the page in the middle of the round (116,000 into score 10, 418,000 households,
 * 280,000 of the round walked), CPU: 170 ms walked with a seek of results_round_score_b a household
 * (ofScoreB), 150 ms with the ids as a set (IN), about 50 ms this way (25 to read the ids, 5 to
 * parse them, 22 to walk); the whole request 55 ms median with the sizes from result_score_counts (load 2.5).
 * Ids past ID_BYTES_SPAN: walked with ofScoreB.
 */
async function scorePage(db: Kysely<Database>, roundId: number, value: number, skip: number, take: number, size: number): Promise<number[]> {
  // The ids' end, a seek (asked in the same statement as the ids, it cost 10-15 ms more).
  const hi = (
    await sql<{ hi: number | null }>`SELECT MAX(household_id) AS hi FROM results INDEXED BY results_round_score_b WHERE round_id = ${roundId} AND score_b = ${value}`.execute(db)
  ).rows[0]?.hi;
  const set =
    hi === null || hi === undefined
      ? undefined
      : await byteSet(db, sql`SELECT household_id FROM results INDEXED BY results_round_score_b WHERE round_id = ${roundId} AND score_b = ${value}`, 'household_id', hi);
  const test = set ? byteTest(set) : hasScoreB(roundId, value);
  const back = skip > size / 2;
  const dir = back ? sql`DESC` : sql`ASC`;
  const page = await sql<{ id: number }>`
    SELECT h.id AS id FROM households h INDEXED BY households_round_sort WHERE h.round_id = ${roundId} AND ${test}
    ORDER BY h.head_sort ${dir}, h.id ${dir} LIMIT ${take} OFFSET ${back ? size - skip - take : skip}`.execute(db);
  const ids = page.rows.map((r) => r.id);
  return back ? ids.reverse() : ids;
}

/**
 * Up to how many households of the round a page of a score B is walked from its stretch's bound,
 * each tested by a seek of the score index (about 0.5 µs: 10 ms): a fresh refill's stretches at a
 * million households have the page walked within about 1,000–7,000.
 */
const STRETCH_WALK = 20_000;

/**
 * The page of each score B of the whole round (SortGroup.page), at any depth, from the score's
 * counts by stretch of the round's name order (name-order.ts SCORE_BUCKETS, migration 26): the
 * stretches' counts added until they pass the page's first household, then the round's name index
 * walked from that stretch's bound testing each household's score (a seek of results_round_score_b)
 * — a stretch of about a thousand households, and the page's own. At a million households the page
 * in the middle of the round sorted by score B (116,000 into score 10, 418,000 households) read
 * the score's ids into a byte set and walked 280,000 households of the round testing each
 * (scorePage: 62–63 ms); now 4–8 ms of CPU (load 2.6–3.3). A score of at most `smallGroup`
 * households is read from its ids and sorted whole. A round without stretches (never refilled
 * since migration 26): scorePage, deep pages only. Stretches grown since the refill (the
 * households written into the round after it fall in the stretches there are: a round refilled
 * when it held a few households, then a province's packages imported into it), the walk from the
 * stretch's bound expected to pass more than STRETCH_WALK households of the round: scorePage,
 * whose cost is bounded by the score's size.
 */
async function scorePages(
  db: Kysely<Database>,
  roundId: number,
  smallGroup: number,
  /** The round's households (household_counts). */
  roundSize: number,
  stretchWalk: number,
): Promise<(v: number) => Pick<SortGroup, 'page' | 'stretch'>> {
  const counted = await sql<{ x: number }>`SELECT 1 AS x FROM ${sql.table(SCORE_BOUNDS)} WHERE round_id = ${roundId} LIMIT 1`.execute(db);
  if (counted.rows.length === 0) return (v) => ({ page: (skip, take, size) => scorePage(db, roundId, v, skip, take, size) });
  return (v) => ({
    stretch: true,
    page: async (skip, take, size) => {
      // A score of at most smallGroup households: read from its ids and sorted whole (its page
      // walked from its stretch passes the round's households between its own, few and far apart:
      // at a million households the last page of score 70, 1,312 households, walked 76,000, 17 ms).
      if (size <= smallGroup) {
        const page = await sql<{ id: number }>`
          SELECT h.id AS id FROM households h INDEXED BY ${sql.raw(HOUSEHOLDS_LIST_INDEX)}
          WHERE h.id IN (SELECT r.household_id FROM results r INDEXED BY results_round_score_b WHERE r.round_id = ${roundId} AND r.score_b = ${v})
          ORDER BY h.head_sort, h.id LIMIT ${take} OFFSET ${skip}`.execute(db);
        return page.rows.map((r) => r.id);
      }
      const stretches = await sql<{ head_sort: string; household_id: number; n: number }>`
        SELECT head_sort, household_id, n FROM ${sql.table(SCORE_BUCKETS)} WHERE round_id = ${roundId} AND score_b = ${v} ORDER BY head_sort, household_id`.execute(db);
      let before = 0;
      const from = stretches.rows.find((s) => {
        if (before + Number(s.n) > skip) return true;
        before += Number(s.n);
        return false;
      });
      if (!from) return [];
      // (The score's households among the round's at an even spread: the walk passes the round's
      // households until it has passed the page's first and holds the page.)
      if (((skip - before + take) * roundSize) / size > stretchWalk) return scorePage(db, roundId, v, skip, take, size);
      const page = await sql<{ id: number }>`
        SELECT h.id AS id FROM households h INDEXED BY households_round_sort
        WHERE h.round_id = ${roundId} AND (h.head_sort, h.id) >= (${from.head_sort}, ${from.household_id}) AND ${hasScoreB(roundId, v)}
        ORDER BY h.head_sort, h.id LIMIT ${take} OFFSET ${skip - before}`.execute(db);
      return page.rows.map((r) => r.id);
    },
  });
}

/** Whether every household of the round has a result with a score B. */
async function everyScoreKnown(db: Kysely<Database>, input: ApiParsedInput<'households.list'>): Promise<boolean> {
  const nullScore = await sql<{ x: number }>`SELECT 1 AS x FROM results WHERE round_id = ${input.roundId} AND score_b IS NULL LIMIT 1`.execute(db);
  if (nullScore.rows.length > 0) return false;
  const withResult = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM results WHERE round_id = ${input.roundId}`.execute(db)).rows[0]!.n);
  return withResult === (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
}

/** The households with no score B (no result, or a result without it). */
const noScoreB = (q: HouseholdQuery) =>
  q.where((eb) => eb.not(eb.exists(eb.selectFrom('results as res').select(sql.lit(1).as('one')).whereRef('res.household_id', '=', 'h.id').where('res.score_b', 'is not', null))));

/** The round's results by score B (those with one), from result_score_counts (migration 23: kept by triggers). */
async function scoreCounts(db: Kysely<Database>, roundId: number): Promise<Map<number, number>> {
  const rows = await sql<{ x: number; n: number }>`SELECT score_b AS x, n FROM ${sql.table(SCORE_COUNTS)} WHERE round_id = ${roundId}`.execute(db);
  return new Map(rows.rows.map((r) => [r.x, Number(r.n)]));
}

/**
 * The groups of the whole round sorted by score B (ascending, as sortGroups gives them) for a
 * page in the second half of the list: only the scores from the list's end, until they hold the
 * page; the rest of the round, before them, is one group of the round's size less theirs, skipped
 * unread. Descending, the households with no score B end the list: they are the round's
 * households less the results with a score. The scores' sizes from result_score_counts: counted on
 * results_round_score_b, the page in the middle at a million households read 616,000 of its
 * entries ascending and 1.8 million descending (44 ms and more). Undefined for a page in the first half.
 */
async function scoreTail(db: Kysely<Database>, input: ApiParsedInput<'households.list'>, values: number[], smallGroup: number, stretchWalk: number): Promise<SortGroup[] | undefined> {
  const all = (await placeCount(db, input)).households;
  const fromEnd = all - input.offset;
  if (fromEnd > all / 2) return undefined;
  const sizes = await scoreCounts(db, input.roundId);
  const ofScore = ofScoreB(input.roundId);
  const desc = input.dir === 'desc';
  const unknown = all - [...sizes.values()].reduce((a, b) => a + b, 0);
  const pages = await scorePages(db, input.roundId, smallGroup, all, stretchWalk);
  // The list's last groups, from its end.
  const tail: SortGroup[] = [];
  let counted = 0;
  if (desc) {
    tail.push({ arm: noScoreB, size: unknown });
    counted += unknown;
  }
  for (const v of desc ? values : [...values].reverse()) {
    if (counted >= fromEnd) break;
    const size = sizes.get(v) ?? 0;
    tail.push({ arm: ofScore(v), size, ...pages(v) });
    counted += size;
  }
  // Before them (never read: the page is past it).
  const rest: SortGroup = { arm: (q) => q, size: all - counted };
  return desc ? [...tail, rest] : [rest, ...tail.reverse()];
}

/**
 * The values a sort by class, transition, commune, review state or member count runs through, in
 * ascending order, each as a filter on the households: the class from the household's result
 * (unclassified last), the commune by its
 * Vietnamese sort key (communes of the same key form one group, as they share a place in the order).
 */
async function sortGroups(
  db: Kysely<Database>,
  input: ApiParsedInput<'households.list'>,
  byPlaceOnly: boolean,
  wholeRound: boolean,
  /** Score B's groups walked for a list of the round's households found by a broad search (sizes unknown). */
  scoreGroups = byPlaceOnly,
  /** The groups as parts of the results (SortGroup.parts), for a list with filters. */
  asParts = false,
  /** The round's class sizes (read once for the request). */
  roundClasses: RoundClasses = () => classCounts(db, input.roundId),
  /** Up to how many households a class or transition of the round is read from its ids (SMALL_LIST; ListOptions.smallList). */
  smallGroup = SMALL_LIST,
  /** Up to how many households a page of a score B is walked from its stretch's bound (STRETCH_WALK; ListOptions.stretchWalk). */
  stretchWalk = STRETCH_WALK,
): Promise<SortGroup[] | undefined> {
  if (asParts && (input.sort === 'status' || input.sort === 'transition' || input.sort === 'scoreB')) return partGroups(db, input, roundClasses);
  if (input.sort === 'status') {
    // The round's class sizes: exact for the whole round, otherwise an upper bound (an empty class is skipped).
    const classes = await roundClasses();
    const all = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
    const inRound = [...STATUS_RANK.map((s) => classes[s]), all - STATUSES.reduce((n, s) => n + classes[s], 0)];
    const sizes = inRound.map((n) => (n === 0 || (byPlaceOnly && wholeRound) ? n : undefined));
    const ofClass = (status: Status) => (q: HouseholdQuery) =>
      q.where((eb) => eb.exists(eb.selectFrom('results as res').select(sql.lit(1).as('one')).whereRef('res.household_id', '=', 'h.id').where('res.status', '=', status)));
    const unclassified = (q: HouseholdQuery) =>
      q.where((eb) => eb.not(eb.exists(eb.selectFrom('results as res').select(sql.lit(1).as('one')).whereRef('res.household_id', '=', 'h.id'))));
    // A class of most of the round (every household classified): the households not in the other
    // classes, their set read from the class index (see notIn).
    const large = (i: number): boolean => inRound[4] === 0 && (all - inRound[i]!) * 4 < inRound[i]!;
    const others = (s: Status) => sql`SELECT r.household_id FROM results r WHERE r.round_id = ${input.roundId} AND r.status IN (${sql.join(STATUSES.filter((o) => o !== s))})`;
    // The class NAME_ORDER leaves out (the round's large one), every household classified: counted along the name order (bulkGroupPage).
    const bulkClass = inRound[4] === 0 && byPlaceOnly && wholeRound ? await bulkValue(db, input.roundId, ORDER_KINDS.status.kind) : undefined;
    const bulk = (s: Status): SortGroup['page'] =>
      s === bulkClass ? (skip, take, size, close) => bulkGroupPage(db, input.roundId, ORDER_KINDS.status.kind, ofClass(s), skip, take, size, close) : undefined;
    return [
      ...STATUS_RANK.map((s, i) =>
        inRound[i]! <= smallGroup
          ? { arm: byResults(input.roundId, sql`r.status = ${s}`), size: sizes[i], driven: true }
          : { arm: ofClass(s), deep: large(i) ? notIn(others(s)) : undefined, size: sizes[i], page: bulk(s) },
      ),
      { arm: unclassified, size: sizes[4] },
    ];
  }
  if (input.sort === 'transition') {
    // NULL first (no result, or no earlier one), then the transitions in their text order, as ORDER BY res.transition.
    const values = [...TRANSITIONS].sort();
    // As for the classes: exact for the whole round, otherwise an upper bound. Each transition
    // (and none: '') of the round's results, from result_counts (roundCounts).
    const all = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
    const classified = Object.values(await roundClasses()).reduce((k, n) => k + n, 0);
    const unclassified = all - classified;
    const byTransition = new Map<string, number>();
    for (const r of (await roundCounts(db, input.roundId)).rows) byTransition.set(r.transition, (byTransition.get(r.transition) ?? 0) + Number(r.n));
    const counts = ['', ...values].map((t) => byTransition.get(t) ?? 0);
    const n = new Map(values.map((t, i) => [t, counts[i + 1]!]));
    const inRound = [counts[0]! + unclassified, ...values.map((t) => n.get(t) ?? 0)];
    const sizes = inRound.map((k) => (k === 0 || (byPlaceOnly && wholeRound) ? k : undefined));
    const none = (q: HouseholdQuery) =>
      q.where((eb) =>
        eb.not(eb.exists(eb.selectFrom('results as res').select(sql.lit(1).as('one')).whereRef('res.household_id', '=', 'h.id').where('res.transition', 'is not', null))),
      );
    const of = (t: Transition) => (q: HouseholdQuery) =>
      q.where((eb) => eb.exists(eb.selectFrom('results as res').select(sql.lit(1).as('one')).whereRef('res.household_id', '=', 'h.id').where('res.transition', '=', t)));
    // With every household classified, "none" is the results without a transition.
    // A transition (or none) of most of the round, every household classified: the households with
    // another one (or none), their set read from the class index (see notIn).
    const large = (i: number): boolean => unclassified === 0 && (all - inRound[i]!) * 4 < inRound[i]!;
    const withTransition = (ts: readonly string[]) =>
      sql`SELECT r.household_id FROM results r WHERE r.round_id = ${input.roundId} AND r.status IN (${sql.join(STATUSES)}) AND r.transition IN (${sql.join(ts)})`;
    const othersThan = (t: Transition) => {
      const rest = values.filter((o) => o !== t && n.get(o)! > 0);
      const noTransition = sql`SELECT r.household_id FROM results r WHERE r.round_id = ${input.roundId} AND r.status IN (${sql.join(STATUSES)}) AND r.transition IS NULL`;
      return rest.length === 0 ? noTransition : sql`${noTransition} UNION ALL ${withTransition(rest)}`;
    };
    // The transition NAME_ORDER leaves out (the round's large one; '' none), every household classified: counted along the name order (bulkGroupPage).
    const bulkTransition = unclassified === 0 && byPlaceOnly && wholeRound ? await bulkValue(db, input.roundId, ORDER_KINDS.transition.kind) : undefined;
    const bulk = (t: Transition | '', arm: (q: HouseholdQuery) => HouseholdQuery): SortGroup['page'] =>
      t === bulkTransition ? (skip, take, size, close) => bulkGroupPage(db, input.roundId, ORDER_KINDS.transition.kind, arm, skip, take, size, close) : undefined;
    // A group of at most a set's households (every household classified) whose set costs less to
    // read than looking up the result of each household walked, even for a first page: walked
    // with its ids in memory (inResults). Its k ids cost about a tenth of a lookup each, and a page
    // of `limit` households is found after about limit × round / k walked: k² < 10 × limit × round.
    // (At a million households, the round's last page by transition, descending — the 9,999
    // households without one, walked back from the end of the name order — 30 → 4 ms.)
    const asSet = (k: number): boolean => unclassified === 0 && k <= SET_MAX && k * k < 10 * input.limit * all;
    const noneGroup =
      unclassified === 0 && inRound[0]! <= smallGroup
        ? { arm: byResults(input.roundId, sql`r.transition IS NULL`), size: sizes[0], driven: true }
        : {
            arm: asSet(inRound[0]!) ? inResults(input.roundId, sql`r.transition IS NULL`) : none,
            deep: large(0) ? notIn(withTransition(values.filter((o) => n.get(o)! > 0))) : undefined,
            size: sizes[0],
            page: bulk('', none),
          };
    return [
      noneGroup,
      ...values.map((t, i) =>
        inRound[i + 1]! <= smallGroup
          ? { arm: byResults(input.roundId, sql`r.transition = ${t}`), size: sizes[i + 1], driven: true }
          : {
              arm: asSet(inRound[i + 1]!) ? inResults(input.roundId, sql`r.transition = ${t}`) : of(t),
              deep: large(i + 1) ? notIn(othersThan(t)) : undefined,
              size: sizes[i + 1],
              page: bulk(t, of(t)),
            },
      ),
    ];
  }
  // (Only for a place: with a class, transition or flag filter a score's group can be empty or
  // sparse, and walking it in name order read the whole round — measured up to 16 s; such a list
  // is sorted as a whole, as before.)
  if (input.sort === 'scoreB' && scoreGroups) {
    // The round's scores, read from results_round_score_b one seek each (a loose index scan); each
    // score's households in name order. Score B not known (no result, or a result without it) first, as ORDER BY puts NULL.
    const values = await distinctValues<number>(db, 'results', 'score_b', input.roundId);
    // The whole round by place only: each score's size counted on the index (a deep page skips whole scores unread).
    const sized = byPlaceOnly && wholeRound && input.offset > 0;
    if (sized) {
      const tail = await scoreTail(db, input, values, smallGroup, stretchWalk);
      if (tail) return tail;
    }
    const sizes = sized ? await scoreCounts(db, input.roundId) : undefined;
    const all = sized ? (await placeCount(db, input)).households : 0;
    const known = sizes ? [...sizes.values()].reduce((a, b) => a + b, 0) : 0;
    const ofScore = ofScoreB(input.roundId);
    // No score unknown in the round (every household has a result with its score): that group is
    // left out rather than looked for by walking the whole round.
    // (With the scores' sizes, the whole round: none unknown when they add up to the round, rather
    // than the round's results counted — a million entries of its index at a million households.)
    const noneUnknown = sizes ? all === known : await everyScoreKnown(db, input);
    const unknownGroup = noneUnknown ? [] : [{ arm: noScoreB, size: sizes ? all - known : undefined }];
    // (A page inside a score of the whole round: scorePages.)
    const pages = sized ? await scorePages(db, input.roundId, smallGroup, all, stretchWalk) : undefined;
    return [...unknownGroup, ...values.map((v) => ({ arm: ofScore(v), size: sizes?.get(v), ...pages?.(v) }))];
  }
  const column = VALUE_SORTS[input.sort];
  if (column) {
    // The round's values of the column, read from its (round_id, column, head_sort) index one seek
    // each (a loose index scan), then one group per value; a score not yet known (NULL) first,
    // as ORDER BY puts it.
    const values = await distinctValues<string | number>(db, 'households', column, input.roundId);
    const groups = values.map((value) => ({ arm: (q: HouseholdQuery) => q.where(sql.ref(`h.${column}`), '=', value) }));
    const someNull = await sql<{ x: number }>`SELECT 1 AS x FROM households WHERE round_id = ${input.roundId} AND ${sql.ref(column)} IS NULL LIMIT 1`.execute(db);
    return someNull.rows.length > 0 ? [{ arm: (q: HouseholdQuery) => q.where(sql.ref(`h.${column}`), 'is', null) }, ...groups] : groups;
  }
  if (input.sort === 'village') {
    // Each village in its order (orderOf), from household_counts; village 0 holds the households
    // without a village (NULL, first).
    let q = db
      .selectFrom('household_counts as hc')
      .leftJoin('units as v', 'v.id', 'hc.village_id')
      .innerJoin('units as c', 'c.id', 'hc.commune_id')
      .select(['hc.village_id', sql<number>`SUM(hc.households)`.as('n')])
      .where('hc.round_id', '=', input.roundId)
      .groupBy('hc.village_id')
      .having(sql<number>`SUM(hc.households)`, '>', 0)
      .orderBy(sql`MIN(v.name_sort), MIN(c.name_sort), hc.village_id`);
    if (input.communeId) q = q.where('hc.commune_id', '=', input.communeId);
    const villages = await q.execute();
    return villages.map((r) => ({
      arm: (qb: HouseholdQuery) => (r.village_id === 0 ? qb.where('h.village_id', 'is', null) : qb.where('h.village_id', '=', r.village_id)),
      size: byPlaceOnly ? Number(r.n) : undefined,
    }));
  }
  if (input.sort === 'commune') {
    let q = db
      .selectFrom('household_counts as hc')
      .innerJoin('units as c', 'c.id', 'hc.commune_id')
      .select(['c.id', 'c.name_sort', sql<number>`SUM(hc.households)`.as('n')])
      .where('hc.round_id', '=', input.roundId)
      .groupBy(['c.id', 'c.name_sort'])
      .having(sql<number>`SUM(hc.households)`, '>', 0)
      .orderBy('c.name_sort');
    if (input.villageId) q = q.where('hc.village_id', '=', input.villageId);
    const communes = await q.execute();
    const keys = [...new Set(communes.map((c) => c.name_sort))];
    return keys.map((key) => {
      const same = communes.filter((c) => c.name_sort === key);
      const ids = same.map((c) => c.id);
      return {
        arm: (q: HouseholdQuery) => (ids.length === 1 ? q.where('h.commune_id', '=', ids[0]!) : q.where('h.commune_id', 'in', ids)),
        size: byPlaceOnly ? same.reduce((n, c) => n + Number(c.n), 0) : undefined,
      };
    });
  }
  return undefined;
}

/** A group of a sort by class, transition or score B, for a broad search without a filter (broadGroupPage). */
interface BroadGroup {
  /** Its households in the round (exact, from the round's counts): 0, skipped. */
  size: number;
  /** Its households in the search, `skip` of them passed, up to `take`, in name order. */
  walk: (skip: number, take: number) => Promise<number[]>;
  /** How many of the search's households it holds (for a page past it). */
  count: () => Promise<number>;
}

/**
 * A page of a search's households (its set read once: broadTest) sorted by class, transition or
 * score B, without a filter: each group of the sort in its order, its households in name order.
 * The groups' sizes in the round are known from the round's counts (result_counts,
 * result_score_counts): an empty one is skipped. A class or transition other than the round's
 * large one is walked on results_by_name (migration 21: its households in name order, each tested
 * by the set on the index alone), rather than the round's name order with the group's set read
 * into memory (the poor, 45,000 at a million households: their set 18 ms, then the round walked
 * until the poor among the search's households fill the page). The large one (and the households
 * without a result) walk the round's name order, the search tested first, the group only for the
 * households of the search. A score B is read from its ids and sorted, or walked in the round's
 * name order, whichever costs less for the share of the search among its households
 * (broadScoreDrives). Measured at a million households a round, CPU, the search's set read once
 * either way: "nguyen van" (220,000) by class ascending 64 → 42 ms, by transition ascending 68 →
 * 39 ms; "thi hoa" (28,500) by score B descending 55 → 10 ms.
 */
async function broadGroupPage(db: Kysely<Database>, input: ListInput, set: MatchSet, options: ListOptions): Promise<number[]> {
  const roundId = input.roundId;
  const all = (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
  const has = set.has;
  /** The round's name order, the search tested first (on the index), then the group (by its result, for the search's households only). */
  const walkRound = (group: RawBuilder<boolean>) => ({
    walk: async (skip: number, take: number) =>
      (
        await sql<{ id: number }>`SELECT h.id AS id FROM households h INDEXED BY households_round_sort WHERE h.round_id = ${roundId} AND ${has(sql`h.id`)} AND ${group}
          ORDER BY h.head_sort, h.id LIMIT ${take} OFFSET ${skip}`.execute(db)
      ).rows.map((r) => r.id),
    count: async () =>
      Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM households h INDEXED BY households_round_sort WHERE h.round_id = ${roundId} AND ${has(sql`h.id`)} AND ${group}`.execute(db)).rows[0]!.n),
  });
  /** A class or transition's households in name order (results_by_name), tested on the index. */
  const walkByName = (kind: number, value: string) => ({
    walk: async (skip: number, take: number) =>
      (
        await sql<{ id: number }>`SELECT o.household_id AS id FROM ${sql.table(NAME_ORDER)} o WHERE o.round_id = ${roundId} AND o.kind = ${kind} AND o.value = ${value} AND ${has(sql`o.household_id`)}
          ORDER BY o.head_sort, o.household_id LIMIT ${take} OFFSET ${skip}`.execute(db)
      ).rows.map((r) => r.id),
    count: async () =>
      Number(
        (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(NAME_ORDER)} o WHERE o.round_id = ${roundId} AND o.kind = ${kind} AND o.value = ${value} AND ${has(sql`o.household_id`)}`.execute(db))
          .rows[0]!.n,
      ),
  });
  const resultIs = (cond: RawBuilder<unknown>) => sql<boolean>`EXISTS (SELECT 1 FROM results r2 WHERE r2.household_id = h.id AND ${cond})`;
  let groups: BroadGroup[];
  if (input.sort === 'status' || input.sort === 'transition') {
    const kind = input.sort === 'status' ? ORDER_KINDS.status.kind : ORDER_KINDS.transition.kind;
    const bulk = await bulkValue(db, roundId, kind);
    const counts = (await roundCounts(db, roundId)).rows;
    const classified = counts.reduce((n, r) => n + Number(r.n), 0);
    const unclassified = all - classified;
    const sizeOf = (value: string): number => counts.filter((r) => (input.sort === 'status' ? r.status : r.transition) === value).reduce((n, r) => n + Number(r.n), 0);
    // The round's large value: the search's households less those of the others (the groups partition the round).
    const large = (value: string, cond: RawBuilder<unknown>, others: () => BroadGroup[]): BroadGroup => ({
      size: sizeOf(value),
      walk: walkRound(resultIs(cond)).walk,
      count: async () => {
        let n = set.size;
        for (const g of others()) if (g.size > 0) n -= await g.count();
        return n;
      },
    });
    const of = (value: string, cond: RawBuilder<unknown>): BroadGroup =>
      value === bulk ? large(value, cond, () => groups.filter((g) => g.size > 0 && g !== self.get(value))) : { size: sizeOf(value), ...walkByName(kind, value) };
    const self = new Map<string, BroadGroup>();
    if (input.sort === 'status') {
      const noResult: BroadGroup = { size: unclassified, ...walkRound(sql<boolean>`NOT EXISTS (SELECT 1 FROM results r2 WHERE r2.household_id = h.id)`) };
      groups = [
        ...STATUS_RANK.map((s) => {
          const g = of(s, sql`r2.status = ${s}`);
          self.set(s, g);
          return g;
        }),
        noResult,
      ];
    } else {
      // NULL first (no result, or no earlier one), then the transitions in their text order, as ORDER BY res.transition.
      // With households without a result, "none" mixes them with the results without a transition in name order: the round walked.
      const none: BroadGroup =
        unclassified > 0
          ? { size: sizeOf('') + unclassified, ...walkRound(sql<boolean>`NOT EXISTS (SELECT 1 FROM results r2 WHERE r2.household_id = h.id AND r2.transition IS NOT NULL)`) }
          : of('', sql`r2.transition IS NULL`);
      self.set('', none);
      groups = [
        none,
        ...[...TRANSITIONS].sort().map((t) => {
          const g = of(t, sql`r2.transition = ${t}`);
          self.set(t, g);
          return g;
        }),
      ];
    }
  } else {
    const sizes = await scoreCounts(db, roundId);
    const values = [...sizes.keys()].sort((a, b) => a - b);
    const known = [...sizes.values()].reduce((a, b) => a + b, 0);
    const unknown: BroadGroup = { size: all - known, ...walkRound(sql<boolean>`NOT EXISTS (SELECT 1 FROM results r2 WHERE r2.household_id = h.id AND r2.score_b IS NOT NULL)`) };
    const score = (v: number): BroadGroup => {
      const size = sizes.get(v)!;
      const ofScore = sql`FROM results r INDEXED BY results_round_score_b WHERE r.round_id = ${roundId} AND r.score_b = ${v} AND ${has(sql`r.household_id`)}`;
      const count = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n ${ofScore}`.execute(db)).rows[0]!.n);
      const round = walkRound(hasScoreB(roundId, v));
      return {
        size,
        count,
        walk: async (skip, take) =>
          (options.scoreDrives ?? broadScoreDrives(size, set.size / all, skip + take, all))
            ? (
                await sql<{ id: number }>`SELECT h.id AS id FROM (SELECT r.household_id AS id ${ofScore}) AS s CROSS JOIN ${listRow('h')} ON h.id = s.id
                  ORDER BY h.head_sort, h.id LIMIT ${take} OFFSET ${skip}`.execute(db)
              ).rows.map((r) => r.id)
            : round.walk(skip, take),
      };
    };
    groups = [unknown, ...values.map(score)];
  }
  const ids: number[] = [];
  let skip = input.offset;
  for (const g of input.dir === 'desc' ? [...groups].reverse() : groups) {
    const need = input.limit - ids.length;
    if (need <= 0) break;
    if (g.size === 0) continue;
    if (skip > 0) {
      const n = await g.count();
      if (skip >= n) {
        skip -= n;
        continue;
      }
    }
    ids.push(...(await g.walk(skip, need)));
    skip = 0;
  }
  return ids;
}

/**
 * Whether the page of a score B of `size` households, `reach` households of the search into it,
 * is read from the score's ids (each tested against the search's set, those in it looked up by id
 * for their name and sorted: about 0.1 µs and 3 µs) rather than walked in the round's name order
 * (about 0.1 µs a household, and a seek of the score's index for each of the search's): a walk
 * finds the page after reach / (size × share) × round households, the whole round when the score
 * holds fewer of the search's. (At a million households, "thi hoa" by score B descending: the 3,293
 * households of score 60 hold 94 of its 28,500; walked, the whole round was, 40 ms.)
 */
function broadScoreDrives(size: number, share: number, reach: number, round: number): boolean {
  const found = size * share;
  const walked = Math.min(round, found > 0 ? (reach * round) / found : round);
  return size * 0.1 + found * 3 < walked * (0.1 + share * 0.4);
}

/**
 * One page of a round's households, filtered and sorted (Vietnamese order by the head's name).
 * Two steps keep a page fast on a province: the ids of the page are found with only the
 * joins that the filter and sort need, then the page's rows are read in full. A search (or the
 * warnings filter) drives the plan from what it finds (listDriven); otherwise the sort's index is
 * walked inside the round (listFiltered).
 */
export async function listHouseholds(db: Kysely<Database>, given: ApiParsedInput<'households.list'>, options: ListOptions = {}): Promise<HouseholdList> {
  // The contract's defaults, for a caller that did not parse its input (the bench, a test).
  const input: ListInput = { ...given, sort: given.sort ?? 'name', dir: given.dir ?? 'asc', offset: given.offset ?? 0, limit: given.limit ?? 100 };
  const cap = options.countCap ?? HOUSEHOLD_COUNT_CAP;
  const needle = input.search ? fold(input.search) : '';
  const source = drivingSource(input, needle);
  const none: HouseholdTotals = { households: 0, members: 0, byStatus: { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 } };
  const listed: Listed =
    source === null
      ? { total: 0, capped: false, ids: [], ...(input.totals ? { totals: none } : {}) }
      : source
        ? await listDriven(db, input, source, !needle, cap, true, searchTest(input, needle), options)
        : await listFiltered(db, input, cap, undefined, options);
  const { total, capped, totals } = listed;
  const rows = listed.ids.length === 0 ? [] : await pageRows(db, listed.ids);
  return { total, totalCapped: capped, rows, ...(totals ? { totals } : {}) };
}

export interface ListOptions {
  /** The most households counted exactly (HOUSEHOLD_COUNT_CAP); a test lowers it. */
  countCap?: number;
  /** Up to which size a filter or group is read as a set, or a group read and sorted (list-sets.ts setLimits); a test sets them. */
  limits?: Partial<SetLimits>;
  /** Up to how many households a list is sorted as a whole (SMALL_LIST); a test lowers it to walk a small round. */
  smallList?: number;
  /** Up to how many households of the round a page of a score B is walked from its stretch's bound (STRETCH_WALK, scorePages); a test lowers it. */
  stretchWalk?: number;
  /** How deep into a group of most of the round a page walks it as "not in the others" (DEEP_IN_GROUP); a test lowers it. */
  deepInGroup?: number;
  /** How near its page a deep page's count along the name order stops (BULK_CLOSE, bulkGroupPage); a test lowers it. */
  bulkClose?: number;
  /** How many households of a place a search with filters walks in name order before it reads the search's set (namePageWithin); a test lowers it. */
  walkBudget?: number;
  /** What sorting a part whole by score A costs besides its households, in households walked (WHOLE_FIXED, scoreAFar); a test lowers it to sort a small round's parts whole. */
  wholeFixed?: number;
  /** Whether a class or transition far into the walk of score A is found from the walk's far side (scoreAFar): true always, false never; by cost when undefined. A test sets it. */
  farScan?: boolean;
  /** About how many of a part's households tell where its page lies in score A (SCORE_SAMPLE, scoreAFar); a test lowers it. */
  scoreSample?: number;
  /** How many households of a place a first page is looked for among before the budget's walk (WALK_PROBE); a test lowers it. */
  walkProbe?: number;
  /** Up to how many households a broad search of two words or more is tested as a set (PAIR_SET); a test sets it. */
  pairSet?: number;
  /** How many households in the list's order a broad search without a filter may take to find its page, at most, tested by their rows rather than its set (SEARCH_PROBE); a test sets it. */
  searchProbe?: number;
  /** False: a name search sorted by name is not paged from its matches in memory (match-page.ts) but by searchWithin and namePageWithin, the plan of the filters match-page does not serve (the unclassified of a round not all classified); a test sets it. */
  matchPage?: boolean;
  /** False: a short list of a search's matches is walked in name order rather than sorted (match-page.ts); a test sets it, to walk a small round. */
  matchSort?: boolean;
  /** Whether a broad search's score B groups are read from their ids or walked in name order (broadScoreDrives); a test forces either. */
  scoreDrives?: boolean;
  /** How many households of the round a page by name with a part too large for a set is looked for among before the part is read as bytes (NAME_PROBE); a test lowers it. */
  nameProbe?: number;
}

/**
 * A page of the round's households with no search: the count and totals row, and the sorts by
 * class, transition, commune, review state, members and scores avoid reading the whole round
 * where they can (see below).
 */
async function listFiltered(db: Kysely<Database>, input: ListInput, cap: number, broad?: BroadSearch, options: ListOptions = {}): Promise<Listed> {
  // A broad search read as a set, without a filter (broadTest), by class, transition or score B: counted past the cap.
  if (broad?.set && !broad.counted && (input.sort === 'status' || input.sort === 'transition' || input.sort === 'scoreB')) {
    return { total: cap, capped: true, ids: await broadGroupPage(db, input, broad.set, options) };
  }
  const needsResults =
    input.status !== undefined || input.transition !== undefined || input.totals || input.sort === 'status' || input.sort === 'transition' || input.sort === 'scoreB';
  /** ofPlace false: without the commune, village and review state (given as a part: placePart). */
  const withPlace = (q: HouseholdQuery, ofPlace = true): HouseholdQuery => {
    if (input.communeId && ofPlace) q = q.where('h.commune_id', '=', input.communeId);
    if (input.villageId && ofPlace) q = q.where('h.village_id', '=', input.villageId);
    if (input.reviewState && ofPlace) q = q.where('h.review_state', '=', input.reviewState);
    if (broad) q = q.where(broad.test);
    // (Only with a broad search: otherwise the households with warnings are found from household_warnings, by listDriven.)
    if (input.warnings === true) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`);
    // (Households with warnings are found from household_warnings: listDriven.)
    if (input.warnings === false) q = q.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`);
    return q;
  };
  let base = withPlace(db.selectFrom('households as h').where('h.round_id', '=', input.roundId));
  let classesOfRound: Promise<Record<Status, number>> | undefined;
  const roundClasses: RoundClasses = () => (classesOfRound ??= classCounts(db, input.roundId));
  // The list's place, review state, search and warnings: the walks add the flags and the class or transition as parts (list-sets.ts).
  const place = base;
  const wantedFlags: Partial<Record<(typeof FLAG_COLUMNS)[keyof typeof FLAG_COLUMNS], 0 | 1>> = {};
  for (const [flag, column] of Object.entries(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS, (typeof FLAG_COLUMNS)[keyof typeof FLAG_COLUMNS]][]) {
    const wanted = input.flags?.[flag];
    if (wanted !== undefined) {
      base = base.where(sql.ref(`h.${column}`), '=', wanted ? 1 : 0);
      wantedFlags[column] = wanted ? 1 : 0;
    }
  }
  // A class or transition filter reads the round's results by their (round_id, status / transition)
  // index and joins the households to them: a range of the index, not a probe per household.
  const byResult = (input.status !== undefined && input.status !== 'unclassified') || input.transition !== undefined;
  let filtered = byResult
    ? base.innerJoin('results as res', 'res.household_id', 'h.id').where(sql.ref('res.round_id'), '=', input.roundId)
    : needsResults
      ? base.leftJoin('results as res', 'res.household_id', 'h.id')
      : base;
  if (input.status === 'unclassified') filtered = filtered.where(sql.ref('res.household_id'), 'is', null);
  else if (input.status) filtered = filtered.where(sql.ref('res.status'), '=', input.status);
  // Any class and this transition: the (round_id, status, transition) index serves it (status is never NULL).
  if (input.transition !== undefined && !input.status) filtered = filtered.where(sql.ref('res.status'), 'in', STATUSES);
  if (input.transition === 'none') filtered = filtered.where(sql.ref('res.household_id'), 'is not', null).where(sql.ref('res.transition'), 'is', null);
  else if (input.transition) filtered = filtered.where(sql.ref('res.transition'), '=', input.transition);

  // The filters as parts (list-sets.ts): a class or transition, and flags, read as sets of ids
  // from their indexes when small enough that the walk then reads only the sort's index.
  const resultConds = resultFilterConds(input.status, input.transition);
  // (Tested by id: a walk reads no households row, but for a broad search's test.)
  const flags = flagPart(wantedFlags, !broad);
  const householdParts: Part[] = [
    ...(input.status === 'unclassified' ? [{ test: sql<boolean>`NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id)` }] : []),
    ...(flags ? [flags] : []),
  ];
  // (A transition fixes the class index's columns: tested by a seek of it.)
  const filterParts: Part[] = [...(resultConds.length > 0 ? [resultPart(resultConds, input.transition !== undefined ? 'results_round_status' : undefined)] : []), ...householdParts];
  let limits: SetLimits | undefined;
  /** The round's households (household_counts). */
  const roundSize = async (): Promise<number> => (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households;
  /** The limits for a page reaching this many households into the list (list-sets.ts setLimits). */
  const limitsAt = async (reach: number): Promise<SetLimits> => ({ ...setLimits(reach, await roundSize(), SMALL_LIST), ...options.limits });
  const limitsOf = async (): Promise<SetLimits> => (limits ??= await limitsAt(input.offset + input.limit));
  const walkOf = async () => walkWith(db, input.roundId, place, filterParts, await limitsOf());
  // With a filter read from an index (list-sets.ts), the list's households are found walking the
  // place's index with the filter's set in memory, rather than from the filter's index, each
  // household's row read to test its place (a commune's poor: 45,000 rows read at a million
  // households, for the count, the totals row and the sort each).
  // Exact counts from the parts: no condition but the round and the parts.
  const exactBase = !input.communeId && !input.villageId && !input.reviewState && input.warnings === undefined && !broad;
  // (Not for the whole round: there the filter's own index drives; walking the round to find a
  // class of 5,000 households read a million index entries, 90 ms instead of 30 ms.)
  const bySets = !exactBase && filterParts.some((p) => p.from);
  const filteredBySets = async (): Promise<typeof filtered> =>
    bySets ? ((await walkOf()).leftJoin('results as res', 'res.household_id', 'h.id') as unknown as typeof filtered) : filtered;
  let totals: HouseholdTotals | undefined;
  let total: { n: number };
  let capped = false;
  // A short list counted by reading its ids: they are the list (exactly), so that its totals row and
  // page are read from them (a lookup of each household by its id), rather than found again by
  // the walk that counted them — which reads its filter's set anew (a commune's poor at a million
  // households: the poor's set of 45,000 ids read three times, 30 ms of CPU each).
  let listIds: number[] | undefined;
  const ofIds = (): HouseholdQuery => db.selectFrom('households as h').where(sql<boolean>`h.id IN ${idsSource(listIds ?? [])}`);
  // Only a place (round, commune, village) and at most a class: the count and the totals row come
  // from household_counts (kept exact by triggers, migration 6) and the results_round_status
  // index, instead of reading one row per household.
  // (Not with a search: the place's counts are of all its households.)
  const byPlaceOnly =
    !broad &&
    !input.reviewState &&
    input.warnings === undefined && input.transition === undefined && Object.values(input.flags ?? {}).every((v) => v === undefined);
  const wholeRound = !input.communeId && !input.villageId;
  let counted: number | undefined;
  if (broad && !broad.counted) {
    // Counted by the caller: more than the cap.
    capped = true;
  } else if (input.warnings === false) {
    // Without warnings: the list without that filter less the households with warnings (found
    // from household_warnings), rather than looking for warnings household by household.
    const rest = { ...input, sort: 'name', dir: 'asc', offset: Number.MAX_SAFE_INTEGER, limit: 1 } as const;
    const whole = await listFiltered(db, { ...rest, warnings: undefined }, cap);
    const warned = await listDriven(db, { ...rest, warnings: true }, drivingSource({ ...rest, warnings: true }, '')!, true, EXACT, false);
    if (whole.capped) capped = true;
    else counted = whole.total - warned.total;
    if (whole.totals && warned.totals) {
      const a = whole.totals;
      const b = warned.totals;
      const byStatus = Object.fromEntries(Object.entries(a.byStatus).map(([k, v]) => [k, v - b.byStatus[k as keyof typeof b.byStatus]])) as HouseholdTotals['byStatus'];
      totals = { households: a.households - b.households, members: a.members - b.members, byStatus };
    }
  } else if (byPlaceOnly && input.status === undefined) {
    const place = await placeCount(db, input);
    counted = place.households;
    if (input.totals && wholeRound) {
      const classes = await roundClasses();
      const unclassified = place.households - STATUSES.reduce((n, s) => n + classes[s], 0);
      totals = { households: place.households, members: place.members, byStatus: { ...classes, unclassified } };
    }
  } else if (byPlaceOnly && wholeRound && !input.totals && input.status === 'unclassified') {
    const classes = await roundClasses();
    counted = (await placeCount(db, input)).households - STATUSES.reduce((n, s) => n + classes[s], 0);
  }
  // (A class of the whole round is counted up to the cap on its index, below: counted to its end, the
  // largest class took 100–400 ms at a million households.)
  if (capped) {
    total = { n: cap };
  } else if (counted !== undefined && (totals !== undefined || !input.totals)) {
    total = { n: counted };
  } else {
    // Counted up to the cap on the filter's index (the join to the results left out when it filters nothing).
    // With no other condition, a class or transition and flags are counted on their indexes alone (list-sets.ts).
    let n = counted ?? (exactBase ? await countParts(db, input.roundId, filterParts, cap, await limitsOf()) : undefined);
    if (n === undefined) {
      // The place walked to the cap with its filters' sets as bytes (walkBytes): read and tested for
      // less than as sets of SQLite (IN) — at a million households, the biggest commune's near poor
      // (the near poor's 62,000 ids, the commune's 106,000 households walked): 27 ms → 18.
      const counting = bySets ? await walkBytes(db, input.roundId, place, filterParts, await limitsOf(), true) : byResult || input.status === 'unclassified' ? filtered : base;
      // Counted by reading the list's ids (up to cap + 1): a short list's ids are kept (listIds).
      const found = (await sql<{ id: number }>`SELECT id FROM (${counting.select('h.id').limit(cap + 1)})`.execute(db)).rows.map((r) => r.id);
      n = found.length;
      if (n <= (options.smallList ?? SMALL_LIST)) listIds = found;
    }
    // (An exact count past the cap stays exact; the totals row is left out all the same.)
    if (counted === undefined && n > cap) capped = true;
    total = { n: capped ? cap : n };
    if (input.totals && n <= cap) {
      // The totals row of at most cap households.
      const t = await (listIds ? ofIds().leftJoin('results as res', 'res.household_id', 'h.id') : await filteredBySets())
        .select([
          sql<number>`COALESCE(SUM(h.member_count), 0)`.as('members'),
          sql<number>`COALESCE(SUM(res.status = 'poor'), 0)`.as('poor'),
          sql<number>`COALESCE(SUM(res.status = 'near_poor'), 0)`.as('near_poor'),
          sql<number>`COALESCE(SUM(res.status = 'neither'), 0)`.as('neither'),
          sql<number>`COALESCE(SUM(res.status = 'middle_income'), 0)`.as('middle_income'),
          sql<number>`COALESCE(SUM(res.status IS NULL), 0)`.as('unclassified'),
        ])
        .executeTakeFirstOrThrow();
      totals = {
        households: n,
        members: Number(t.members),
        byStatus: { poor: Number(t.poor), near_poor: Number(t.near_poor), neither: Number(t.neither), middle_income: Number(t.middle_income), unclassified: Number(t.unclassified) },
      };
    }
  }

  // A sort by a column the filter holds to one value is the name order (head_sort, then id, ascending).
  const constantSort =
    (input.sort === 'status' && input.status !== undefined) ||
    (input.sort === 'transition' && input.transition !== undefined) ||
    (input.sort === 'commune' && input.communeId !== undefined) ||
    (input.sort === 'village' && input.villageId !== undefined) ||
    (input.sort === 'reviewState' && input.reviewState !== undefined);
  // A sort by a column of few values (class, transition, commune, review state, members) is the name order
  // within each value, values in order: the page is read from the group(s) it falls in, each walking a
  // (round_id, …, head_sort) index, instead of sorting the whole round. Groups of known size
  // (counted above without reading the round) are skipped without being read. A group of unknown
  // size is walked in name order over the whole round: a small list is cheaper sorted as a whole.
  const small = !capped && Number(total.n) <= (options.smallList ?? SMALL_LIST);
  // A long list with a class or transition filter is walked in the sort's order on a households
  // index, each household's result looked up by its id, rather than read from the results index
  // and sorted whole.
  // Filtered beyond the place: the groups of a sort by class, transition or score B are planned with the filters.
  // (Not for a deep page of the whole round by place only: its groups' sizes are known exactly from
  // the counts, to be skipped unread; on a first page, those counts cost more than the page.)
  const asParts = !(byPlaceOnly && wholeRound && input.status === undefined && input.offset > 0) && input.status !== 'unclassified';
  // By score A with a class, transition or flags filter: one walk of households_round_score_a, the
  // filter's set in memory, each score's households put in name order as it is reached (SQLite's
  // sort of the right part of the order), rather than one query per score (155 at a million
  // households, each reading the set again: 1.0–1.5 s of CPU for the poor sorted descending).
  // So with a commune or village (and review state): the place is a part of its own, a set in
  // memory (a village: its ids from an index) or a test of each row walked, rather than one query
  // per score, each walking the round's households of that score and reading every row to test its
  // place (a village sorted by score A: 530 ms of CPU at a million households).
  const ofPlace = placePart({ commune_id: input.communeId, village_id: input.villageId, review_state: input.reviewState }, !broad);
  const scoreAWalk = input.sort === 'scoreA' && !small && (filterParts.some((p) => p.from) || ofPlace !== undefined);
  // (A place's size is known from household_counts, rather than counted on its index.) A place
  // is read as a set up to a quarter of the round: tested row by row, the 100 households of a
  // commune with the lowest scores A were found among the round's first 72,000 (a commune of
  // 106,000 households at a million: 860 ms of CPU, against 80 ms read as a set); a place of most
  // of the round is found near the start of the walk, tested row by row.
  if (scoreAWalk && ofPlace) {
    if (!input.reviewState) ofPlace.size = (await placeCount(db, input)).households;
    ofPlace.setMax = Math.max((await limitsOf()).setMax, (await placeCount(db, { ...input, communeId: undefined, villageId: undefined })).households / 4);
  }
  /** A place by code is sorted whole up to a fifth of the round (below). */
  const placeByCode = async (): Promise<boolean> => Number(total.n) * 5 <= (await roundSize());
  // By member count or review state, one class, transition or flag: sorted whole from its ids when its page is far into the groups' walk (valueFar).
  const valueColumn = input.sort === 'members' || input.sort === 'reviewState' ? VALUE_SORTS[input.sort] : undefined;
  const valuePage =
    valueColumn && !small && !constantSort && exactBase && filterParts.length === 1 && !(Number(total.n) === 0 || input.offset >= Number(total.n))
      ? await valueFar(db, input, filterParts[0]!, valueColumn, await limitsOf(), await roundSize(), options)
      : undefined;
  let groups =
    constantSort || small || scoreAWalk || valuePage || input.sort === 'name' || input.sort === 'code'
      ? undefined
      : await sortGroups(db, input, byPlaceOnly && input.status === undefined && !broad, wholeRound, byPlaceOnly && input.status === undefined, asParts, roundClasses, options.smallList ?? SMALL_LIST, options.stretchWalk ?? STRETCH_WALK);
  groups = groups?.filter((g) => g.size !== 0);
  let ids: number[];
  if (!capped && (Number(total.n) === 0 || input.offset >= Number(total.n))) ids = [];
  else if (valuePage) ids = valuePage;
  else if (constantSort) {
    // A short list (list-sets.ts setLimits: driveMax for this page) sorted whole, found from its
    // filter's index ("+"); a longer one walked in name order with its filter's set in memory
    // (walkOf), rather than walking the round's name index and reading each household's result
    // to test it (a class of 5,000 households at a million: 60–80 ms of CPU), a page in its second
    // half from its end, backwards (the last page of that class: 48 ms sorted whole, 3 ms walked back).
    // A dense list is walked testing each household walked (filtered): its set costs more to read
    // than the rows passed before the page (n at about 0.25 µs, against reach × round / n at 2 µs:
    // the near poor, 62,000 of a million, 20 ms with their set, 7 ms without).
    const n = Number(total.n);
    const back = !capped && input.offset > n / 2;
    const reach = back ? n - input.offset : input.offset + input.limit;
    const whole = listIds !== undefined || (!capped && n <= (await limitsAt(reach)).driveMax);
    const round = await roundSize();
    const walked = async (): Promise<typeof filtered> => (capped || n * n > 8 * reach * round ? filtered : ((await walkOf()) as unknown as typeof filtered));
    if (whole) {
      const page = await (listIds ? ofIds() : filtered).select('h.id').orderBy(sql`+h.head_sort, h.id`).limit(input.limit).offset(input.offset).execute();
      ids = page.map((p) => p.id);
    } else if (back) {
      const take = Math.min(input.limit, n - input.offset);
      const page = await (await walked()).select('h.id').orderBy(sql`h.head_sort DESC, h.id DESC`).limit(take).offset(n - input.offset - take).execute();
      ids = page.map((p) => p.id).reverse();
    } else ids = (await (await walked()).select('h.id').orderBy(sql`h.head_sort, h.id`).limit(input.limit).offset(input.offset).execute()).map((p) => p.id);
  } else if (groups) {
    ids = [];
    let skip = input.offset;
    // By member count, a place of at most a set (its size from household_counts): each value's
    // range of households_round_members walked with the place's ids in memory, rather than the
    // place's conditions tested on each household's row (at a million households, a village of
    // 10,600 by member count, descending: 11,000 rows of 9 members read, 40 → 4.5 ms of CPU). (A
    // commune, larger than a set, is walked on its own index as before: 2 ms, 7 as a part.)
    const byValue =
      input.sort === 'members' &&
      ofPlace !== undefined &&
      !broad &&
      !input.reviewState &&
      (ofPlace.size = (await placeCount(db, input)).households) <= (await limitsOf()).setMax;
    const walk = !groups.some((g) => !g.parts && !g.partsOf)
      ? place
      : byValue
        ? await walkWith(db, input.roundId, withPlace(db.selectFrom('households as h').where('h.round_id', '=', input.roundId), false), [ofPlace, ...filterParts], await limitsOf())
        : await walkOf();
    const ordered = input.dir === 'desc' ? [...groups].reverse() : [...groups];
    // A page in the second half of the list: the groups after it sized from the list's end (known,
    // or counted on their index), those before them skipped together unread and uncounted, their
    // size the list's less those (at a million households, the whole round by score A, its last
    // page: the 155 scores counted one by one, 38–53 ms of CPU). Not with groups of parts (planned
    // with the filters as they are reached).
    let from = 0;
    if (!capped && input.offset * 2 > Number(total.n) && ordered.every((g) => !g.parts && !g.partsOf)) {
      let after = 0;
      let j = ordered.length;
      for (; j > 0 && after < Number(total.n) - input.offset; j--) {
        const g = ordered[j - 1]!;
        // (The list's first group: the rest of it.)
        const size = g.size ?? (j === 1 ? Number(total.n) - after : Number((await g.arm(walk).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
        ordered[j - 1] = { ...g, size };
        after += size;
      }
      skip -= Number(total.n) - after;
      from = j;
    }
    for (const [i, group] of ordered.entries()) {
      if (i < from) continue;
      const need = input.limit - ids.length;
      if (need <= 0) break;
      let g: SortGroup = group;
      const parts = group.partsOf ? await group.partsOf() : group.parts;
      if (group.partsOf && !parts) continue;
      if (parts) {
        // The group's parts, the class or transition filter in them for a sort by class or transition (partGroups).
        const others = input.sort === 'scoreB' && !group.ownFilter ? filterParts : householdParts;
        const planned = await planGroup(db, input.roundId, [...parts, ...others], await limitsOf(), exactBase);
        if (!planned) continue;
        // A group read from its ids: the round's households indexes out of the plan (+), which
        // (with no statistics) would rather walk one of them than look the ids up.
        g = { ...planned, arm: () => planned.arm(planned.driven ? withPlace(db.selectFrom('households as h').where(sql<boolean>`+h.round_id = ${input.roundId}`)) : place) };
      }
      if (g.size !== undefined && skip >= g.size) {
        skip -= g.size;
        continue;
      }
      // A deep page: a group of unknown size is counted on its index (not read) to be skipped or entered at its place.
      // The groups partition the list, and those passed were each skipped whole (their sizes exact)
      // or read to their end: the last one holds the rest of the list, its size known without a count
      // (the whole round by review state, all of one value at a million households: 49 ms of CPU saved).
      let size = g.size;
      if (size === undefined && !capped && i === ordered.length - 1) size = Number(total.n) - (input.offset - skip) - ids.length;
      if (size === undefined && skip > 0) {
        size = Number((await g.arm(walk).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        if (skip >= size) {
          skip -= size;
          continue;
        }
      }
      const p = g.driven ? sql`+` : sql``;
      const reach = size !== undefined && skip > size / 2 ? size - skip : skip + need;
      if (g.page && size !== undefined && (g.stretch || reach > (options.deepInGroup ?? DEEP_IN_GROUP))) {
        ids.push(...(await g.page(skip, Math.min(need, size - skip), size, options.bulkClose ?? BULK_CLOSE)));
        skip = 0;
        continue;
      }
      const arm = g.deep && reach > (options.deepInGroup ?? DEEP_IN_GROUP) ? g.deep : g.arm;
      if (size !== undefined && skip > size / 2) {
        // In the second half of the group: walked from its end, backwards.
        const take = Math.min(need, size - skip);
        const back = await arm(walk).select('h.id').orderBy(sql`${p}h.head_sort DESC, h.id DESC`).limit(take).offset(size - skip - take).execute();
        ids.push(...back.map((r) => r.id).reverse());
      } else ids.push(...(await arm(walk).select('h.id').orderBy(sql`${p}h.head_sort, h.id`).limit(need).offset(skip).execute()).map((r) => r.id));
      skip = 0;
    }
  } else if (scoreAWalk) {
    // Only a class or transition of at most a set, far into the walk: its page found from the far
    // side of the walk or sorted whole from its ids (scoreAFar).
    const far = exactBase && filterParts.length === 1 ? await scoreAFar(db, input, filterParts[0]!, await limitsOf(), await roundSize(), options) : undefined;
    // A class of most of the round: tested as not among the other classes first (score A orders the
    // classes: the walk passes the others' households before it reaches the class's).
    if (!far && input.status && input.status !== 'unclassified' && input.transition === undefined) {
      const first = sql`SELECT h.id FROM households h WHERE h.round_id = ${input.roundId} ORDER BY h.score_a ${input.dir === 'desc' ? sql`DESC` : sql`ASC`}`;
      await othersAsBytes(db, input.roundId, filterParts[0]!, [isIn('status', STATUSES.filter((s) => s !== input.status))], first, await roundSize(), await limitsOf());
    }
    if (far) ids = far;
    else {
      const walk = ofPlace
        ? await walkWith(db, input.roundId, withPlace(db.selectFrom('households as h').where('h.round_id', '=', input.roundId), false), [ofPlace, ...filterParts], await limitsOf())
        : await walkOf();
      ids = (await walk.select('h.id').orderBy(orderOf(input)).limit(input.limit).offset(input.offset).execute()).map((r) => r.id);
    }
  } else if (small || (input.sort !== 'name' && input.sort !== 'code')) {
    // A short list is sorted as a whole; so is a list by score B (no index orders the results
    // by it in a round: see migration 7).
    let sorted = listIds ? (ofIds().leftJoin('results as res', 'res.household_id', 'h.id') as unknown as typeof filtered) : await filteredBySets();
    if (input.sort === 'village') sorted = sorted.leftJoin('units as v', 'v.id', 'h.village_id');
    if (input.sort === 'commune' || input.sort === 'village') sorted = sorted.innerJoin('units as c', 'c.id', 'h.commune_id');
    const page = await sorted.select('h.id').orderBy(orderOf(input, true)).limit(input.limit).offset(input.offset).execute();
    ids = page.map((p) => p.id);
  } else if (input.sort === 'code' && byPlaceOnly && input.status === undefined && input.villageId !== undefined && (await placeByCode())) {
    // A village of at most a fifth of the round by code: its households' ids from its index, their
    // codes from the list's index by id (in id order: along it), sorted whole. The round's code
    // index walked in order read every household before the village's codes, wherever they fall
    // in it (at a million households, the biggest village by code, descending: 555,000 rows, 145
    // ms of CPU, against 8 ms). A fifth: a walk reads half of the rest of the round on average, at
    // about a third of the cost a household. (A commune walks its own range of
    // households_round_commune_code, migration 22, below: its 106,000 households sorted whole
    // here cost 55–70 ms, the walk less than 1.)
    const dir = input.dir === 'desc' ? sql`DESC` : sql`ASC`;
    const placeOf = sql.join(
      [sql`p.round_id = ${input.roundId}`, ...(input.communeId ? [sql`p.commune_id = ${input.communeId}`] : []), ...(input.villageId ? [sql`p.village_id = ${input.villageId}`] : [])],
      sql` AND `,
    );
    const page = await sql<{ id: number }>`
      SELECT h.id AS id FROM ${listRow('h')} WHERE h.id IN (SELECT p.id FROM households p WHERE ${placeOf})
      ORDER BY h.code ${dir}, h.id ${dir} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db);
    ids = page.rows.map((r) => r.id);
  } else {
    // By name or by code: their (round_id, head_sort) and (round_id, code) indexes (a commune by
    // code: its range of households_round_commune_code), walked in order; a page in the second
    // half of the list from its end, backwards (codes are unique in a round, so the code order
    // reversed is the other direction's).
    const n = Number(total.n);
    const backward = !capped && input.offset > n / 2;
    const take = backward ? Math.min(input.limit, n - input.offset) : input.limit;
    const skip = backward ? n - input.offset - take : input.offset;
    const order = backward ? ({ ...input, dir: input.dir === 'desc' ? 'asc' : 'desc' } as const) : input;
    const pageOf = async (walk: HouseholdQuery): Promise<number[]> => (await walk.select('h.id').orderBy(orderOf(order)).limit(take).offset(skip).execute()).map((p) => p.id);
    // A part too large for a set (tested on each household walked, a lookup: 1.5–2.5 µs) by name,
    // the whole round: the walk's first households tried first (namePage), then the part as a byte set.
    const large: Part[] = [];
    if (input.sort === 'name' && exactBase) {
      const { setMax } = await limitsOf();
      for (const p of filterParts) if (p.from && (await sizeOf(db, input.roundId, p, p.setMax ?? setMax)) > (p.setMax ?? setMax)) large.push(p);
    }
    const page = large.length > 0 ? await namePage(db, input.roundId, order, skip, take, await walkOf(), options.nameProbe ?? NAME_PROBE) : undefined;
    ids = page ?? (await pageOf(large.length > 0 ? await walkBytes(db, input.roundId, place, filterParts, await limitsOf()) : await walkOf()));
    if (backward) ids.reverse();
  }
  return { total: Number(total.n), capped, ...(totals ? { totals } : {}), ids };
}

/**
 * A part sorted whole costs about as much as this many households walked on an index, each tested
 * against a set, for each of its households (1.3 against 0.17 µs at a million households), and
 * besides as much as WHOLE_FIXED walked (measured: the transition "exited_above_near_poor", 6,300
 * households, ascending, 26 ms of CPU sorted whole against 12 walked).
 */
const WHOLE_PER_WALKED = 8;
const WHOLE_FIXED = 100_000;
/**
 * About how many of a part's households (one id in so many: spread over the round's communes)
 * tell where its page lies in score A: the best of them is about the 500th best of the part, the
 * first page's last when the part is 50,000 households (with 64 taken from the start of its index,
 * the transition "exited_near_poor" ascending was sorted whole, 43 ms of CPU, where its walk took 14).
 */
const SCORE_SAMPLE = 500;

/**
 * A household walked on the score A index from the far side of the walk (scoreAFar) costs about
 * this many households walked testing a set (0.08–0.1 against 0.17 µs at a million households:
 * a byte set's test, byteTest), and so does each of the part's ids read as bytes.
 */
const FAR_PER_WALKED = 0.6;
/** How many households spread over the round's ids tell where a score A lies in the round (scoreAFar). */
const RANK_PROBES = 256;

/**
 * About how many of the round's `households` meet `test` (on a households row h: before a value
 * in a walk's order), from RANK_PROBES households at ids spread from `lo` to `hi` (a part's ids,
 * spread over the round's), each a lookup of the list's index (about 0.5 ms in all), rather than
 * counted on an index (0.04 µs a household: 25 ms for the 600,000 before the near poor's best score
 * A, descending, at a million households). Undefined when too few of those ids are the round's.
 */
async function rankOf(db: Kysely<Database>, roundId: number, lo: number, hi: number, test: RawBuilder<boolean>, households: number): Promise<number | undefined> {
  if (!(hi > lo)) return undefined;
  const probes = Array.from({ length: RANK_PROBES }, (_, k) => lo + Math.floor((k * (hi - lo)) / (RANK_PROBES - 1)));
  const r = (
    await sql<{ n: number; past: number | null }>`
      SELECT COUNT(*) AS n, SUM(${test}) AS past FROM ${listRow('h')} WHERE h.id IN ${idsSource(probes)} AND h.round_id = ${roundId}`.execute(db)
  ).rows[0]!;
  return Number(r.n) >= RANK_PROBES / 4 ? (Number(r.past ?? 0) / Number(r.n)) * households : undefined;
}

/** The page of a part's households (`ids`, a query of their ids) sorted whole in the list's order: a part far into its walk (scoreAFar, valueFar). */
const sortedPage = async (db: Kysely<Database>, input: ListInput, ids: RawBuilder<unknown>): Promise<number[]> =>
  (await sql<{ id: number }>`SELECT h.id AS id FROM ${listRow('h')} WHERE h.id IN (${ids}) ORDER BY ${orderOf(input, true)} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db)).rows.map((r) => r.id);

/**
 * The page of a class or transition (a part of the results of at most a set's size) sorted by
 * score A whose households lie far into the walk of the round's score A index, which passes every
 * household with a score before theirs (at a million households, the near poor, 62,000, sorted by
 * score A descending come after 666,000 households; walked with their set, 116 ms of CPU; sorted
 * whole, 62,000 lookups of the list's index, 85 ms). Far: a sample of the part (one id in so
 * many, spread over the round's communes) has its best score A past more households than the
 * part costs sorted whole (WHOLE_PER_WALKED, `wholeFixed`). Where that score lies in the round is
 * told by the households at RANK_PROBES ids spread over the sample's ids (a lookup each); without
 * enough of them, counted up to that bound on the score A index. The page is then found the
 * cheaper way:
 * - from the far side (farPage): the part as a byte set, the round's households from that best
 *   score to the end of the walk counted against it (FAR_PER_WALKED each): the part's households
 *   not among them (before that score, or none) are few, sorted whole, and the rest is walked from
 *   that score (the near poor descending: 334,000 households counted, about 30 ms in all);
 * - or sorted whole from its ids.
 * Undefined: walked from the start.
 */
async function scoreAFar(db: Kysely<Database>, input: ListInput, p: Part, limits: SetLimits, households: number, options: ListOptions): Promise<number[] | undefined> {
  if (p.from !== 'results' || (await sizeOf(db, input.roundId, p, limits.setMax)) > limits.setMax) return undefined;
  const desc = input.dir === 'desc';
  const ids = idsOf(input.roundId, p);
  const whole = (): Promise<number[]> => sortedPage(db, input, ids);
  const bound = WHOLE_PER_WALKED * p.size! + (options.wholeFixed ?? WHOLE_FIXED);
  if (bound <= 0) return whole();
  const stride = Math.max(1, Math.floor(p.size! / (options.scoreSample ?? SCORE_SAMPLE)));
  // The part read once, as bytes (farPage's set), its sample taken from them: the sample read from
  // the part's index besides cost as much again (at a million households, the near poor by score
  // A, descending: 5 ms for the set, 8.8 for the sample from the index, about 1 from the bytes).
  const set = await byteSet(db, ids, 'household_id');
  const picked: number[] = [];
  if (set) for (let id = stride; id <= set.bytes.length; id += stride) if (set.bytes[id - 1] === 1) picked.push(id);
  const sample = set ? sql`SELECT id FROM ${idsSource(picked)}` : sql`SELECT s.household_id FROM (${ids}) AS s WHERE s.household_id % ${stride} = 0`;
  const got = (
    await sql<{ s: number | null; lo: number | null; hi: number | null }>`
      SELECT ${desc ? sql`MAX` : sql`MIN`}(h.score_a) AS s, MIN(h.id) AS lo, MAX(h.id) AS hi FROM ${listRow('h')} WHERE h.id IN (${sample})`.execute(db)
  ).rows[0];
  const best = got?.s;
  if (best === null || best === undefined) return undefined;
  const past = desc ? sql`>` : sql`<`;
  // The households before `best` in the walk: estimated from the probes, or counted up to the bound.
  let before =
    options.farScan === false ? undefined : await rankOf(db, input.roundId, got!.lo!, got!.hi!, sql<boolean>`(h.score_a ${past} ${best} OR ${desc ? sql`0` : sql`h.score_a IS NULL`})`, households);
  if (before === undefined)
    before = Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (SELECT 1 FROM households h WHERE h.round_id = ${input.roundId} AND h.score_a ${past} ${best} LIMIT ${bound})`.execute(db)).rows[0]!.n,
    );
  const farCost = FAR_PER_WALKED * (households - before + p.size!);
  if (options.farScan === true || (options.farScan !== false && farCost < Math.min(before, bound))) {
    const page = set ? await farPage(db, input, set, best) : undefined;
    if (page) return page;
  }
  return before >= bound ? whole() : undefined;
}

/**
 * The page of a part of the results (`set`: its households as bytes, byteSet) sorted by score A,
 * from the far side of the walk: its households from score A `best` to the end of the walk (the far side)
 * counted on the score A index against it. The list is then the part's other households with a
 * score A (before `best` in the order; and, ascending, those without one, which come first) sorted
 * whole, its households of the far side in the walk's order, and, descending, those without a
 * score A, sorted whole. (The others are few when `best` is the best score of a sample of the
 * part; at most the part.)
 */
async function farPage(db: Kysely<Database>, input: ListInput, set: ByteSet, best: number): Promise<number[] | undefined> {
  const desc = input.dir === 'desc';
  const farSide = sql<boolean>`h.round_id = ${input.roundId} AND h.score_a ${desc ? sql`<=` : sql`>=`} ${best} AND ${byteTest(set)}`;
  // (Their ids too, read only when some of the part's are not among them: one walk of the far side.)
  const far = (await sql<{ n: number; ids: Buffer | null }>`SELECT COUNT(*) AS n, CAST(group_concat(h.id) AS BLOB) AS ids FROM households h INDEXED BY households_round_score_a WHERE ${farSide}`.execute(db))
    .rows[0]!;
  const found = Number(far.n);
  // The part's households not on the far side: a copy of the bytes, the far side's ids cleared.
  let lead: number[] = [];
  let tail: number[] = [];
  if (found < set.n) {
    const rest = Buffer.from(set.bytes);
    markIds(rest, far.ids, 0);
    const others: number[] = [];
    for (let i = rest.indexOf(1); i >= 0; i = rest.indexOf(1, i + 1)) others.push(i + 1);
    const sorted = (
      await sql<{ id: number; none: number }>`
        SELECT h.id AS id, h.score_a IS NULL AS none FROM ${listRow('h')} WHERE h.id IN ${idsSource(others)} ORDER BY ${orderOf(input, true)}`.execute(db)
    ).rows;
    // (Descending, the households without a score A end the list, after the far side.)
    lead = sorted.filter((r) => !desc || !r.none).map((r) => r.id);
    tail = sorted.filter((r) => desc && r.none).map((r) => r.id);
  }
  const end = input.offset + input.limit;
  const page = lead.slice(input.offset, end);
  const skip = Math.max(0, input.offset - lead.length);
  if (lead.length < end && skip < found) {
    const take = Math.min(end - Math.max(input.offset, lead.length), found - skip);
    const index = sql.raw(desc ? 'households_round_score_a_desc' : 'households_round_score_a');
    const walked = await sql<{ id: number }>`SELECT h.id AS id FROM households h INDEXED BY ${index} WHERE ${farSide} ORDER BY ${orderOf(input)} LIMIT ${take} OFFSET ${skip}`.execute(db);
    page.push(...walked.rows.map((r) => r.id));
  }
  const tailFrom = Math.max(0, input.offset - lead.length - found);
  if (page.length < input.limit) page.push(...tail.slice(tailFrom, tailFrom + input.limit - page.length));
  return page;
}

/**
 * About how many of a part's households tell where its page lies in a sort by member count or
 * review state (valueFar): each one a lookup, and a page found near the start of the walk pays
 * for them too (500 cost the near poor by member count 5–10 ms of CPU at a million households).
 */
const VALUE_SAMPLE = 128;

/**
 * The page of a class, transition or flag (a part of at most a set's size) sorted by member count
 * or review state (`column`) when it lies far into the walk of the sort's groups, each value's
 * households walked in name order, every one tested against the part: sorted whole from its ids
 * (at a million households, the 12,700 households with no working capacity by member count,
 * descending — 6 to 47 of them in each group from 9 members to 4, where the first page ends — 850,000
 * households walked, 73 ms of CPU). Far: the value at which a sample of the part (one id in so
 * many) holds twice the page's end is past more households of the round than the part costs sorted
 * whole (WHOLE_PER_WALKED, WHOLE_FIXED): estimated (rankOf), or counted up to that on the column's
 * index. Undefined: walked.
 */
async function valueFar(db: Kysely<Database>, input: ListInput, p: Part, column: string, limits: SetLimits, households: number, options: ListOptions): Promise<number[] | undefined> {
  if (!p.from || (await sizeOf(db, input.roundId, p, limits.setMax)) > limits.setMax) return undefined;
  const ids = idsOf(input.roundId, p);
  const c = sql.ref(`h.${column}`);
  const whole = (): Promise<number[]> => sortedPage(db, input, ids);
  const bound = WHOLE_PER_WALKED * p.size! + (options.wholeFixed ?? WHOLE_FIXED);
  if (bound <= 0) return whole();
  const stride = Math.max(1, Math.floor(p.size! / (options.scoreSample ?? VALUE_SAMPLE)));
  const id = sql.ref(`s.${p.from === 'results' ? 'household_id' : 'id'}`);
  // The sample's value at twice the page's end (or its last): a few households of the sample tell
  // the page's end poorly (there, the 4th of 508 sampled was 6 members, the 100th household 4),
  // and a page taken for near costs a walk of the whole round, one taken for far only its sort.
  const reach = Math.ceil((2 * (input.offset + input.limit)) / stride);
  // (Sorted here: a few hundred values. Their ids' span for rankOf.)
  const sampled = (await sql<{ id: number; v: string | number }>`SELECT h.id AS id, ${c} AS v FROM ${listRow('h')} WHERE h.id IN (SELECT ${id} FROM (${ids}) AS s WHERE ${id} % ${stride} = 0)`.execute(db))
    .rows;
  const values = sampled.map((r) => r.v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (input.dir === 'desc') values.reverse();
  const at = values[Math.min(reach, values.length) - 1];
  if (at === undefined) return undefined;
  // The households before that value: estimated (rankOf, over the sample's ids), or counted up to the bound.
  const past = sql<boolean>`${c} ${input.dir === 'desc' ? sql`>` : sql`<`} ${at}`;
  const before =
    (await rankOf(db, input.roundId, Math.min(...sampled.map((r) => r.id)), Math.max(...sampled.map((r) => r.id)), past, households)) ??
    Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (SELECT 1 FROM households h WHERE h.round_id = ${input.roundId} AND ${past} LIMIT ${bound})`.execute(db)).rows[0]!.n);
  return before >= bound ? whole() : undefined;
}

/** How many households of the round a page by name is looked for among before a part too large for a set is read as bytes (namePage). */
const NAME_PROBE = 1000;

/**
 * A page of the round by name (`order`: its direction) found among the first `probe` households
 * of the walk's order, `walk` testing a part too large for a set on each (a lookup, 1.5–2.5 µs):
 * undefined when the page is not all there — its part is rare there, and read as a byte set
 * instead (walkBytes). At a million households, the 218,000 female-headed households by name:
 * ascending, the page found after about 500 households; descending (men's names end the
 * order), after 23,000, 58 ms of CPU tested one by one, about 20 ms read as bytes.
 */
async function namePage(db: Kysely<Database>, roundId: number, order: ListInput, skip: number, take: number, walk: HouseholdQuery, probe: number): Promise<number[] | undefined> {
  if (skip + take > probe) return undefined;
  const [dir, before] = order.dir === 'desc' ? [sql`DESC`, sql`>`] : [sql`ASC`, sql`<`];
  // The probe's end: moving along the name index without a test (about 0.02 µs a household).
  const end = (
    await sql<{ head_sort: string; id: number }>`
      SELECT head_sort, id FROM households INDEXED BY households_round_sort WHERE round_id = ${roundId} ORDER BY head_sort ${dir}, id ${dir} LIMIT 1 OFFSET ${probe}`.execute(db)
  ).rows[0];
  const within = end ? walk.where(sql<boolean>`(h.head_sort, h.id) ${before} (${end.head_sort}, ${end.id})`) : walk;
  const ids = (await within.select('h.id').orderBy(orderOf(order)).limit(take).offset(skip).execute()).map((r) => r.id);
  // (No end: the probe was the whole round.)
  return !end || ids.length === take ? ids : undefined;
}

/**
 * walkWith, with the parts too large for a set (more than its setMax) as byte sets (byteSet) rather
 * than tested on each household walked; `every`: each part read from an index (a walk that passes
 * the whole list: a byte set costs less to read and to test than a set of SQLite).
 */
async function walkBytes(db: Kysely<Database>, roundId: number, q: HouseholdQuery, parts: Part[], limits: SetLimits, every = false): Promise<HouseholdQuery> {
  const rest: Part[] = [];
  for (const p of parts) {
    const max = p.setMax ?? limits.setMax;
    const set = p.from && (every || (await sizeOf(db, roundId, p, max)) > max) ? await byteSet(db, idsOf(roundId, p), p.from === 'results' ? 'household_id' : 'id') : undefined;
    if (set) q = q.where(byteTest(set));
    else rest.push(p);
  }
  return walkWith(db, roundId, q, rest, limits);
}

/** How many households from the start of a walk tell whether a class is rare there (othersAsBytes): a hundredth of the round, up to this. */
const OTHERS_SAMPLE = 500;

/**
 * A results part of more households than a set holds (a class of most of the round) as a test of
 * a walked household that reads its result only when the household is not among the round's other
 * results (`others`, read as a byte set: byteSet), for a walk in an order the part is rare at the
 * start of (in fewer than a tenth of `first`, the ids of the walk's first households: a hundredth
 * of the round's `households`, at most OTHERS_SAMPLE), where most households walked are the
 * others. At a million households, the class "neither" sorted by score A ascending: its first
 * household 93,000 into the order, each one before it a result read, 216 ms of CPU; with the
 * others (112,000) read as a set (IN) 70 ms, 45 of them to build the set; as bytes, 8 ms to read
 * them and 0.08 µs a household walked. Sorted descending, where it comes first, the others are
 * not read. Unchanged when the part is small enough to be a set itself or common at the start of
 * the walk. (It was their set, at most 2 × SET_MAX households, read as an IN of SQLite.)
 */
async function othersAsBytes(db: Kysely<Database>, roundId: number, p: Part, others: Cond[], first: RawBuilder<unknown>, households: number, limits: SetLimits): Promise<void> {
  if ((await sizeOf(db, roundId, p, limits.setMax)) <= limits.setMax) return;
  const sample = Math.max(1, Math.min(OTHERS_SAMPLE, Math.floor(households / 100)));
  const common = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${first} LIMIT ${sample}) AS s CROSS JOIN ${listRow('h')} ON h.id = s.id WHERE ${p.test}`.execute(db)).rows[0]!.n);
  if (common * 10 >= sample) return;
  const set = await byteSet(db, idsOf(roundId, { from: 'results', where: others, test: sql<boolean>`0` }), 'household_id');
  if (set) p.test = sql<boolean>`(CASE WHEN ${byteTest(set)} THEN 0 ELSE ${p.test} END)`;
}

/** The list rows of these households, in this order. */
async function pageRows(db: Kysely<Database>, ids: number[]): Promise<HouseholdList['rows']> {
  const rows = await db
    .selectFrom('households as h')
    .leftJoin('results as res', 'res.household_id', 'h.id')
    .leftJoin('answers as a', 'a.household_id', 'h.id')
    .leftJoin('units as v', 'v.id', 'h.village_id')
    .innerJoin('units as c', 'c.id', 'h.commune_id')
    .select([
      'h.id',
      'h.code',
      'h.head_name',
      'h.head_id_number',
      'h.member_count',
      'h.area',
      'h.ethnic_minority',
      'a.score_a',
      'res.score_b',
      'res.status',
      'res.transition',
      'v.name as village_name',
      'c.name as commune_name',
      'c.type as commune_type',
      'h.review_state',
      sql<number>`(SELECT COUNT(*) FROM household_warnings w WHERE w.household_id = h.id)`.as('warning_count'),
    ])
    .where('h.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id)!)
    .map((r) => ({
      id: r.id,
      code: r.code,
      headName: r.head_name,
      headIdNumber: r.head_id_number,
      communeName: unitFullName(r.commune_type, r.commune_name),
      villageName: r.village_name ?? '',
      memberCount: r.member_count,
      area: r.area,
      scoreA: r.score_a,
      scoreB: r.score_b,
      status: (r.status as Status | null) ?? null,
      transition: (r.transition as Transition | null) ?? null,
      ethnicMinority: r.ethnic_minority === 1,
      reviewState: r.review_state,
      warningCount: Number(r.warning_count),
    }));
}

export async function getHousehold(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  householdId: number,
): Promise<HouseholdDetail> {
  const h = await db
    .selectFrom('households as h')
    .innerJoin('rounds as r', 'r.id', 'h.round_id')
    .innerJoin('units as c', 'c.id', 'h.commune_id')
    .leftJoin('units as v', 'v.id', 'h.village_id')
    .leftJoin('answers as a', 'a.household_id', 'h.id')
    .leftJoin('results as res', 'res.household_id', 'h.id')
    .selectAll('h')
    .select([
      'r.year',
      'r.rule_set_id as round_rule_set_id',
      'r.reference_date',
      'c.name as commune_name',
      'c.type as commune_type',
      'v.name as village_name',
      'v.type as village_type',
      'a.score_a',
      'a.b2',
      'a.monthly_income',
      'res.status',
      'res.score_b',
      'res.deprivation_count',
      'res.deprived',
      'res.transition',
      'res.refer_to_review',
      'res.rule_set_id',
      'res.rule_set_version',
      'res.unverified',
      'res.local',
      'res.computed_at',
    ])
    .where('h.id', '=', householdId)
    .executeTakeFirst();
  if (!h) throw householdNotFound(householdId);

  const memberRows = await db.selectFrom('members').selectAll().where('household_id', '=', householdId).orderBy('seq').execute();
  const members = memberRows.map((m) => {
    // The one row mapping (households/rows.ts); the person key stays in the core.
    const { personKey: _key, ...member } = memberFromRow(m);
    return { ...member, id: m.id, age: ageAt(m.birth_date, h.reference_date) };
  });

  // A result is explained with the rules that produced it; the entry view uses the round's rules.
  const produced = h.status ? snapshotOf(sqlite, h.rule_set_id!, h.rule_set_version!) : undefined;
  const ruleSet = produced ?? registry.get(h.round_rule_set_id);
  const b2 = h.b2 ? (JSON.parse(h.b2) as Record<string, boolean | null>) : {};
  const derived = ruleSet ? deriveIndicators(ruleSet, members, h.reference_date) : {};
  const indicators: IndicatorView[] = (ruleSet?.indicators.value ?? []).map((i) => ({
    id: i.id,
    number: i.number,
    label: i.label,
    dimension: i.dimension,
    answer: b2[i.id] ?? null,
    derived: derived[i.id] ?? null,
  }));

  let result: ResultView | null = null;
  if (h.status) {
    const status = h.status as Status;
    const transition = (h.transition as Transition | null) ?? null;
    const decision = {
      id: h.code,
      status,
      transition,
      ruleSet: { id: h.rule_set_id!, version: h.rule_set_version! },
      unverified: [],
      ...(h.deprivation_count !== null ? { scoreB: h.score_b!, deprivationCount: h.deprivation_count!, deprived: JSON.parse(h.deprived ?? '[]') as string[] } : {}),
      ...(h.refer_to_review === 1 ? { referToReview: true } : {}),
    };
    const assessment = {
      area: h.area,
      ...(h.score_a !== null && h.deprivation_count !== null ? { scoreA: h.score_a } : {}),
      ...(h.monthly_income !== null ? { monthlyIncomePerCapita: h.monthly_income } : {}),
    };
    result = {
      status,
      statusLabel: STATUS_LABELS[status],
      scoreB: h.score_b ?? null,
      deprivationCount: h.deprivation_count ?? null,
      deprived: JSON.parse(h.deprived ?? '[]') as string[],
      transition,
      transitionLabel: transitionLabel(transition, status),
      explanation: produced ? explain(produced, assessment, decision) : '',
      ruleSet: { id: h.rule_set_id!, version: h.rule_set_version! },
      unverified: JSON.parse(h.unverified ?? '[]') as string[],
      referToReview: h.refer_to_review === 1,
      computedAt: h.computed_at!,
      local: JSON.parse(h.local ?? '[]') as LocalResult[],
    };
  }

  const history = await db
    .selectFrom('households as h2')
    .innerJoin('rounds as r2', 'r2.id', 'h2.round_id')
    .innerJoin('results as res2', 'res2.household_id', 'h2.id')
    .select(['r2.year', 'res2.status'])
    .where('h2.code', '=', h.code)
    .where('r2.year', '<', h.year)
    .orderBy('r2.year')
    .execute();

  return {
    id: h.id,
    roundId: h.round_id,
    roundYear: h.year,
    code: h.code,
    address: h.address,
    communeName: unitFullName(h.commune_type, h.commune_name),
    villageName: h.village_name ? unitFullName(h.village_type!, h.village_name) : '',
    area: h.area,
    flags: flagsFromRow(h),
    reviewState: h.review_state,
    members,
    scoreA: h.score_a ?? null,
    monthlyIncomePerCapita: h.monthly_income ?? null,
    indicators,
    result,
    history: history.map((x) => ({ year: x.year, status: x.status })),
  };
}
