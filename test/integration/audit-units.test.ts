/**
 * Issue 12, point 4: each audit row carries its unit (audit.unit_id, migration 12), found by
 * writeAudit itself so no writer has to give it: a household's village (else its commune), a
 * member's household's, a removed member's by the household id its row kept, a unit itself, a
 * workflow row's "commune N"; a unit given explicitly wins.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { writeAudit } from '../../electron/core/db/audit';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let seeded: ReturnType<typeof seedSmall>;
beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'units.sqlite'), resourcesDir: RESOURCES, actor: 'cli' });
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const unitOfLast = (): number | null => core.db.sqlite.prepare('SELECT unit_id FROM audit ORDER BY id DESC LIMIT 1').pluck().get() as number | null;

describe('the unit of an audit row', () => {
  it('a household\'s row: its village; with no village, its commune', () => {
    const [h1, h2] = seeded.householdIds as [number, number];
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'household', entityId: h1, action: 'update', field: 'address', oldValue: 'x', newValue: 'y' }]);
    expect(unitOfLast()).toBe(seeded.villageId);
    core.db.sqlite.prepare('UPDATE households SET village_id = NULL WHERE id = ?').run(h2);
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'household', entityId: h2, action: 'update', field: 'area', oldValue: 'rural', newValue: 'urban' }]);
    expect(unitOfLast()).toBe(seeded.communeId);
  });

  it('a member\'s row: its household\'s village; a member already removed: by the household id its row kept', () => {
    const [h1] = seeded.householdIds as [number];
    const mid = core.db.sqlite.prepare('SELECT id FROM members WHERE household_id = ? LIMIT 1').pluck().get(h1) as number;
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'member', entityId: mid, action: 'update', field: 'sex', oldValue: 'male', newValue: 'female' }]);
    expect(unitOfLast()).toBe(seeded.villageId);
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'member', entityId: 999_999, action: 'import-delete', oldValue: { householdId: h1, name: 'Người đã bỏ' } }]);
    expect(unitOfLast()).toBe(seeded.villageId);
  });

  it('a unit\'s row, a workflow row of a commune, and a unit given by the writer', () => {
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'unit', entityId: seeded.villageId, action: 'update', field: 'area', oldValue: 'rural', newValue: 'urban' }]);
    expect(unitOfLast()).toBe(seeded.villageId);
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'round', entityId: seeded.roundId, action: 'build_list', field: `commune ${seeded.communeId}`, newValue: {} }]);
    expect(unitOfLast()).toBe(seeded.communeId);
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'household', entityId: seeded.householdIds[0]!, action: 'update', field: 'x', unitId: seeded.communeId }]);
    expect(unitOfLast()).toBe(seeded.communeId);
    writeAudit(core.db.sqlite, [{ actor: 'a', entity: 'round', entityId: seeded.roundId, action: 'create', newValue: { year: 2023 } }]);
    expect(unitOfLast()).toBeNull();
  });
});
