// A name search's last pair, a prefix, asked for as the term it spells when the pair index holds
// no longer term from it (search-index.ts exactLastPair, migration 28's vocabulary
// search_pair_terms): the same households as the prefix, the index's terms not walked (at a million
// households, "nguyen van": 13.0 against 20.6–27 ms). A prefix that holds longer terms stays one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { listHouseholds } from '../../electron/core/households/read';
import { exactLastPair, PAIR_VOCAB } from '../../electron/core/households/search-index';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording } from '../fixtures/statements';

let core: Core;
let round: number;
beforeAll(() => {
  ({ core, round } = demoWithPlaces('search-pair-exact.sqlite', 600, 31));
}, 300_000);
afterAll(() => core?.close());

const found = (match: string): number[] =>
  core.db.sqlite.prepare('SELECT rowid FROM household_search_pairs WHERE household_search_pairs MATCH ? ORDER BY rowid').pluck().all(match) as number[];

it("each of the round's terms and its prefixes: the exact query where no longer term follows, finding what the prefix finds", async () => {
  const terms = core.db.sqlite.prepare(`SELECT term FROM ${PAIR_VOCAB} WHERE term GLOB ? ORDER BY term`).pluck().all(`r${round}_*`) as string[];
  expect(terms.length).toBeGreaterThan(50);
  let exact = 0;
  let prefix = 0;
  for (const term of terms.slice(0, 400)) {
    for (const cut of [term, term.slice(0, -1)]) {
      const query = `"${cut}"*`;
      const asked = await exactLastPair(core.db.kysely, query);
      const longer = terms.some((t) => t !== cut && t.startsWith(cut));
      expect(asked).toBe(longer ? query : `"${cut}"`);
      if (longer) prefix++;
      else exact++;
      expect(found(asked)).toEqual(found(query));
    }
  }
  expect(exact).toBeGreaterThan(10);
  expect(prefix).toBeGreaterThan(10);
  // (A query whose last pair is no prefix is left as it is.)
  expect(await exactLastPair(core.db.kysely, `"${terms[0]}" + "${terms[1]}"`)).toBe(`"${terms[0]}" + "${terms[1]}"`);
});

it('the probe is a seek of the vocabulary; a name search past the cap sorted by name asks for the exact term', async () => {
  const recorded = await recording(core, () =>
    listHouseholds(core.db.kysely, { roundId: round, limit: 5, offset: 0, sort: 'name', dir: 'asc', search: 'nguyen van', flags: { femaleHead: false } } as never, { countCap: 10 }),
  );
  const probe = recorded.filter((q) => q.sql.includes(PAIR_VOCAB));
  expect(probe).toHaveLength(1);
  expect(planOf(core, probe[0]!)[0]).toMatch(/^SCAN search_pair_terms VIRTUAL TABLE INDEX \d+:/u);
  const read = recorded.filter((q) => /household_search_pairs MATCH/u.test(q.sql));
  expect(read).toHaveLength(1);
  expect(read[0]!.params).toContain(`"r${round}_nguyen_van"`);
});
