import type BetterSqlite3 from 'better-sqlite3';
import { CAUSES, orderedCauses, type Cause } from '../../../shared/domain/causes';

const KNOWN = new Set<string>(CAUSES);

/** A household's causes of poverty as stored, in the catalogue's order (ids the catalogue no longer has are left out). */
export function readCauses(sqlite: BetterSqlite3.Database, householdId: number): Cause[] {
  const stored = sqlite.prepare('SELECT cause FROM household_causes WHERE household_id = ?').pluck().all(householdId) as string[];
  return orderedCauses(stored.filter((c): c is Cause => KNOWN.has(c)));
}

/** Replaces a household's causes; returns whether they changed. Call inside the caller's transaction. */
export function writeCauses(sqlite: BetterSqlite3.Database, householdId: number, causes: readonly Cause[]): boolean {
  const before = readCauses(sqlite, householdId);
  const next = orderedCauses(causes);
  if (before.join(';') === next.join(';')) return false;
  sqlite.prepare('DELETE FROM household_causes WHERE household_id = ?').run(householdId);
  const insert = sqlite.prepare('INSERT INTO household_causes (household_id, cause) VALUES (?, ?)');
  for (const c of next) insert.run(householdId, c);
  return true;
}
