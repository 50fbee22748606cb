import type BetterSqlite3 from 'better-sqlite3';

/**
 * How a household is found again in another round (spec/standard.md §5): by its household code,
 * else by its head's ID number. The one statement of that rule: the classification's history
 * (transitions) and the report's "diễn biến" tables (start of period, khác giảm, people) match
 * through it.
 */
export class HouseholdIndex<T> {
  private readonly byCode = new Map<string, T[]>();
  private readonly byHeadId = new Map<string, T[]>();

  /** Files a value under a household's code and its head's ID number (values of one key keep their order). */
  add(code: string, headIdNumber: string | null, value: T): void {
    push(this.byCode, code, value);
    if (headIdNumber) push(this.byHeadId, headIdNumber, value);
  }

  /** The values filed under the household's code; failing that, under its head's ID number. */
  find(code: string, headIdNumber: string | null): readonly T[] | undefined {
    return this.byCode.get(code) ?? (headIdNumber ? this.byHeadId.get(headIdNumber) : undefined);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The same rule asked of the database for one household (a form, a live preview, rather than a
 * whole round): `find` gives the rows whose household has the value in that column; the rows
 * found by code, else (none by code) those found by the head's ID number.
 */
export function matchHousehold<T>(find: (column: 'code' | 'head_id_number', value: string) => T[], code: string, headIdNumber: string | null): T[] {
  const byCode = find('code', code);
  return byCode.length > 0 || !headIdNumber ? byCode : find('head_id_number', headIdNumber);
}

/** One household's record in one round by the same rule: its id, or undefined. */
export function householdInRound(sqlite: BetterSqlite3.Database, roundId: number, code: string, headIdNumber: string | null): number | undefined {
  const find = (column: 'code' | 'head_id_number', value: string): number[] =>
    sqlite.prepare(`SELECT id FROM households WHERE round_id = ? AND ${column} = ? ORDER BY id LIMIT 1`).pluck().all(roundId, value) as number[];
  return matchHousehold(find, code, headIdNumber)[0];
}

/**
 * The same rule as an SQL expression, for set-based passes over a round (the report's diễn biến
 * tables): the id of the record in the round bound to `roundParam` of the household aliased `h`,
 * by its code, else the first (lowest id) with its head's ID number; NULL when none.
 */
export const householdInRoundSql = (h: string, roundParam: string): string =>
  `COALESCE((SELECT pm.id FROM households pm WHERE pm.round_id = ${roundParam} AND pm.code = ${h}.code),
     (SELECT pm.id FROM households pm WHERE pm.head_id_number = ${h}.head_id_number AND +pm.round_id = ${roundParam} AND ${h}.head_id_number != ''
      ORDER BY pm.id LIMIT 1))`;
