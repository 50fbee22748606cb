// Issue 13, the return path: the commune sends its package to the province; the province corrects
// a household and answers a complaint, then sends the commune's package back; the commune imports
// it the same way and sees the province's changes. A household both sides changed since the last
// exchange is a conflict; a household only the commune changed is kept. A commune package made
// before the province's answer does not wipe that answer out.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { recordComplaint, recordRecheck } from '../../electron/core/entry/workflow';
import { exportPackage } from '../../electron/core/exchange/export';
import { importPackage, previewPackage } from '../../electron/core/exchange/import';
import { updateHousehold } from '../../electron/core/households/update';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { coresIn } from '../fixtures/with-core';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const UNIT = '30487';
const dir = tempDir('rasoat-exchange-return-');
const demoDb = path.join(dir, 'demo.sqlite');
const communeDb = path.join(dir, 'commune.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');

const { withCore } = coresIn(dir);
const pkg = (name: string) => path.join(dir, `${name}.pkg`);
const exportFrom = (file: string, out: string, actor: string) => withCore(file, (core) => exportPackage(core, { roundYear: 2025, unitCode: UNIT, out, passphrase: PASS }), actor);
const idOf = (core: Core, code: string) => core.db.sqlite.prepare('SELECT id FROM households WHERE code = ?').pluck().get(code) as number;
const addressOf = (file: string, code: string) => withCore(file, (core) => core.db.sqlite.prepare('SELECT address FROM households WHERE code = ?').pluck().get(code) as string);
const complaintOf = (file: string, code: string) =>
  withCore(file, (core) =>
    core.db.sqlite
      .prepare('SELECT c.content, c.result, c.rechecked_on FROM complaints c JOIN households h ON h.id = c.household_id WHERE h.code = ?')
      .get(code) as { content: string; result: string | null; rechecked_on: string | null },
  );

let codes: string[] = [];

beforeAll(() => {
  withCore(demoDb, (core) => buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 200, seed: 5 }));
  exportFrom(demoDb, pkg('demo'), 'demo');
  // The commune's own office, its data from the demo; the province's office, empty.
  withCore(communeDb, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, UNIT, 'tester');
    expect(importPackage(core, pkg('demo'), PASS).imported).toBe(true);
    codes = core.db.sqlite.prepare('SELECT code FROM households ORDER BY code LIMIT 5').pluck().all() as string[];
    const roundId = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
    recordComplaint(core.db.sqlite, { roundId, householdId: idOf(core, codes[0]!), receivedOn: '2025-11-03', content: 'Khiếu nại: hộ thiếu điểm B1' }, 'xa.canbo');
    // The commune's own work before it sends its package: the state it shares with the province
    // from then on is this one, not what it had received earlier from elsewhere.
    updateHousehold(core.db.sqlite, idOf(core, codes[1]!), { address: 'Xã sửa trước khi gửi tỉnh' }, 'xa.canbo');
  });
  withCore(provinceDb, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, '91', 'tester');
  });
}, 240_000);

