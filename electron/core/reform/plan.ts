import type BetterSqlite3 from 'better-sqlite3';
import { nowIso } from '../db/connection';
import type { CopyTarget } from '../entry/rounds';
import { communesInScope } from '../units/scope';
import { assignedCommune, newCommunesOf, villageOnNewMap } from './map';

/** A household of the earlier round that waits for the queue instead of being copied. */
export interface PendingHousehold {
  householdId: number;
  oldCommuneId: number;
  oldVillageId: number | null;
  reason: 'divided' | 'outside';
  /** Where it would go ('outside': a commune outside the round's unit). */
  newCommuneId: number | null;
}

/**
 * Where each household of the earlier round goes in a new round on this map: the same commune
 * and village when its commune is still on the map; the new commune and its village when the
 * commune was merged (reform/map.ts); the assigned new commune when it was divided and its village
 * was assigned, else the queue; the queue too when the commune it goes to is outside the round's
 * unit (units/scope.ts: the one rule).
 */
export function planCopy(
  sqlite: BetterSqlite3.Database,
  fromRoundId: number,
  scopeUnitId: number,
  mapDate: string,
): { targets: CopyTarget[]; pending: PendingHousehold[]; villagesMapped: number } {
  const inScope = new Set(communesInScope(sqlite, scopeUnitId, mapDate).map((c) => c.id));
  const rows = sqlite.prepare('SELECT id, commune_id, village_id FROM households WHERE round_id = ? ORDER BY id').all(fromRoundId) as {
    id: number;
    commune_id: number;
    village_id: number | null;
  }[];
  const newCommunes = new Map<number, number[]>();
  const villages = new Map<string, number>();
  const targets: CopyTarget[] = [];
  const pending: PendingHousehold[] = [];
  for (const h of rows) {
    let news = newCommunes.get(h.commune_id);
    if (!news) newCommunes.set(h.commune_id, (news = newCommunesOf(sqlite, h.commune_id, mapDate)));
    let communeId = h.commune_id;
    let villageId = h.village_id;
    if (news.length > 0) {
      const to = news.length === 1 ? news[0] : assignedCommune(sqlite, h.commune_id, h.village_id);
      if (to === undefined) {
        pending.push({ householdId: h.id, oldCommuneId: h.commune_id, oldVillageId: h.village_id, reason: 'divided', newCommuneId: null });
        continue;
      }
      communeId = to;
      if (h.village_id !== null) {
        const key = `${h.village_id}|${to}`;
        let v = villages.get(key);
        if (v === undefined) villages.set(key, (v = villageOnNewMap(sqlite, h.village_id, to)));
        villageId = v;
      }
    }
    if (!inScope.has(communeId)) {
      pending.push({ householdId: h.id, oldCommuneId: h.commune_id, oldVillageId: h.village_id, reason: 'outside', newCommuneId: communeId });
      continue;
    }
    targets.push({ householdId: h.id, communeId, villageId });
  }
  return { targets, pending, villagesMapped: villages.size };
}

/** Files the households that wait (reform_pending); returns how many. */
export function recordPending(sqlite: BetterSqlite3.Database, roundId: number, fromRoundId: number, pending: readonly PendingHousehold[]): number {
  const insert = sqlite.prepare(
    `INSERT INTO reform_pending (round_id, household_id, from_round_id, old_commune_id, old_village_id, reason, new_commune_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = nowIso();
  for (const p of pending) insert.run(roundId, p.householdId, fromRoundId, p.oldCommuneId, p.oldVillageId ?? 0, p.reason, p.newCommuneId, now);
  return pending.length;
}
