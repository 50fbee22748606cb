// Household ids past ID_BYTES_SPAN (households/id-bytes.ts): the sets the list holds as a byte an id
// cannot hold them, and each user of one tests otherwise (match-page.ts, match-set.ts, read.ts's
// byteSet and its callers). Every page of each such plan, both directions, is the plain query's.
// (Written by the session's reviewer; it failed with match-page's and match-set's fallbacks broken.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { ID_BYTES_SPAN } from '../../electron/core/households/id-bytes';
import { listHouseholds } from '../../electron/core/households/read';
import { indexSearchPairs } from '../../electron/core/households/write';
import { demoWithPlaces } from '../fixtures/demo-places';
import { namesFoundSql } from './name-search-oracle';

let core: Core;
let round: number;
// (Three copies of households a common name finds, at ids past what a byte set holds.)
const BIG = ID_BYTES_SPAN + 10;
beforeAll(() => {
  ({ core, round } = demoWithPlaces('list-id-span.sqlite', 1500, 33));
  const s = core.db.sqlite;
  const cols = (s.prepare('PRAGMA table_info(households)').all() as { name: string }[]).map((c) => c.name);
  const rcols = (s.prepare('PRAGMA table_info(results)').all() as { name: string }[]).map((c) => c.name);
  const ids = s.prepare(`SELECT h.id FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND ${namesFoundSql(s, round, 'nguyen van')} ORDER BY h.id LIMIT 3`).pluck().all(round) as number[];
  s.pragma('foreign_keys = OFF');
  ids.forEach((id, i) => {
    s.prepare(`INSERT INTO households (${cols.join(',')}) SELECT ${cols.map((c) => (c === 'id' ? String(BIG + i) : c === 'code' ? `code || '-x'` : c)).join(',')} FROM households WHERE id = ?`).run(id);
    s.prepare(`INSERT INTO results (${rcols.join(',')}) SELECT ${rcols.map((c) => (c === 'household_id' ? String(BIG + i) : c)).join(',')} FROM results WHERE household_id = ?`).run(id);
    indexSearchPairs(s, BIG + i);
  });
  s.pragma('foreign_keys = ON');
  s.prepare("UPDATE results SET status = 'poor' WHERE household_id >= ?").run(BIG);
  s.prepare('UPDATE households SET female_head = 1 WHERE id >= ?').run(BIG);
}, 300_000);
afterAll(() => core?.close());

const ORDER: Record<string, string> = {
  name: 'h.head_sort DIR, h.id DIR',
  members: 'h.member_count DIR, h.head_sort, h.id',
  scoreA: 'h.score_a DIR, h.head_sort, h.id',
  scoreB: 'res.score_b DIR, h.head_sort, h.id',
  transition: 'res.transition DIR, h.head_sort, h.id',
  status: "CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END DIR, h.head_sort, h.id",
};

function plain(input: { search?: string; status?: string; femaleHead?: boolean; sort: string; dir: 'asc' | 'desc' }): number[] {
  const s = core.db.sqlite;
  const where = ['h.round_id = ?'];
  if (input.search) where.push(namesFoundSql(s, round, input.search));
  if (input.status) where.push(`res.status = '${input.status}'`);
  if (input.femaleHead !== undefined) where.push(`h.female_head = ${input.femaleHead ? 1 : 0}`);
  return s.prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE ${where.join(' AND ')} ORDER BY ${ORDER[input.sort]!.replaceAll('DIR', input.dir.toUpperCase())}`).pluck().all(round) as number[];
}

it('ids past ID_BYTES_SPAN: every fallback gives the plain list', async () => {
  const bad: string[] = [];
  const status = core.db.sqlite.prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(BIG) as string;
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['name', { search: 'nguyen van', sort: 'name' }, { countCap: 10 }],
    ['name class', { search: 'nguyen van', status, sort: 'name' }, { countCap: 10 }],
    ['name female', { search: 'nguyen van', femaleHead: false, sort: 'name' }, { countCap: 10 }],
    ['members set', { search: 'nguyen van', sort: 'members' }, { countCap: 10, pairSet: 0, searchProbe: 0 }],
    ['status set', { search: 'nguyen van', sort: 'status' }, { countCap: 10, pairSet: 0, searchProbe: 0 }],
    ['scoreB set', { search: 'nguyen van', sort: 'scoreB' }, { countCap: 10, pairSet: 0, searchProbe: 0, scoreDrives: true }],
    ['transition set', { search: 'nguyen van', sort: 'transition' }, { countCap: 5, pairSet: 0, searchProbe: 0 }],
    ['transition set thi', { search: 'thi hoa', sort: 'transition' }, { countCap: 5, pairSet: 0, searchProbe: 0 }],
    ['status set thi', { search: 'thi hoa', sort: 'status' }, { countCap: 5, pairSet: 0, searchProbe: 0 }],
    ['scoreA far', { status, sort: 'scoreA' }, { farScan: true }],
    ['name bytes', { femaleHead: true, sort: 'name' }, { limits: { setMax: 50 }, nameProbe: 0 }],
    ['scoreB', { sort: 'scoreB' }, {}],
    ['members far', { status, sort: 'members' }, { wholeFixed: 0 }],
  ];
  for (const [label, f, options] of cases) {
    for (const dir of ['asc', 'desc'] as const) {
      const input = { sort: 'name', ...f, dir } as { search?: string; status?: string; femaleHead?: boolean; sort: string; dir: 'asc' | 'desc' };
      const want = plain(input);
      const got: number[] = [];
      for (let offset = 0; ; offset += 50) {
        const page = await listHouseholds(core.db.kysely, { roundId: round, search: input.search, status: input.status, flags: input.femaleHead === undefined ? undefined : { femaleHead: input.femaleHead }, sort: input.sort, dir, offset, limit: 50 } as never, options as never);
        got.push(...page.rows.map((r) => r.id));
        if (page.rows.length < 50) break;
      }
      const missing = want.filter((x) => !got.includes(x));
      if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${label} ${dir}: ${got.length} vs ${want.length}, missing ${missing.slice(0, 5).join(',')}`);
    }
  }
  expect(bad).toEqual([]);
}, 600_000);
