// A name search past the count's cap with the female-headed flag, sorted by name (match-page.ts,
// migration 27): its page walks that flag's own households in name order
// (households_round_female_sort), the flag neither looked up by id on each household the walk
// passes (households_list) nor read for the households it leaves out; the other flags wanted are
// tested on the walk's entries. Every page is the plain list's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { HOUSEHOLDS_FEMALE_SORT_INDEX } from '../../electron/core/households/list-migrations';
import { listHouseholds } from '../../electron/core/households/read';
import type { ApiInput } from '../../shared/api/contract';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording, type Recorded } from '../fixtures/statements';
import { plainListWhere } from './name-search-oracle';

type Input = ApiInput<'households.list'>;
let core: Core;
let round: number;
const CAP = 10;

beforeAll(() => {
  ({ core, round } = demoWithPlaces('flag-walk.sqlite', 1500, 41));
}, 300_000);
afterAll(() => core?.close());

/** The plain list's ids in name order (the filters in SQL, the words found by the oracle). */
function expected(input: Input): number[] {
  const where = plainListWhere(core.db.sqlite, round, input as never);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  return core.db.sqlite.prepare(`SELECT h.id FROM households h WHERE ${where.join(' AND ')} ORDER BY h.head_sort ${dir}, h.id ${dir}`).pluck().all() as number[];
}

/** The value bound to a statement's `"female_head" = ?` (undefined when it has none). */
function femaleHeadBound(q: Recorded): unknown {
  const at = q.sql.indexOf('"female_head" = ?');
  return at < 0 ? undefined : q.params[q.sql.slice(0, at).split('?').length - 1];
}

const CASES: { label: string; flags: Input['flags'] }[] = [
  { label: 'not femaleHead', flags: { femaleHead: false } },
  { label: 'femaleHead', flags: { femaleHead: true } },
  { label: 'not femaleHead, not meritPerson', flags: { femaleHead: false, meritPerson: false } },
];

describe('a name search with the female-headed flag, past the cap, sorted by name', () => {
  for (const c of CASES) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`${c.label}, ${dir}: the page walks the flag's name index, each flag tested on its entry, the households it leaves out never read`, async () => {
        const input = { roundId: round, limit: 30, offset: 0, sort: 'name', dir, search: 'nguyen van', flags: c.flags } as Input;
        const want = expected(input);
        expect(want.length).toBeGreaterThan(CAP);
        let listed: Awaited<ReturnType<typeof listHouseholds>> | undefined;
        const recorded = await recording(core, async () => {
          listed = await listHouseholds(core.db.kysely, input as never, { countCap: CAP });
        });
        expect(listed!.totalCapped).toBe(true);
        expect(listed!.rows.map((r) => r.id)).toEqual(want.slice(0, 30));
        // The page: the flag's own households in name order, covering, nothing looked up by id.
        const page = recorded.filter((q) => /ORDER BY h\.head_sort/u.test(q.sql) && /substr\(/u.test(q.sql));
        expect(page).toHaveLength(1);
        const plan = planOf(core, page[0]!);
        expect(plan[0]).toBe(`SEARCH h USING COVERING INDEX ${HOUSEHOLDS_FEMALE_SORT_INDEX} (round_id=? AND female_head=?)`);
        expect(plan.join('\n')).not.toMatch(/households_list|TEMP B-TREE/u);
        expect(femaleHeadBound(page[0]!)).toBe(c.flags!.femaleHead ? 1 : 0);
        // No statement reads the households the flag leaves out (a walk, or a probe of how many).
        const left = recorded.filter((q) => femaleHeadBound(q) === (c.flags!.femaleHead ? 0 : 1));
        expect(left.map((q) => q.sql)).toEqual([]);
      });
    }
  }
});
