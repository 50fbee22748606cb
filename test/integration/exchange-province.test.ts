// Issue 13, the province's views on merged packages: receipt status per commune (received when,
// from which office and by whom, which step, counts; the communes not received), the engine's
// recomputation of a received commune compared with the commune's results (a package whose
// result was altered shows the mismatch, and the stored value is not replaced), and the report
// (BC) on the province database with one row per commune.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchAsAdmin } from '../fixtures/api';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadContext } from '../../electron/core/documents/context';
import { reportTables, tableRows } from '../../electron/core/documents/report';
import { exportPackage } from '../../electron/core/exchange/export';
import { readPackage, writePackage } from '../../electron/core/exchange/format';
import { importPackage } from '../../electron/core/exchange/import';
import { provinceReceipts, recomputeCommune } from '../../electron/core/exchange/province';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { coresIn } from '../fixtures/with-core';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const dir = tempDir('rasoat-exchange-province-');
const demoDb = path.join(dir, 'demo.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');
const GOOD = '30487';
const ALTERED = '30463';

const { withCore } = coresIn(dir);
const communeId = (core: Core, code: string) => core.db.sqlite.prepare(`SELECT id FROM units WHERE code = ? AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get(code) as number;
const roundOf = (core: Core) => core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;

let altered: { code: string; status: string; stored: string };
let demoCounts: Record<string, { households: number; poor: number }> = {};

beforeAll(() => {
  withCore(demoDb, (core) => {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 3 });
    const rows = core.db.sqlite
      .prepare(
        `SELECT u.code, COUNT(*) AS households, SUM(r.status = 'poor') AS poor FROM households h JOIN units u ON u.id = h.commune_id
         LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ? GROUP BY u.code`,
      )
      .all(roundOf(core)) as { code: string; households: number; poor: number }[];
    demoCounts = Object.fromEntries(rows.map((r) => [r.code, { households: r.households, poor: r.poor }]));
  });
  for (const code of [GOOD, ALTERED]) withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: code, out: path.join(dir, `${code}.pkg`), passphrase: PASS }), 'xa.canbo');
  // The altered package: one household's stored result says "poor" where its answers do not give it
  // (a bug or a hand edit at the commune), sealed again as a valid package.
  const file = path.join(dir, `${ALTERED}.pkg`);
  const pkg = readPackage(file, PASS);
  const r = pkg.parts.results.find((x) => x.status !== 'poor')!;
  altered = { code: r.household as string, status: 'poor', stored: r.status as string };
  r.status = 'poor';
  const { parts: _p, ...manifest } = pkg.manifest;
  void _p;
  writePackage(path.join(dir, 'altered.pkg'), manifest, pkg.parts, PASS);
  withCore(provinceDb, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, '91', 'tester');
    expect(importPackage(core, path.join(dir, `${GOOD}.pkg`), PASS).imported).toBe(true);
    expect(importPackage(core, path.join(dir, 'altered.pkg'), PASS).imported).toBe(true);
  }, 'tinh.canbo');
}, 240_000);

describe('province views on the merged packages', () => {
  it('receipt status per commune: received when, from which office and by whom, step, counts; the communes not received', () => {
    const r = withCore(provinceDb, (core) => provinceReceipts(core.db.sqlite));
    expect(r.round?.year).toBe(2025);
    const byCode = new Map(r.communes.map((c) => [c.code, c]));
    for (const code of [GOOD, ALTERED]) {
      const c = byCode.get(code)!;
      expect(c.received).toBe(true);
      expect(c.last).toMatchObject({ officeCode: '91', createdBy: 'xa.canbo', receivedBy: 'tinh.canbo', forced: false });
      expect(c.packages).toBe(1);
      expect(c.households).toBe(demoCounts[code]!.households);
      expect(c.members).toBeGreaterThan(c.households);
      expect(c.stepLabel.length).toBeGreaterThan(0);
    }
    expect(byCode.get(GOOD)!.poor).toBe(demoCounts[GOOD]!.poor);
    expect(byCode.get(ALTERED)!.poor).toBe(demoCounts[ALTERED]!.poor + 1); // the altered result, as sent
    expect(r.totals.received).toBe(2);
    expect(r.totals.communes).toBeGreaterThan(50); // An Giang's communes on the map of 1/7/2025
    expect(r.notReceived).toHaveLength(r.totals.communes - 2);
    expect(r.notReceived.some((c) => c.code === GOOD)).toBe(false);
    expect(r.communes.filter((c) => !c.received).every((c) => c.households === 0 && c.last === null)).toBe(true);
  }, 60_000);

  it('recomputes every result of a received commune: the altered one is listed with both values, nothing is written; the intact commune has none', async () => {
    const good = withCore(provinceDb, (core) => recomputeCommune(core.db.sqlite, core.registry, roundOf(core), communeId(core, GOOD)));
    expect(good.checked).toBeGreaterThan(20);
    expect(good.mismatches).toEqual([]);
    expect(good.same).toBe(good.checked);

    const before = withCore(provinceDb, (core) => core.db.sqlite.prepare('SELECT COUNT(*), SUM(status = \'poor\') FROM results').raw().get());
    const bad = withCore(provinceDb, (core) => recomputeCommune(core.db.sqlite, core.registry, roundOf(core), communeId(core, ALTERED)));
    expect(bad.mismatches).toHaveLength(1);
    expect(bad.mismatches[0]!.code).toBe(altered.code);
    expect(bad.mismatches[0]!.fields.find((f) => f.field === 'status')).toMatchObject({ label: 'Phân loại', stored: 'Hộ nghèo' });
    expect(bad.mismatches[0]!.fields.find((f) => f.field === 'status')!.computed).not.toBe('Hộ nghèo');
    // Shown, never silently replaced.
    expect(withCore(provinceDb, (core) => core.db.sqlite.prepare('SELECT COUNT(*), SUM(status = \'poor\') FROM results').raw().get())).toEqual(before);

    // Through the contract, as the screen calls it.
    const core = new Core({ dbPath: provinceDb, resourcesDir: RESOURCES, actor: 'tester', backupDir: path.join(dir, 'backups-api') });
    try {
      const services = createServices(core);
      const receipts = await dispatchAsAdmin(services, 'province.receipts', {});
      expect(receipts.ok).toBe(true);
      const recompute = (await dispatchAsAdmin(services, 'province.recompute', { roundId: roundOf(core), communeId: communeId(core, ALTERED) })) as {
        ok: boolean;
        value: { mismatches: unknown[] };
      };
      expect(recompute.ok && recompute.value.mismatches.length).toBe(1);
    } finally {
      core.close();
    }
  }, 120_000);

  it('the report (BC) on the province database of imported packages has one row per commune and a total row', () => {
    withCore(provinceDb, (core) => {
      const s = core.db.sqlite;
      const province = s.prepare(`SELECT scope_unit_id FROM rounds WHERE id = ?`).pluck().get(roundOf(core)) as number;
      const ctx = loadContext(s, roundOf(core), province);
      const receipts = provinceReceipts(s);
      expect(ctx.communes.map((c) => c.id).sort()).toEqual(receipts.communes.map((c) => c.communeId).sort());
      const tables = reportTables(s, ctx);
      expect(tables.length).toBe(11);
      for (const t of tables) {
        const perRow = t.breakdown?.length ?? 1;
        expect(tableRows(ctx, t)).toHaveLength((ctx.communes.length + 1) * perRow);
      }
      // Each received commune's own figures; the communes not received have none.
      const t1 = tables[0]!;
      const sum = (id: number) => (t1.figures.get(id) ?? []).reduce((a, b) => a + b, 0);
      expect(sum(communeId(core, GOOD))).toBeGreaterThan(0);
      expect(sum(communeId(core, ALTERED))).toBeGreaterThan(0);
      expect(receipts.communes.filter((c) => !c.received).every((c) => sum(c.communeId) === 0)).toBe(true);
    });
  }, 120_000);
});
