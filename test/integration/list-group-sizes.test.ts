// A sort by a column of few values (review state, member count) walks the sort's groups, each
// value's households in name order, a group of unknown size counted on its index to be skipped or
// entered at its place. The last group walked holds the rest of the list: its size is the list's
// less what came before, never counted (at a million households, the whole round by review state,
// all of it one value: a count of a million entries, 49 ms of CPU). And a class sorted by score A
// from the far side of the walk (scoreAFar) reads the class's ids once, as bytes, its sample
// taken from them rather than read again from the results' index. A place with a class counted
// by reading its ids walks the place's index with the class as bytes (read.ts walkBytes), not as
// a set of SQLite (IN): at a million households, the biggest commune's near poor 27 ms → 18.
// A village sorted by member count walks each count's range of households_round_members with the
// village's ids in memory, not testing the village on each household's row (40 → 4 ms). A page
// in the second half of the list sizes the groups from the list's end, those before them skipped
// together uncounted (the whole round's last page by score A: 155 scores counted, 38–53 ms → 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording } from '../fixtures/statements';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let commune: number;
let village: number;

beforeAll(() => {
  ({ core, round, commune, village } = demoWithPlaces('group-sizes.sqlite', 900, 5));
}, 300_000);
afterAll(() => core?.close());

/** The list as a plain query: the whole round sorted whole (read.ts orderOf). */
function expected(column: string, dir: 'asc' | 'desc'): number[] {
  const d = dir === 'desc' ? 'DESC' : 'ASC';
  return core.db.sqlite.prepare(`SELECT h.id FROM households h WHERE h.round_id = ? ORDER BY h.${column} ${d}, h.head_sort, h.id`).pluck().all(round) as number[];
}

const page = async (input: Partial<Input>) => listHouseholds(core.db.kysely, { roundId: round, ...input } as never, { smallList: 0 });
/** The statements that count a group on the households' index. */
const counts = (sqls: { sql: string }[]): string[] => sqls.map((q) => q.sql).filter((s) => /^select count\(\*\) as "n" from "households"/iu.test(s));

describe('the whole round sorted by review state or member count', () => {
  const cases: [string, string, () => void][] = [
    ['review state, one value', 'review_state', () => core.db.sqlite.prepare("UPDATE households SET review_state = 'listed' WHERE round_id = ?").run(round)],
    ['review state, two values', 'review_state', () => core.db.sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 3 = 0").run(round)],
    ['member count', 'member_count', () => undefined],
  ];
  for (const [label, column, setUp] of cases) {
    it(`every page at every depth is the plain list: ${label}`, async () => {
      setUp();
      const sort = column === 'review_state' ? 'reviewState' : 'members';
      const bad: string[] = [];
      for (const dir of ['asc', 'desc'] as const) {
        const want = expected(column, dir);
        for (const limit of [1, 7, 50]) {
          for (const offset of [0, 1, want.length >> 2, (want.length >> 1) - 1, want.length >> 1, want.length - 60, want.length - limit, want.length - 1]) {
            const got = (await page({ sort, dir, limit, offset })).rows.map((r) => r.id);
            const slice = want.slice(offset, offset + limit);
            if (JSON.stringify(got) !== JSON.stringify(slice)) bad.push(`${dir}, ${offset}+${limit}: ${got.length} rows`);
          }
        }
      }
      expect(bad).toEqual([]);
    }, 120_000);
  }

  it('a deep page of one review state counts no group: the last group walked is the rest of the list', async () => {
    core.db.sqlite.prepare("UPDATE households SET review_state = 'listed' WHERE round_id = ?").run(round);
    const n = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(round) as number;
    for (const dir of ['asc', 'desc'] as const) {
      const recorded = await recording(core, () => page({ sort: 'reviewState', dir, limit: 20, offset: n - 30 }));
      expect(counts(recorded)).toEqual([]);
    }
    // Two states, ascending: the first (agreed) is counted, the last (listed) is not.
    core.db.sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 3 = 0").run(round);
    const recorded = await recording(core, () => page({ sort: 'reviewState', dir: 'asc', limit: 20, offset: n - 30 }));
    expect(counts(recorded)).toHaveLength(1);
  });
});

describe('a class sorted by score A from the far side of the walk', () => {
  it('reads the class’s ids once (as bytes), its sample taken from them', async () => {
    for (const dir of ['asc', 'desc'] as const) {
      const recorded = await recording(core, () => listHouseholds(core.db.kysely, { roundId: round, status: 'near_poor', sort: 'scoreA', dir, limit: 20 } as never, { smallList: 0, farScan: true }));
      const reads = recorded.filter((q) => /FROM results r WHERE r\.round_id = \? AND "r"\."status" = \?\)/u.test(q.sql) && !/COUNT\(\*\)/u.test(q.sql));
      expect(reads).toHaveLength(1);
      expect(reads[0]!.sql).toContain('group_concat');
    }
  });
});

describe('a commune’s class counted by reading its ids', () => {
  it('walks the commune’s index, the class as bytes', async () => {
    const input = { roundId: round, communeId: commune, status: 'near_poor', sort: 'transition', dir: 'desc', offset: 0, limit: 20 };
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input as never));
    const walks = recorded.filter((q) => /^SELECT id FROM \(\(select "h"\."id" from "households"/u.test(q.sql));
    expect(walks).toHaveLength(1);
    expect(walks[0]!.sql).toContain("substr(?, h.id, 1) = x'01'");
    expect(walks[0]!.sql).not.toContain(' IN (');
    // (Either of the commune's indexes: each holds every household's id.)
    const plan = planOf(core, walks[0]!);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_round_commune_(sort|code) \(round_id=\? AND commune_id=\?\)$/u);
  });
});

