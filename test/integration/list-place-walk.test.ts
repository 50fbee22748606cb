// A list of a commune or village (or a review state) sorted by score A: one walk of the round's
// score A index with the place as a set of ids in memory (households/list-sets.ts placePart),
// rather than one query per score, each walking the round's households of that score and reading
// every row to test its place (530 ms of CPU for a village at a million households). Every page,
// walked to the end, is the list a plain query gives. And the round's class sizes (the totals row,
// a sort by class) are read once for a request from result_counts (migration 21). A short list
// counted by reading its ids (a commune's poor) has its page and totals row read from those ids,
// rather than found again by walking the commune with the poor's set of ids. A deep page of the
// whole round sorted by class or transition finds its page in the round's large class or
// transition by counting along the name order, the others counted on results_by_name (migration 21);
// sorted by score B, from the score's counts by stretch of the name order (migration 26).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds, type ListOptions } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { HOUSEHOLD_SORTS } from '../../shared/api/contract';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording } from '../fixtures/statements';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let commune: number;
let village: number;

beforeAll(() => {
  ({ core, round, commune, village } = demoWithPlaces('place-walk.sqlite', 1200, 9));
  const sqlite = core.db.sqlite;
  // Agreed households, households without a score A and without a result, spread over the round.
  sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 5 = 0").run(round);
  sqlite.prepare('UPDATE households SET score_a = NULL WHERE round_id = ? AND id % 17 = 0').run(round);
  sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 13 = 0)').run(round);
}, 300_000);
afterAll(() => core?.close());

/** The list as a plain query: every household of the filter, sorted whole (read.ts orderOf). */
function expected(input: Input): number[] {
  const where: string[] = ['h.round_id = @round'];
  if (input.communeId) where.push(`h.commune_id = ${input.communeId}`);
  if (input.villageId) where.push(`h.village_id = ${input.villageId}`);
  if (input.reviewState) where.push(`h.review_state = '${input.reviewState}'`);
  if (input.status) where.push(`res.status = '${input.status}'`);
  if (input.flags?.ethnicMinority !== undefined) where.push(`h.ethnic_minority = ${input.flags.ethnicMinority ? 1 : 0}`);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  return core.db.sqlite
    .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE ${where.join(' AND ')} ORDER BY h.score_a ${dir}, h.head_sort, h.id`)
    .pluck()
    .all({ round }) as number[];
}

/** Every page of the list, walked to the end (never sorted whole: smallList 0). */
async function paged(input: Input, options: ListOptions = {}): Promise<number[]> {
  const out: number[] = [];
  for (let offset = 0; ; offset += input.limit!) {
    const page = await listHouseholds(core.db.kysely, { ...input, offset } as never, { ...options, smallList: 0 });
    out.push(...page.rows.map((r) => r.id));
    if (page.rows.length < input.limit!) return out;
  }
}

const PLACES: [string, () => Partial<Input>][] = [
  ['commune', () => ({ communeId: commune })],
  ['village', () => ({ communeId: commune, villageId: village })],
  ['a village of another commune', () => ({ communeId: commune, villageId: -1 })],
  ['agreed', () => ({ reviewState: 'agreed' })],
  ['commune, agreed', () => ({ communeId: commune, reviewState: 'agreed' })],
  ['commune, poor', () => ({ communeId: commune, status: 'poor' })],
  ['village, ethnic minority', () => ({ communeId: commune, villageId: village, flags: { ethnicMinority: true } })],
];

describe('a class sorted by score A, found from the far side of the walk', () => {
  // (scoreAFar's farPage: the class as bytes, its households from the best score A of a sample to
  // the walk's end counted on the score A index; the others — before that score, or without a
  // score A — sorted whole. A sample of 3 households leaves many of them before its best.)
  for (const [way, options] of [
    ['always', { farScan: true }],
    ['always, from a sample of 3', { farScan: true, scoreSample: 3 }],
  ] as [string, ListOptions][]) {
    it(`every page is the plain list: ${way}`, async () => {
      const bad: string[] = [];
      let compared = 0;
      for (const status of ['poor', 'near_poor', 'neither', 'middle_income'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { roundId: round, status, sort: 'scoreA', dir, limit: 40 } as Input;
          const want = expected(input);
          const got = await paged(input, options);
          compared += want.length;
          if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${status}, ${dir}: ${got.length} rows instead of ${want.length}`);
        }
      }
      expect(compared).toBeGreaterThan(1000);
      expect(bad).toEqual([]);
    }, 300_000);
  }
});

