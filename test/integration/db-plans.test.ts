// EXPLAIN QUERY PLAN of every hot query (each list page: every filter, sort and search the list
// offers; the entry screen's next household; the report tables; the commune and village pickers):
// none may scan the households or members tables (or one of their indexes) from end to end; a
// search drives its page (no walk of the round checking the search); no page of a list longer
// than a small one sorts the list (no temporary b-tree for ORDER BY over a round).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadContext } from '../../electron/core/documents/context';
import { listHouseholds, SMALL_LIST } from '../../electron/core/households/read';
import { reportTables } from '../../electron/core/documents/report';
import { readUnitFile } from '../../electron/core/units/units';
import { LAST_PAGE, listCombinations, MIDDLE_PAGE } from '../bench/list-combinations';
import { RESOURCES, tempDir } from '../helpers';
import { planOf, recording, type Recorded } from '../fixtures/statements';

/** The plan lines that walk all of households or members: a SCAN of either, by its name or its alias in the query. */
function fullScans(core: Core, q: Recorded): string[] {
  if (!/^\s*(WITH|SELECT)\b/iu.test(q.sql)) return [];
  const names = new Set(['households', 'members']);
  for (const m of q.sql.matchAll(/\b(households|members)\s+(?:AS\s+)?(?!WHERE|JOIN|LEFT|INNER|ON|GROUP|ORDER|USING)(\w+)/giu)) names.add(m[2]!);
  return planOf(core, q).filter((d) => {
    const m = /^SCAN (\w+)/u.exec(d);
    return m !== null && names.has(m[1]!);
  });
}

const HOUSEHOLDS = 6000;
let core: Core;
let services: Services;
let round: number;
let commune: number;
let village: number;
let district: number;

