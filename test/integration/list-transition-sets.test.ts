// The whole round sorted by transition when every household of the database has a result (as the
// demo leaves it): the round's classes are not counted on the results to learn it (read.ts
// classCounts reads result_counts), and a transition group small enough is walked with its ids in
// memory rather than by reading each walked household's result (read.ts sortGroups, inResults).
// Every page, walked to the end both ways, is the list a plain query gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { listHouseholds } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording, type Recorded } from '../fixtures/statements';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
let all: number;

beforeAll(() => {
  ({ core, round } = demoWithPlaces('transition-sets.sqlite', 1500, 11));
  all = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(round) as number;
}, 300_000);
afterAll(() => core?.close());

const pageStatements = (recorded: Recorded[]): Recorded[] => recorded.filter((q) => /^\s*select "h"\."id" from "households"/iu.test(q.sql));

describe('the round sorted by transition, every household classified', () => {
  it('every household of the database has a result; the households without a transition are a small group of the round', () => {
    const n = (q: string, ...p: unknown[]): number => core.db.sqlite.prepare(q).pluck().get(...p) as number;
    expect(n('SELECT COUNT(*) FROM households h WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id)')).toBe(0);
    const none = n('SELECT COUNT(*) FROM results WHERE round_id = ? AND transition IS NULL', round);
    expect(none).toBeGreaterThan(5);
    expect(none * 10).toBeLessThan(all);
  });

  it('every page, both ways, is the plain list', async () => {
    const bad: string[] = [];
    for (const dir of ['asc', 'desc'] as const) {
      const want = core.db.sqlite
        .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? ORDER BY res.transition ${dir === 'desc' ? 'DESC' : 'ASC'}, h.head_sort, h.id`)
        .pluck()
        .all(round) as number[];
      const got: number[] = [];
      for (let offset = 0; ; offset += 40) {
        const page = await listHouseholds(core.db.kysely, { roundId: round, sort: 'transition', dir, offset, limit: 40 } as Input as never, { smallList: 0 });
        got.push(...page.rows.map((r) => r.id));
        if (page.rows.length < 40) break;
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${dir}: ${got.length} rows instead of ${want.length}`);
    }
    expect(bad).toEqual([]);
  }, 120_000);

  it('the last page, descending: the households without a transition walked back with their ids in memory, no result read household by household, the round’s classes not counted', async () => {
    // (At a million households: the 9,999 households without a transition, each result read, 30 ms,
    // their set 4 ms; the round's classes counted, 25–30 ms.)
    const input = { roundId: round, sort: 'transition', dir: 'desc', offset: all - 20, limit: 20 } as const;
    const recorded = await recording(core, () => listHouseholds(core.db.kysely, input, { smallList: 0 }));
    const page = pageStatements(recorded).at(-1)!;
    expect(page.sql).toContain('+h.id IN (SELECT r.household_id FROM results r WHERE r.round_id = ? AND r.status IN (?, ?, ?, ?) AND r.transition IS NULL)');
    expect(page.sql).not.toMatch(/exists \(select/iu);
    expect(planOf(core, page)[0]).toBe('SEARCH h USING COVERING INDEX households_round_sort (round_id=?)');
    expect(recorded.filter((q) => /FROM results WHERE round_id = \? AND status = \?/u.test(q.sql))).toEqual([]);
  });
});
