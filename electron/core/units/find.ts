import type BetterSqlite3 from 'better-sqlite3';
import type { UnitFound } from '../../../shared/api/units';
import { unitFullName } from '../../../shared/domain/units';
import { fold } from '../../../shared/text/fold';

/** Today's date (local time), YYYY-MM-DD: "current" means valid on this day. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface FindUnitsQuery {
  text: string;
  level?: 'province' | 'commune' | undefined;
  /** true: only units valid today; false: only units no longer valid; absent: both. */
  current?: boolean | undefined;
  /**
   * Only units whose province on their own map has this code: a current commune's parent, an old
   * commune's district's parent (91 is today's An Giang, 89 the old one). Applied before the cut.
   */
  provinceCode?: string | undefined;
  /** At most this many (default 30; within one province, 500: all of its communes fit). */
  limit?: number;
  /** The day "current" is judged on (default: today). */
  today?: string;
}

interface Row {
  id: number;
  code: string;
  level: 'province' | 'district' | 'commune';
  type: string;
  name: string;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  name_sort: string;
}

interface Indexed {
  rows: Row[];
  byId: Map<number, Row>;
  folded: string[];
  /** Each row's province on its map (undefined for a province). */
  province: (Row | undefined)[];
}

/** The province above a unit on its own map: its parent, or its district's parent. */
function provinceAbove(row: Row, byId: Map<number, Row>): Row | undefined {
  let up = row.parent_id !== null ? byId.get(row.parent_id) : undefined;
  while (up && up.level !== 'province') up = up.parent_id !== null ? byId.get(up.parent_id) : undefined;
  return up;
}

/**
 * The register's units (provinces, districts, communes; not villages) with their folded names,
 * kept per connection while the units table is unchanged (its row count, last id and the last
 * register version loaded say so; a register load is the one writer that renames units): a search folds the query only.
 */
const cache = new WeakMap<BetterSqlite3.Database, { stamp: string; index: Indexed }>();

function indexOf(sqlite: BetterSqlite3.Database): Indexed {
  const stamp = JSON.stringify(
    sqlite
      .prepare(
        `SELECT (SELECT COUNT(*) FROM units) AS n, (SELECT MAX(id) FROM units) AS last, (SELECT MAX(id) FROM register_versions) AS version`,
      )
      .get(),
  );
  const hit = cache.get(sqlite);
  if (hit && hit.stamp === stamp) return hit.index;
  const rows = sqlite
    .prepare(
      `SELECT id, code, level, type, name, parent_id, valid_from, valid_to, name_sort FROM units
       WHERE level IN ('province', 'district', 'commune') ORDER BY name_sort, code`,
    )
    .all() as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const index: Indexed = { rows, byId, folded: rows.map((r) => fold(r.name)), province: rows.map((r) => provinceAbove(r, byId)) };
  cache.set(sqlite, { stamp, index });
  return index;
}

const isCurrent = (r: Pick<Row, 'valid_from' | 'valid_to'>, today: string): boolean => r.valid_from <= today && (r.valid_to === null || r.valid_to >= today);

/** How well the folded name matches the folded text: 0 the same, 1 starts with it, 2 a word starts with it, 3 inside a word. */
function matchRank(name: string, text: string): number {
  if (name === text) return 0;
  if (name.startsWith(text)) return 1;
  if (name.includes(` ${text}`)) return 2;
  return name.includes(text) ? 3 : -1;
}

/**
 * Units whose name contains the text, folding case, diacritics, đ → d and so old and new tone-mark
 * placement ("Hoà" = "Hòa"); a code typed whole finds its units. Best matches first (the same
 * name, then names starting with the text), current units before abolished ones, then in
 * Vietnamese order. Each result names its parent and province and, for an abolished commune, the
 * new commune(s) it became (unit_map).
 */
export function findUnits(sqlite: BetterSqlite3.Database, query: FindUnitsQuery): UnitFound[] {
  const today = query.today ?? localToday();
  const limit = query.limit ?? (query.provinceCode !== undefined ? 500 : 30);
  const text = fold(query.text);
  if (!text) return [];
  const index = indexOf(sqlite);
  const hits: { row: Row; i: number; rank: number; current: boolean }[] = [];
  const byCode = /^\d{2,5}$/u.test(text);
  index.rows.forEach((row, i) => {
    if (query.level && row.level !== query.level) return;
    if (query.provinceCode !== undefined && index.province[i]?.code !== query.provinceCode) return;
    const current = isCurrent(row, today);
    if (query.current !== undefined && current !== query.current) return;
    const rank = byCode ? (row.code === text ? 0 : -1) : matchRank(index.folded[i]!, text);
    if (rank >= 0) hits.push({ row, i, rank, current });
  });
  const levelOrder = { province: 0, commune: 1, district: 2 } as const;
  hits.sort((a, b) => a.rank - b.rank || Number(b.current) - Number(a.current) || levelOrder[a.row.level] - levelOrder[b.row.level]);
  const chosen = hits.slice(0, limit);
  const became = becameOf(sqlite, chosen.filter((h) => !h.current && h.row.level === 'commune').map((h) => h.row.id));
  return chosen.map(({ row, i, current }) => {
    const parent = row.parent_id !== null ? index.byId.get(row.parent_id) : undefined;
    const province = index.province[i];
    const next = became.get(row.id) ?? [];
    return {
      id: row.id,
      code: row.code,
      level: row.level,
      type: row.type,
      name: row.name,
      fullName: unitFullName(row.type, row.name),
      parentName: parent ? unitFullName(parent.type, parent.name) : null,
      provinceName: province ? unitFullName(province.type, province.name) : null,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      abolished: !current && row.valid_to !== null && row.valid_to < today,
      becameCodes: next.map((n) => n.code),
      becameNames: next.map((n) => unitFullName(n.type, n.name)),
    };
  });
}

export interface Successor {
  id: number;
  code: string;
  type: string;
  name: string;
  effective: string;
  divided: boolean;
}

/** The units each old unit became (unit_map), in code order. */
export function becameOf(sqlite: BetterSqlite3.Database, oldIds: readonly number[]): Map<number, Successor[]> {
  const out = new Map<number, Successor[]>();
  if (oldIds.length === 0) return out;
  const stmt = sqlite.prepare(
    `SELECT m.old_unit_id AS oldId, n.id, n.code, n.type, n.name, m.effective_date AS effective, m.divided
     FROM unit_map m JOIN units n ON n.id = m.new_unit_id WHERE m.old_unit_id = ? ORDER BY n.code`,
  );
  for (const id of oldIds) {
    const rows = stmt.all(id) as (Omit<Successor, 'divided'> & { oldId: number; divided: number })[];
    out.set(
      id,
      rows.map(({ oldId: _oldId, divided, ...r }) => ({ ...r, divided: divided === 1 })),
    );
  }
  return out;
}
