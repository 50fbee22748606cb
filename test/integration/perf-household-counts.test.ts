// household_counts (migration 6) answers the list's count and totals row without reading the
// round: it must equal COUNT(*) / SUM(member_count) of the households after every kind of write
// (bulk load, insert, move, member count change, delete with its results, classification), and
// the list's total and totals row must equal what counting the rows gives.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyRound } from '../../electron/core/rounds/classify';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let round: number;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'counts.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 6000, seed: 11 });
  services = createServices(core);
  round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
}, 300_000);
afterAll(() => core?.close());

type Row = [number, number, number, number, number];

/** The table's rows that hold households, and the same figures counted from the households. */
function both(): { kept: Row[]; counted: Row[] } {
  const sqlite = core.db.sqlite;
  const kept = sqlite
    .prepare('SELECT round_id, commune_id, village_id, households, members FROM household_counts WHERE households <> 0 OR members <> 0 ORDER BY 1, 2, 3')
    .raw()
    .all() as Row[];
  const counted = sqlite
    .prepare('SELECT round_id, commune_id, COALESCE(village_id, 0), COUNT(*), SUM(member_count) FROM households GROUP BY 1, 2, 3 ORDER BY 1, 2, 3')
    .raw()
    .all() as Row[];
  return { kept, counted };
}

function expectExact(): void {
  const { kept, counted } = both();
  expect(counted.length).toBeGreaterThan(0);
  expect(kept).toEqual(counted);
}

/** What the list must say, counted row by row. */
function countedList(where: string, params: unknown[]): { n: number; members: number; byStatus: Record<string, number> } {
  const sqlite = core.db.sqlite;
  const r = sqlite
    .prepare(
      `SELECT COUNT(*) n, COALESCE(SUM(h.member_count), 0) members,
              COALESCE(SUM(res.status = 'poor'), 0) poor, COALESCE(SUM(res.status = 'near_poor'), 0) near_poor,
              COALESCE(SUM(res.status = 'neither'), 0) neither, COALESCE(SUM(res.status = 'middle_income'), 0) middle_income,
              COALESCE(SUM(res.status IS NULL), 0) unclassified
       FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? ${where}`,
    )
    .get(round, ...params) as Record<string, number>;
  const { n, members, ...byStatus } = r;
  return { n: n!, members: members!, byStatus };
}

async function expectListAgrees(): Promise<void> {
  const sqlite = core.db.sqlite;
  const commune = sqlite.prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(round) as number;
  const village = sqlite.prepare('SELECT village_id FROM households WHERE round_id = ? AND commune_id = ? LIMIT 1').pluck().get(round, commune) as number;
  const base = { roundId: round, limit: 5, offset: 0, sort: 'name', dir: 'asc' } as const;
  const all = countedList('', []);
  const totals = (await services['households.list']({ ...base, totals: true })).totals!;
  expect(totals).toEqual({ households: all.n, members: all.members, byStatus: all.byStatus });
  expect((await services['households.list'](base)).total).toBe(all.n);
  expect((await services['households.list']({ ...base, communeId: commune })).total).toBe(countedList('AND h.commune_id = ?', [commune]).n);
  expect((await services['households.list']({ ...base, communeId: commune, villageId: village })).total).toBe(
    countedList('AND h.commune_id = ? AND h.village_id = ?', [commune, village]).n,
  );
  expect((await services['households.list']({ ...base, villageId: village })).total).toBe(countedList('AND h.village_id = ?', [village]).n);
  for (const status of ['poor', 'near_poor', 'neither', 'middle_income', 'unclassified'] as const) {
    expect((await services['households.list']({ ...base, status })).total).toBe(all.byStatus[status]);
  }
}

