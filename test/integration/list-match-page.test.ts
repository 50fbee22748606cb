// A name search past the count's cap, sorted by name, of two words or more, or of one word with a filter (households/match-page.ts):
// its matches read once into memory (a byte an id), each filter an index range walked with that
// byte tested (the households it keeps, or those it leaves out: a class of most of the round by the
// other classes), the count from those walks (or, when those left out are too few to bring the list
// under the cap, without one), the page from a walk in name order (the round's, the place's, or a
// class's or transition's stretch of results_by_name) or, for a short list, its households sorted.
// Every page of every search × filter (and pairs of filters), both directions, walked to the end,
// is the plain query's list, with its count and totals row; and the word index is read once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { listCombinations } from '../bench/list-combinations';
import { recording } from '../fixtures/statements';
import { demoWithPlaces } from '../fixtures/demo-places';
import { agreedAndWarned, plainListWhere } from './name-search-oracle';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let commune: number;
let village: number;

beforeAll(() => {
  ({ core, round, commune, village } = demoWithPlaces('match-page.sqlite', 1500, 33));
  const sqlite = core.db.sqlite;
  // Agreed households and warnings, so that every filter keeps some; every household classified
  // (a class's households left out are then the other classes').
  agreedAndWarned(sqlite, round);
}, 300_000);
afterAll(() => core?.close());

// (One word with a filter too: "an", every word starting with it.)
const WORDS = ['nguyen van', 'thi hoa', 'van an', 'an'];

/** The list as a plain query: the filters in SQL, the households whose names hold the words (namesFound), sorted whole by name; with each household's members and class. */
function expected(input: Input): { id: number; members: number; status: string | null }[] {
  const where = plainListWhere(core.db.sqlite, round, input as never);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  return core.db.sqlite
    .prepare(
      `SELECT h.id, h.member_count AS members, res.status FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE ${where.join(' AND ')} ORDER BY h.head_sort ${dir}, h.id ${dir}`,
    )
    .all() as { id: number; members: number; status: string | null }[];
}

/** Every search × filter of the list (test/bench/list-combinations.ts) sorted by name, and some pairs of filters. */
function combinations(): { label: string; input: Input }[] {
  const one = listCombinations(round, commune, village, Object.fromEntries(WORDS.map((w) => [w, w]))).filter(
    (c) => c.input.search !== undefined && c.label.split(', ').length === 3,
  );
  const pairs: [string, Partial<Input>][] = [
    ['commune, not femaleHead', { communeId: commune, flags: { femaleHead: false } }],
    ['village, neither', { communeId: commune, villageId: village, status: 'neither' }],
    ['agreed, same', { reviewState: 'agreed', transition: 'same' }],
    ['no warnings, poor', { warnings: false, status: 'poor' }],
    ['femaleHead, not ethnicMinority', { flags: { femaleHead: true, ethnicMinority: false } }],
    ['commune, listed, totals', { communeId: commune, reviewState: 'listed', totals: true }],
    ['near_poor, new', { status: 'near_poor', transition: 'new' }],
    ['neither, totals', { status: 'neither', totals: true }],
    // (The female-headed flag walks its own name index, the other flags tested on its entries.)
    ['not femaleHead, not meritPerson', { flags: { femaleHead: false, meritPerson: false } }],
    ['femaleHead, noWorkingCapacity', { flags: { femaleHead: true, noWorkingCapacity: true } }],
    ['not femaleHead, ethnicMinority, totals', { flags: { femaleHead: false, ethnicMinority: true }, totals: true }],
    ['not femaleHead, not noWorkingCapacity, not ethnicMinority', { flags: { femaleHead: false, noWorkingCapacity: false, ethnicMinority: false } }],
    ['not femaleHead, no warnings', { flags: { femaleHead: false }, warnings: false }],
    ['not femaleHead, listed', { flags: { femaleHead: false }, reviewState: 'listed' }],
    ['femaleHead, poor', { flags: { femaleHead: true }, status: 'poor' }],
    ['not ethnicMinority, not meritPerson', { flags: { ethnicMinority: false, meritPerson: false } }],
  ];
  const two = WORDS.flatMap((search) =>
    pairs.map(([label, f]) => ({ label: `search ${search}, ${label}`, input: { roundId: round, limit: 100, offset: 0, sort: 'name', dir: 'asc', search, ...f } as Input })),
  );
  return [...one, ...two];
}

describe('a name search of two words past the cap, sorted by name', () => {
  for (const [cap, matchSort] of [[10, true], [40, true], [150, true], [40, false], [150, false]] as const) {
    it(`every page of every search and filter, both directions, is the plain list, with its count and totals row (cap ${cap}${matchSort ? '' : ', short lists walked'})`, async () => {
      const bad: string[] = [];
      let capped = 0;
      let exact = 0;
      for (const c of combinations()) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { ...c.input, dir } as Input;
          const want = expected(input);
          const got: number[] = [];
          for (let offset = 0; ; offset += 30) {
            const page = await listHouseholds(core.db.kysely, { ...input, offset, limit: 30 } as never, { countCap: cap, matchSort });
            if (offset === 0) {
              const total = want.length > cap ? { total: cap, capped: true } : { total: want.length, capped: false };
              if (page.total !== total.total || page.totalCapped !== total.capped) bad.push(`${c.label} ${dir}: total ${page.total}${page.totalCapped ? '+' : ''} instead of ${want.length}`);
              if (page.totalCapped) capped++;
              else exact++;
              if (input.totals) {
                const byStatus = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 };
                for (const r of want) byStatus[(r.status ?? 'unclassified') as keyof typeof byStatus]++;
                const totals = { households: want.length, members: want.reduce((n, r) => n + r.members, 0), byStatus };
                if (JSON.stringify(page.totals) !== JSON.stringify(total.capped ? undefined : totals)) bad.push(`${c.label} ${dir}: totals ${JSON.stringify(page.totals)}`);
              }
            }
            got.push(...page.rows.map((r) => r.id));
            if (page.rows.length < 30) break;
          }
          if (JSON.stringify(got) !== JSON.stringify(want.map((r) => r.id))) bad.push(`${c.label} ${dir}: ${got.length} rows instead of ${want.length}`);
        }
      }
      expect(bad).toEqual([]);
      expect(capped).toBeGreaterThan(20);
      expect(exact).toBeGreaterThan(20);
    }, 600_000);
  }

  it('the word index is read once a request, whatever the filters (it was read again by the count, the page and a probe)', async () => {
    const reads: Record<string, number> = {};
    const filtered = (c: { label: string }): boolean => c.label.split(', ').length > 2 && !/, (all|totals), /u.test(c.label);
    for (const c of combinations().filter((x) => x.input.search === 'nguyen van' || (x.input.search === 'an' && filtered(x)))) {
      const recorded = await recording(core, () => listHouseholds(core.db.kysely, c.input as never, { countCap: 10 }));
      const n = recorded.filter((q) => /household_search/u.test(q.sql)).length;
      if (n !== 1 && expected(c.input).length > 0) reads[c.label] = n;
    }
    expect(reads).toEqual({});
  });
});
