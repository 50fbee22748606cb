import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { allSync } from '../db/connection';
import type { RoundSummary } from '../../../shared/api/contract';
import { hasDistrictLevel, unitFullName } from '../../../shared/domain/units';
import type { RoundOverviewRow } from '../../../shared/api/rounds';
import { deleteRefusal, roundWork } from './delete';
import type { RoundRow } from './rounds';
import type { Database } from '../db/schema';

/** Every round, the newest first, with its households and how many of them have a result. */
export function listRounds(db: Kysely<Database>, sqlite: BetterSqlite3.Database): RoundSummary[] {
  const rows = allSync(
    sqlite,
    db
    .selectFrom('rounds as r')
    .selectAll('r')
    .select((eb) => [
      eb.selectFrom('households as h').whereRef('h.round_id', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('household_count'),
      eb
        .selectFrom('households as h')
        .innerJoin('results as res', 'res.household_id', 'h.id')
        .whereRef('h.round_id', '=', 'r.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('classified_count'),
    ])
    .orderBy('r.year', 'desc')
    .orderBy('r.id', 'desc'),
  );
  return rows.map((r) => ({
    ...roundFields(r),
    hasDistrict: hasDistrictLevel(r.unit_map_date),
    householdCount: Number(r.household_count ?? 0),
    classifiedCount: Number(r.classified_count ?? 0),
  }));
}

/** A round's own fields as the contract names them (the one mapping of a rounds row). */
function roundFields(r: Pick<RoundRow, 'id' | 'year' | 'kind' | 'title' | 'rule_set_id' | 'unit_map_date' | 'reference_date' | 'locked'>) {
  return {
    id: r.id,
    year: r.year,
    kind: r.kind,
    title: r.title,
    ruleSetId: r.rule_set_id,
    unitMapDate: r.unit_map_date,
    referenceDate: r.reference_date,
    locked: r.locked === 1,
  };
}

/**
 * Every round with its scope, households and the work recorded in it (rounds/delete.ts's
 * definition), the newest first: `round list` and the screen's delete button read it.
 */
export function roundOverview(sqlite: BetterSqlite3.Database): RoundOverviewRow[] {
  const rows = sqlite
    .prepare(
      `SELECT r.*, u.code AS scope_code, u.name AS scope_name, u.type AS scope_type,
         (SELECT COALESCE(SUM(c.households), 0) FROM household_counts c WHERE c.round_id = r.id) AS households
       FROM rounds r JOIN units u ON u.id = r.scope_unit_id
       ORDER BY r.year DESC, r.reference_date DESC, r.id DESC`,
    )
    .all() as (RoundRow & { scope_code: string; scope_name: string; scope_type: string; households: number })[];
  return rows.map((r) => {
    const { other, ...work } = roundWork(sqlite, r.id);
    return {
      ...roundFields(r),
      scope: { unitId: r.scope_unit_id, code: r.scope_code, fullName: unitFullName(r.scope_type, r.scope_name) },
      households: Number(r.households),
      work,
      deleteRefusal: deleteRefusal(r, { ...work, other }),
    };
  });
}
