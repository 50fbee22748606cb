// The search's matches read as one id text (households/id-bytes.ts readIdText) and parsed
// (markIds, parseIds: one parse of such a text). For a name search's page (match-page.ts) the
// blob's length is every household's highest id, the rowid's end read by a seek in the matches' own
// statement, not the MAX of the matches (3.5 ms of the 220,000 "nguyen van" finds at a million
// households). (Pages past the cap: list-match-page,
// list-flag-walk, list-id-span.)
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { markIds, parseIds, readIdText } from '../../electron/core/households/id-bytes';
import { listHouseholds } from '../../electron/core/households/read';
import { demoWithPlaces } from '../fixtures/demo-places';
import { planOf, recording } from '../fixtures/statements';

let core: Core;
let round: number;
beforeAll(() => {
  ({ core, round } = demoWithPlaces('list-id-text.sqlite', 600, 29));
}, 300_000);
afterAll(() => core?.close());

it('parseIds and markIds read the same ids of a text, in its order', () => {
  const ids = [7, 1, 123456, 40, 9];
  const text = Buffer.from(ids.join(','));
  expect(parseIds(text)).toEqual(ids);
  expect(parseIds(null)).toEqual([]);
  const bytes = Buffer.alloc(123456);
  expect(markIds(bytes, text, 3)).toBe(ids.length);
  expect([...bytes.keys()].filter((i) => bytes[i] === 3).map((i) => i + 1)).toEqual([...ids].sort((a, b) => a - b));
});

it("readIdText: the set's ids, and every household's highest id from the rowid's end, not the MAX of the set", async () => {
  const s = core.db.sqlite;
  const top = s.prepare('SELECT MAX(id) FROM households').pluck().get() as number;
  const few = s.prepare('SELECT id FROM households ORDER BY id LIMIT 5').pluck().all() as number[];
  let read: Awaited<ReturnType<typeof readIdText>> = null;
  const recorded = await recording(core, async () => {
    read = await readIdText(core.db.kysely, sql`(SELECT id FROM households WHERE id <= ${few[4]!})`, 'id', true);
  });
  expect(read!.text.toString()).toBe(few.join(','));
  expect(read!.hi).toBe(top);
  const plan = planOf(core, recorded[0]!);
  expect(plan.join('\n')).toMatch(/SEARCH households/u);
  expect(plan.join('\n')).not.toMatch(/SCAN households/u);
  // The name search's page reads its matches so.
  const listed = await recording(core, () =>
    listHouseholds(core.db.kysely, { roundId: round, limit: 5, offset: 0, sort: 'name', dir: 'asc', search: 'nguyen van', flags: { femaleHead: false } } as never, { countCap: 10 }),
  );
  expect(listed.filter((q) => /household_search_pairs MATCH/u.test(q.sql)).map((q) => q.sql)).toEqual([
    'SELECT CAST(group_concat("id") AS BLOB) AS ids, (SELECT MAX(id) FROM households) AS hi FROM (SELECT rowid AS id FROM household_search_pairs WHERE household_search_pairs MATCH ?) AS s',
  ]);
});