describe('exchange package: the return path, province → commune', () => {
  it('the province exports the received commune; the commune takes its corrections and answers, finds the conflict, keeps its own change', () => {
    const [complained, corrected, both, communeOnly] = codes as [string, string, string, string];
    exportFrom(communeDb, pkg('c1'), 'xa.canbo');
    expect(withCore(provinceDb, (core) => importPackage(core, pkg('c1'), PASS)).imported).toBe(true);

    // The province corrects one household, answers the complaint, and changes a household the commune changes too.
    withCore(provinceDb, (core) => {
      const s = core.db.sqlite;
      updateHousehold(s, idOf(core, corrected), { address: 'Địa chỉ tỉnh đính chính' }, 'tinh.canbo');
      updateHousehold(s, idOf(core, both), { address: 'Tỉnh sửa' }, 'tinh.canbo');
      const complaintId = s.prepare('SELECT c.id FROM complaints c JOIN households h ON h.id = c.household_id WHERE h.code = ?').pluck().get(complained) as number;
      recordRecheck(s, { complaintId, recheckedOn: '2025-11-10', result: 'Tỉnh trả lời: giữ nguyên kết quả' }, 'tinh.canbo');
    });
    withCore(communeDb, (core) => {
      updateHousehold(core.db.sqlite, idOf(core, both), { address: 'Xã sửa' }, 'xa.canbo');
      updateHousehold(core.db.sqlite, idOf(core, communeOnly), { address: 'Chỉ xã sửa' }, 'xa.canbo');
    });
    // A commune package made before the province's answer reached the commune (imported below, at the end).
    exportFrom(communeDb, pkg('c-stale'), 'xa.canbo');

    // The province's package of the commune, by the round's and the unit's natural keys.
    const made = exportFrom(provinceDb, pkg('p1'), 'tinh.canbo');
    expect(made.manifest.office).toMatchObject({ code: '91', level: 'province' });
    expect(made.manifest.unit.code).toBe(UNIT);

    const preview = withCore(communeDb, (core) => previewPackage(core, pkg('p1'), PASS));
    const statusOf = (code: string) => preview.households.find((h) => h.code === code)!.status;
    expect(statusOf(corrected)).toBe('changed');
    expect(statusOf(both)).toBe('conflict');
    expect(statusOf(communeOnly)).toBe('kept');
    expect(preview.counts).toMatchObject({ changed: 1, conflict: 1, kept: 1, new: 0 });
    expect(preview.households.find((h) => h.code === both)!.fields).toEqual([{ field: 'address', ours: 'Xã sửa', theirs: 'Tỉnh sửa' }]);

    expect(withCore(communeDb, (core) => importPackage(core, pkg('p1'), PASS), 'xa.canbo').imported).toBe(true);
    expect(addressOf(communeDb, corrected)).toBe('Địa chỉ tỉnh đính chính');
    expect(addressOf(communeDb, both)).toBe('Xã sửa'); // no choice given: the commune's own value
    expect(addressOf(communeDb, communeOnly)).toBe('Chỉ xã sửa');
    expect(complaintOf(communeDb, complained)).toMatchObject({ result: 'Tỉnh trả lời: giữ nguyên kết quả', rechecked_on: '2025-11-10' });
    // The province's change came with its audit trail, naming who made it.
    const trail = withCore(communeDb, (core) =>
      core.db.sqlite.prepare(`SELECT actor FROM audit WHERE entity = 'household' AND entity_id = ? AND field = 'address' ORDER BY id`).pluck().all(idOf(core, corrected)),
    );
    expect(trail).toContain('tinh.canbo');
    // The complaint's answer taken from the package is audited.
    const answered = withCore(communeDb, (core) =>
      core.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE entity = 'complaint' AND action = 'import' AND field = 'result'`).pluck().get() as number,
    );
    expect(answered).toBe(1);

    // The same package again: nothing to do.
    expect(withCore(communeDb, (core) => importPackage(core, pkg('p1'), PASS)).imported).toBe(false);
  }, 240_000);

  it('a commune package made before the province answered does not wipe the answer out at the province', () => {
    const [complained] = codes as [string];
    expect(withCore(provinceDb, (core) => importPackage(core, pkg('c-stale'), PASS)).imported).toBe(true);
    expect(complaintOf(provinceDb, complained)).toMatchObject({ result: 'Tỉnh trả lời: giữ nguyên kết quả', rechecked_on: '2025-11-10' });
  }, 120_000);

  it('a change another program commits between the preview and the commit is not overwritten: the import plans again inside the write lock', () => {
    const raced = codes[4]!;
    withCore(communeDb, (core) => updateHousehold(core.db.sqlite, idOf(core, raced), { address: 'Xã sửa lần hai' }, 'xa.canbo'));
    exportFrom(communeDb, pkg('c3'), 'xa.canbo');
    expect(withCore(provinceDb, (core) => previewPackage(core, pkg('c3'), PASS)).households.find((h) => h.code === raced)!.status).toBe('changed');
    const result = withCore(
      provinceDb,
      (core) => {
        const backup = core.backup.bind(core);
        // Another program (its own connection) saves the same household while the import makes its backup.
        core.backup = (...args: Parameters<Core['backup']>) => {
          withCore(provinceDb, (other) => updateHousehold(other.db.sqlite, idOf(other, raced), { address: 'Tỉnh sửa cùng lúc' }, 'tinh.khac'));
          return backup(...args);
        };
        return importPackage(core, pkg('c3'), PASS);
      },
      'tinh.canbo',
    );
    expect(result.imported).toBe(true);
    expect(result.preview.households.find((h) => h.code === raced)!.status).toBe('conflict');
    expect(addressOf(provinceDb, raced)).toBe('Tỉnh sửa cùng lúc');
  }, 120_000);
});
