/**
 * Issue 12, point 4: a list that shows ID numbers (households.list, the heads' CCCD) read on a
 * screen is logged as a bulk read — once per user, round and unit in a window, not once per page.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { LIST_READ_WINDOW_MS, logListRead } from '../../electron/core/db/audit';
import { listHouseholds } from '../../electron/core/households/read';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let seeded: ReturnType<typeof seedSmall>;
beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'list-reads.sqlite'), resourcesDir: RESOURCES, actor: 'cli' });
  seeded = seedSmall(core);
  core.db.sqlite.prepare("UPDATE households SET head_id_number = '089075001234' WHERE id = ?").run(seeded.householdIds[0]);
});
afterAll(() => core.close());

const listRows = () => core.db.sqlite.prepare("SELECT actor, action, unit_id, new_value FROM audit WHERE entity = 'list' ORDER BY id").all() as { actor: string; action: string; unit_id: number | null; new_value: string }[];

describe('a list with ID numbers read on a screen', () => {
  it('is logged once per user, round and unit in the window, with the households whose ID numbers it showed', async () => {
    const page = await listHouseholds(core.db.kysely, { roundId: seeded.roundId, communeId: seeded.communeId, sort: 'name', dir: 'asc', offset: 0, limit: 100 });
    const t0 = Date.now();
    const r = { actor: 'hoa.pt', roundId: seeded.roundId, unitId: seeded.communeId, rows: page.rows, total: page.total };
    expect(logListRead(core.db.sqlite, r, t0)).toBe(true);
    expect(logListRead(core.db.sqlite, r, t0 + 1000)).toBe(false); // the next page, the same reading
    expect(logListRead(core.db.sqlite, { ...r, actor: 'khac.nv' }, t0 + 1000)).toBe(true); // another user
    expect(logListRead(core.db.sqlite, r, t0 + LIST_READ_WINDOW_MS + 1)).toBe(true); // later on
    const rows = listRows();
    expect(rows.map((x) => x.actor)).toEqual(['hoa.pt', 'khac.nv', 'hoa.pt']);
    expect(rows[0]).toMatchObject({ action: 'read', unit_id: seeded.communeId });
    expect(JSON.parse(rows[0]!.new_value)).toMatchObject({ households: 1, total: 3 });
  });

  it('a page with no ID number on it is not a bulk read of ID numbers', () => {
    const before = listRows().length;
    expect(logListRead(core.db.sqlite, { actor: 'x', roundId: seeded.roundId, unitId: null, rows: [{ memberCount: 3, headIdNumber: null }], total: 1 })).toBe(false);
    expect(listRows()).toHaveLength(before);
  });
});
