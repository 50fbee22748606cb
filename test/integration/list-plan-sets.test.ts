// The list's filters and sort groups read as sets of ids from their indexes (households/list-sets.ts):
// every page, walked to the end, is the list a plain query gives (every household of the filter,
// sorted whole), whichever way each group is read — every set in memory and every group read from
// its ids and sorted, every set in memory and every group walked, every part tested row by row, and
// the limits the app chooses. The round has households without a result, with warnings and agreed,
// so that every group and filter has households in it; lists are walked by groups (never sorted
// whole: smallList 0). A plan test checks that a transition sorted by class reads a class it has
// no household of not at all, and walks the sort's index as a covering index with the filter's set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds, type ListOptions } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { TRANSITIONS } from '../../shared/engine/transition';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording } from '../fixtures/statements';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let commune: number;

beforeAll(() => {
  ({ core, round, commune } = demoWithPlaces('sets.sqlite', 1500, 5));
  const sqlite = core.db.sqlite;
  // Households without a result, agreed ones and ones with warnings, spread over the round.
  sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 23 = 0)').run(round);
  sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 7 = 0").run(round);
  sqlite
    .prepare("INSERT INTO household_warnings (household_id, code, path, message, created_at) SELECT id, 'x', 'p', 'm', '2024-01-01' FROM households WHERE round_id = ? AND id % 11 = 0")
    .run(round);
}, 300_000);
afterAll(() => core?.close());

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

/** The list as a plain query: every household of the filter, sorted whole (read.ts orderOf). */
function expected(input: Input): number[] {
  const where: string[] = ['h.round_id = @round'];
  if (input.communeId) where.push(`h.commune_id = ${input.communeId}`);
  if (input.reviewState) where.push(`h.review_state = '${input.reviewState}'`);
  if (input.warnings !== undefined) where.push(`${input.warnings ? '' : 'NOT '}EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`);
  if (input.status === 'unclassified') where.push('res.household_id IS NULL');
  else if (input.status) where.push(`res.status = '${input.status}'`);
  if (input.transition === 'none') where.push('res.household_id IS NOT NULL AND res.transition IS NULL');
  else if (input.transition) where.push(`res.transition = '${input.transition}'`);
  const flags = { ethnicMinority: 'ethnic_minority', noWorkingCapacity: 'no_working_capacity', meritPerson: 'merit_person', femaleHead: 'female_head' } as const;
  for (const [k, c] of Object.entries(flags)) {
    const v = input.flags?.[k as keyof typeof flags];
    if (v !== undefined) where.push(`h.${c} = ${v ? 1 : 0}`);
  }
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  const order = input.sort === 'name' ? `h.head_sort ${dir}, h.id ${dir}` : input.sort === 'code' ? `h.code ${dir}, h.head_sort, h.id` : `${COLUMNS[input.sort!]} ${dir}, h.head_sort, h.id`;
  return core.db.sqlite
    .prepare(
      `SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id JOIN units c ON c.id = h.commune_id
       WHERE ${where.join(' AND ')} ORDER BY ${order}`,
    )
    .pluck()
    .all({ round }) as number[];
}

/** Every page of the list, walked to the end. */
async function paged(input: Input, options: ListOptions): Promise<number[]> {
  const out: number[] = [];
  for (let offset = 0; ; offset += input.limit!) {
    const page = await listHouseholds(core.db.kysely, { ...input, offset } as never, { ...options, smallList: 0 });
    out.push(...page.rows.map((r) => r.id));
    if (page.rows.length < input.limit!) return out;
  }
}

