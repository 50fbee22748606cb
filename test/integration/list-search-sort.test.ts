// The household list against the list computed row by row: every filter, sort and search the
// list offers (test/bench/list-combinations.ts), first, middle and last pages. The search finds
// the households with a member whose folded name (no diacritics, đ → d) has the search's words
// in order, the last one as a word prefix, or a code / member ID number starting with the digits;
// the order is the sort's column, then the Vietnamese name order (head_sort), then the id.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { listHouseholds } from '../../electron/core/households/read';
import { readUnitFile } from '../../electron/core/units/units';
import { fold } from '../../shared/text/fold';
import { listCombinations, type ListInput } from '../bench/list-combinations';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let round: number;
let commune: number;
let village: number;
let sample: { code: string; id_number: string };

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'list.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  const sqlite = core.db.sqlite;
  buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 2500, seed: 5 });
  services = createServices(core);
  round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  commune = sqlite.prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(round) as number;
  village = sqlite.prepare('SELECT village_id FROM households WHERE round_id = ? AND commune_id = ? LIMIT 1').pluck().get(round, commune) as number;
  sample = sqlite
    .prepare('SELECT h.code, m.id_number FROM households h JOIN members m ON m.household_id = h.id WHERE h.round_id = ? AND m.id_number IS NOT NULL ORDER BY h.id LIMIT 1 OFFSET 77')
    .get(round) as { code: string; id_number: string };
  // Review states and saved warnings on some households, so that those filters pick a part of the round.
  sqlite.prepare("UPDATE households SET review_state = 'agreed' WHERE round_id = ? AND id % 7 = 0").run(round);
  const now = new Date().toISOString();
  const warn = sqlite.prepare("INSERT INTO household_warnings (household_id, code, path, message, created_at) VALUES (?, 'w', 'p', 'm', ?)");
  for (const id of sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND id % 11 = 0').pluck().all(round) as number[]) {
    warn.run(id, now);
    if (id % 2 === 0) warn.run(id, now);
  }
  // Some households without answers (score A unknown) and some results removed (unclassified).
  sqlite.prepare('DELETE FROM answers WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 13 = 0)').run(round);
  sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 17 = 0)').run(round);
  sqlite.prepare('UPDATE answers SET score_a = score_a + 1 WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND id % 19 = 0)').run(round);
}, 300_000);
afterAll(() => core?.close());

const ORDER: Record<string, string> = {
  code: 'h.code',
  village: 'v.name_sort',
  status: "CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END",
  scoreA: 'a.score_a',
  scoreB: 'res.score_b',
  members: 'h.member_count',
  commune: 'c.name_sort',
  transition: 'res.transition',
  reviewState: 'h.review_state',
};

interface Row {
  id: number;
  code: string;
  search_text: string;
  id_numbers: string | null;
  member_count: number;
  status: string | null;
}

/** Whether the household is found by the search, decided from its row alone. */
function found(row: Row, search: string): boolean {
  const needle = fold(search);
  if (/^[\d-]{3,}$/u.test(needle)) return row.code.startsWith(needle) || (row.id_numbers ?? '').split(',').some((n) => n.startsWith(needle));
  const words = needle.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const tokens = row.search_text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return tokens.some((_, i) => words.every((w, j) => (j === words.length - 1 ? tokens[i + j]?.startsWith(w) : tokens[i + j] === w)));
}

