import type BetterSqlite3 from 'better-sqlite3';
import type { KeyerScope } from '../../../shared/api/permissions';

/**
 * A keyer's call, resolved to the villages it touches (shared/api/permissions.ts says which
 * resolution each method uses). The village of a household is read from the database, never taken
 * from what the screen sends.
 */

type Input = Record<string, unknown>;

function villageOfHousehold(sqlite: BetterSqlite3.Database, householdId: unknown): number | null {
  if (typeof householdId !== 'number') return null;
  const row = sqlite.prepare('SELECT village_id FROM households WHERE id = ?').get(householdId) as { village_id: number | null } | undefined;
  return row?.village_id ?? null;
}

/** The village a draft body was keyed for (shared/entry/draft.ts: DraftBody.villageId). */
function villageOfBody(body: unknown): number | null {
  const v = (body as { villageId?: unknown } | null)?.villageId;
  return typeof v === 'number' ? v : null;
}

/** Whether a keyer with these villages may make this call (its input already checked by the contract). */
export function keyerMay(sqlite: BetterSqlite3.Database, scope: KeyerScope, input: Input, villages: readonly number[]): boolean {
  const mine = (village: number | null): boolean => village !== null && villages.includes(village);
  switch (scope) {
    case 'none':
    case 'drafts':
      return true;
    case 'household':
      return mine(villageOfHousehold(sqlite, input.householdId));
    case 'village':
      return typeof input.villageId === 'number' && mine(input.villageId);
    case 'form': {
      if (input.householdId !== null && input.householdId !== undefined && !mine(villageOfHousehold(sqlite, input.householdId))) return false;
      const form = input.form as { villageId?: unknown } | undefined;
      return typeof form?.villageId === 'number' && mine(form.villageId);
    }
    case 'draft': {
      if ('key' in input && !('body' in input)) {
        // get / delete: the stored draft (an unknown key: nothing to show or delete, the service answers).
        const row = sqlite.prepare('SELECT household_id, body FROM entry_drafts WHERE key = ?').get(input.key) as { household_id: number | null; body: string } | undefined;
        if (!row) return true;
        return draftIsMine(sqlite, row.household_id, row.body, villages);
      }
      if (input.householdId !== null && input.householdId !== undefined) return mine(villageOfHousehold(sqlite, input.householdId));
      return mine(villageOfBody(input.body));
    }
  }
}

function draftIsMine(sqlite: BetterSqlite3.Database, householdId: number | null, body: unknown, villages: readonly number[]): boolean {
  if (householdId !== null) {
    const v = villageOfHousehold(sqlite, householdId);
    return v !== null && villages.includes(v);
  }
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
  }
  const v = villageOfBody(parsed);
  return v !== null && villages.includes(v);
}

/** A keyer's answer of a 'drafts' call: only the drafts of their villages. */
export function keepKeyersDrafts<T extends { householdId: number | null; body: unknown }>(sqlite: BetterSqlite3.Database, rows: readonly T[], villages: readonly number[]): T[] {
  return rows.filter((r) => draftIsMine(sqlite, r.householdId, r.body, villages));
}
