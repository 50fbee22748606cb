import type BetterSqlite3 from 'better-sqlite3';

/**
 * The one rule for "which communes does a round cover" (issue 11): a round's scope is a unit
 * (the office's commune or province, or a pre-reform district), and its map date says which map
 * the households are keyed on. The communes covered are those valid on the map date that are
 *  - under the scope unit in the unit tree (a district's communes before 1/7/2025, a province's
 *    after it), or the scope commune itself; or
 *  - on an older map than the scope's: old communes that became (unit_map) a commune covered by
 *    the scope on its own map. A commune office of 2026 keys its 2024 round on the old communes it
 *    took in; a province of 2026 sees the old communes of every commune it now has.
 * Raw SQL: a recursive walk down the unit tree, which Kysely would only spell out as the same SQL.
 */
const COMMUNES_IN_SCOPE = `
  WITH RECURSIVE down(id) AS (
    SELECT $scope UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id),
  covered(id) AS (
    SELECT u.id FROM units u JOIN down ON down.id = u.id WHERE u.level = 'commune'),
  valid(id) AS (
    SELECT u.id FROM units u WHERE u.level = 'commune' AND u.valid_from <= $date AND (u.valid_to IS NULL OR u.valid_to >= $date)),
  older(id) AS (
    SELECT m.old_unit_id FROM unit_map m JOIN covered c ON c.id = m.new_unit_id
    WHERE m.effective_date > $date)
  SELECT u.id, u.code, u.name, u.type, u.level, u.parent_id FROM units u
  WHERE u.id IN (SELECT id FROM valid) AND (u.id IN (SELECT id FROM covered) OR u.id IN (SELECT id FROM older))
  ORDER BY u.name_sort, u.code`;

export interface ScopeCommune {
  id: number;
  code: string;
  name: string;
  type: string;
  level: 'commune';
  parent_id: number | null;
}

/** The communes a round with this scope and map date covers, in Vietnamese order. */
export function communesInScope(sqlite: BetterSqlite3.Database, scopeUnitId: number, mapDate: string): ScopeCommune[] {
  return sqlite.prepare(COMMUNES_IN_SCOPE).all({ scope: scopeUnitId, date: mapDate }) as ScopeCommune[];
}

/** Whether a commune is covered by a round with this scope and map date (the same rule). */
export function isCommuneInScope(sqlite: BetterSqlite3.Database, communeId: number, scopeUnitId: number, mapDate: string): boolean {
  return communesInScope(sqlite, scopeUnitId, mapDate).some((c) => c.id === communeId);
}