const FILTERS: [string, Partial<Input>][] = [
  ['all', {}],
  ...(['poor', 'near_poor', 'neither', 'middle_income'] as const).map((s): [string, Partial<Input>] => [`status=${s}`, { status: s }]),
  ...[...TRANSITIONS, 'none' as const].map((t): [string, Partial<Input>] => [`transition=${t}`, { transition: t }]),
  ['status+transition', { status: 'neither', transition: 'same' }],
  ['commune+near_poor', { communeId: 0, status: 'near_poor' }],
  ['meritPerson', { flags: { meritPerson: true } }],
  ['ethnicMinority', { flags: { ethnicMinority: true } }],
  ['not femaleHead', { flags: { femaleHead: false } }],
  ['femaleHead+poor', { flags: { femaleHead: true }, status: 'poor' }],
  ['agreed', { reviewState: 'agreed' }],
  ['no warnings', { warnings: false }],
];
const SORTS = ['status', 'transition', 'scoreB', 'name', 'code', 'members', 'scoreA', 'reviewState', 'commune'] as const;
const WAYS: [string, ListOptions][] = [
  ['as the app chooses', {}],
  ['every set in memory, every group read and sorted', { limits: { setMax: 1e9, driveMax: 1e9 } }],
  ['every set in memory, every group walked', { limits: { setMax: 1e9, driveMax: 0 } }],
  ['every part tested row by row', { limits: { setMax: 0, driveMax: 0 } }],
  ['a class or transition sorted by score A sorted whole from its ids', { wholeFixed: -1e9 }],
  ['parts of more than 50 households as bytes once a page by name is not among the first 600 households', { limits: { setMax: 50 }, nameProbe: 600 }],
  ['a class or transition sorted by score A found from the far side of the walk, from a sample of 3', { farScan: true, scoreSample: 3 }],
];

