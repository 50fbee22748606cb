// A name search that finds more households than the count's cap is walked in the sort's order,
// each household's row tested against the search (households/read.ts searchTest) instead of the
// set the word index finds. The row test must find exactly what the word index finds, also in a
// search text that is not plain words: punctuation between words, a doubled space, an empty name,
// a "|" against a word. Each page, walked to the end, is compared with the households whose names
// hold the words (namesFound: the text's words, whatever their separators).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { listHouseholds } from '../../electron/core/households/read';
import { indexSearchPairs } from '../../electron/core/households/write';
import { readUnitFile } from '../../electron/core/units/units';
import { HOUSEHOLD_SORTS } from '../../shared/api/contract';
import { RESOURCES, tempDir } from '../helpers';
import { namesFound, namesFoundSql } from './name-search-oracle';

let core: Core;
let round: number;

/** Search texts that are not plain words, each holding "nguyen van" for the word index. */
const ODD_TEXTS = [
  'nguyen-van an',
  'le thi hoa | nguyen  van binh',
  'tran thi |  | nguyen van',
  'le thi|nguyen van cuong',
  'pham (nguyen) van duc',
  'nguyen.van',
];

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'broad.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  const sqlite = core.db.sqlite;
  buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 600, seed: 11 });
  round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  const ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id LIMIT ?').pluck().all(round, ODD_TEXTS.length) as number[];
  // (Their word pairs and words, as every writer of search_text makes them: write.ts indexSearchPairs.)
  const update = sqlite.prepare('UPDATE households SET search_text = ? WHERE id = ?');
  ODD_TEXTS.forEach((t, i) => {
    update.run(t, ids[i]);
    indexSearchPairs(sqlite, ids[i]!);
  });
}, 300_000);
afterAll(() => core?.close());

/** The households whose names hold the search's words (namesFound), in the list's order for the sort. */
function expected(search: string, sort: (typeof HOUSEHOLD_SORTS)[number], dir: 'asc' | 'desc' = 'asc'): number[] {
  // (Descending: the sort's column reversed, its households in name order within each value, as read.ts orderOf gives them.)
  const desc: Record<string, string> = { name: 'h.head_sort DESC, h.id DESC', members: 'h.member_count DESC, h.head_sort, h.id', scoreA: 'h.score_a DESC, h.head_sort, h.id', reviewState: 'h.review_state DESC, h.head_sort, h.id' };
  const order: Record<string, string> = {
    name: 'h.head_sort, h.id',
    code: 'h.code, h.head_sort, h.id',
    members: 'h.member_count, h.head_sort, h.id',
    scoreA: 'h.score_a, h.head_sort, h.id',
    reviewState: 'h.review_state, h.head_sort, h.id',
    village: 'v.name_sort, c.name_sort, h.village_id, h.head_sort, h.id',
    commune: 'c.name_sort, h.head_sort, h.id',
  };
  return core.db.sqlite
    .prepare(
      `SELECT h.id FROM households h LEFT JOIN units v ON v.id = h.village_id JOIN units c ON c.id = h.commune_id
       WHERE h.round_id = ? AND ${namesFoundSql(core.db.sqlite, round, search)} ORDER BY ${dir === 'desc' ? desc[sort] : order[sort]}`,
    )
    .pluck()
    .all(round) as number[];
}

