import type BetterSqlite3 from 'better-sqlite3';
import { nowIso } from './connection';

export interface AuditEntry {
  actor: string;
  entity: string;
  entityId: number | null;
  action: string;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Writes audit rows (who, when, old, new). Call inside the transaction of the change itself. */
export function writeAudit(sqlite: BetterSqlite3.Database, entries: readonly AuditEntry[]): void {
  const insert = sqlite.prepare(
    'INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const at = nowIso();
  for (const e of entries) {
    insert.run(at, e.actor, e.entity, e.entityId, e.action, e.field ?? null, json(e.oldValue), json(e.newValue));
  }
}