describe('a place sorted by score A', () => {
  it('the round has households without a score A in the commune, and agreed ones', () => {
    const n = (q: string): number => core.db.sqlite.prepare(q).pluck().get(round, commune) as number;
    expect(n('SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ? AND score_a IS NULL')).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ? AND review_state = 'agreed'")).toBeGreaterThan(0);
  });

  for (const [way, options] of [
    ['as the app chooses', {}],
    ['every part tested row by row', { limits: { setMax: 0, driveMax: 0 } }],
  ] as [string, ListOptions][]) {
    it(`every page is the plain list: ${way}`, async () => {
      const bad: string[] = [];
      for (const [label, place] of PLACES) {
        for (const dir of ['asc', 'desc'] as const) {
          const p = place();
          const input = { roundId: round, ...p, ...(p.villageId === -1 ? { villageId: village + 1 } : {}), sort: 'scoreA', dir, limit: 40 } as Input;
          const want = expected(input);
          const got = await paged(input, options);
          if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${label}, ${dir}: ${got.length} rows instead of ${want.length}`);
        }
      }
      expect(bad).toEqual([]);
    }, 300_000);
  }

  it('a village: one walk of the score A index as a covering index, the village a set of ids in memory', async () => {
    const input = { roundId: round, communeId: commune, villageId: village, sort: 'scoreA', dir: 'desc', offset: 0, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0 }));
    const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.sql).toContain('+h.id IN (SELECT f.id FROM households f');
    const plan = planOf(core, pages[0]!);
    // (Descending: the index in that order, migration 22.)
    expect(plan[0]).toBe('SEARCH h USING COVERING INDEX households_round_score_a_desc (round_id=?)');
  });
});

describe('a review state of most of the round sorted by score A', () => {
  it('is tested by id on the list’s index: the walk of the score A index stays a covering index, no household row read', async () => {
    const listed = core.db.sqlite.prepare("SELECT COUNT(*) FROM households WHERE round_id = ? AND review_state = 'listed'").pluck().get(round) as number;
    const all = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(round) as number;
    // (More than a quarter of the round: never read as a set, read.ts.)
    expect(listed * 4).toBeGreaterThan(all);
    const input = { roundId: round, reviewState: 'listed', sort: 'scoreA', dir: 'desc', offset: 0, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 10 } }));
    const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.sql).toContain('FROM households f2 INDEXED BY households_list WHERE f2.id = h.id');
    expect(planOf(core, pages[0]!)[0]).toBe('SEARCH h USING COVERING INDEX households_round_score_a_desc (round_id=?)');
  });
});

describe('a place sorted by code', () => {
  // (Walking the round's code index read every household before the place's codes: at a million
  // households, a village by code, descending, 145 ms of CPU instead of 8.)
  const places: [string, () => Partial<Input>][] = [
    ['commune', () => ({ communeId: commune })],
    ['village', () => ({ communeId: commune, villageId: village })],
  ];
  const byCode = (input: Input): number[] => {
    const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
    return core.db.sqlite
      .prepare(`SELECT id FROM households WHERE round_id = ? AND commune_id = ? AND (? IS NULL OR village_id = ?) ORDER BY code ${dir}, head_sort, id`)
      .pluck()
      .all(round, input.communeId, input.villageId ?? null, input.villageId ?? null) as number[];
  };

  it('the village is at most a fifth of the round (so that it is sorted whole)', () => {
    const n = (q: string, ...p: unknown[]): number => core.db.sqlite.prepare(q).pluck().get(...p) as number;
    expect(n('SELECT COUNT(*) FROM households WHERE round_id = ? AND village_id = ?', round, village) * 5).toBeLessThanOrEqual(n('SELECT COUNT(*) FROM households WHERE round_id = ?', round));
  });

  it('every page, both ways, is the plain list', async () => {
    const bad: string[] = [];
    for (const [label, place] of places) {
      for (const dir of ['asc', 'desc'] as const) {
        const input = { roundId: round, ...place(), sort: 'code', dir, limit: 5 } as Input;
        const want = byCode(input);
        expect(want.length).toBeGreaterThan(10);
        const got = await paged(input);
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${label}, ${dir}: ${got.length} rows instead of ${want.length}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the village’s page reads its ids from its index and their codes from the list’s index by id, never walking the round’s code index', async () => {
    const input = { roundId: round, communeId: commune, villageId: village, sort: 'code', dir: 'desc', offset: 0, limit: 20 } as Input;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input as never, { smallList: 0 }));
    const plans = recorded.map((q) => planOf(core, q).join('\n'));
    expect(plans.filter((p) => p.includes('households_round_code'))).toEqual([]);
    expect(plans.some((p) => p.startsWith('SEARCH h USING COVERING INDEX households_list (id=?)'))).toBe(true);
  });

  it('the commune’s page walks its own range of the (round, commune, code) index in code order, both ways: no household looked up, nothing sorted', async () => {
    // (Its 106,000 households at a million looked up by id and sorted: 55–70 ms; walked, under 2.)
    for (const dir of ['asc', 'desc'] as const) {
      const input = { roundId: round, communeId: commune, sort: 'code', dir, offset: 0, limit: 20 } as Input;
      const recorded = await recording(core, () => listHouseholds(core.db.kysely, input as never, { smallList: 0 }));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      expect(pages).toHaveLength(1);
      expect(planOf(core, pages[0]!)).toEqual(['SEARCH h USING COVERING INDEX households_round_commune_code (round_id=? AND commune_id=?)']);
    }
  });
});

describe('the round’s class sizes', () => {
  it('the totals row of the round sorted by class: the classes read once from result_counts (kept by triggers), the round’s results not counted', async () => {
    const input = { roundId: round, totals: true, sort: 'status', dir: 'desc', offset: 0, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input));
    expect(recorded.filter((q) => /COUNT\(\*\)/u.test(q.sql) && /\bFROM "?results"?\b(?! r\b)/iu.test(q.sql))).toEqual([]);
    const counts = recorded.filter((q) => /\bFROM "result_counts"/u.test(q.sql));
    expect(counts).toHaveLength(1);
    expect(planOf(core, counts[0]!)).toEqual(['SEARCH result_counts USING PRIMARY KEY (round_id=?)']);
  });

  it('the totals row is the plain count of the round by class', async () => {
    const page = await listHouseholds(core.db.kysely, { roundId: round, totals: true, sort: 'status', dir: 'asc', offset: 0, limit: 10 });
    const rows = core.db.sqlite
      .prepare("SELECT COALESCE(res.status, 'unclassified') AS s, COUNT(*) AS n, SUM(h.member_count) AS m FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? GROUP BY 1")
      .all(round) as { s: string; n: number; m: number }[];
    const byStatus = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0, ...Object.fromEntries(rows.map((r) => [r.s, r.n])) };
    expect(byStatus.unclassified).toBeGreaterThan(0);
    expect(page.totals).toEqual({ households: rows.reduce((a, r) => a + r.n, 0), members: rows.reduce((a, r) => a + r.m, 0), byStatus });
  });
});

const STATUS_ORDER = "CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END";
const COLUMNS: Record<string, string> = {
  status: STATUS_ORDER,
  transition: 'res.transition',
  scoreB: 'res.score_b',
  scoreA: 'h.score_a',
  members: 'h.member_count',
  reviewState: 'h.review_state',
  commune: 'c.name_sort',
};

/** Any list as a plain query, with its totals row (read.ts orderOf). */
function plain(input: Input): { ids: number[]; members: number; byStatus: Record<string, number> } {
  const where: string[] = ['h.round_id = @round'];
  if (input.communeId) where.push(`h.commune_id = ${input.communeId}`);
  if (input.villageId) where.push(`h.village_id = ${input.villageId}`);
  if (input.reviewState) where.push(`h.review_state = '${input.reviewState}'`);
  if (input.status === 'unclassified') where.push('res.household_id IS NULL');
  else if (input.status) where.push(`res.status = '${input.status}'`);
  if (input.transition) where.push(`res.transition = '${input.transition}'`);
  if (input.flags?.ethnicMinority !== undefined) where.push(`h.ethnic_minority = ${input.flags.ethnicMinority ? 1 : 0}`);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  const order =
    input.sort === 'name'
      ? `h.head_sort ${dir}, h.id ${dir}`
      : input.sort === 'code'
        ? `h.code ${dir}, h.head_sort, h.id`
        : input.sort === 'village'
          ? `v.name_sort ${dir}, c.name_sort ${dir}, h.village_id ${dir}, h.head_sort, h.id`
          : `${COLUMNS[input.sort!]} ${dir}, h.head_sort, h.id`;
  const rows = core.db.sqlite
    .prepare(
      `SELECT h.id, h.member_count AS m, COALESCE(res.status, 'unclassified') AS s FROM households h LEFT JOIN results res ON res.household_id = h.id
       JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id WHERE ${where.join(' AND ')} ORDER BY ${order}`,
    )
    .all({ round }) as { id: number; m: number; s: string }[];
  const byStatus: Record<string, number> = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 };
  for (const r of rows) byStatus[r.s]! += 1;
  return { ids: rows.map((r) => r.id), members: rows.reduce((a, r) => a + r.m, 0), byStatus };
}

describe('a short list counted by reading its ids', () => {
  const LISTS: [string, () => Partial<Input>][] = [
    ['commune, poor', () => ({ communeId: commune, status: 'poor' })],
    ['commune, near poor', () => ({ communeId: commune, status: 'near_poor' })],
    ['commune, unclassified', () => ({ communeId: commune, status: 'unclassified' })],
    ['village, neither', () => ({ communeId: commune, villageId: village, status: 'neither' })],
    ['agreed, poor', () => ({ reviewState: 'agreed', status: 'poor' })],
    ['commune, ethnic minority', () => ({ communeId: commune, flags: { ethnicMinority: true } })],
    ['commune, transition same', () => ({ communeId: commune, transition: 'same' })],
  ];

  it('every sort, both ways, every page and the totals row are the plain list’s', async () => {
    const bad: string[] = [];
    let compared = 0;
    for (const [label, f] of LISTS) {
      for (const sort of HOUSEHOLD_SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { roundId: round, ...f(), sort, dir, limit: 25, totals: true } as Input;
          const want = plain(input);
          const got: number[] = [];
          for (let offset = 0; ; offset += 25) {
            const page = await listHouseholds(core.db.kysely, { ...input, offset } as never);
            got.push(...page.rows.map((r) => r.id));
            if (offset === 0) {
              expect(page.total, label).toBe(want.ids.length);
              expect(page.totals, label).toEqual({ households: want.ids.length, members: want.members, byStatus: want.byStatus });
            }
            if (page.rows.length < 25) break;
          }
          compared += want.ids.length;
          if (JSON.stringify(got) !== JSON.stringify(want.ids)) bad.push(`${label}, ${sort} ${dir}: ${got.length} rows instead of ${want.ids.length}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
    expect(bad).toEqual([]);
  }, 300_000);

  it('a commune’s poor, totals row and all: the poor’s set is read once, as bytes (to count them); the page and totals row look the households counted up by id', async () => {
    const input = { roundId: round, communeId: commune, status: 'poor', totals: true, sort: 'scoreA', dir: 'asc', offset: 0, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input));
    const withSet = recorded.filter((q) => q.sql.includes('SELECT r.household_id FROM results r'));
    expect(withSet).toHaveLength(1);
    // (As bytes: read.ts walkBytes.)
    expect(withSet[0]!.sql).toContain('group_concat');
    const byIds = recorded.filter((q) => q.sql.includes('json_each'));
    // The totals row and the page.
    expect(byIds).toHaveLength(2);
    for (const q of byIds) expect(planOf(core, q)[0]).toBe('SEARCH h USING INTEGER PRIMARY KEY (rowid=?)');
  });
});

describe('deep pages of the whole round, sorted by class, transition or score B', () => {
  /** The 2022 round, every household of it classified (the 2023 round has some without a result). */
  const full = (): number => core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2022').pluck().get() as number;

  it('every household of the 2022 round has a result; one class and one transition hold most of it', () => {
    const r = full();
    const n = (q: string): number => core.db.sqlite.prepare(q).pluck().get(r) as number;
    const all = n('SELECT COUNT(*) FROM households WHERE round_id = ?');
    expect(n('SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id)')).toBe(0);
    expect(n('SELECT MAX(k) FROM (SELECT COUNT(*) AS k FROM results WHERE round_id = ? GROUP BY status)') * 5).toBeGreaterThan(all * 4);
    expect(n("SELECT MAX(k) FROM (SELECT COUNT(*) AS k FROM results WHERE round_id = ? GROUP BY COALESCE(transition, '-'))") * 5).toBeGreaterThan(all * 4);
  });

  it('every page (walked by groups, never sorted whole) is the plain list', async () => {
    const r = full();
    const bad: string[] = [];
    for (const sort of ['status', 'transition', 'scoreB'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const input = { roundId: r, sort, dir, limit: 60 } as Input;
        const dirSql = dir === 'desc' ? 'DESC' : 'ASC';
        const want = core.db.sqlite
          .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? ORDER BY ${COLUMNS[sort]} ${dirSql}, h.head_sort, h.id`)
          .pluck()
          .all(r) as number[];
        // (bulkClose 0: a deep page of the large class or transition counted along the name order to the page itself.)
        for (const options of [{ deepInGroup: 0 }, { deepInGroup: 0, bulkClose: 0 }, { deepInGroup: 0, bulkClose: 7 }, {}] as ListOptions[]) {
          const got = await paged(input, options);
          if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${sort} ${dir} (${JSON.stringify(options)}): ${got.length} rows instead of ${want.length}`);
        }
      }
    }
    expect(bad).toEqual([]);
  }, 300_000);

  it('the page in the middle sorted by class or transition: the largest group found counting along the name order and the others in name order (results_by_name), no result read household by household', async () => {
    const r = full();
    const all = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r) as number;
    for (const sort of ['status', 'transition'] as const) {
      const input = { roundId: r, sort, dir: 'asc', offset: Math.floor(all / 2), limit: 20 } as const;
      // (A page 0 households deep is a deep page: the round is small; bulkClose 0: counted to the page.)
      const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, deepInGroup: 0, bulkClose: 0 }));
      // Moved along the round's name index without a test, the others counted on their name order.
      const moves = recorded.filter((q) => /FROM households INDEXED BY households_round_sort/u.test(q.sql) && q.sql.includes('OFFSET'));
      expect(moves.length, sort).toBeGreaterThan(0);
      for (const q of moves) expect(planOf(core, q)[0], sort).toMatch(/^SEARCH households USING COVERING INDEX households_round_sort \(round_id=\?/u);
      const counts = recorded.filter((q) => /SELECT COUNT\(\*\) AS n FROM "results_by_name"/u.test(q.sql));
      // (Counted only when the round has others: the 2022 round's transitions are all none.)
      const others = core.db.sqlite.prepare('SELECT COUNT(*) FROM results_by_name WHERE round_id = ? AND kind = ?').pluck().get(r, sort === 'status' ? 1 : 2) as number;
      if (sort === 'status') expect(others, sort).toBeGreaterThan(0);
      expect(counts.length, sort).toBe(others > 0 ? moves.length : 0);
      for (const q of counts) expect(planOf(core, q)[0], sort).toMatch(/^SEARCH results_by_name USING PRIMARY KEY \(round_id=\? AND kind=\? AND value=\? AND \(head_sort,household_id\)/u);
      // No set of the other classes read, the page itself found from where the count stopped.
      expect(recorded.some((q) => q.sql.includes('NOT IN')), sort).toBe(false);
      const page = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql)).at(-1)!;
      expect(page.sql, sort).toContain('(h.head_sort, h.id) >=');
      expect(planOf(core, page)[0], sort).toMatch(/^SEARCH h USING (COVERING )?INDEX households_round_sort \(round_id=\? AND head_sort>\?\)/u);
      // The transitions counted without a GROUP BY over the round's results.
      expect(recorded.some((q) => /group by "transition"/iu.test(q.sql)), sort).toBe(false);
    }
  });

  it('a page inside a score B of the round: the score’s counts by stretch of the name order read once (score_name_counts, migration 26), the name index walked from the stretch’s bound testing each household in the score index; no score’s ids read, the round not walked from its start', async () => {
    const r = full();
    const sqlite = core.db.sqlite;
    const all = sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r) as number;
    expect(sqlite.prepare('SELECT COUNT(*) FROM score_name_bounds WHERE round_id = ?').pluck().get(r)).toBeGreaterThan(10);
    for (const dir of ['asc', 'desc'] as const) {
      for (const offset of [Math.floor(all / 3), Math.floor(all / 2), all - 30]) {
        const input = { roundId: r, sort: 'scoreB', dir, offset, limit: 20 } as const;
        const label = `${dir} at ${offset}`;
        const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0 }));
        expect(recorded.filter((q) => /group_concat/u.test(q.sql)).map((q) => q.sql), label).toEqual([]);
        expect(recorded.some((q) => q.sql.includes('substr(')), label).toBe(false);
        const counts = recorded.filter((q) => /FROM "score_name_counts"/u.test(q.sql));
        expect(counts.length, label).toBeGreaterThan(0);
        for (const q of counts) expect(planOf(core, q).join('\n'), label).toMatch(/^SEARCH score_name_counts USING PRIMARY KEY \(round_id=\? AND score_b=\?\)$/u);
        const walks = recorded.filter((q) => /FROM households h INDEXED BY households_round_sort/u.test(q.sql));
        expect(walks.length, label).toBe(counts.length);
        for (const q of walks) {
          const plan = planOf(core, q).join('\n');
          expect(plan, label).toMatch(/^SEARCH h USING COVERING INDEX households_round_sort \(round_id=\? AND head_sort>\?\)\n/u);
          expect(plan, label).toContain('SEARCH res USING COVERING INDEX results_round_score_b (round_id=? AND score_b=? AND rowid=?)');
        }
        // The scores' sizes read from result_score_counts (migration 23), none counted on the results.
        expect(recorded.filter((q) => /result_score_counts/u.test(q.sql)).length, label).toBe(1);
        expect(recorded.filter((q) => /COUNT\(\*\)[\s\S]*FROM "?results"? /iu.test(q.sql)).map((q) => q.sql), label).toEqual([]);
      }
    }
    // A score of at most smallList households (the round's last, here, of fewer than a third of the
    // round): its ids read from the score index, each one's name by id, sorted whole; the round not walked.
    const last = sqlite.prepare('SELECT n FROM result_score_counts WHERE round_id = ? AND n > 0 ORDER BY score_b DESC LIMIT 1').pluck().get(r) as number;
    expect(last * 3).toBeLessThan(all);
    const input = { roundId: r, sort: 'scoreB', dir: 'asc', offset: all - 30, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: Math.floor(all / 3) }));
    expect(recorded.some((q) => /households_round_sort/u.test(q.sql))).toBe(false);
    const whole = recorded.filter((q) => /h\.id IN \(SELECT r\.household_id FROM results r INDEXED BY results_round_score_b\b/u.test(q.sql));
    // (One a score the page reaches.)
    expect(whole.length).toBeGreaterThan(0);
    for (const q of whole) {
      expect(planOf(core, q), q.sql).toEqual([
        'SEARCH h USING COVERING INDEX households_list (id=?)',
        'LIST SUBQUERY 1',
        'SEARCH r USING COVERING INDEX results_round_score_b (round_id=? AND score_b=?)',
        'USE TEMP B-TREE FOR ORDER BY',
      ]);
    }
  });
});