describe('a list read by sets of ids gives the plain list, page by page', () => {
  it('has households in every class, transition and flag of the round, and some without a result', () => {
    const n = (q: string): number => core.db.sqlite.prepare(q).pluck().get(round) as number;
    expect(n('SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id)')).toBeGreaterThan(20);
    expect(n('SELECT COUNT(DISTINCT transition) FROM results WHERE round_id = ?')).toBeGreaterThanOrEqual(4);
    expect(n('SELECT COUNT(*) FROM households WHERE round_id = ? AND merit_person = 1')).toBeGreaterThan(0);
  });

  for (const [way, options] of WAYS) {
    it(`every filter with the sorts by class, transition, score B and the households' columns: ${way}`, async () => {
      const bad: string[] = [];
      let compared = 0;
      for (const [label, f] of FILTERS) {
        for (const sort of SORTS) {
          for (const dir of ['asc', 'desc'] as const) {
            const input = { roundId: round, ...f, ...(f.communeId === 0 ? { communeId: commune } : {}), sort, dir, limit: 250 } as Input;
            const want = expected(input);
            const got = await paged(input, options);
            compared += want.length;
            if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${label}, ${sort} ${dir}: ${got.length} rows instead of ${want.length}`);
          }
        }
      }
      expect(compared).toBeGreaterThan(50_000);
      expect(bad).toEqual([]);
    }, 600_000);
  }
});

describe('plans', () => {
  /** Every statement run on the connection while `fn` runs, with its plan. */
  /** The statements `fn` reads with (all, get), each with its query plan. */
  async function plans(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
    return (await recording(core, fn)).map((q) => ({ sql: q.sql, plan: planOf(core, q) }));
  }

  it('a transition sorted by class: a class without the transition is not walked; the page walks the commune’s name index as a covering index, with the transition in memory', async () => {
    // The demo's "exited near poor" households are all of one class (neither): the poor, near poor
    // and middle income classes have none of them.
    const classes = core.db.sqlite.prepare("SELECT DISTINCT status FROM results WHERE round_id = ? AND transition = 'exited_near_poor'").pluck().all(round);
    expect(classes).toEqual(['neither']);
    // (With a commune, so that no group's size is known without the plan: only the count of what the classes have in common with the transition tells.)
    const input = { roundId: round, communeId: commune, transition: 'exited_near_poor', sort: 'status', dir: 'asc', offset: 0, limit: 20 } as const;
    const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 1e9, driveMax: 0 } }));
    const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
    // One walk only, of the class that has the transition (the others are known empty from the results index).
    expect(pages).toHaveLength(1);
    expect(pages[0]!.sql).toContain('+h.id IN (SELECT r.household_id FROM results r');
    expect(pages[0]!.plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_round_commune_sort \(round_id=\? AND commune_id=\?\)$/u);
    expect(pages[0]!.plan.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('the households a group has in common with the filters are read from one part’s index range, each entry tested against the others, never looked up part by part; a class too large for a set never drives a flag that fits one', async () => {
    // (A results part drove, and SQLite looked each id of the flag's set up in the class's ranges of
    // results_round_status — the seeks "rowid=?" of the driving alias, r or f: at a million
    // households, 70 ms for the ethnic minority households without a transition; and the merit
    // households in the class "neither" were found reading that whole class's index range.)
    const bad: string[] = [];
    let checked = 0;
    for (const flag of ['meritPerson', 'ethnicMinority', 'femaleHead'] as const) {
      for (const sort of ['status', 'transition', 'scoreB'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { roundId: round, flags: { [flag]: true }, sort, dir, offset: 0, limit: 20 } as const;
          for (const q of await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0 }))) {
            if (!/\bFROM (results r|households f) WHERE\b/u.test(q.sql)) continue;
            checked++;
            for (const d of q.plan) if (/^SEARCH (r|f) USING (COVERING )?INDEX \w+ \(.*rowid=\?\)$/u.test(d)) bad.push(`${flag}, ${sort} ${dir}: ${d}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(bad).toEqual([]);
    // Sets of at most 100 households: the class "neither" (most of the round) is too large for one,
    // the merit households are not; they drive, each one's result looked up.
    const merit = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND merit_person = 1').pluck().get(round) as number;
    expect(merit).toBeLessThanOrEqual(100);
    const input = { roundId: round, flags: { meritPerson: true }, sort: 'status', dir: 'desc', offset: 0, limit: 20 } as const;
    const counts = (await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 100 } }))).filter((q) => /^SELECT COUNT\(\*\) AS n FROM \(SELECT (r\.household_id|f\.id) FROM/u.test(q.sql));
    const neither = counts.filter((q) => q.params.includes('neither'));
    expect(neither.length).toBeGreaterThan(0);
    for (const q of neither) if (/households f/u.test(q.sql)) expect(q.sql).toMatch(/^SELECT COUNT\(\*\) AS n FROM \(SELECT f\.id FROM households f WHERE/u);
  });

  it('a class or transition sorted by itself (the name order): walked with its set in memory on the name index as a covering index, or read from its index and sorted whole when short; a dense one walked testing each household', async () => {
    // (Sparse: its set costs less than the rows walked to its page — households² ≤ 8 × reach × round, read.ts.)
    const count = (q: string, ...p: unknown[]): number => core.db.sqlite.prepare(q).pluck().get(...p) as number;
    const roundSize = count('SELECT COUNT(*) FROM households WHERE round_id = ?', round);
    const sparse = (n: number, reach: number): boolean => n * n <= 8 * reach * roundSize;
    const nearPoor = count("SELECT COUNT(*) FROM results WHERE round_id = ? AND status = 'near_poor'", round);
    const transitionNew = count("SELECT COUNT(*) FROM results WHERE round_id = ? AND transition = 'new'", round);
    expect(sparse(nearPoor, 10) && sparse(transitionNew, 10)).toBe(true);
    expect(Math.min(nearPoor, transitionNew)).toBeGreaterThan(20);
    for (const [filter, driveMax] of [
      [{ status: 'near_poor' }, 0],
      [{ transition: 'new' }, 0],
      [{ status: 'near_poor' }, 1e9],
      [{ transition: 'new' }, 1e9],
      [{ status: 'neither' }, 0],
    ] as const) {
      for (const offset of [0, 10]) {
        const input = { roundId: round, ...filter, sort: 'status' in filter ? 'status' : 'transition', dir: 'asc', offset, limit: 10 } as const;
        const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 1e9, driveMax } }));
        const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
        expect(pages).toHaveLength(1);
        if ('status' in filter && filter.status === 'neither') {
          expect(pages[0]!.sql).not.toContain('+h.id IN (SELECT');
          expect(pages[0]!.plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_round_sort \(round_id=\?\)$/u);
        } else if (driveMax === 0) {
          expect(pages[0]!.sql).toContain('+h.id IN (SELECT r.household_id FROM results r');
          expect(pages[0]!.plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_round_sort \(round_id=\?\)$/u);
        } else expect(pages[0]!.plan[0]).toMatch(/^SEARCH res USING COVERING INDEX results_round_status \(round_id=\? AND status=\?/u);
      }
    }
  });

  it('a class of most of the round sorted by score A: where the walk starts among the other classes, a household is tested as not among them before its result is read', async () => {
    // (The demo's "neither" households have the highest scores A, the poor the lowest.)
    const pageOf = async (dir: 'asc' | 'desc'): Promise<string> => {
      const input = { roundId: round, status: 'neither', sort: 'scoreA', dir, offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 100 } }));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      expect(pages).toHaveLength(1);
      expect(pages[0]!.plan[0]).toBe(`SEARCH h USING COVERING INDEX households_round_score_a${dir === 'desc' ? '_desc' : ''} (round_id=?)`);
      return pages[0]!.sql;
    };
    // (The others read as one byte an id, not as a set: at a million households, building the
    // set of the 112,000 others cost 45 ms, their bytes 8.)
    expect(await pageOf('asc')).toMatch(/CASE WHEN substr\(\?, h\.id, 1\) = x'01' THEN 0 ELSE EXISTS/u);
    const recorded = await recording(core, () =>
      listHouseholds(core.db.kysely, { roundId: round, status: 'neither', sort: 'scoreA', dir: 'asc', offset: 0, limit: 20 }, { smallList: 0, limits: { setMax: 100 } }),
    );
    expect(recorded.filter((q) => /group_concat/u.test(q.sql)).map((q) => q.sql)).toEqual([
      'SELECT CAST(group_concat("household_id") AS BLOB) AS ids, MAX("household_id") AS hi FROM (SELECT r.household_id FROM results r WHERE r.round_id = ? AND "r"."status" IN (?, ?, ?)) AS s',
    ]);
    // Descending, the class comes first: its households' results are read, no set of the others.
    expect(await pageOf('desc')).not.toContain('CASE WHEN');
  });

  it('a class or transition far into the walk of score A is read from its ids and sorted whole; one near its start is walked', async () => {
    // (The demo's poor have the lowest scores A: descending, the walk passes the round before them.)
    const pageOf = async (dir: 'asc' | 'desc'): Promise<{ sql: string; plan: string[] }> => {
      const input = { roundId: round, status: 'poor', sort: 'scoreA', dir, offset: 0, limit: 20 } as const;
      // (Never from the far side of the walk: the next test.)
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, wholeFixed: 0, farScan: false }));
      const pages = recorded.filter((q) => /^\s*select "?h"?\."?id"? (as id )?from "?households"?/iu.test(q.sql));
      expect(pages).toHaveLength(1);
      return pages[0]!;
    };
    const desc = await pageOf('desc');
    expect(desc.sql).toMatch(/INDEXED BY households_list WHERE h\.id IN \(SELECT r\.household_id FROM results r WHERE/u);
    expect(desc.plan.join('\n')).not.toMatch(/households_round_score_a/u);
    expect(desc.plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_list \(id=\?\)$/u);
    expect((await pageOf('asc')).plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_round_score_a \(round_id=\?\)$/u);
  });

  it('a class far into the walk of score A, found from the far side: the class read as one byte an id, the households from its best score to the walk’s end counted against it on the score A index, the page walked from that score; none of its households looked up', async () => {
    // (At a million households, the near poor sorted by score A descending: 666,000 households
    // before them, 334,000 from their best score on; 102 ms of CPU sorted whole, about 35 this way.)
    for (const dir of ['asc', 'desc'] as const) {
      const input = { roundId: round, status: 'poor', sort: 'scoreA', dir, offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, farScan: true }));
      expect(recorded.filter((q) => /group_concat\("household_id"\)/u.test(q.sql)).map((q) => q.plan[0]), dir).toEqual([
        'SEARCH r USING COVERING INDEX results_round_status (round_id=? AND status=?)',
      ]);
      const far = recorded.filter((q) => /group_concat\(h\.id\)/u.test(q.sql));
      expect(far.map((q) => q.plan), dir).toEqual([[`SEARCH h USING COVERING INDEX households_round_score_a (round_id=? AND score_a${dir === 'desc' ? '<' : '>'}?)`]]);
      const pages = recorded.filter((q) => /^\s*select "?h"?\."?id"? (as id )?from "?households"?/iu.test(q.sql));
      expect(pages.map((q) => q.plan), dir).toEqual([[`SEARCH h USING COVERING INDEX households_round_score_a${dir === 'desc' ? '_desc (round_id=? AND score_a<?)' : ' (round_id=? AND score_a>?)'}`]]);
      expect(recorded.filter((q) => /households_list WHERE h\.id IN \(SELECT r\.household_id/u.test(q.sql)), dir).toEqual([]);
      expect((await listHouseholds(core.db.kysely, input, { smallList: 0, farScan: true })).rows.map((r) => r.id), dir).toEqual(expected(input).slice(0, 20));
    }
  });

  it('a flag or class sorted by member count or review state whose page lies far into the groups’ walk is read from its ids and sorted whole; one near its start is walked group by group', async () => {
    // (At a million households, the 12,700 households with no working capacity by member count,
    // descending: 6 to 47 of them in each group from 9 members to 4, 850,000 households walked for
    // the first page, 73 ms of CPU.)
    const pagesOf = async (input: Input): Promise<{ sql: string; plan: string[] }[]> => {
      const recorded = await plans(() => listHouseholds(core.db.kysely, input as never, { smallList: 0, wholeFixed: 0 }));
      expect((await listHouseholds(core.db.kysely, input as never, { smallList: 0, wholeFixed: 0 })).rows.map((r) => r.id), JSON.stringify(input)).toEqual(expected(input).slice(0, 20));
      return recorded.filter((q) => /^\s*select "?h"?\."?id"? (as id )?from "?households"?/iu.test(q.sql));
    };
    // The merit households with the most members: past most of the round, by member count descending.
    const far = await pagesOf({ roundId: round, flags: { meritPerson: true }, sort: 'members', dir: 'desc', offset: 0, limit: 20 });
    expect(far).toHaveLength(1);
    expect(far[0]!.sql).toMatch(/INDEXED BY households_list WHERE h\.id IN \(SELECT f\.id FROM households f WHERE/u);
    expect(far[0]!.plan[0]).toMatch(/^SEARCH h USING COVERING INDEX households_list \(id=\?\)$/u);
    // The poor by review state ascending ("agreed" first, a seventh of the round): near the start, walked.
    const near = await pagesOf({ roundId: round, status: 'poor', sort: 'reviewState', dir: 'asc', offset: 0, limit: 20 });
    expect(near.length).toBeGreaterThan(0);
    expect(near.map((q) => q.sql).join('\n')).not.toContain('households_list WHERE h.id IN');
  });

  it('a filtered list sorted by score A descending walks the (round, score A descending, name) index in its order: no score’s households read whole and sorted', async () => {
    // (Walked backwards, the (round, score A, name) index gives a score's households in the reverse
    // name order: SQLite read every household of the best score, each tested against the filter,
    // and sorted them. At a million households, 13,800 of them: the class "neither" 43 ms.)
    for (const f of [{ status: 'neither' }, { transition: 'same' }, { reviewState: 'listed' }] as Partial<Input>[]) {
      const input = { roundId: round, ...f, sort: 'scoreA', dir: 'desc', offset: 0, limit: 20 } as Input;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input as never, { smallList: 0 }));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      expect(pages, JSON.stringify(f)).toHaveLength(1);
      expect(pages[0]!.plan[0], JSON.stringify(f)).toBe('SEARCH h USING COVERING INDEX households_round_score_a_desc (round_id=?)');
      expect(pages[0]!.plan.join('\n'), JSON.stringify(f)).not.toContain('TEMP B-TREE');
    }
  });

  it('a page at the end of the round sorted by score B counts the scores at the list’s end only, not every score of the round nor its results', async () => {
    const all = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(round) as number;
    for (const dir of ['asc', 'desc'] as const) {
      const input = { roundId: round, sort: 'scoreB', dir, offset: all - 10, limit: 10 } as const;
      const sqls = (await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0 }))).map((q) => q.sql.replace(/\s+/gu, ' '));
      expect(sqls.filter((q) => /GROUP BY score_b/u.test(q))).toEqual([]);
      expect(sqls.filter((q) => /^SELECT COUNT\(\*\) AS n FROM results WHERE round_id = \?$/u.test(q))).toEqual([]);
      // The scores' sizes read from result_score_counts (migration 23: kept by triggers), none counted on the results.
      expect(sqls.filter((q) => /FROM results WHERE round_id = \? AND score_b (= \?|IS NOT NULL)$/u.test(q))).toEqual([]);
      expect(sqls.filter((q) => /FROM "result_score_counts" WHERE round_id = \?$/u.test(q)).length).toBe(1);
    }
  });

  it('a score B group counted with a transition: the transition is read as a set only when it has at most 10 times the group’s households, otherwise each is looked up', async () => {
    const count = (q: string, ...p: unknown[]): number => core.db.sqlite.prepare(q).pluck().get(...p) as number;
    const transition = count("SELECT COUNT(*) FROM results WHERE round_id = ? AND transition = 'same'", round);
    const input = { roundId: round, transition: 'same', sort: 'scoreB', dir: 'desc', offset: 0, limit: 20 } as const;
    let asSet = 0;
    let looked = 0;
    for (const q of await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 1e9 } }))) {
      if (!/^SELECT COUNT\(\*\) AS n FROM \(SELECT r\.household_id FROM results r WHERE r\.round_id = \? AND "r"\."score_b" = \? AND /u.test(q.sql)) continue;
      const group = count('SELECT COUNT(*) FROM results WHERE round_id = ? AND score_b = ?', round, q.params[1]);
      if (q.sql.includes('+r.household_id IN (SELECT r.household_id FROM results r')) {
        asSet++;
        expect(transition).toBeLessThanOrEqual(10 * group);
      } else {
        looked++;
        expect(q.sql).toContain('EXISTS (SELECT 1 FROM results r2 INDEXED BY results_round_status WHERE r2.round_id = ? AND');
        expect(transition).toBeGreaterThan(10 * group);
      }
    }
    expect(looked).toBeGreaterThan(0);
    expect(asSet + looked).toBeGreaterThan(1);
  });

  it('a class sorted by score B: each score’s households of the class are one range of the (round, score B, class) index, counted and read alone, the class and the score never tested against each other', async () => {
    // (At a million households, the poor by score B, ascending: the scores 0, 10 and 20 have no poor
    // household, and learning it from the poor's 45,000 ids tested against each score cost 15–18 ms a score.)
    for (const [status, dir] of [['poor', 'asc'], ['near_poor', 'desc'], ['neither', 'desc']] as const) {
      const input = { roundId: round, status, sort: 'scoreB', dir, offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0 }));
      const byScore = recorded.filter((q) => /"r"\."score_b" = \?/u.test(q.sql));
      expect(byScore.length).toBeGreaterThan(0);
      for (const q of byScore) {
        expect(q.sql).toMatch(/"r"\."status" = \? AND "r"\."score_b" = \?/u);
        expect(q.plan.join('\n')).toContain('SEARCH r USING COVERING INDEX results_round_score_b_status (round_id=? AND score_b=? AND status=?)');
        expect(q.sql).not.toMatch(/EXISTS \(SELECT 1 FROM results r2|\+r\.household_id IN/u);
      }
      // Every page's statement reads its group's households from that range too.
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(p.plan.join('\n')).toContain('results_round_score_b_status (round_id=? AND score_b=? AND status=?)');
    }
  });

  it('a short class sorted by score B, sorted whole: found on the class index, never by the round’s range of an index that only covers score B', async () => {
    // (With the (round, score B, class) index whole rather than partial, SQLite read the round's
    // entries of it to find the class: the 5,000 middle-income households at a million, 3 s.)
    for (const status of ['poor', 'middle_income'] as const) {
      const input = { roundId: round, status, sort: 'scoreB', dir: 'asc', offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      expect(pages, status).toHaveLength(1);
      expect(pages[0]!.plan[0], status).toBe('SEARCH res USING INDEX results_round_status (round_id=? AND status=?)');
    }
  });

  it('a flag too large for a set is tested by id on the list’s index: a walk of the name index stays a covering index, no household row read', async () => {
    // (At a million households, the 218,000 female-headed households by name, descending: 23,000 rows read, 108 → 58 ms of CPU.)
    for (const dir of ['asc', 'desc'] as const) {
      const input = { roundId: round, flags: { femaleHead: true }, sort: 'name', dir, offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 10 } }));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      // (Found among the round's first households by name: namePage's walk ends there.)
      expect(pages).toHaveLength(1);
      expect(pages[0]!.sql).toContain('FROM households f2 INDEXED BY households_list WHERE f2.id = h.id');
      expect(pages[0]!.plan[0]).toBe(`SEARCH h USING COVERING INDEX households_round_sort (round_id=? AND head_sort${dir === 'asc' ? '<' : '>'}?)`);
    }
  });

  it('a flag too large for a set, by name, whose page is not among the round’s first households: read as one byte an id, the name index walked testing each byte, no lookup', async () => {
    // (At a million households, the female-headed households by name, descending: the page after
    // 23,000 households, each looked up: 58 ms of CPU; their 218,000 ids read as bytes: about 20.)
    for (const dir of ['asc', 'desc'] as const) {
      const input = { roundId: round, flags: { femaleHead: true }, sort: 'name', dir, offset: 0, limit: 20 } as const;
      const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 10 }, nameProbe: 30 }));
      const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
      // The first 30 households by name, each looked up, then the round's walk with the bytes.
      expect(pages, dir).toHaveLength(2);
      expect(pages[1]!.sql, dir).toContain("substr(?, h.id, 1) = x'01'");
      expect(pages[1]!.sql, dir).not.toContain('households_list');
      expect(pages[1]!.plan, dir).toEqual(['SEARCH h USING COVERING INDEX households_round_sort (round_id=?)']);
      expect(recorded.filter((q) => /group_concat/u.test(q.sql)).map((q) => q.plan[0]), dir).toEqual([expect.stringMatching(/^SEARCH f USING COVERING INDEX households_round_flags /u)]);
      const page = await listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 10 }, nameProbe: 30 });
      expect(page.rows.map((r) => r.id), dir).toEqual(expected(input).slice(0, 20));
    }
  });

  it('a small group read from its ids: its households are looked up by id, not found walking a households index', async () => {
    const input = { roundId: round, flags: { meritPerson: true }, sort: 'transition', dir: 'asc', offset: 0, limit: 20 } as const;
    const recorded = await plans(() => listHouseholds(core.db.kysely, input, { smallList: 0, limits: { setMax: 1e9, driveMax: 1e9 } }));
    const pages = recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      // (From the results' ids, or, for the households without a transition, some of them unclassified, from the flags index.)
      expect(p.sql).toMatch(/h\.id IN \(SELECT (r\.household_id FROM results r|f\.id FROM households f)\b/u);
      expect(p.plan[0]).toBe('SEARCH h USING INTEGER PRIMARY KEY (rowid=?)');
    }
  });
});