/** The whole list, row by row: filtered in SQL, searched in JavaScript, sorted in SQL. */
function expected(input: ListInput): Row[] {
  const where: string[] = ['h.round_id = ?'];
  const params: unknown[] = [input.roundId];
  const add = (cond: string, ...values: unknown[]): void => {
    where.push(cond);
    params.push(...values);
  };
  if (input.communeId) add('h.commune_id = ?', input.communeId);
  if (input.villageId) add('h.village_id = ?', input.villageId);
  if (input.reviewState) add('h.review_state = ?', input.reviewState);
  if (input.status === 'unclassified') add('res.household_id IS NULL');
  else if (input.status) add('res.status = ?', input.status);
  if (input.transition === 'none') add('res.household_id IS NOT NULL AND res.transition IS NULL');
  else if (input.transition) add('res.transition = ?', input.transition);
  if (input.warnings !== undefined) where.push(`${input.warnings ? '' : 'NOT '}EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`);
  const flags = { ethnicMinority: 'ethnic_minority', noWorkingCapacity: 'no_working_capacity', meritPerson: 'merit_person', femaleHead: 'female_head' } as const;
  for (const [k, col] of Object.entries(flags)) {
    const v = input.flags?.[k as keyof typeof flags];
    if (v !== undefined) where.push(`h.${col} = ${v ? 1 : 0}`);
  }
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  const sort = input.sort ?? 'name';
  // Villages of the same name: by their commune's name, then the village.
  const order =
    sort === 'name'
      ? `h.head_sort ${dir}, h.id ${dir}`
      : sort === 'village'
        ? `v.name_sort ${dir}, c.name_sort ${dir}, h.village_id ${dir}, h.head_sort, h.id`
        : `${ORDER[sort]} ${dir}, h.head_sort, h.id`;
  const rows = core.db.sqlite
    .prepare(
      `SELECT h.id, h.code, h.search_text, h.member_count, res.status,
              (SELECT GROUP_CONCAT(m.id_number) FROM members m WHERE m.household_id = h.id) AS id_numbers
       FROM households h LEFT JOIN results res ON res.household_id = h.id LEFT JOIN answers a ON a.household_id = h.id
         LEFT JOIN units v ON v.id = h.village_id JOIN units c ON c.id = h.commune_id
       WHERE ${where.join(' AND ')} ORDER BY ${order}`,
    )
    .all(...params) as Row[];
  return input.search ? rows.filter((r) => found(r, input.search!)) : rows;
}

