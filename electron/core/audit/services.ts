import type { Selectable } from 'kysely';
import type { AuditTable } from '../db/schema';
import type BetterSqlite3 from 'better-sqlite3';
import type { AuditPage, AuditView } from '../../../shared/api/auth';
import type { ApiParsedInput } from '../../../shared/api/contract';
import { endOfDayVi, startOfDayVi } from '../../../shared/domain/field-labels';
import { formatNumberVi } from '../../../shared/text/format';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { unitNamer } from '../households/history';
import type { RuleSetRegistry } from '../rulesets/load';
import { actionLabel, describeChange, ENTITY_LABELS, lineText } from './describe';

/** The audit trail for administrators (shared/api/auth.ts, 'audit.list'). */
export function auditServices(core: Core): ServicesFor<'audit.list'> {
  return {
    'audit.list': (input) => listAudit(core.db.sqlite, core.registry, input),
  };
}

/** The fields of a user as the users screen names them. */
const USER_FIELD_LABELS: Record<string, string> = { full_name: 'Họ và tên', role: 'Vai trò', active: 'Đang dùng', villages: 'Thôn, ấp được giao' };

/** An audit row with the user's full name. */
type Row = Selectable<AuditTable> & { full_name: string | null };

/**
 * The WHERE of a filter, each term served by an index of migration 12 or the first one: the user
 * (audit_actor_at), the dates (audit_at; a local day, Vietnam's time, inclusive at both ends), the
 * unit with the units under it (audit_unit_at), the household with its members (audit_entity).
 */
