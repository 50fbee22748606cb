import type { Selectable } from 'kysely';
import type { AuditTable } from '../db/schema';
import type BetterSqlite3 from 'better-sqlite3';
import type { HouseholdHistoryEntry } from '../../../shared/api/contract';
import { formatDateTimeVi } from '../../../shared/domain/field-labels';
import { unitFullName } from '../../../shared/domain/units';
import { actionLabel, describeChange } from '../audit/describe';
import { AppError } from '../errors';
import type { RuleSetRegistry } from '../rulesets/load';

/** An audit row of the household or a member, with the user's full name and the member's name. */
type Row = Omit<Selectable<AuditTable>, 'id' | 'unit_id'> & { full_name: string | null; member_name: string | null };

const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

/** A unit's full name by id (memoised for one history). */
export function unitNamer(sqlite: BetterSqlite3.Database): (id: number) => string | null {
  const get = sqlite.prepare('SELECT type, name FROM units WHERE id = ?');
  const names = new Map<number, string | null>();
  return (id) => {
    if (!names.has(id)) {
      const u = get.get(id) as { type: string; name: string } | undefined;
      names.set(id, u ? unitFullName(u.type, u.name) : null);
    }
    return names.get(id)!;
  };
}

/**
 * Who changed the household or one of its members, when, from what to what; oldest first, in
 * Vietnamese: the form's labels (Phiếu A / B items by the round's rule set), the member's name,
 * values as labels, the user's full name, "dd/mm/yyyy hh:mm" (Vietnam's time).
 */
export function householdHistoryVi(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, householdId: number): HouseholdHistoryEntry[] {
  const h = sqlite.prepare('SELECT r.rule_set_id FROM households h JOIN rounds r ON r.id = h.round_id WHERE h.id = ?').get(householdId) as
    | { rule_set_id: string }
    | undefined;
  if (!h) throw new AppError('NOT_FOUND', `Không có hộ số ${householdId}: có thể hộ đã bị xoá cùng đợt rà soát.`);
  const ruleSet = registry.get(h.rule_set_id);
  const rows = sqlite
    .prepare(
      `SELECT a.at, a.actor, u.full_name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, m.full_name AS member_name
       FROM audit a
       LEFT JOIN users u ON u.name = a.actor
       LEFT JOIN members m ON a.entity = 'member' AND m.id = a.entity_id
       WHERE (a.entity = 'household' AND a.entity_id = ?)
          OR (a.entity = 'member' AND a.entity_id IN (SELECT id FROM members WHERE household_id = ?))
       ORDER BY a.id`,
    )
    .all(householdId, householdId) as Row[];
  const unitName = unitNamer(sqlite);
  const out: HouseholdHistoryEntry[] = [];
  for (const r of rows) {
    const record = { entity: r.entity, entityId: r.entity_id, action: r.action, field: r.field, oldValue: parse(r.old_value), newValue: parse(r.new_value) };
    for (const l of describeChange(record, { ruleSet, memberName: r.member_name, unitName })) {
      out.push({
        at: r.at,
        when: formatDateTimeVi(r.at),
        actor: r.actor,
        who: r.full_name ?? r.actor,
        action: r.action,
        actionLabel: actionLabel(r.action),
        field: l.field,
        what: l.what,
        memberName: l.memberName,
        oldValue: l.oldValue,
        newValue: l.newValue,
        oldText: l.oldText,
        newText: l.newText,
      });
    }
  }
  return out;
}
