import type BetterSqlite3 from 'better-sqlite3';
import { unitFullName } from '../../../shared/domain/units';
import { nowIso } from '../db/connection';
import { villageNameKey } from '../../../shared/domain/villages';
import { addVillage } from '../units/units';
import { nextVillageCode } from '../units/villages';
import { communesInScope } from '../units/scope';
import type { UnitRow } from '../db/schema';
import { unitNotFound } from '../units/not-found';

/**
 * Households across the 1/7/2025 reform (issue 11): which new commune an old one became
 * (unit_map, loaded from the register), which village of it an old village became, and which
 * unit of the new map covers an old round's scope. The one statement of these rules: the copy of
 * a round (entry/rounds.ts), the queue of divided communes (reform/queue.ts), the Excel import's
 * commune (excel/import.ts) and the documents (documents/context.ts) ask them.
 */

/** A unit as read here (db/schema.ts UnitRow). */
export type UnitBrief = UnitRow;

const validOn = (u: Pick<UnitBrief, 'valid_from' | 'valid_to'>, date: string): boolean => u.valid_from <= date && (u.valid_to === null || u.valid_to >= date);

export function unitRow(sqlite: BetterSqlite3.Database, id: number): UnitBrief | undefined {
  return sqlite.prepare('SELECT id, code, name, type, level, parent_id, valid_from, valid_to FROM units WHERE id = ?').get(id) as UnitBrief | undefined;
}

/**
 * The new communes an old commune became on the map of this date: none when the commune is
 * still valid then or was never mapped (unit_map rows in force on the date); one when it was
 * merged (or kept); several when it was divided. A chain of maps is followed to the date's map.
 */
export function newCommunesOf(sqlite: BetterSqlite3.Database, communeId: number, mapDate: string): number[] {
  const step = sqlite.prepare('SELECT new_unit_id FROM unit_map WHERE old_unit_id = ? AND effective_date <= ? ORDER BY new_unit_id').pluck();
  let current = [communeId];
  for (let depth = 0; depth < 5; depth++) {
    const next: number[] = [];
    let moved = false;
    for (const id of current) {
      const u = unitRow(sqlite, id);
      const to = u && !validOn(u, mapDate) ? (step.all(id, mapDate) as number[]) : [];
      if (to.length === 0) next.push(id);
      else {
        moved = true;
        next.push(...to);
      }
    }
    current = [...new Set(next)];
    if (!moved) break;
  }
  return current.length === 1 && current[0] === communeId ? [] : current;
}

/**
 * The communes whose households a commune's earlier rounds filed: itself, the unit of the same
 * code on another map, and the old communes that became it on 1/7/2025 (unit_map). The review
 * workflow (last year's households missing this year) and the report's transitions ask it.
 */
export function communesBefore(sqlite: BetterSqlite3.Database, communeId: number): number[] {
  return sqlite
    .prepare(
      `SELECT u.id FROM units u WHERE u.level = 'commune' AND (u.id = $c OR u.code = (SELECT code FROM units WHERE id = $c)
         OR u.id IN (SELECT old_unit_id FROM unit_map WHERE new_unit_id = $c))`,
    )
    .pluck()
    .all({ c: communeId }) as number[];
}

/** The old communes merged or divided into this new commune (unit_map). */
function oldCommunesInto(sqlite: BetterSqlite3.Database, newCommuneId: number): number[] {
  return sqlite.prepare('SELECT old_unit_id FROM unit_map WHERE new_unit_id = ?').pluck().all(newCommuneId) as number[];
}

/** Whether an old commune was divided between several new ones (several unit_map rows). */
export function isDivided(sqlite: BetterSqlite3.Database, oldCommuneId: number): boolean {
  return (sqlite.prepare('SELECT COUNT(*) FROM unit_map WHERE old_unit_id = ?').pluck().get(oldCommuneId) as number) > 1;
}

/** The officer's remembered choice for a village (0: no village) of a divided commune, or undefined. */
export function assignedCommune(sqlite: BetterSqlite3.Database, oldCommuneId: number, oldVillageId: number | null): number | undefined {
  return sqlite
    .prepare('SELECT new_commune_id FROM reform_assignments WHERE old_commune_id = ? AND old_village_id = ?')
    .pluck()
    .get(oldCommuneId, oldVillageId ?? 0) as number | undefined;
}

/**
 * When two village names are the same village (shared/domain/villages.ts, the one rule): case and
 * spacing folded, old and new tone-mark placement alike ("Hoà" = "Hòa"), other diacritics kept
 * (Bình Thành ≠ Bình Thạnh). Re-exported for the callers of this module (reform/old-commune.ts).
 */

interface VillageRow {
  id: number;
  code: string;
  name: string;
  type: string;
  parent_id: number;
}

/**
 * The village of the new commune an old village became, created when missing, and remembered
 * (reform_village_map) so that every later round and import finds the same one. It bears the old
 * village's name; when another old commune that went into the same new commune had a village of
 * that name, each keeps its old commune's name beside its own: "Ấp Bình Hòa (Bình Thủy cũ)".
 */
