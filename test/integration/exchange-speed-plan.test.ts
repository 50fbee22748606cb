// Issue 13 (package_import_s): the plan of a package (its preview) reads, of this database, only
// what concerns the package's own households. The baselines (what an office last sent) were read
// whole for the sending office and round: at a province that had merged a hundred communes from
// one office, a million rows read and held for every package, a cost in time and memory that grew
// with every commune merged. Each is now looked up by its whole key, and only for the households
// this side already has (a new household has no baseline to compare with).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { exportPackage } from '../../electron/core/exchange/export';
import { readPackage } from '../../electron/core/exchange/format';
import { importPackage, previewOfPackage } from '../../electron/core/exchange/import';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';
import { planOf, recording } from '../fixtures/statements';

const PASS = 'mat-khau-goi-2025';
const A = '30463';
const B = '30481';
const dir = tempDir('rasoat-exchange-speed-plan-');
const demoDb = path.join(dir, 'demo.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');
const pkg = (code: string) => path.join(dir, `${code}.pkg`);

async function withCore<T>(file: string, fn: (core: Core) => T | Promise<T>): Promise<T> {
  const core = new Core({ dbPath: file, resourcesDir: RESOURCES, actor: 'tinh.canbo', backupDir: path.join(dir, `backups-${path.basename(file)}`) });
  try {
    return await fn(core);
  } finally {
    core.close();
  }
}

beforeAll(async () => {
  await withCore(demoDb, (core) => {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 5 });
    for (const code of [A, B]) exportPackage(core, { roundYear: 2025, unitCode: code, out: pkg(code), passphrase: PASS });
  });
  await withCore(provinceDb, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, '91', 'tester');
    // Commune A merged first: the sending office's baselines of A's households are here.
    expect(importPackage(core, pkg(A), PASS).imported).toBe(true);
  });
}, 240_000);

describe("exchange: a package's plan", () => {
  it("looks up no baseline for a new commune's households, and the others' by their whole key, never every household of the office", async () => {
    const b = readPackage(pkg(B), PASS);
    const a = readPackage(pkg(A), PASS);
    await withCore(provinceDb, async (core) => {
      const s = core.db.sqlite;
      const office = a.manifest.office.code;
      expect(b.manifest.office.code).toBe(office);
      expect(s.prepare('SELECT COUNT(*) FROM exchange_baselines WHERE office_code = ?').pluck().get(office)).toBe(a.parts.households.length);
      for (const p of [b, a]) {
        let counts: Record<string, number> = {};
        const baselines = (
          await recording(core, () => {
            counts = previewOfPackage(core, p).counts;
          })
        )
          .filter((q) => /\bexchange_baselines\b/u.test(q.sql))
          .map((q) => ({ sql: q.sql, plan: planOf(core, q) }));
        for (const x of baselines) {
          expect(x.plan.join(' | '), x.sql.replace(/\s+/gu, ' ')).toMatch(/office_code=\? AND round_id=\? AND household_code=\?/u);
        }
        // A's households are here: their baselines are read (by their whole key).
        if (p === a) expect(baselines.length).toBeGreaterThan(0);
        if (p === b) expect(counts).toEqual({ new: b.parts.households.length, changed: 0, unchanged: 0, kept: 0, conflict: 0 });
        // The same package again: every household unchanged (each compared with its baseline).
        else expect(counts).toEqual({ new: 0, changed: 0, unchanged: a.parts.households.length, kept: 0, conflict: 0 });
      }
    });
  });
});