describe('household_counts stays exact (perf: the list counts without reading the round)', () => {
  it('after the demo’s bulk load and classification', async () => {
    expectExact();
    await expectListAgrees();
  });

  it('after inserts, moves, member count changes and deletes, whoever writes them', async () => {
    const sqlite = core.db.sqlite;
    const [c1, c2] = sqlite.prepare('SELECT DISTINCT commune_id FROM households WHERE round_id = ? LIMIT 2').pluck().all(round) as number[];
    const v2 = sqlite.prepare('SELECT village_id FROM households WHERE commune_id = ? LIMIT 1').pluck().get(c2) as number;
    const now = new Date().toISOString();
    const insert = sqlite.prepare(
      `INSERT INTO households (round_id, code, commune_id, village_id, area, member_count, created_at, updated_at) VALUES (?, ?, ?, ?, 'rural', ?, ?, ?)`,
    );
    const a = Number(insert.run(round, 'PERF-A', c1, null, 3, now, now).lastInsertRowid);
    const b = Number(insert.run(round, 'PERF-B', c1, v2, 2, now, now).lastInsertRowid);
    expectExact();
    sqlite.prepare('UPDATE households SET commune_id = ?, village_id = ? WHERE id = ?').run(c2, v2, a);
    sqlite.prepare('UPDATE households SET member_count = member_count + 4 WHERE id = ?').run(b);
    sqlite.prepare("UPDATE households SET review_state = 'agreed', head_name = 'X' WHERE id = ?").run(b);
    expectExact();
    await expectListAgrees();
    // A classified household goes with its result (ON DELETE CASCADE).
    const classified = sqlite.prepare('SELECT household_id FROM results WHERE round_id = ? LIMIT 1').pluck().get(round) as number;
    sqlite.prepare('DELETE FROM households WHERE id IN (?, ?, ?)').run(a, b, classified);
    expectExact();
    await expectListAgrees();
  });

  it('after re-classifying the round and deleting results', async () => {
    const sqlite = core.db.sqlite;
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? LIMIT 30)').run(round);
    await expectListAgrees();
    classifyRound(sqlite, core.registry, round, { actor: 'test' });
    expectExact();
    await expectListAgrees();
  });
});

describe('a sort by class, transition, commune, review state, members, score or village reads its page group by group (perf), in the same order as sorting the list', () => {
  const ORDER: Record<string, string> = {
    status: "CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END",
    transition: 'res.transition',
    commune: 'c.name_sort',
    reviewState: 'h.review_state',
    members: 'h.member_count',
    scoreA: 'a.score_a',
    scoreB: 'res.score_b',
    village: 'v.name_sort',
  };

  const SORTS = ['status', 'transition', 'commune', 'reviewState', 'members', 'scoreA', 'scoreB', 'village'] as const;

  it('every such sort, both ways, with place, flag, review state and search filters, first, middle and last pages', async () => {
    const sqlite = core.db.sqlite;
    const commune = sqlite.prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(round) as number;
    const filters: [Record<string, unknown>, string, unknown[]][] = [
      [{}, '', []],
      [{ communeId: commune }, 'AND h.commune_id = ?', [commune]],
      [{ flags: { meritPerson: false } }, 'AND h.merit_person = 0', []],
      [{ flags: { femaleHead: true } }, 'AND h.female_head = 1', []],
      [{ reviewState: 'listed' }, "AND h.review_state = 'listed'", []],
      // A search of two letters: the names with a word starting with them (the folded words are spaced).
      [{ search: 'an' }, "AND (' ' || h.search_text) LIKE '% an%'", []],
    ];
    let compared = 0;
    for (const [filter, where, params] of filters) {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          // Villages of the same name: by their commune's name, then the village.
          const then = sort === 'village' ? `, c.name_sort ${dir}, h.village_id ${dir}` : '';
          const expected = sqlite
            .prepare(
              `SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id JOIN units c ON c.id = h.commune_id
                 LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN units v ON v.id = h.village_id
               WHERE h.round_id = ? ${where} ORDER BY ${ORDER[sort]} ${dir}${then}, h.head_sort, h.id`,
            )
            .pluck()
            .all(round, ...params) as number[];
          expect(expected.length).toBeGreaterThan(0);
          for (const offset of [0, Math.floor(expected.length / 2) - 3, Math.max(0, expected.length - 7)]) {
            const page = await services['households.list']({ roundId: round, sort, dir, offset, limit: 50, ...filter } as never);
            expect({ sort, dir, filter, offset, ids: page.rows.map((r) => r.id) }).toEqual({ sort, dir, filter, offset, ids: expected.slice(offset, offset + 50) });
            expect(page.total).toBe(expected.length);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(filters.length * SORTS.length * 2 * 3);
  }, 120_000);
});