describe('a household tested against a score of the results or a transition', () => {
  it('is a seek of the results index (round, value, id), not a read of its result', async () => {
    for (const input of [
      { roundId: round, transition: 'new', sort: 'scoreB', dir: 'asc', offset: 0, limit: 20 },
      { roundId: round, communeId: commune, transition: 'same', sort: 'name', dir: 'asc', offset: 0, limit: 20 },
    ] as const) {
      // (Every part tested, none read as a set.)
      const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 0, driveMax: 1e9 } }));
      const seeks = recorded.filter((q) => /EXISTS \(SELECT 1 FROM results r2 INDEXED BY/u.test(q.sql));
      expect(seeks.length, input.sort).toBeGreaterThan(0);
      for (const q of seeks) expect(planOf(core, q).join('\n'), input.sort).toMatch(/SEARCH r2 (EXISTS )?USING COVERING INDEX results_round_(score_b \(round_id=\? AND score_b=\?|status \(round_id=\? AND status=\? AND transition=\?) AND rowid=\?\)/u);
      expect(recorded.some((q) => /FROM results r2 WHERE r2\.household_id =/u.test(q.sql)), input.sort).toBe(false);
    }
  });

  it('the lists it serves are the plain lists, every part tested', async () => {
    const bad: string[] = [];
    for (const f of [{ status: 'poor' }, { status: 'near_poor' }, { communeId: commune, transition: 'same' }, { transition: 'new' }] as Partial<Input>[]) {
      for (const sort of ['scoreB', 'name', 'status', 'transition'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { roundId: round, ...f, sort, dir, limit: 50 } as Input;
          const want = plain(input).ids;
          const got = await paged(input, { limits: { setMax: 0, driveMax: 0 } });
          if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${JSON.stringify(f)}, ${sort} ${dir}: ${got.length} rows instead of ${want.length}`);
        }
      }
    }
    expect(bad).toEqual([]);
  }, 300_000);
});

describe('a page near the end of a group of most of the round', () => {
  it('is found testing each household’s result (a few read), not by reading the other classes’ set', async () => {
    const r = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2022').pluck().get() as number;
    const all = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r) as number;
    const input = { roundId: r, sort: 'status', dir: 'asc', offset: all - 20, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, deepInGroup: 100 }));
    const page = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql)).at(-1)!;
    expect(page.sql).not.toContain('NOT IN');
    expect(page.sql).toMatch(/exists \(select/iu);
  });
});
