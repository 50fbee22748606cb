import type BetterSqlite3 from 'better-sqlite3';
import type { ApiParsedInput } from '../../../shared/api/contract';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import { assertEditable } from '../entry/locks';
import { writeTransaction } from '../db/write-transaction';
import { assertVersion, raiseVersion } from './version';
import { householdNotFound } from './not-found';

type Changes = ApiParsedInput<'households.update'>['changes'];

/** Contract field → column, and how a value is stored. */
const COLUMNS: { [K in keyof Changes]-?: { column: string; store: (v: NonNullable<Changes[K]>) => string | number } } = {
  address: { column: 'address', store: (v) => cleanText(v) },
  area: { column: 'area', store: (v) => v },
  ethnicMinority: { column: 'ethnic_minority', store: (v) => (v ? 1 : 0) },
  noWorkingCapacity: { column: 'no_working_capacity', store: (v) => (v ? 1 : 0) },
  meritPerson: { column: 'merit_person', store: (v) => (v ? 1 : 0) },
  femaleHead: { column: 'female_head', store: (v) => (v ? 1 : 0) },
};

/**
 * Changes household fields; each changed field is audited with its old and new value in the
 * same transaction. A locked round (or a commune locked by its recognition decision) refuses every change;
 * so does a version older than the stored one (households/version.ts). A change raises the version.
 */
export function updateHousehold(sqlite: BetterSqlite3.Database, householdId: number, changes: Changes, actor: string, basedOn?: number): { changed: string[] } {
  return writeTransaction(sqlite, () => {
    const row = sqlite.prepare('SELECT * FROM households WHERE id = ?').get(householdId) as Record<string, unknown> | undefined;
    if (!row) throw householdNotFound(householdId);
    assertEditable(sqlite, row.round_id as number, row.commune_id as number);
    assertVersion(sqlite, householdId, basedOn);
    const audit: AuditEntry[] = [];
    const changed: string[] = [];
    for (const key of Object.keys(changes) as (keyof Changes)[]) {
      const value = changes[key];
      if (value === undefined) continue;
      const { column, store } = COLUMNS[key] as { column: string; store: (v: unknown) => string | number };
      const next = store(value);
      if (row[column] === next) continue;
      sqlite.prepare(`UPDATE households SET ${column} = ?, updated_at = ? WHERE id = ?`).run(next, nowIso(), householdId);
      audit.push({ actor, entity: 'household', entityId: householdId, action: 'update', field: column, oldValue: row[column], newValue: next });
      changed.push(key);
    }
    if (changed.length > 0) raiseVersion(sqlite, householdId);
    writeAudit(sqlite, audit);
    return { changed };
  });
}