describe('a place sorted by member count', () => {
  /** The plain list of a place (and class). */
  function plain(where: string, dir: 'asc' | 'desc'): number[] {
    const d = dir === 'desc' ? 'DESC' : 'ASC';
    return core.db.sqlite
      .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? AND ${where} ORDER BY h.member_count ${d}, h.head_sort, h.id`)
      .pluck()
      .all(round) as number[];
  }
  const PLACES: [string, () => Partial<Input>, () => string][] = [
    ['village', () => ({ communeId: commune, villageId: village }), () => `h.commune_id = ${commune} AND h.village_id = ${village}`],
    ['village, poor', () => ({ communeId: commune, villageId: village, status: 'poor' }), () => `h.commune_id = ${commune} AND h.village_id = ${village} AND res.status = 'poor'`],
    ['commune', () => ({ communeId: commune }), () => `h.commune_id = ${commune}`],
    ['commune, ethnic minority', () => ({ communeId: commune, flags: { ethnicMinority: true } }), () => `h.commune_id = ${commune} AND h.ethnic_minority = 1`],
    ['village, warnings', () => ({ communeId: commune, villageId: village, warnings: false }), () => `h.commune_id = ${commune} AND h.village_id = ${village} AND NOT EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`],
  ];
  it('every page at every depth is the plain list', async () => {
    const bad: string[] = [];
    let compared = 0;
    for (const [label, f, where] of PLACES) {
      for (const dir of ['asc', 'desc'] as const) {
        const want = plain(where(), dir);
        compared += want.length;
        for (const limit of [1, 9, 40]) {
          for (const offset of [0, 3, want.length >> 1, want.length - 20, want.length - 1]) {
            if (offset < 0) continue;
            const got = (await page({ ...f(), sort: 'members', dir, limit, offset })).rows.map((r) => r.id);
            if (JSON.stringify(got) !== JSON.stringify(want.slice(offset, offset + limit))) bad.push(`${label}, ${dir}, ${offset}+${limit}: ${got.length} rows`);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
    expect(bad).toEqual([]);
  }, 120_000);

  it('a village walks each member count’s range of households_round_members, the village’s ids in memory', async () => {
    const recorded = await recording(core, () => page({ communeId: commune, villageId: village, sort: 'members', dir: 'desc', limit: 20, offset: 0 }));
    const walks = recorded.filter((q) => /^select "h"\."id" from "households" as "h" where/u.test(q.sql));
    expect(walks.length).toBeGreaterThan(0);
    for (const q of walks) {
      expect(q.sql).toContain('+h.id IN (SELECT f.id FROM households f');
      expect(planOf(core, q)[0]).toBe('SEARCH h USING COVERING INDEX households_round_members (round_id=? AND member_count=?)');
    }
  });
});

describe('a page in the second half of the list', () => {
  /** The plain list: the round, or a place, sorted whole (read.ts orderOf). */
  function plain(order: string, where: string, dir: 'asc' | 'desc'): number[] {
    const d = dir === 'desc' ? 'DESC' : 'ASC';
    return core.db.sqlite
      .prepare(
        `SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id LEFT JOIN units v ON v.id = h.village_id JOIN units c ON c.id = h.commune_id
         WHERE h.round_id = ? AND ${where} ORDER BY ${order.replaceAll('@', d)}, h.head_sort, h.id`,
      )
      .pluck()
      .all(round) as number[];
  }
  const STATUS_RANK = "CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END";
  const SORTS: [string, string][] = [
    ['scoreA', 'h.score_a @'],
    ['members', 'h.member_count @'],
    ['reviewState', 'h.review_state @'],
    ['status', `${STATUS_RANK} @`],
    ['transition', 'res.transition @'],
    ['commune', 'c.name_sort @, c.id'],
  ];
  it('every page from the middle to the end is the plain list: the round and a commune, each sort of groups', async () => {
    // Households without a score A (first ascending, last descending) and of two review states.
    core.db.sqlite.prepare('UPDATE households SET score_a = NULL WHERE round_id = ? AND id % 23 = 0').run(round);
    core.db.sqlite.prepare("UPDATE households SET review_state = CASE WHEN id % 4 = 0 THEN 'agreed' ELSE 'listed' END WHERE round_id = ?").run(round);
    const bad: string[] = [];
    for (const [place, where, input] of [
      ['round', '1', {}],
      ['commune', `h.commune_id = ${commune}`, { communeId: commune }],
    ] as const) {
      for (const [sort, order] of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const want = plain(order, where, dir);
          for (const limit of [1, 13, 50]) {
            for (const offset of [(want.length >> 1) + 1, Math.floor(want.length * 0.7), want.length - 51, want.length - limit, want.length - 1]) {
              const got = (await page({ ...input, sort, dir, limit, offset } as Partial<Input>)).rows.map((r) => r.id);
              if (JSON.stringify(got) !== JSON.stringify(want.slice(offset, offset + limit))) bad.push(`${place}, ${sort} ${dir}, ${offset}+${limit}: ${got.length} rows`);
            }
          }
        }
      }
    }
    expect(bad).toEqual([]);
  }, 300_000);

  it('the whole round’s last page by score A counts only the scores at the end of the list', async () => {
    const scores = core.db.sqlite.prepare('SELECT COUNT(DISTINCT score_a) FROM households WHERE round_id = ?').pluck().get(round) as number;
    const n = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(round) as number;
    expect(scores).toBeGreaterThan(20);
    for (const dir of ['asc', 'desc'] as const) {
      const recorded = await recording(core, () => page({ sort: 'scoreA', dir, limit: 10, offset: n - 10 }));
      expect(counts(recorded).length).toBeLessThan(5);
    }
  });
});