function whereOf(input: ApiParsedInput<'audit.list'>): { sql: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (input.actor !== undefined && input.actor.trim() !== '') {
    terms.push('a.actor = ?');
    params.push(input.actor.trim());
  }
  if (input.from !== undefined) {
    terms.push('a.at >= ?');
    params.push(startOfDayVi(input.from));
  }
  if (input.to !== undefined) {
    terms.push('a.at < ?');
    params.push(endOfDayVi(input.to));
  }
  if (input.unitId !== undefined) {
    terms.push(`a.unit_id IS NOT NULL AND a.unit_id IN (
      WITH RECURSIVE under(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN under ON u.parent_id = under.id)
      SELECT id FROM under)`);
    params.push(input.unitId);
  }
  if (input.householdId !== undefined) {
    terms.push(`((a.entity = 'household' AND a.entity_id = ?) OR (a.entity = 'member' AND a.entity_id IN (SELECT id FROM members WHERE household_id = ?)))`);
    params.push(input.householdId, input.householdId);
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** The page's SQL (exported for the query-plan test). */
export function auditQuery(input: ApiParsedInput<'audit.list'>): { rows: string; count: string; params: unknown[] } {
  const w = whereOf(input);
  return {
    rows: `SELECT a.id, a.at, a.actor, u.full_name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.unit_id
           FROM audit a LEFT JOIN users u ON u.name = a.actor
           ${w.sql} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) FROM audit a ${w.sql}`,
    params: w.params,
  };
}

const parse = (v: string | null): unknown => {
  if (v === null) return null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The audit trail, newest first, filtered, one page with the total; each row read in Vietnamese. */
export function listAudit(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, input: ApiParsedInput<'audit.list'>): AuditPage {
  const q = auditQuery(input);
  const total = sqlite.prepare(q.count).pluck().get(...q.params) as number;
  const rows = sqlite.prepare(q.rows).all(...q.params, input.limit, input.offset) as Row[];

  // What the rows name: households (code, head, rule set of the round) and members (name, household).
  const memberOf = sqlite.prepare('SELECT full_name, household_id FROM members WHERE id = ?');
  const householdOf = sqlite.prepare('SELECT h.code, h.head_name, r.rule_set_id FROM households h JOIN rounds r ON r.id = h.round_id WHERE h.id = ?');
  const households = new Map<number, { code: string; head_name: string; rule_set_id: string } | null>();
  const household = (id: number) => {
    if (!households.has(id)) households.set(id, (householdOf.get(id) as { code: string; head_name: string; rule_set_id: string } | undefined) ?? null);
    return households.get(id)!;
  };
  const unitName = unitNamer(sqlite);
  const userOf = sqlite.prepare('SELECT name, full_name FROM users WHERE id = ?');

  const text = (r: Row): string => {
    const oldValue = parse(r.old_value);
    const newValue = parse(r.new_value);
    if ((r.entity === 'household' || r.entity === 'member') && r.entity_id !== null) {
      let memberName: string | null = null;
      let hid: number | null = r.entity === 'household' ? r.entity_id : null;
      if (r.entity === 'member') {
        const m = memberOf.get(r.entity_id) as { full_name: string; household_id: number } | undefined;
        memberName = m?.full_name ?? null;
        hid = m?.household_id ?? (isRecord(oldValue) && typeof oldValue.householdId === 'number' ? oldValue.householdId : null);
      }
      const h = hid !== null ? household(hid) : null;
      const lines = describeChange(
        { entity: r.entity, entityId: r.entity_id, action: r.action, field: r.field, oldValue, newValue },
        { ruleSet: h ? registry.get(h.rule_set_id) : undefined, memberName, unitName },
      );
      const who = h ? `Hộ ${h.code}${h.head_name ? ` (${h.head_name})` : ''}` : `Hộ số ${hid ?? '?'}`;
      return `${who} – ${lines.map((l) => lineText(r.action, l)).join('; ')}`;
    }
    if (r.entity === 'list' || r.entity === 'document' || r.entity === 'excel' || r.entity === 'backup' || r.entity === 'package') {
      const v = isRecord(newValue) ? newValue : {};
      // "In: LK – Danh sách… – Xã Bình Mỹ: 3 hộ, 12 người, tệp LK-2023-30487.pdf"
      const what = [r.entity === 'document' || r.entity === 'excel' ? r.field : null, typeof v.title === 'string' ? v.title : ENTITY_LABELS[r.entity]].filter(Boolean).join(' – ');
      const place = r.unit_id !== null ? (unitName(r.unit_id) ?? `đơn vị số ${r.unit_id}`) : 'mọi đơn vị';
      const counts = `${formatNumberVi(Number(v.households ?? 0))} hộ, ${formatNumberVi(Number(v.people ?? 0))} người`;
      const file = typeof v.file === 'string' ? `, tệp ${v.file}` : '';
      return `${actionLabel(r.action)}: ${what} – ${place}: ${counts}${file}`;
    }
    if (r.entity === 'user' && r.entity_id !== null) {
      // "Người dùng Phạm Văn An (nhaplieu.an): Sửa (Vai trò)", never a bare number or column name.
      const u = userOf.get(r.entity_id) as { name: string; full_name: string } | undefined;
      const field = r.field ? ` (${USER_FIELD_LABELS[r.field] ?? r.field})` : '';
      return `${ENTITY_LABELS.user} ${u ? `${u.full_name} (${u.name})` : `số ${r.entity_id}`}: ${actionLabel(r.action)}${field}`;
    }
    const entity = ENTITY_LABELS[r.entity] ?? r.entity;
    const place = r.unit_id !== null ? ` – ${unitName(r.unit_id) ?? `đơn vị số ${r.unit_id}`}` : '';
    return `${entity}${r.entity_id !== null ? ` số ${r.entity_id}` : ''}: ${actionLabel(r.action)}${r.field ? ` (${r.field})` : ''}${place}`;
  };

  return {
    total,
    rows: rows.map(
      (r): AuditView => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        actorFullName: r.full_name,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        field: r.field,
        oldValue: r.old_value,
        newValue: r.new_value,
        unitId: r.unit_id,
        text: text(r),
      }),
    ),
  };
}
