// A name search with filters (households/read.ts searchWithin): the word index's matches are tested
// against the filters by their ids (a set read from each filter's index, or the result looked up by
// its key) without reading each household's row; a list of at most the cap is kept as its ids; past
// the cap, the page in name order is looked for among the place's first households in name order
// (a class or transition tested by id before a row is read), then (when they are too sparse there) among the
// search's households with the filters, each one's name looked up in the list's index and sorted. Every page of every search × filter, walked to the end, in both directions and with
// each plan forced, is the plain query's list; and the plans read what they should.
// (Sorted by name, a search is paged from its matches in memory, households/match-page.ts, where it
// can be: the plans of the name order here are asked for with matchPage: false, as the filters
// match-page does not serve take them.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds, type ListOptions } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { listCombinations } from '../bench/list-combinations';
import { planOf, recording } from '../fixtures/statements';
import { demoWithPlaces } from '../fixtures/demo-places';
import { agreedAndWarned, plainListWhere } from './name-search-oracle';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let commune: number;
let village: number;

beforeAll(() => {
  ({ core, round, commune, village } = demoWithPlaces('search-within.sqlite', 1500, 21));
  const sqlite = core.db.sqlite;
  // Agreed households, warnings, and households without a result, so that every filter keeps some.
  agreedAndWarned(sqlite, round);
  sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 11 = 0)').run(round);
}, 300_000);
afterAll(() => core?.close());

const WORDS = ['nguyen van', 'van', 'thi', 'an'];

/** The list as a plain query: the filters in SQL, the households whose names hold the words (namesFound), sorted whole by name. */
function expected(input: Input): number[] {
  const where = plainListWhere(core.db.sqlite, round, input as never);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  const order =
    input.sort === 'status'
      ? `CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END ${dir}, h.head_sort, h.id`
      : input.sort === 'transition'
        ? `res.transition ${dir}, h.head_sort, h.id`
        : `h.head_sort ${dir}, h.id ${dir}`;
  return core.db.sqlite
    .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE ${where.join(' AND ')} ORDER BY ${order}`)
    .pluck()
    .all() as number[];
}

/** Every search × filter of the list (test/bench/list-combinations.ts), sorted by name. */
function combinations(): { label: string; input: Input }[] {
  return listCombinations(round, commune, village, Object.fromEntries(WORDS.map((w) => [w, w]))).filter(
    (c) => c.input.search !== undefined && c.label.split(', ').length === 3 && !c.input.totals,
  );
}

/** The first page of every search × filter (but a class or transition) sorted by class or transition, both directions, past a low cap: those not the plain list's. */
async function firstPagesByGroup(sort: 'status' | 'transition'): Promise<string[]> {
  const bad: string[] = [];
  let capped = 0;
  for (const c of combinations().filter((x) => x.input.status === undefined && x.input.transition === undefined)) {
    for (const dir of ['asc', 'desc'] as const) {
      for (const limit of [30, 400]) {
        const input = { ...c.input, sort, dir, offset: 0, limit } as Input;
        const want = expected(input).slice(0, limit);
        const page = await listHouseholds(core.db.kysely, input as never, { countCap: 25 });
        if (page.totalCapped) capped++;
        if (JSON.stringify(page.rows.map((r) => r.id)) !== JSON.stringify(want)) bad.push(`${c.label}, ${sort} ${dir}, ${limit}`);
      }
    }
  }
  if (capped < 50) bad.push(`only ${capped} capped`);
  return bad;
}

describe('a name search with filters', () => {
  for (const [way, options] of [
    ['a cap between: lists the filters keep under it counted exactly from their ids', { countCap: 150 }],
    ['past a low cap: the page among the first households in name order', { countCap: 25 }],
    ['past a low cap: the search’s households looked up and sorted', { countCap: 25, walkBudget: 0 }],
    ['past a low cap: a first page looked for among 5 households, then on from there', { countCap: 25, walkProbe: 5 }],
  ] as [string, ListOptions][]) {
    it(`every page of every search and filter, both directions, is the plain list: ${way}`, async () => {
      const bad: string[] = [];
      let rows = 0;
      let capped = 0;
      for (const c of combinations()) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { ...c.input, dir } as Input;
          const want = expected(input);
          const got: number[] = [];
          for (let offset = 0; ; offset += 30) {
            const page = await listHouseholds(core.db.kysely, { ...input, offset, limit: 30 } as never, options);
            if (offset === 0) {
              const cap = options.countCap!;
              const total = want.length > cap ? { total: cap, capped: true } : { total: want.length, capped: false };
              if (page.total !== total.total || page.totalCapped !== total.capped) bad.push(`${c.label} ${dir}: total ${page.total}${page.totalCapped ? '+' : ''} instead of ${want.length}`);
              if (page.totalCapped) capped++;
            }
            got.push(...page.rows.map((r) => r.id));
            if (page.rows.length < 30) break;
          }
          rows += want.length;
          if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${c.label} ${dir}: ${got.length} rows instead of ${want.length}`);
        }
      }
      expect(bad).toEqual([]);
      expect(rows).toBeGreaterThan(10_000);
      expect(capped).toBeGreaterThan(50);
    }, 600_000);
  }

  it('sorted by class past the cap: the first page, class after class, is the plain list’s', async () => {
    expect(await firstPagesByGroup('status')).toEqual([]);
  }, 600_000);

  it('the totals row of a search with a filter is the plain list’s', async () => {
    for (const search of WORDS) {
      const input = { roundId: round, search, communeId: commune, status: 'poor', totals: true, sort: 'name', dir: 'asc', offset: 0, limit: 10 } as const;
      const want = expected(input);
      const page = await listHouseholds(core.db.kysely, input);
      const members = want.length === 0 ? 0 : (core.db.sqlite.prepare(`SELECT SUM(member_count) FROM households WHERE id IN (${want.join(',')})`).pluck().get() as number);
      expect(page.totals).toEqual({ households: want.length, members, byStatus: { poor: want.length, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 } });
    }
  });
});

