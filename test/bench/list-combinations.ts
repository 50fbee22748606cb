// Every filter × sort × search combination the household list offers: the bench times them all
// (test/bench/step.ts, "list") and test/integration/db-plans.test.ts checks their query plans.
import { HOUSEHOLD_SORTS, type ApiInput } from '../../shared/api/contract';
import { TRANSITIONS } from '../../shared/engine/transition';
import type BetterSqlite3 from 'better-sqlite3';
import type { Services } from '../../electron/core/api/services';

export type ListInput = ApiInput<'households.list'>;

/** Offsets standing for a deep page, resolved against the round's size by the caller. */
export const MIDDLE_PAGE = -1;
export const LAST_PAGE = -2;

/**
 * Every filter the list offers (one at a time, and the commune with each class as the review
 * screens combine them), every sort in both directions, every kind of search, first and deep pages.
 */
export function listCombinations(round: number, commune: number, village: number, search: Record<string, string>): { label: string; input: ListInput }[] {
  const filters: [string, Partial<ListInput>][] = [
    ['all', {}],
    ['commune', { communeId: commune }],
    ['village', { communeId: commune, villageId: village }],
    ...(['poor', 'near_poor', 'neither', 'middle_income', 'unclassified'] as const).map((s): [string, Partial<ListInput>] => [`status=${s}`, { status: s }]),
    ...(['poor', 'near_poor'] as const).map((s): [string, Partial<ListInput>] => [`commune+status=${s}`, { communeId: commune, status: s }]),
    ...[...TRANSITIONS, 'none' as const].map((t): [string, Partial<ListInput>] => [`transition=${t}`, { transition: t }]),
    ['reviewState=listed', { reviewState: 'listed' }],
    ['reviewState=agreed', { reviewState: 'agreed' }],
    ['warnings', { warnings: true }],
    ['no warnings', { warnings: false }],
    ...(['ethnicMinority', 'noWorkingCapacity', 'meritPerson', 'femaleHead'] as const).flatMap((f): [string, Partial<ListInput>][] => [
      [`${f}`, { flags: { [f]: true } }],
      [`not ${f}`, { flags: { [f]: false } }],
    ]),
    ['totals', { totals: true }],
    ['commune+poor+totals', { communeId: commune, status: 'poor', totals: true }],
  ];
  const sorts = HOUSEHOLD_SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => ({ sort, dir })));
  const out: { label: string; input: ListInput }[] = [];
  const base = { roundId: round, limit: 100 };
  // Every filter with every sort, no search.
  for (const [fl, f] of filters) for (const s of sorts) out.push({ label: `${fl}, ${s.sort} ${s.dir}`, input: { ...base, ...f, ...s, offset: 0 } });
  // Every search with every sort, and with every filter (sorted by name).
  for (const [sl, q] of Object.entries(search)) {
    for (const s of sorts) out.push({ label: `search ${sl}, ${s.sort} ${s.dir}`, input: { ...base, search: q, ...s, offset: 0 } });
    for (const [fl, f] of filters) out.push({ label: `search ${sl}, ${fl}, name asc`, input: { ...base, ...f, search: q, offset: 0 } });
  }
  // Deep pages: the middle and the end of the whole round, every sort.
  for (const s of sorts) for (const at of ['middle', 'end'] as const) out.push({ label: `all, ${s.sort} ${s.dir}, page at the ${at}`, input: { ...base, ...s, offset: at === 'middle' ? MIDDLE_PAGE : LAST_PAGE } });
  return out;
}


/**
 * What the list's combinations are measured on (the bench's list step and list-cpu.ts): the round's
 * biggest commune, its biggest village, and the searches (names, a code prefix, an ID number).
 */
export async function listTargets(services: Services, sqlite: BetterSqlite3.Database, round: number) {
  const communes = await services['units.communes']({ roundId: round });
  const biggest = communes.reduce((a, b) => (b.householdCount > a.householdCount ? b : a));
  const villages = await services['units.villages']({ roundId: round, communeId: biggest.id });
  const village = villages.reduce((a, b) => (b.householdCount > a.householdCount ? b : a));
  const sample = sqlite
    .prepare('SELECT h.code, m.id_number FROM households h JOIN members m ON m.household_id = h.id WHERE h.round_id = ? AND m.id_number IS NOT NULL ORDER BY h.id LIMIT 1 OFFSET 777')
    .get(round) as { code: string; id_number: string };
  const searches: Record<string, string> = {
    'name "nguyen van"': 'nguyen van',
    'name "Nguyễn Văn Đức"': 'Nguyễn Văn Đức',
    'name "duc"': 'duc',
    'name "thi hoa"': 'thi hoa',
    [`code prefix "${sample.code.slice(0, 8)}"`]: sample.code.slice(0, 8),
    [`ID number "${sample.id_number}"`]: sample.id_number,
    'two letters "an"': 'an',
  };
  return { biggest, village, searches };
}