export function villageOnNewMap(sqlite: BetterSqlite3.Database, oldVillageId: number, newCommuneId: number): number {
  const remembered = sqlite.prepare('SELECT new_village_id FROM reform_village_map WHERE old_village_id = ?').pluck().get(oldVillageId) as number | undefined;
  if (remembered !== undefined && unitRow(sqlite, remembered)?.parent_id === newCommuneId) return remembered;
  const target = plannedVillage(sqlite, oldVillageId, newCommuneId);
  const id = target.existingId ?? addVillage(sqlite, newCommuneId, nextVillageCode(sqlite, newCommuneId), target.name, target.type);
  sqlite
    .prepare('INSERT INTO reform_village_map (old_village_id, new_village_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET new_village_id = excluded.new_village_id')
    .run(oldVillageId, id, nowIso());
  return id;
}

/**
 * What villageOnNewMap would give, without writing: the village already there (remembered, or
 * of the name), else the name and type of the one it would create.
 */
export function plannedVillage(
  sqlite: BetterSqlite3.Database,
  oldVillageId: number,
  newCommuneId: number,
): { existingId: number | null; name: string; type: string } {
  const remembered = sqlite.prepare('SELECT new_village_id FROM reform_village_map WHERE old_village_id = ?').pluck().get(oldVillageId) as number | undefined;
  if (remembered !== undefined) {
    const r = unitRow(sqlite, remembered);
    if (r && r.parent_id === newCommuneId) return { existingId: r.id, name: r.name, type: r.type };
  }
  const old = sqlite.prepare(`SELECT id, code, name, type, parent_id FROM units WHERE id = ? AND level = 'village'`).get(oldVillageId) as VillageRow | undefined;
  if (!old) throw unitNotFound(oldVillageId, 'village');
  const oldCommune = unitRow(sqlite, old.parent_id)!;
  const key = villageNameKey(old.name);
  // Villages of the same name in the other old communes that went into this new commune (a
  // divided commune's villages only when assigned here), and new villages of the name that
  // already stand for another old commune's village.
  const villagesOf = sqlite.prepare(`SELECT id, name, parent_id FROM units WHERE level = 'village' AND parent_id = ?`);
  let rival = false;
  for (const communeId of oldCommunesInto(sqlite, newCommuneId)) {
    if (communeId === old.parent_id) continue;
    const divided = isDivided(sqlite, communeId);
    for (const v of villagesOf.all(communeId) as { id: number; name: string }[]) {
      if (villageNameKey(v.name) !== key) continue;
      if (divided && assignedCommune(sqlite, communeId, v.id) !== newCommuneId) continue;
      rival = true;
    }
  }
  const taken = sqlite
    .prepare(
      `SELECT v.id, v.name FROM units v JOIN reform_village_map m ON m.new_village_id = v.id JOIN units o ON o.id = m.old_village_id
       WHERE v.parent_id = ? AND o.parent_id != ?`,
    )
    .all(newCommuneId, old.parent_id) as { id: number; name: string }[];
  if (taken.some((v) => villageNameKey(v.name) === key)) rival = true;
  const name = rival ? `${old.name} (${oldCommune.name} cũ)` : old.name;
  const wanted = villageNameKey(name);
  const existing = (villagesOf.all(newCommuneId) as { id: number; name: string }[]).find((v) => villageNameKey(v.name) === wanted);
  return { existingId: existing?.id ?? null, name, type: old.type };
}

/**
 * The unit of a map that covers an earlier round's scope: the scope itself when valid on the
 * date; else the new commune all its communes became, or the province of the new communes (a
 * district of 2024 → its province of 2026). Undefined when its communes went into several
 * provinces (the office must then be set up).
 */
export function scopeOnMap(sqlite: BetterSqlite3.Database, scopeUnitId: number, scopeMapDate: string, mapDate: string): number | undefined {
  const scope = unitRow(sqlite, scopeUnitId);
  if (!scope) return undefined;
  if (validOn(scope, mapDate)) return scope.id;
  const olds = scope.level === 'commune' ? [scope.id] : communesInScope(sqlite, scope.id, scopeMapDate).map((c) => c.id);
  const news = new Set<number>();
  for (const id of olds) for (const n of newCommunesOf(sqlite, id, mapDate)) news.add(n);
  if (news.size === 0) {
    // A province or district with no commune of its own loaded: its own map row (89 → 91).
    const direct = sqlite.prepare('SELECT new_unit_id FROM unit_map WHERE old_unit_id = ? AND effective_date <= ?').pluck().all(scope.id, mapDate) as number[];
    return direct.length === 1 ? direct[0] : undefined;
  }
  if (news.size === 1 && scope.level === 'commune') return [...news][0];
  const provinces = new Set([...news].map((id) => unitRow(sqlite, id)?.parent_id ?? null));
  if (provinces.size !== 1) return undefined;
  const [province] = [...provinces];
  return province ?? undefined;
}

/** The same unit on the round's map: a unit valid on the date is itself; an old one, what covers it then (scopeOnMap). */
export function unitOnMap(sqlite: BetterSqlite3.Database, unitId: number, mapDate: string): number | undefined {
  const u = unitRow(sqlite, unitId);
  if (!u) return undefined;
  if (validOn(u, mapDate)) return u.id;
  return scopeOnMap(sqlite, unitId, u.valid_to ?? u.valid_from, mapDate);
}

export interface UnitLabel {
  id: number;
  code: string;
  fullName: string;
}

export function unitLabel(sqlite: BetterSqlite3.Database, id: number): UnitLabel {
  const u = unitRow(sqlite, id);
  if (!u) return { id, code: '', fullName: `#${id}` };
  return { id: u.id, code: u.code, fullName: unitFullName(u.type, u.name) };
}