describe('plans', () => {
  async function plans(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
    return (await recording(core, fn)).map((q) => ({ sql: q.sql, plan: planOf(core, q) }));
  }

  it('a class: the word index’s matches tested against the class’s ids from its index, no household row read to count them', async () => {
    const input = { roundId: round, search: 'van', status: 'near_poor', sort: 'name', dir: 'asc', offset: 0, limit: 20 } as const;
    // The search finds more households than the cap; with the class, fewer.
    expect(expected({ ...input, status: undefined }).length).toBeGreaterThan(100);
    expect(expected(input).length).toBeLessThan(100);
    const recorded = await plans(() => listHouseholds(core.db.kysely, input, { matchPage: false, countCap: 100 }));
    // The search alone counted up to the cap, then with the class: counted, kept as ids; the page's rows then read from those ids.
    const searched = recorded.filter((q) => /household_search/u.test(q.sql));
    expect(searched).toHaveLength(2);
    searched.shift();
    expect(searched[0]!.plan).toEqual([
      'SCAN household_search_words VIRTUAL TABLE INDEX 0:M1',
      'LIST SUBQUERY 1',
      'SEARCH r USING COVERING INDEX results_round_status (round_id=? AND status=?)',
      'CREATE BLOOM FILTER',
    ]);
    const page = recorded.find((q) => /json_each/u.test(q.sql) && /COUNT\(\*\) OVER/u.test(q.sql));
    expect(page?.plan.slice(0, 2)).toEqual(['CO-ROUTINE (subquery-3)', 'SCAN json_each VIRTUAL TABLE INDEX 1:']);
  });

  it('sorted by class, transition or score B past the cap: the found households’ rows are not read and sorted whole, nor the search run again for each group', async () => {
    for (const sort of ['status', 'transition', 'scoreB'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const input = { roundId: round, search: 'van', sort, dir, offset: 0, limit: 20 } as const;
        const recorded = await plans(() => listHouseholds(core.db.kysely, input, { countCap: 25 }));
        expect(recorded.filter((q) => /COUNT\(\*\) OVER \(\)/u.test(q.sql) && !/json_each/u.test(q.sql))).toEqual([]);
        // The word index read once, to count up to the cap; the page: the groups walked in name order, each row tested (read.ts searchTest's LIKE).
        expect(recorded.filter((q) => /household_search/u.test(q.sql) && !/ LIKE /u.test(q.sql))).toHaveLength(1);
        expect(recorded.some((q) => / LIKE /u.test(q.sql) && /order by \+?h\.head_sort/iu.test(q.sql))).toBe(true);
      }
    }
  });

  it('a search that finds at most the cap: the word index read once, its households looked up in their list columns (migration 19), not their rows', async () => {
    for (const extra of [{}, { flags: { femaleHead: false } }, { sort: 'scoreB' }, { totals: true }] as const) {
      const input = { roundId: round, search: 'nguyen van', sort: 'name', dir: 'asc', offset: 0, limit: 20, ...extra } as const;
      const found = expected({ ...input, flags: undefined, sort: 'name' }).length;
      expect(found).toBeGreaterThan(20);
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { countCap: found + 5 }));
      expect(recorded.filter((q) => /household_search/u.test(q.sql))).toHaveLength(1);
      // (But the page's own rows, read in full once it is found.)
      const finding = recorded.filter((q) => !/"h"\."head_name"/u.test(q.sql));
      const rowReads = finding.flatMap((q) => q.plan).filter((d) => /^SEARCH (h|f3) USING INTEGER PRIMARY KEY/u.test(d));
      expect(rowReads).toEqual([]);
      expect(recorded.some((q) => q.plan.some((d) => /^SEARCH h USING COVERING INDEX households_list \(id=\?/u.test(d)))).toBe(true);
    }
  });

  it('a filter that keeps no household: the word index is not read', async () => {
    core.db.sqlite.prepare("UPDATE households SET review_state = 'listed' WHERE round_id = ? AND review_state = 'posted'").run(round);
    const recorded = await plans(() => listHouseholds(core.db.kysely, { roundId: round, search: 'nguyen van', reviewState: 'posted', sort: 'name', dir: 'asc', offset: 0, limit: 20 }, { countCap: 10 }));
    // (A search of two words sorted by name: the filters are looked at first, match-page.ts; it was the search alone, its households read up to the cap.)
    expect(recorded.filter((q) => /household_search/u.test(q.sql)).map((q) => q.sql.replace(/\s+/gu, ' ').trim())).toEqual([]);
  });

  it('past the cap, the page: the place’s first households in name order (a class tested by id first), then the search’s households looked up and sorted', async () => {
    const input = { roundId: round, search: 'van', communeId: commune, flags: { femaleHead: false }, sort: 'name', dir: 'asc', offset: 0, limit: 20 } as const;
    const first = await plans(() => listHouseholds(core.db.kysely, input, { matchPage: false, countCap: 10 }));
    const walk = first.filter((q) => /ORDER BY w\.head_sort/u.test(q.sql));
    expect(walk).toHaveLength(1);
    // The first households' last name, from the index alone.
    expect(walk[0]!.plan).toEqual(['SEARCH w USING COVERING INDEX households_round_commune_sort (round_id=? AND commune_id=?)']);
    // Then the place's name index up to that name, each row read and tested until the page is full: never read whole and sorted.
    for (const walkBudget of [undefined, 60]) {
      const recorded = walkBudget === undefined ? first : await plans(() => listHouseholds(core.db.kysely, input, { matchPage: false, countCap: 10, walkBudget }));
      const rows = recorded.filter((q) => /INDEXED BY households_round_commune_sort/u.test(q.sql));
      expect(rows).toHaveLength(1);
      // (A budget short of the place's households: up to its last name, a range of the index.)
      expect(rows[0]!.plan[0]).toBe(`SEARCH h USING INDEX households_round_commune_sort (round_id=? AND commune_id=?${walkBudget ? ' AND head_sort<?' : ''})`);
      expect(rows[0]!.plan.join('\n')).not.toContain('TEMP B-TREE');
    }
    // A class: tested on the walked id, on its index (a set in memory, or a seek); the results' rows never read.
    const byClass = await plans(() => listHouseholds(core.db.kysely, { ...input, flags: undefined, status: 'neither' }, { matchPage: false, countCap: 5 }));
    const classWalk = byClass.filter((q) => /INDEXED BY households_round_commune_sort/u.test(q.sql));
    expect(classWalk).toHaveLength(1);
    expect(classWalk[0]!.plan.join('\n')).toContain('SEARCH r USING COVERING INDEX results_round_status (round_id=? AND status=?)');
    expect(classWalk[0]!.plan.join('\n')).not.toMatch(/SEARCH res/u);
    expect(classWalk[0]!.sql.indexOf('FROM results r')).toBeGreaterThan(0);
    expect(classWalk[0]!.sql.indexOf('FROM results r')).toBeLessThan(classWalk[0]!.sql.indexOf(' LIKE '));
    // Too sparse there: the search's households with the filters, each one's name looked up in the list's index by id, sorted.
    const forced = await plans(() => listHouseholds(core.db.kysely, input, { matchPage: false, countCap: 10, walkBudget: 0 }));
    const sorted = forced.filter((q) => /^\s*SELECT h\.id AS id FROM \(SELECT rowid AS id FROM household_search_words /u.test(q.sql));
    expect(sorted).toHaveLength(1);
    expect(sorted[0]!.plan[0]).toMatch(/^SCAN household_search_words VIRTUAL TABLE/u);
    expect(sorted[0]!.plan).toContain('SEARCH h USING COVERING INDEX households_list (id=? AND round_id=?)');
    expect(sorted[0]!.plan.join('\n')).not.toMatch(/households_round_commune_sort/u);
    // The flag wanted unset tested on the list columns the sort reads, not looked up once more by id.
    expect(sorted[0]!.plan.join('\n')).not.toMatch(/f3/u);
  });
});

