import type BetterSqlite3 from 'better-sqlite3';
import type { ReformApiOutputs, ReformOutsideItem, ReformQueue, ReformQueueItem, ReformUnit } from '../../../shared/api/reform';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { writeTransaction } from '../db/write-transaction';
import { copyHouseholds } from '../entry/rounds';
import { assertEditable } from '../entry/locks';
import { invalidAt } from '../errors';
import { getRound } from '../rounds/rounds';
import { communesInScope } from '../units/scope';
import { assignedCommune, unitLabel, villageOnNewMap } from './map';

interface PendingGroup {
  old_commune_id: number;
  old_village_id: number;
  reason: 'divided' | 'outside';
  new_commune_id: number | null;
  households: number;
}

/** Pending rows still waiting: those whose code the round has since got (keyed, imported) are there already. */
const WAITING = `FROM reform_pending p JOIN households e ON e.id = p.household_id
  WHERE p.round_id = ? AND NOT EXISTS (SELECT 1 FROM households h WHERE h.round_id = p.round_id AND h.code = e.code)`;

const villageLabel = (sqlite: BetterSqlite3.Database, id: number): ReformUnit | null => (id === 0 ? null : unitLabel(sqlite, id));

/** The new communes an old commune went into on the round's map (unit_map), in Vietnamese order. */
function candidatesOf(sqlite: BetterSqlite3.Database, oldCommuneId: number, mapDate: string): ReformUnit[] {
  const ids = sqlite
    .prepare(
      `SELECT m.new_unit_id FROM unit_map m JOIN units u ON u.id = m.new_unit_id
       WHERE m.old_unit_id = ? AND m.effective_date <= ? ORDER BY u.name_sort, u.code`,
    )
    .pluck()
    .all(oldCommuneId, mapDate) as number[];
  return ids.map((id) => unitLabel(sqlite, id));
}

/** The round's waiting households, by old commune and village (reform_pending). */
export function reformQueue(sqlite: BetterSqlite3.Database, roundId: number): ReformQueue {
  const round = getRound(sqlite, roundId);
  const groups = sqlite
    .prepare(
      `SELECT p.old_commune_id, p.old_village_id, p.reason, p.new_commune_id, COUNT(*) AS households ${WAITING}
       GROUP BY 1, 2, 3, 4`,
    )
    .all(roundId) as PendingGroup[];
  const sortKey = sqlite.prepare('SELECT name_sort FROM units WHERE id = ?').pluck();
  const key = (g: PendingGroup): string => `${String(sortKey.get(g.old_commune_id) ?? '')}\u0000${g.old_village_id === 0 ? '' : String(sortKey.get(g.old_village_id) ?? '')}`;
  groups.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const waiting: ReformQueueItem[] = [];
  const outside: ReformOutsideItem[] = [];
  let total = 0;
  for (const g of groups) {
    total += g.households;
    const oldCommune = unitLabel(sqlite, g.old_commune_id);
    const oldVillage = villageLabel(sqlite, g.old_village_id);
    if (g.reason === 'divided') waiting.push({ oldCommune, oldVillage, households: g.households, candidates: candidatesOf(sqlite, g.old_commune_id, round.unit_map_date) });
    else outside.push({ oldCommune, oldVillage, newCommune: g.new_commune_id === null ? null : unitLabel(sqlite, g.new_commune_id), households: g.households });
  }
  return { roundId, total, waiting, outside };
}

/**
 * The officer's choice for a village of a divided commune: recorded once (reform_assignments,
 * audited), then the round's waiting households of that village are copied into the new commune,
 * in the village named as their old one (reform/map.ts). A later round or import reads the choice.
 */