describe('a broad name search walked in the sort’s order finds what the word index finds', () => {
  it('every sort by a household column, page after page, odd search texts included', async () => {
    const CAP = 5;
    const searches = ['nguyen van', 'van', 'thi hoa'];
    // A search of two words tested as the set of its word pairs (read.ts PAIR_SET: every search of
    // this small round), and as the row's text (pairSet 0: the test of a search past PAIR_SET).
    for (const pairSet of [undefined, 0]) {
      for (const search of searches) {
        for (const sort of ['name', 'code', 'members', 'scoreA', 'reviewState', 'village', 'commune'] as const) {
          const want = expected(search, sort);
          expect(want.length).toBeGreaterThan(CAP);
          const got: number[] = [];
          let capped = false;
          for (let offset = 0; ; offset += 20) {
            const page = await listHouseholds(core.db.kysely, { roundId: round, search, sort, dir: 'asc', offset, limit: 20 }, { countCap: CAP, pairSet });
            capped ||= page.totalCapped;
            got.push(...page.rows.map((r) => r.id));
            if (page.rows.length < 20) break;
          }
          expect(capped).toBe(true);
          expect({ search, sort, pairSet, ids: got }).toEqual({ search, sort, pairSet, ids: want });
        }
      }
    }
    // Past PAIR_SET by name, members, score A or review state, both directions: the set of the word
    // pairs read once for the request (read.ts broadTest: without a filter, whatever its size), or
    // the rows' test when the first households of the order hold the page (searchProbe: a round's worth).
    for (const search of searches.filter((s) => s.includes(' '))) {
      for (const sort of ['name', 'members', 'scoreA', 'reviewState'] as const) {
        for (const [dir, searchProbe] of [['asc', 0], ['desc', 0], ['asc', 1_000_000], ['desc', 1_000_000]] as const) {
          const want = expected(search, sort, dir);
          const got: number[] = [];
          for (let offset = 0; ; offset += 20) {
            const page = await listHouseholds(core.db.kysely, { roundId: round, search, sort, dir, offset, limit: 20 }, { countCap: CAP, pairSet: 0, searchProbe });
            got.push(...page.rows.map((r) => r.id));
            if (page.rows.length < 20) break;
          }
          expect({ search, sort, dir, searchProbe, ids: got }).toEqual({ search, sort, dir, searchProbe, ids: want });
        }
      }
    }
    // Each odd text is found by "nguyen van" (so that the comparison above covers them).
    const odd = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id LIMIT ?').pluck().all(round, ODD_TEXTS.length) as number[];
    expect(odd.every((id) => expected('nguyen van', 'name').includes(id))).toBe(true);
  }, 300_000);

  it('with a commune or a village (or a class): its households tested one by one, counted exactly up to the cap, totals row and all', async () => {
    const sqlite = core.db.sqlite;
    const place = sqlite
      .prepare('SELECT commune_id, village_id, COUNT(*) AS n FROM households WHERE round_id = ? GROUP BY 1, 2 ORDER BY n DESC LIMIT 1')
      .get(round) as { commune_id: number; village_id: number; n: number };
    let seen = 0;
    let broadSeen = 0;
    for (const filter of [{ communeId: place.commune_id }, { communeId: place.commune_id, villageId: place.village_id }, { communeId: place.commune_id, status: 'neither' as const }]) {
      const where = ['h.round_id = ?', 'h.commune_id = ?', ...('villageId' in filter ? ['h.village_id = ?'] : []), ...('status' in filter ? ["res.status = 'neither'"] : [])];
      const params = [round, filter.communeId, ...('villageId' in filter ? [filter.villageId] : [])];
      const size = (sqlite.prepare(`SELECT COUNT(*) FROM households h WHERE ${where.filter((w) => !w.startsWith('res')).join(' AND ')}`).pluck().get(...params) as number);
      for (const search of ['van', 'thi']) {
        const all = sqlite
          .prepare(
            `SELECT h.id, h.member_count, res.status FROM households h LEFT JOIN results res ON res.household_id = h.id
             WHERE ${where.join(' AND ')} AND ${namesFoundSql(sqlite, round, search)} ORDER BY h.head_sort, h.id`,
          )
          .all(...params) as { id: number; member_count: number; status: string | null }[];
        // A cap the round's finds pass and that is at least four times the place's households
        // (read.ts: such a place is tested household by household), when there is one.
        const cap = 4 * size;
        const broad = namesFound(sqlite, round, search).length > cap;
        if (broad && 'villageId' in filter) broadSeen++;
        for (const cap2 of [cap, all.length + 1]) {
          const page = await listHouseholds(core.db.kysely, { roundId: round, ...filter, search, sort: 'name', dir: 'asc', offset: 0, limit: 1000, totals: true }, { countCap: cap2 });
          const want = all.length > cap2 ? { total: cap2, capped: true } : { total: all.length, capped: false };
          expect({ filter, search, total: page.total, capped: page.totalCapped }).toEqual({ filter, search, ...want });
          expect(page.rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
          if (!want.capped) {
            const byStatus = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 };
            for (const r of all) byStatus[(r.status ?? 'unclassified') as keyof typeof byStatus]++;
            expect(page.totals).toEqual({ households: all.length, members: all.reduce((n, r) => n + r.member_count, 0), byStatus });
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(3);
    // (The village's lists were found by that test.)
    expect(broadSeen).toBeGreaterThan(0);
  }, 300_000);

  it('sorted by class, transition or score B (their groups walked in name order, the search a test of each row): every page, both directions, is the word index’s list', async () => {
    const sqlite = core.db.sqlite;
    // Households without a result, and results without a score B or a transition: every group of the three sorts has some.
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 13 = 0)').run(round);
    sqlite.prepare('UPDATE results SET score_b = NULL WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 17 = 0)').run(round);
    const order = (sort: 'status' | 'transition' | 'scoreB', dir: 'ASC' | 'DESC'): string =>
      ({
        status: `CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END ${dir}`,
        transition: `res.transition ${dir}`,
        scoreB: `res.score_b ${dir}`,
      })[sort];
    const CAP = 5;
    let pages = 0;
    for (const search of ['nguyen van', 'van', 'thi hoa']) {
      for (const sort of ['status', 'transition', 'scoreB'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const want = sqlite
            .prepare(
              `SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id
               WHERE h.round_id = ? AND ${namesFoundSql(sqlite, round, search)}
               ORDER BY ${order(sort, dir === 'asc' ? 'ASC' : 'DESC')}, h.head_sort, h.id`,
            )
            .pluck()
            .all(round) as number[];
          expect(want.length).toBeGreaterThan(CAP);
          // (Each group of the sort in name order, the search's set read once: read.ts broadGroupPage,
          // a score B read from its ids or walked in the round's name order; or each row tested.)
          for (const options of [
            { countCap: CAP, searchProbe: 0, scoreDrives: true },
            { countCap: CAP, searchProbe: 0, scoreDrives: false },
            { countCap: CAP, searchProbe: 1_000_000 },
          ]) {
            const got: number[] = [];
            for (let offset = 0; ; offset += 20) {
              const page = await listHouseholds(core.db.kysely, { roundId: round, search, sort, dir, offset, limit: 20 }, options);
              expect(page.totalCapped).toBe(true);
              got.push(...page.rows.map((r) => r.id));
              pages++;
              if (page.rows.length < 20) break;
            }
            expect({ search, sort, dir, options, ids: got }).toEqual({ search, sort, dir, options, ids: want });
          }
        }
      }
    }
    expect(pages).toBeGreaterThan(50);
  }, 300_000);
});