describe('the first walk of a page past the cap', () => {
  it('none found among the first households, or too few for the budget to hold half the page at their rate: the budget is not walked, the search’s households are sorted; enough found: the budget walked', async () => {
    const order = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY head_sort, id').pluck().all(round, commune) as number[];
    // The commune's first households in name order made female-headed: the list (male-headed) has none of them.
    const setFemale = core.db.sqlite.prepare('UPDATE households SET female_head = 1 WHERE id = ?');
    for (const id of order.slice(0, 6)) setFemale.run(id);
    const input = { roundId: round, search: 'van', communeId: commune, flags: { femaleHead: false }, sort: 'name', dir: 'asc', offset: 0, limit: 20 } as const;
    expect(expected(input).length).toBeGreaterThan(30);
    const found = new Set(expected(input));
    const none = order.findIndex((id) => found.has(id));
    expect(none).toBeGreaterThan(5);
    const edges = async (walkProbe: number, walkBudget = 400): Promise<{ offsets: unknown[]; sorted: boolean; rows: number[] }> => {
      let rows: number[] = [];
      const recorded = await recording(core, async () => {
        rows = (await listHouseholds(core.db.kysely, input, { matchPage: false, countCap: 10, walkBudget, walkProbe })).rows.map((r) => r.id);
      });
      return {
        offsets: recorded.filter((q) => /ORDER BY w\.head_sort/u.test(q.sql)).map((q) => q.params.at(-1)),
        sorted: recorded.some((q) => /^\s*SELECT h\.id AS id FROM \(SELECT rowid AS id FROM household_search_words /u.test(q.sql)),
        rows,
      };
    };
    const want = [...found].slice(0, 20);
    expect(await edges(none)).toEqual({ offsets: [none - 1], sorted: true, rows: want });
    expect(await edges(none + 1)).toEqual({ offsets: [none, 399], sorted: false, rows: want });
    // One found in the probe, and a budget three probes long: at that rate it would hold 3 of the
    // page's 20, less than half: not walked, the search's households sorted.
    expect(await edges(none + 1, 3 * (none + 1))).toEqual({ offsets: [none], sorted: true, rows: want });
  });
});

describe('every household of the round classified', () => {
  it('sorted by transition past the cap: the first page, transition after transition, is the plain list’s, without reading and sorting every household found', async () => {
    core.db.sqlite.prepare('DELETE FROM households WHERE round_id = ? AND id NOT IN (SELECT household_id FROM results)').run(round);
    expect(await firstPagesByGroup('transition')).toEqual([]);
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, { roundId: round, search: 'van', sort: 'transition', dir: 'desc', offset: 0, limit: 20 }, { countCap: 25 }));
    expect(recorded.filter((q) => /COUNT\(\*\) OVER \(\)/u.test(q.sql) && !/json_each/u.test(q.sql))).toEqual([]);
  }, 600_000);
});
