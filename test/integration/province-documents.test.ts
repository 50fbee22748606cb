// Issue 13, item 4: the province's population-database list (LK) on a database built only from
// commune packages. Two communes of the demo, each with its own recognition decision, exported as
// packages and imported into an empty province database: the LK of the whole province (PDF and
// Excel) has every person of both communes' poor and near-poor households, each household with
// the number and date of ITS commune's decision, and the totals of the source communes.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../../electron/core/demo/generate';
import { renderDocument } from '../../electron/core/documents/render';
import { exportList } from '../../electron/core/excel/export';
import { exportPackage } from '../../electron/core/exchange/export';
import { importPackage } from '../../electron/core/exchange/import';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { coresIn } from '../fixtures/with-core';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const PASS = 'mat-khau-goi-lk';
const dir = tempDir('rasoat-province-lk-');
const demoDb = path.join(dir, 'demo.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');
// Each commune's decision: a number and a date of its own.
const DECISIONS: Record<string, { number: string; signedOn: string; shown: string; date: string }> = {
  '30487': { number: '118', signedOn: '2025-12-15', shown: '118/QĐ-UBND', date: '15/12/2025' },
  '30463': { number: '27', signedOn: '2025-12-22', shown: '27/QĐ-UBND', date: '22/12/2025' },
};

const { withCore, withCoreAsync } = coresIn(dir);

interface Person {
  commune: string;
  household: string;
  name: string;
  id: string;
  head: boolean;
}
let expected: Person[] = [];
let provinceId = 0;
let roundId = 0;

beforeAll(() => {
  withCore(demoDb, (core) => {
    const s = core.db.sqlite;
    buildDemo(s, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 5 });
    const round = s.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
    for (const [code, d] of Object.entries(DECISIONS)) {
      const commune = s.prepare(`SELECT id FROM units WHERE code = ? AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get(code) as number;
      s.prepare("INSERT INTO decisions (round_id, commune_id, number, signed_on, signer_name, signer_title, created_at) VALUES (?, ?, ?, ?, 'Chủ tịch xã', 'Chủ tịch', ?)").run(
        round,
        commune,
        d.number,
        d.signedOn,
        d.signedOn,
      );
    }
    // What the LK must hold, read from the communes' own database.
    expected = s
      .prepare(
        `SELECT c.code AS commune, h.code AS household, m.full_name AS name, COALESCE(m.id_number, '') AS id, m.relation = 'head' AS head
         FROM households h JOIN units c ON c.id = h.commune_id JOIN results r ON r.household_id = h.id JOIN members m ON m.household_id = h.id
         WHERE h.round_id = ? AND c.code IN (${Object.keys(DECISIONS).map(() => '?').join(',')}) AND r.status IN ('poor', 'near_poor')
         ORDER BY c.code, h.code, m.seq`,
      )
      .all(round, ...Object.keys(DECISIONS))
      .map((r) => ({ ...(r as Person), head: Boolean((r as { head: number }).head) }));
  });
  for (const code of Object.keys(DECISIONS)) {
    withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: code, out: path.join(dir, `${code}.pkg`), passphrase: PASS }), 'xa.canbo');
  }
  withCore(
    provinceDb,
    (core) => {
      ensureRegister(core.db.sqlite, RESOURCES, 'tester');
      setupOffice(core.db.sqlite, '91', 'tester');
      for (const code of Object.keys(DECISIONS)) expect(importPackage(core, path.join(dir, `${code}.pkg`), PASS).imported).toBe(true);
      roundId = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
      provinceId = core.db.sqlite.prepare(`SELECT id FROM units WHERE code = '91' AND level = 'province' ORDER BY valid_from DESC LIMIT 1`).pluck().get() as number;
    },
    'tinh.canbo',
  );
}, 240_000);

describe("the province's LK on merged packages", () => {
  it('has some households of both communes to check', () => {
    for (const code of Object.keys(DECISIONS)) expect(expected.filter((p) => p.commune === code && p.head).length, code).toBeGreaterThan(0);
  });

  it('in Excel: every person of both communes, each household with its own commune’s decision number and date', async () => {
    const out = path.join(dir, 'lk.xlsx');
    const written = await withCoreAsync(provinceDb, (core) => exportList(core.db.sqlite, { roundId, unitCode: '91', doc: 'LK', out }), 'tinh.canbo');
    expect(written.members).toBe(expected.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('LK')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (name: string): number => header.indexOf(name) + 1;
    const rows: (Person & { decision: string; date: string })[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cell = (name: string): string => String(row.getCell(col(name)).value ?? '');
      rows.push({
        commune: cell('Mã xã'),
        household: cell('Mã hộ'),
        name: cell('Họ và tên'),
        id: cell('Số định danh'),
        head: cell('Quan hệ với chủ hộ') === 'Chủ hộ',
        decision: cell('Số quyết định'),
        date: cell('Ngày quyết định'),
      });
    });
    expect(rows.map(({ decision: _d, date: _t, ...p }) => p)).toEqual(expected);
    for (const r of rows) {
      const d = DECISIONS[r.commune]!;
      expect([r.decision, r.date], `${r.household} ${r.name}`).toEqual(r.head ? [d.shown, d.date] : ['', '']);
    }
  });

  it('in PDF: both communes’ persons, the totals of the sources, and each commune’s decision on its households', async () => {
    const out = await renderDocument({ dbPath: provinceDb, resourcesDir: RESOURCES, roundId, unitId: provinceId }, 'LK');
    const file = path.join(dir, 'lk.pdf');
    fs.writeFileSync(file, out.pdf);
    const text = squash(pdfText(file));
    const households = expected.filter((p) => p.head).length;
    expect(text).toContain(`Tổng cộng: ${households} hộ, ${expected.length} người.`);
    for (const p of expected.filter((x) => x.id !== '')) expect(text).toContain(p.id);
    // Each decision number is printed once per household of its commune, and on no other.
    for (const [code, d] of Object.entries(DECISIONS)) {
      const heads = expected.filter((p) => p.commune === code && p.head).length;
      expect(text.split(d.shown).length - 1, code).toBe(heads);
      expect(text.split(d.date).length - 1, code).toBe(heads);
    }
  });
});