describe('the household list gives the right households in the right order', () => {
  it('the search oracle itself: word prefixes in order, folded, codes and ID numbers', () => {
    const row = { id: 1, code: '30487-00012', search_text: 'nguyen van duc | tran thi hoa', id_numbers: '089123456789', member_count: 2, status: null };
    expect(['nguyen van', 'Nguyễn Văn Đức', 'van d', 'thi hoa', 'tran', 'h', '30487-0', '0891234']).toEqual(
      ['nguyen van', 'Nguyễn Văn Đức', 'van d', 'thi hoa', 'tran', 'h', '30487-0', '0891234'].filter((s) => found(row, s)),
    );
    expect(['uyen', 'van thi', 'hoa tran', '0892', '30488'].filter((s) => found(row, s))).toEqual([]);
  });

  it('every filter, sort and search; first, middle and last pages; totals', async () => {
    const searches = {
      name: 'nguyen van',
      full: 'Nguyễn Văn Đức',
      word: 'duc',
      two: 'thi hoa',
      letters: 'an',
      dd: 'Đào',
      code: sample.code.slice(0, 8),
      id: sample.id_number,
      partial: sample.id_number.slice(0, 6),
    };
    const combos = listCombinations(round, commune, village, searches);
    let compared = 0;
    let nonEmpty = 0;
    for (const c of combos) {
      const all = expected(c.input);
      const offsets = c.input.offset === 0 ? [0, Math.max(0, Math.floor(all.length / 2) - 3), Math.max(0, all.length - 7)] : [Math.floor(all.length / 2), Math.max(0, all.length - 40)];
      for (const offset of [...new Set(offsets)]) {
        const page = await services['households.list']({ ...c.input, offset, limit: 40 } as never);
        const want = all.slice(offset, offset + 40).map((r) => r.id);
        expect({ combo: c.label, offset, total: page.total, ids: page.rows.map((r) => r.id) }).toEqual({ combo: c.label, offset, total: all.length, ids: want });
        if (c.input.totals) {
          const byStatus = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 };
          for (const r of all) byStatus[(r.status ?? 'unclassified') as keyof typeof byStatus]++;
          expect(page.totals).toEqual({ households: all.length, members: all.reduce((n, r) => n + r.member_count, 0), byStatus });
        }
        compared++;
        if (want.length > 0) nonEmpty++;
      }
    }
    expect(compared).toBeGreaterThan(1500);
    expect(nonEmpty / compared).toBeGreaterThan(0.8);
  }, 600_000);

  it('the search folds diacritics and đ, by word prefix', async () => {
    const base = { roundId: round, limit: 1000, offset: 0, sort: 'name', dir: 'asc' } as const;
    const dao = await services['households.list']({ ...base, search: 'dao' });
    const daoMarked = await services['households.list']({ ...base, search: 'ĐÀO' });
    expect(dao.total).toBeGreaterThan(0);
    expect(daoMarked.rows.map((r) => r.id)).toEqual(dao.rows.map((r) => r.id));
    // Nothing but punctuation finds nothing (and is no error).
    expect((await services['households.list']({ ...base, search: '..' })).total).toBe(0);
  });

  it('the count is exact up to the cap; past it, totalCapped says "more than the cap" and the pages still reach every household', async () => {
    const CAP = 60;
    const searches = { name: 'nguyen van', full: 'Nguyễn Văn Đức', code: sample.code.slice(0, 8) };
    // Every filter and search, sorted by name, class or transition (the sorts that count groups).
    const combos = listCombinations(round, commune, village, searches).filter((c) => c.input.offset === 0 && ['name', 'status', 'transition'].includes(c.input.sort ?? 'name'));
    let cappedSeen = 0;
    let exactSeen = 0;
    for (const c of combos) {
      const all = expected(c.input);
      for (const offset of [...new Set([0, Math.max(0, all.length - 7)])]) {
        const page = await listHouseholds(core.db.kysely, { sort: 'name', dir: 'asc', ...c.input, offset, limit: 40 } as never, { countCap: CAP });
        expect({ combo: c.label, offset, ids: page.rows.map((r) => r.id) }).toEqual({ combo: c.label, offset, ids: all.slice(offset, offset + 40).map((r) => r.id) });
        if (page.totalCapped) {
          // Capped: only when there are more; the totals row is left out.
          expect({ combo: c.label, total: page.total, more: all.length > CAP, totals: page.totals }).toEqual({ combo: c.label, total: CAP, more: true, totals: undefined });
          cappedSeen++;
        } else {
          expect({ combo: c.label, total: page.total }).toEqual({ combo: c.label, total: all.length });
          if (all.length <= CAP) exactSeen++;
        }
        // A list under the cap is always counted exactly.
        if (all.length <= CAP) expect(page.totalCapped).toBe(false);
      }
    }
    expect(cappedSeen).toBeGreaterThan(50);
    expect(exactSeen).toBeGreaterThan(50);
    // A broad search is capped (it is not counted to its end), with or without another filter.
    const broad = { roundId: round, search: 'nguyen van', sort: 'name', dir: 'asc', offset: 0, limit: 40 } as const;
    expect(expected(broad).length).toBeGreaterThan(CAP);
    expect((await listHouseholds(core.db.kysely, broad, { countCap: CAP })).totalCapped).toBe(true);
    expect((await listHouseholds(core.db.kysely, { ...broad, totals: true }, { countCap: CAP })).totals).toBeUndefined();
    // With the app's cap (10,000) the same list is counted exactly, totals row and all.
    const exact = await services['households.list']({ ...broad, totals: true });
    expect({ total: exact.total, capped: exact.totalCapped, households: exact.totals?.households }).toEqual({ total: expected(broad).length, capped: false, households: expected(broad).length });
  }, 600_000);

  it('a capped list pages to its end: page after page, until a short page, gives every household once, in order', async () => {
    const CAP = 60;
    for (const input of [
      { roundId: round, search: 'an', sort: 'name', dir: 'asc' },
      { roundId: round, search: 'nguyen', sort: 'status', dir: 'desc' },
      { roundId: round, flags: { femaleHead: false }, sort: 'transition', dir: 'asc' },
    ] as const) {
      const want = expected(input as never).map((r) => r.id);
      const got: number[] = [];
      let capped = false;
      for (let offset = 0; ; offset += 100) {
        const page = await listHouseholds(core.db.kysely, { ...input, offset, limit: 100 } as never, { countCap: CAP });
        capped ||= page.totalCapped;
        got.push(...page.rows.map((r) => r.id));
        if (page.rows.length < 100) break;
      }
      expect(capped).toBe(true);
      expect(got).toEqual(want);
    }
  }, 600_000);
});