export function assignVillage(
  sqlite: BetterSqlite3.Database,
  input: { roundId: number; oldCommuneId: number; oldVillageId: number | null; newCommuneId: number },
  actor: string,
): ReformApiOutputs['reform.assign'] {
  return writeTransaction(sqlite, () => {
    const round = getRound(sqlite, input.roundId);
    const oldCommune = unitLabel(sqlite, input.oldCommuneId);
    const candidates = candidatesOf(sqlite, input.oldCommuneId, round.unit_map_date);
    if (candidates.length < 2) {
      throw invalidAt('oldCommuneId', `${oldCommune.fullName} không bị chia cho nhiều xã mới trên bản đồ của đợt ${round.year}: các hộ của xã này được chuyển tự động, không cần chọn.`);
    }
    const target = candidates.find((c) => c.id === input.newCommuneId);
    if (!target) {
      throw invalidAt('newCommuneId', `Chọn một trong các xã mới mà ${oldCommune.fullName} được chia vào: ${candidates.map((c) => c.fullName).join(', ')}.`);
    }
    if (input.oldVillageId !== null) {
      const parent = sqlite.prepare(`SELECT parent_id FROM units WHERE id = ? AND level = 'village'`).pluck().get(input.oldVillageId) as number | undefined;
      if (parent !== input.oldCommuneId) {
        throw invalidAt('oldVillageId', `Thôn/ấp này không thuộc ${oldCommune.fullName}: chọn lại từ danh sách chờ.`);
      }
    }
    const village = input.oldVillageId === null ? null : unitLabel(sqlite, input.oldVillageId);
    const before = assignedCommune(sqlite, input.oldCommuneId, input.oldVillageId);
    if (before !== undefined && before !== input.newCommuneId) {
      const was = unitLabel(sqlite, before);
      throw invalidAt('newCommuneId', `${village ? village.fullName : 'Các hộ không ghi thôn/ấp'} (${oldCommune.fullName} cũ) đã được giao cho ${was.fullName}; mỗi thôn/ấp chỉ giao một lần. Nếu giao nhầm, chuyển từng hộ ở màn hình hộ gia đình.`);
    }
    const inScope = communesInScope(sqlite, round.scope_unit_id, round.unit_map_date).some((c) => c.id === input.newCommuneId);
    if (inScope) assertEditable(sqlite, round.id, input.newCommuneId);
    if (before === undefined) {
      sqlite
        .prepare('INSERT INTO reform_assignments (old_commune_id, old_village_id, new_commune_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.oldCommuneId, input.oldVillageId ?? 0, input.newCommuneId, actor, nowIso());
    }
    const newVillageId = input.oldVillageId === null ? null : villageOnNewMap(sqlite, input.oldVillageId, input.newCommuneId);
    const rows = sqlite
      .prepare(`SELECT household_id, from_round_id FROM reform_pending WHERE round_id = ? AND old_commune_id = ? AND old_village_id = ? AND reason = 'divided' ORDER BY household_id`)
      .all(round.id, input.oldCommuneId, input.oldVillageId ?? 0) as { household_id: number; from_round_id: number }[];
    let copied = 0;
    if (inScope) {
      const byFrom = new Map<number, number[]>();
      for (const r of rows) byFrom.set(r.from_round_id, [...(byFrom.get(r.from_round_id) ?? []), r.household_id]);
      for (const [fromRoundId, ids] of byFrom) {
        copied += copyHouseholds(sqlite, fromRoundId, round.id, ids.map((householdId) => ({ householdId, communeId: input.newCommuneId, villageId: newVillageId }))).households;
      }
      sqlite.prepare(`DELETE FROM reform_pending WHERE round_id = ? AND old_commune_id = ? AND old_village_id = ? AND reason = 'divided'`).run(round.id, input.oldCommuneId, input.oldVillageId ?? 0);
    } else {
      sqlite
        .prepare(`UPDATE reform_pending SET reason = 'outside', new_commune_id = ? WHERE round_id = ? AND old_commune_id = ? AND old_village_id = ? AND reason = 'divided'`)
        .run(input.newCommuneId, round.id, input.oldCommuneId, input.oldVillageId ?? 0);
    }
    writeAudit(sqlite, [
      {
        actor,
        entity: 'round',
        entityId: round.id,
        action: 'reform_assign',
        field: village ? `${oldCommune.code} ${village.fullName}` : `${oldCommune.code} (không ghi thôn/ấp)`,
        oldValue: before ?? null,
        newValue: { oldCommuneId: input.oldCommuneId, oldVillageId: input.oldVillageId, newCommuneId: input.newCommuneId, newVillageId, households: rows.length, copied, outside: !inScope },
      },
    ]);
    return { copied, newVillage: newVillageId === null ? null : unitLabel(sqlite, newVillageId), outside: !inScope };
  });
}
