import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { allSync } from '../db/connection';
import type { RoundSummary } from '../../../shared/api/contract';
import { hasDistrictLevel } from '../../../shared/domain/units';
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
    id: r.id,
    year: r.year,
    kind: r.kind,
    title: r.title,
    ruleSetId: r.rule_set_id,
    unitMapDate: r.unit_map_date,
    referenceDate: r.reference_date,
    locked: r.locked === 1,
    hasDistrict: hasDistrictLevel(r.unit_map_date),
    householdCount: Number(r.household_count ?? 0),
    classifiedCount: Number(r.classified_count ?? 0),
  }));
}
