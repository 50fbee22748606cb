import type BetterSqlite3 from 'better-sqlite3';
import { nowIso, openDatabase } from './connection';

export interface AuditEntry {
  actor: string;
  entity: string;
  entityId: number | null;
  action: string;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  /**
   * The commune or village the row concerns (the audit screen filters by it). Left out, it is
   * found from the row itself: a household's or member's village (else commune), a unit, a
   * "commune N" field, or a communeId/villageId in the values (see unitOfEntries).
   */
  unitId?: number | null;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const idIn = (v: unknown, ...keys: string[]): number | null => {
  if (!isRecord(v)) return null;
  for (const k of keys) if (typeof v[k] === 'number' && Number.isInteger(v[k])) return v[k];
  return null;
};

/**
 * Finds the unit of each entry that gives none (one statement of the rule, for every writer):
 *  - household: its village, else its commune; member: its household's (a member already
 *    removed: the householdId its row kept);
 *  - unit: the unit itself; officials: the commune (entityId);
 *  - a "commune N" field (round rows of the workflow): N;
 *  - else a villageId / communeId / newCommuneId in the new or old value; else none.
 */
function unitOfEntries(sqlite: BetterSqlite3.Database): (e: AuditEntry) => number | null {
  const ofHousehold = sqlite.prepare('SELECT COALESCE(village_id, commune_id) FROM households WHERE id = ?').pluck();
  const ofMember = sqlite.prepare('SELECT COALESCE(h.village_id, h.commune_id) FROM members m JOIN households h ON h.id = m.household_id WHERE m.id = ?').pluck();
  const households = new Map<number, number | null>();
  const household = (id: number): number | null => {
    if (!households.has(id)) households.set(id, (ofHousehold.get(id) as number | null | undefined) ?? null);
    return households.get(id)!;
  };
  return (e) => {
    if (e.unitId !== undefined) return e.unitId;
    if (e.entity === 'household' && e.entityId !== null) return household(e.entityId);
    if (e.entity === 'member') {
      const unit = e.entityId !== null ? ((ofMember.get(e.entityId) as number | null | undefined) ?? null) : null;
      if (unit !== null) return unit;
      const hid = idIn(e.oldValue, 'householdId') ?? idIn(e.newValue, 'householdId');
      return hid === null ? null : household(hid);
    }
    if ((e.entity === 'unit' || e.entity === 'officials') && e.entityId !== null) return e.entityId;
    const m = e.field ? /^commune (\d+)$/u.exec(e.field) : null;
    if (m) return Number(m[1]);
    return idIn(e.newValue, 'villageId', 'communeId', 'newCommuneId') ?? idIn(e.oldValue, 'villageId', 'communeId');
  };
}

/** Writes audit rows (who, when, old, new, which unit). Call inside the transaction of the change itself. */
export function writeAudit(sqlite: BetterSqlite3.Database, entries: readonly AuditEntry[]): void {
  if (entries.length === 0) return;
  const insert = sqlite.prepare(
    'INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const unitOf = unitOfEntries(sqlite);
  const at = nowIso();
  for (const e of entries) {
    insert.run(at, e.actor, e.entity, e.entityId, e.action, e.field ?? null, json(e.oldValue), json(e.newValue), unitOf(e));
  }
}

/** What personal data left the app in bulk: a printed list or document, an Excel file, a backup. */
export type BulkReadKind = 'list' | 'document' | 'excel' | 'backup' | 'package';

export interface BulkRead {
  actor: string;
  kind: BulkReadKind;
  /** read (shown, printed), export (a file written), backup / restore / download (a backup). */
  action: 'read' | 'print' | 'export' | 'backup' | 'backup_plain' | 'restore' | 'download';
  /** The unit whose data it holds (null: every unit, e.g. a backup). */
  unitId: number | null;
  /** The round, where the data is a round's. */
  roundId?: number | null;
  /** How many households and people it holds. */
  households: number;
  people: number;
  /** Which document, list or file kind (M01, LK, dossier, xlsx, sqlite…), and the file's name. */
  what: string;
  file?: string | null;
  /** Anything else worth keeping (pages, the document's title…). */
  detail?: Record<string, unknown>;
}

/**
 * Logs one bulk read of personal data (Luật 91/2025/QH15: who took which data, when): one audit
 * row, entity = the kind, field = what was read, new value = the counts and the file. Every
 * place that prints, exports or backs up personal data in bulk calls this, once per file.
 */
export function logBulkRead(sqlite: BetterSqlite3.Database, r: BulkRead): void {
  writeAudit(sqlite, [
    {
      actor: r.actor,
      entity: r.kind,
      entityId: r.roundId ?? null,
      action: r.action,
      field: r.what,
      newValue: { households: r.households, people: r.people, file: r.file ?? null, ...(r.detail ?? {}) },
      unitId: r.unitId,
    },
  ]);
}

/**
 * How many households and people of a round (or of every round when roundId is null) a unit
 * holds: the unit itself, its villages (a commune) or its communes (a district or province);
 * null unit: all.
 */
export function householdCounts(sqlite: BetterSqlite3.Database, roundId: number | null, unitId: number | null): { households: number; people: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (roundId !== null) {
    where.push('h.round_id = ?');
    params.push(roundId);
  }
  if (unitId !== null) {
    where.push(`(h.commune_id = ? OR h.village_id = ? OR h.commune_id IN (
      WITH RECURSIVE under(id) AS (SELECT id FROM units WHERE parent_id = ? UNION SELECT u.id FROM units u JOIN under ON u.parent_id = under.id)
      SELECT id FROM under))`);
    params.push(unitId, unitId, unitId);
  }
  const row = sqlite
    .prepare(`SELECT COUNT(*) AS households, COALESCE(SUM(h.member_count), 0) AS people FROM households h ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`)
    .get(...params) as { households: number; people: number };
  return row;
}

/**
 * logBulkRead from a job's worker thread, which reads through its own (often read-only)
 * connection: a short writable one for the row. The counts are taken in it when not given.
 */
export function logBulkReadIn(dbPath: string, r: Omit<BulkRead, 'households' | 'people'> & Partial<Pick<BulkRead, 'households' | 'people'>>, scope?: { householdId?: number | null; villageId?: number | null }): void {
  const db = openDatabase(dbPath);
  try {
    const sqlite = db.sqlite;
    let unitId = r.unitId;
    let counts = { households: r.households ?? 0, people: r.people ?? 0 };
    if (r.households === undefined || r.people === undefined) {
      if (scope?.householdId) {
        const h = sqlite.prepare('SELECT COALESCE(village_id, commune_id) AS unit, member_count FROM households WHERE id = ?').get(scope.householdId) as
          | { unit: number; member_count: number }
          | undefined;
        counts = { households: h ? 1 : 0, people: h?.member_count ?? 0 };
        unitId = h?.unit ?? unitId;
      } else {
        if (scope?.villageId) unitId = scope.villageId;
        counts = householdCounts(sqlite, r.roundId ?? null, unitId);
      }
    }
    logBulkRead(sqlite, { ...r, unitId, ...counts });
  } finally {
    db.close();
  }
}

/** One list-read row per user, round and unit in this window: scrolling a list is one reading of it. */
export const LIST_READ_WINDOW_MS = 10 * 60 * 1000;
const listReads = new Map<string, number>();

/**
 * A page of a list that shows ID numbers (households.list: the heads' CCCD) read on a screen:
 * logged as one bulk read (entity 'list', action 'read') per user, round and unit in
 * LIST_READ_WINDOW_MS, so paging and scrolling do not flood the trail. Returns whether it wrote.
 */
export function logListRead(
  sqlite: BetterSqlite3.Database,
  r: { actor: string; roundId: number; unitId: number | null; rows: readonly { memberCount: number; headIdNumber: string | null }[]; total: number },
  now: number = Date.now(),
): boolean {
  const withIds = r.rows.filter((x) => x.headIdNumber !== null && x.headIdNumber !== '');
  if (withIds.length === 0) return false;
  const key = `${sqlite.name}|${r.actor}|${r.roundId}|${r.unitId ?? ''}`;
  const last = listReads.get(key);
  if (last !== undefined && now - last < LIST_READ_WINDOW_MS) return false;
  listReads.set(key, now);
  logBulkRead(sqlite, {
    actor: r.actor,
    kind: 'list',
    action: 'read',
    unitId: r.unitId,
    roundId: r.roundId,
    what: 'households.list',
    households: withIds.length,
    people: r.rows.reduce((s, x) => s + x.memberCount, 0),
    detail: { title: 'Danh sách hộ (có số CCCD chủ hộ)', total: r.total },
  });
  return true;
}