beforeAll(() => {
  const dir = tempDir();
  core = new Core({ dbPath: path.join(dir, 'plans.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  // More households than SMALL_LIST (read.ts: a list this long is never sorted as a whole).
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 7 });
  services = createServices(core);
  round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  district = core.db.sqlite.prepare('SELECT scope_unit_id FROM rounds WHERE id = ?').pluck().get(round) as number;
  const communes = services['units.communes']({ roundId: round }) as { id: number; householdCount: number }[];
  commune = communes.reduce((a, b) => (b.householdCount > a.householdCount ? b : a)).id;
  village = core.db.sqlite.prepare('SELECT village_id FROM households WHERE round_id = ? AND commune_id = ? LIMIT 1').pluck().get(round, commune) as number;
}, 300_000);
afterAll(() => core?.close());

const pageOffset = (offset: number): number => (offset === MIDDLE_PAGE ? HOUSEHOLDS / 2 : offset === LAST_PAGE ? HOUSEHOLDS - 100 : offset);

/** The combinations whose list is longer than SMALL_LIST (so it is walked, never sorted whole), each with the statements of its page. */
async function recordedLongLists(combos: ReturnType<typeof listCombinations>): Promise<{ c: ReturnType<typeof listCombinations>[number]; recorded: Recorded[] }[]> {
  const out: { c: ReturnType<typeof listCombinations>[number]; recorded: Recorded[] }[] = [];
  for (const c of combos) {
    const input = { ...c.input, offset: pageOffset(c.input.offset ?? 0) } as never;
    const { total } = await services['households.list']({ ...(input as object), limit: 1, offset: 0 } as never);
    if (total > SMALL_LIST) out.push({ c, recorded: await recording(core, () => services['households.list'](input)) });
  }
  return out;
}

const SEARCHES = { name: 'nguyễn văn', short: 'an', code: '30', idNumber: '0890' };

describe('no hot query scans households or members', () => {
  it('the check finds a scan, by table name or alias (so that it can fail)', () => {
    expect(fullScans(core, { sql: "SELECT * FROM members m WHERE m.sex = 'male'", params: [] })).toEqual(['SCAN m']);
    expect(fullScans(core, { sql: 'SELECT h.id FROM households AS h WHERE h.address = ?', params: ['x'] })).toEqual(['SCAN h']);
    expect(fullScans(core, { sql: 'SELECT COUNT(*) FROM households WHERE round_id > 0 OR area = ?', params: ['urban'] })).toHaveLength(1);
    expect(fullScans(core, { sql: 'SELECT id FROM households WHERE round_id = ? AND commune_id = ?', params: [1, 2] })).toEqual([]);
  });

  it('every household list page: each filter, sort and search', async () => {
    const combos = listCombinations(round, commune, village, SEARCHES);
    expect(combos.length).toBeGreaterThan(500);
    const bad: string[] = [];
    for (const c of combos) {
      const offset = pageOffset(c.input.offset ?? 0);
      const recorded = await recording(core, () => services['households.list']({ ...c.input, offset } as never));
      expect(recorded.length).toBeGreaterThan(0);
      for (const q of recorded) for (const scan of fullScans(core, q)) bad.push(`${c.label}: ${scan}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
    }
    expect(bad).toEqual([]);
  }, 300_000);

  it('a search (finding at most the count’s cap) drives its page: households are read by the ids it finds, never by walking the round (any filter, any sort)', async () => {
    const combos = listCombinations(round, commune, village, SEARCHES).filter((c) => c.input.search !== undefined);
    expect(combos.length).toBeGreaterThan(100);
    const bad: string[] = [];
    for (const c of combos) {
      const recorded = await recording(core, () => services['households.list']({ ...c.input, offset: pageOffset(c.input.offset ?? 0) } as never));
      for (const q of recorded) {
        // Households (alias h) are only looked up by id (their row, or their list columns: migration 19); the round is never walked (by an index or not) to test the search.
        const walks = planOf(core, q).filter((d) => /^(SCAN|SEARCH) h\b/u.test(d) && !/INTEGER PRIMARY KEY \(rowid=\?\)|COVERING INDEX households_list \(id=\?/u.test(d));
        for (const w of walks) bad.push(`${c.label}: ${w}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
      }
    }
    expect(bad).toEqual([]);
  }, 300_000);

  it('a name search of two words or more reads the word-pair index (migration 20), a one-word search the word index: each by its MATCH, any filter, any sort', async () => {
    const combos = listCombinations(round, commune, village, SEARCHES).filter((c) => c.input.search === SEARCHES.name || c.input.search === SEARCHES.short);
    expect(combos.length).toBeGreaterThan(50);
    const bad: string[] = [];
    let pairs = 0;
    let words = 0;
    for (const c of combos) {
      const recorded = await recording(core, () => services['households.list']({ ...c.input, offset: pageOffset(c.input.offset ?? 0) } as never));
      const fts = recorded.filter((q) => /\bhousehold_search\w*\s+MATCH\b/u.test(q.sql));
      const wanted = c.input.search === SEARCHES.name ? 'household_search_pairs' : 'household_search_words';
      for (const q of fts) {
        const plan = planOf(core, q);
        const used = [...q.sql.matchAll(/\b(household_search\w*)\s+MATCH\b/gu)].map((m) => m[1]);
        if (used.some((t) => t !== wanted) || !plan.some((d) => d.startsWith(`SCAN ${wanted} VIRTUAL TABLE INDEX 0:M`))) bad.push(`${c.label}: ${used.join(', ')} ${plan.join(' / ')}`);
        if (wanted === 'household_search_pairs') pairs++;
        else words++;
      }
    }
    expect(pairs).toBeGreaterThan(20);
    expect(words).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  }, 300_000);

  it('a search that finds more than the count’s cap, sorted by a household column: its page walks the sort’s index, never sorting or scanning the round', async () => {
    // (With the app's cap (10,000) no search of this small round is broad: the cap is lowered.)
    const broad = Object.entries({ name: 'nguyễn văn', short: 'an' });
    const bad: string[] = [];
    let walked = 0;
    for (const [label, search] of broad) {
      for (const sort of ['name', 'code', 'members', 'scoreA', 'reviewState', 'village', 'commune'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const input = { roundId: round, search, sort, dir, offset: 0, limit: 100 };
          let page: { totalCapped: boolean } | undefined;
          const recorded = await recording(core, async () => {
            page = await listHouseholds(core.db.kysely, input, { countCap: 200 });
          });
          expect(page?.totalCapped).toBe(true);
          for (const q of recorded) {
            const plan = planOf(core, q);
            if (/\bFROM\s+"?households"?\s/iu.test(q.sql) && plan.some((d) => /^SEARCH h USING (COVERING )?INDEX households_round/u.test(d))) walked++;
            for (const d of plan) if (d.includes('TEMP B-TREE FOR ORDER BY') && /\b(FROM|JOIN)\s+"?households"?\s/iu.test(q.sql)) bad.push(`${label}, ${sort} ${dir}: ${d}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
            for (const scan of fullScans(core, q)) bad.push(`${label}, ${sort} ${dir}: ${scan}`);
          }
        }
      }
    }
    expect(walked).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  }, 300_000);

  it('a broad search of two words that finds at most PAIR_SET households: each walk tests the set of its word pairs by id, never the row’s search text', async () => {
    // (With the app's cap (10,000) no search of this small round is broad: the cap is lowered.)
    let walks = 0;
    const bad: string[] = [];
    for (const input of [
      { sort: 'name' as const, dir: 'desc' as const },
      { sort: 'members' as const, dir: 'asc' as const },
      { sort: 'status' as const, dir: 'asc' as const },
      { sort: 'scoreB' as const, dir: 'asc' as const },
      { sort: 'name' as const, dir: 'asc' as const, status: 'neither' as const },
    ]) {
      const recorded = await recording(core, async () => {
        // (searchProbe 0: without a filter, the set whatever the first households of the order hold.)
        const page = await listHouseholds(core.db.kysely, { roundId: round, search: 'nguyễn văn', offset: 0, limit: 50, ...input }, { countCap: 200, searchProbe: 0 });
        expect(page.totalCapped).toBe(true);
      });
      for (const q of recorded.filter((r) => /\bFROM\s+"?(households|results_by_name|results)"?\s+(AS\s+)?"?(h|o|r)"?\b/iu.test(r.sql))) {
        if (/search_text/u.test(q.sql)) bad.push(`${JSON.stringify(input)}: ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
        // (Without a filter, the set read once for the request, a byte an id: match-set.ts.)
        if (/\+h\.id IN \(SELECT rowid AS id FROM household_search_pairs\b|substr\(\?, \+?\w+\.(id|household_id), 1\) = x'01'/u.test(q.sql)) walks++;
      }
    }
    expect(bad).toEqual([]);
    expect(walks).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('a broad search of two words without a filter, past PAIR_SET, by any sort but code, village and commune: its set read once for the request, every walk testing it by id, never the row’s search text nor the pair index again', async () => {
    // (pairSet 0: every search of two words is past it; searchProbe 0: its page is not looked for
    // among the first households by their rows. The pair index is read twice: the count of what the
    // search finds, up to the cap (listDriven), and the set. By name: its matches read once into memory,
    // households/match-page.ts, test/integration/list-match-page.test.ts.)
    for (const input of [
      { sort: 'members' as const, dir: 'asc' as const },
      { sort: 'scoreA' as const, dir: 'desc' as const },
      { sort: 'reviewState' as const, dir: 'desc' as const },
      { sort: 'members' as const, dir: 'desc' as const },
      { sort: 'status' as const, dir: 'asc' as const },
      { sort: 'status' as const, dir: 'desc' as const },
      { sort: 'transition' as const, dir: 'asc' as const },
      { sort: 'scoreB' as const, dir: 'desc' as const },
    ]) {
      const recorded = await recording(core, async () => {
        const page = await listHouseholds(core.db.kysely, { roundId: round, search: 'nguyễn văn', offset: 0, limit: 50, ...input }, { countCap: 200, pairSet: 0, searchProbe: 0 });
        expect(page.rows).toHaveLength(50);
      });
      // (Besides, the sample of the first households' rows — none here — names the index in its test of a row: read.ts broadTest.)
      const pairs = recorded.filter((r) => /household_search_pairs/u.test(r.sql) && !/search_text/u.test(r.sql));
      expect({ input, pairs: pairs.length }).toEqual({ input, pairs: 2 });
      const walks = recorded.filter((r) => /\bFROM\s+"?(households|results_by_name|results)"?\s+(AS\s+)?"?(h|o|r)"?\b/iu.test(r.sql) && /\bORDER BY\b/iu.test(r.sql));
      expect(walks.length).toBeGreaterThan(0);
      for (const w of walks) expect({ input, set: /substr\(\?, \+?\w+\.(id|household_id), 1\) = x'01'/u.test(w.sql), row: /search_text/u.test(w.sql) }).toEqual({ input, set: true, row: false });
    }
  }, 300_000);

  it('no page of a list longer than SMALL_LIST sorts the list: every sort walks an index in its order', async () => {
    // (The sort by score B too, of a place: each score's households in name order, the scores read
    // from the results_round_score_b index. Not yet with a class, transition or flag filter.)
    const placeOnly = (c: { input: Record<string, unknown> }): boolean => Object.keys(c.input).every((k) => ['roundId', 'limit', 'offset', 'sort', 'dir', 'communeId', 'villageId', 'totals'].includes(k));
    const combos = listCombinations(round, commune, village, SEARCHES).filter((c) => c.input.search === undefined && c.input.warnings !== true && (c.input.sort !== 'scoreB' || placeOnly(c)));
    const bad: string[] = [];
    const lists = await recordedLongLists(combos);
    for (const { c, recorded } of lists) {
      // (A sort of a few units or counts is no sort of the list; nor is the sort of one class or
      // transition of at most SMALL_LIST households of the round, found from the results index.)
      const sortsList = (q: Recorded): boolean =>
        /\b(FROM|JOIN)\s+"?households"?\s/iu.test(q.sql) && !/h\.id IN \(SELECT r\.household_id FROM results r\b/u.test(q.sql) && planOf(core, q).some((d) => d.includes('TEMP B-TREE FOR ORDER BY'));
      for (const q of recorded) if (sortsList(q)) bad.push(`${c.label}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
    }
    expect(lists.length).toBeGreaterThan(150);
    expect(bad).toEqual([]);
  }, 300_000);

  it('a list sorted by code walks the code index without sorting any of it: codes are unique in a round, so the name and id never decide', async () => {
    // (ORDER BY code, head_sort, id had SQLite read the row of each household walked, for its name,
    // and sort each code's households: the middle page of a round of a million, 170–240 ms of CPU.)
    const combos = listCombinations(round, commune, village, SEARCHES).filter((c) => c.input.search === undefined && c.input.warnings !== true && c.input.sort === 'code');
    const bad: string[] = [];
    const lists = await recordedLongLists(combos);
    for (const { c, recorded } of lists) {
      for (const q of recorded) {
        if (!/\bFROM\s+"?households"?\s/iu.test(q.sql)) continue;
        const plan = planOf(core, q);
        for (const d of plan) if (d.includes('TEMP B-TREE')) bad.push(`${c.label}: ${d}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`);
      }
    }
    expect(lists.length).toBeGreaterThanOrEqual(6);
    expect(bad).toEqual([]);
  }, 300_000);

  it('the entry screen’s next household, the commune and village pickers, the rounds', async () => {
    const first = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? LIMIT 1').pluck().get(round, commune) as number;
    const recorded = await recording(core, async () => {
      await services['entry.next']({ householdId: first });
      await services['units.communes']({ roundId: round });
      await services['units.villages']({ roundId: round, communeId: commune });
    });
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(recorded.flatMap((q) => fullScans(core, q))).toEqual([]);
  });

  it('the report tables (BC), for a commune and for the district', async () => {
    for (const unit of [commune, district]) {
      const recorded = await recording(core, () => reportTables(core.db.sqlite, loadContext(core.db.sqlite, round, unit)));
      expect(recorded.length).toBeGreaterThan(5);
      const bad = recorded.flatMap((q) => fullScans(core, q).map((s) => `${s}\n    ${q.sql.replace(/\s+/gu, ' ').slice(0, 300)}`));
      expect(bad).toEqual([]);
    }
  });
});
