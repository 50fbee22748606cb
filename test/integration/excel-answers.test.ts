/**
 * Phiếu B2 (the rule set's deprivation indicators) and Phiếu A (screening, when the rule set has
 * one) travel with the household list: exported on the head's row, imported back with the same
 * header matching as the other columns, so an imported household can be classified.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { classifyHousehold } from '../../electron/core/entry/classify-one';
import { exportList } from '../../electron/core/excel/export';
import { importHouseholdList } from '../../electron/core/excel/import';
import { createRound, getRound } from '../../electron/core/rounds/rounds';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { seedSmall } from '../fixtures/small-db';
import { SYNTHETIC_SCREENING } from '../fixtures/synthetic-rules';
import { RESOURCES, tempDir } from '../helpers';
import { confirmPendingRuleSets } from '../fixtures/rulesets-confirmed';

const dir = tempDir('rasoat-excel-answers-');
let source: Core;
let target: Core;
let seed: ReturnType<typeof seedSmall>;
let targetRound: number;

beforeAll(() => {
  // The administrator's copy of the rule set, with a (synthetic) Phiếu A, beside both databases.
  const rs = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8'));
  rs.version = '2022.1+phieu-a-gia-lap';
  rs.screening = SYNTHETIC_SCREENING;
  fs.mkdirSync(path.join(dir, 'standards'));
  fs.writeFileSync(path.join(dir, 'standards', 'vn-2022-2026.json'), JSON.stringify(rs));
  source = new Core({ dbPath: path.join(dir, 'source.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  confirmPendingRuleSets(source);
  seed = seedSmall(source);
  // Phiếu A as keyed for two households.
  const setScreening = source.db.sqlite.prepare('UPDATE answers SET screening = ? WHERE household_id = ?');
  setScreening.run(JSON.stringify({ A1: false, A2: true, A3: false }), seed.householdIds[0]);
  setScreening.run(JSON.stringify({ A1: false, A2: true, A3: true }), seed.householdIds[1]);

  target = new Core({ dbPath: path.join(dir, 'target.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  confirmPendingRuleSets(target);
  loadUnits(target.db.sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  targetRound = createRound(
    target.db.sqlite,
    { year: 2023, kind: 'periodic', title: 'Rà soát 2023', ruleSetId: 'vn-2022-2026', unitMapDate: '2023-09-01', referenceDate: '2023-09-01', scopeUnitId: unitIdAt(target.db.sqlite, '889', '2023-09-01')! },
    'test',
  );
});
afterAll(() => {
  source?.close();
  target?.close();
});

const answersOf = (core: Core, roundId: number) =>
  Object.fromEntries(
    (
      core.db.sqlite
        .prepare('SELECT h.code, a.b2, a.screening, a.score_a FROM households h LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ? ORDER BY h.code')
        .all(roundId) as { code: string; b2: string | null; screening: string | null; score_a: number | null }[]
    ).map((r) => [r.code, { b2: r.b2 ? JSON.parse(r.b2) : null, screening: r.screening ? JSON.parse(r.screening) : null, scoreA: r.score_a }]),
  );

describe('Phiếu B2 and Phiếu A in the household list', () => {
  const file = path.join(dir, 'DS-30487.xlsx');

  it('exports the 12 indicators and the Phiếu A items, headed by the rule set\'s own labels, on the head\'s row', async () => {
    const ruleSet = source.registry.require('vn-2022-2026');
    await exportList(source.db.sqlite, { roundId: seed.roundId, unitCode: '30487', doc: 'DS', out: file, ruleSet });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const indicators = ruleSet.indicators.value!;
    expect(indicators).toHaveLength(12);
    for (const i of indicators) expect(header).toContain(`B2.${i.number} ${i.label}`);
    for (const a of SYNTHETIC_SCREENING.value.items) expect(header).toContain(`Phiếu A: ${a.label}`);
    // Household 30487-00001 is deprived of water (B2.9) and not of telecom (B2.11); its spouse's row carries no answers.
    const col = (h: string) => header.indexOf(h) + 1;
    const codeCol = col('Mã hộ');
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const first = rows.findIndex((r) => r[codeCol] === '30487-00001') + 2;
    expect(ws.getRow(first).getCell(col('B2.9 Nguồn nước sinh hoạt')).value).toBe('Thiếu hụt');
    expect(ws.getRow(first).getCell(col('B2.11 Sử dụng dịch vụ viễn thông')).value).toBe('Không thiếu hụt');
    expect(ws.getRow(first).getCell(col('Phiếu A: Hộ có nhà kiên cố')).value).toBe('Có');
    expect(ws.getRow(first + 1).getCell(col('B2.9 Nguồn nước sinh hoạt')).value).toBeNull();
  });

  it('imports into an empty database with the B2 answers and Phiếu A, and the household can be classified', async () => {
    const ruleSet = target.registry.require('vn-2022-2026');
    const s = await importHouseholdList(target.db.sqlite, { file, roundId: targetRound, unitCode: '30487', dryRun: false, actor: 'test', ruleSet });
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(s.sheets[0]!.ignoredColumns).toEqual([]);
    expect(s.households.created).toBe(3);
    const want = answersOf(source, seed.roundId);
    expect(answersOf(target, targetRound)).toEqual(want);
    expect(want['30487-00001']!.b2).toMatchObject({ water: true, telecom: false });
    expect(want['30487-00002']!.screening).toEqual({ A1: false, A2: true, A3: true });

    // Classified from what was imported: the same class as the source household's.
    const round = getRound(target.db.sqlite, targetRound);
    const sourceRound = getRound(source.db.sqlite, seed.roundId);
    const id = target.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND code = ?').pluck().get(targetRound, '30487-00001') as number;
    const ev = classifyHousehold(target.db.sqlite, target.registry, round, id);
    expect(ev.missing).toEqual([]);
    expect(ev.decision).not.toBeNull();
    const sourceEv = classifyHousehold(source.db.sqlite, source.registry, sourceRound, seed.householdIds[0]!);
    expect(ev.decision!.status).toBe(sourceEv.decision!.status);
    expect(ev.decision!.deprivationCount).toBe(4);
  });

  it('imports the same file again as a no-op, and a changed answer as an audited update', async () => {
    const ruleSet = target.registry.require('vn-2022-2026');
    const again = await importHouseholdList(target.db.sqlite, { file, roundId: targetRound, unitCode: '30487', dryRun: true, actor: 'test', ruleSet });
    expect(again.households).toEqual({ created: 0, updated: 0, unchanged: 3 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const row = (ws.getSheetValues().slice(2) as unknown[][]).findIndex((r) => r[header.indexOf('Mã hộ') + 1] === '30487-00003') + 2;
    // Typed as officers do: the code of the form ("1: thiếu hụt") and an "x" for Phiếu A's "có".
    ws.getRow(row).getCell(header.indexOf('B2.10 Nhà tiêu hợp vệ sinh') + 1).value = '1';
    ws.getRow(row).getCell(header.indexOf('Phiếu A: Hộ có ô tô') + 1).value = 'x';
    const changed = path.join(dir, 'DS-30487-changed.xlsx');
    await wb.xlsx.writeFile(changed);
    const s = await importHouseholdList(target.db.sqlite, { file: changed, roundId: targetRound, unitCode: '30487', dryRun: false, actor: 'test', ruleSet });
    expect(s.households).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(s.changes).toEqual([expect.objectContaining({ code: '30487-00003', action: 'update', fields: ['Phiếu B2', 'Phiếu A'] })]);
    const a = answersOf(target, targetRound)['30487-00003']!;
    expect(a.b2).toMatchObject({ sanitation: true, water: false });
    expect(a.screening).toMatchObject({ A1: true });
    const audit = target.db.sqlite.prepare(`SELECT field, new_value FROM audit WHERE action = 'import-update' AND field IN ('b2', 'screening') ORDER BY id`).all() as { field: string; new_value: string }[];
    expect(audit.map((x) => x.field)).toEqual(['b2', 'screening']);
    expect(JSON.parse(audit[0]!.new_value)).toMatchObject({ sanitation: true });
  });

  it('refuses an answer it cannot read, with its row and column', async () => {
    const ruleSet = target.registry.require('vn-2022-2026');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('B2');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Quan hệ với chủ hộ', 'B2.9 Nguồn nước sinh hoạt']);
    ws.addRow(['30487-00003', 'Lê Văn Tám', 'Nam', 'Chủ hộ', 'chắc là có']);
    const bad = path.join(dir, 'b2-bad.xlsx');
    await wb.xlsx.writeFile(bad);
    const s = await importHouseholdList(target.db.sqlite, { file: bad, roundId: targetRound, unitCode: '30487', dryRun: true, actor: 'test', ruleSet });
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([
      expect.objectContaining({ row: 2, column: 'E (B2.9 Nguồn nước sinh hoạt)', message: expect.stringMatching(/^Chỉ số B2\.9 .*"chắc là có".*Thiếu hụt.*Không thiếu hụt/u) }),
    ]);
  });
});
