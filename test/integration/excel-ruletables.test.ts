import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scoreB1 } from '../../shared/engine/b1';
import { loadRuleTable, writeB1Template, type RuleTableError } from '../../electron/core/excel/ruletables';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { SYNTHETIC_B1_ROWS } from '../fixtures/excel/b1-synthetic';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { saveUpload } from '../../electron/core/excel/uploads';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { RESOURCES, registry, tempDir } from '../helpers';

const dir = tempDir('rasoat-excel-rules-');
const standards = path.join(dir, 'standards');
const base = registry().require('vn-2022-2026');
const provenance = { document: 'Bảng giả lập để kiểm thử (không phải văn bản của tỉnh)', date: '2026-11-01', by: 'tester', verified: false, synthetic: true };

describe('Phiếu B1 point table from Excel', () => {
  it('loads the synthetic table from the template into a copy of the rule set, with provenance, and drives item-level scoring', async () => {
    const file = path.join(dir, 'b1.xlsx');
    await writeB1Template(file, SYNTHETIC_B1_ROWS);
    const { ruleSet, file: saved } = await loadRuleTable(base, file, standards, { part: 'b1PointTable', ...provenance });
    expect(saved).toBe(path.join(standards, 'vn-2022-2026.json'));
    expect(ruleSet.version).toBe('2022.1+b1-2026-11-01');
    expect(ruleSet.synthetic).toBe(true);
    expect(ruleSet.title).toContain('giả lập');
    expect(ruleSet.b1PointTable.status).toBe('to_verify');
    expect(ruleSet.b1PointTable.provenance).toEqual({
      document: provenance.document,
      date: '2026-11-01',
      by: 'tester',
      note: 'Nạp từ tệp Excel b1.xlsx — BẢNG GIẢ LẬP, không phải văn bản chính thức',
    });
    const table = ruleSet.b1PointTable.value!;
    expect(table.regions).toEqual([{ id: 'rural', label: 'Nông thôn' }, { id: 'urban', label: 'Thành thị' }]);
    expect(table.base).toEqual({ rural: 100, urban: 120 });
    expect(table.items.map((i) => [i.id, i.options.length])).toEqual([['B1.1', 3], ['B1.2', 3], ['B1.3', 2]]);
    expect(table.items[1]!.options[2]).toEqual({ id: '3', label: 'Nhà tạm, nhà thiếu kiên cố', points: { rural: -10, urban: -15 } });

    // The copy in the data folder replaces the shipped rule set of the same id (as Core loads them).
    const loaded = loadRuleSets([path.join(RESOURCES, 'standards'), standards]).require('vn-2022-2026');
    expect(loaded.b1PointTable.value).toEqual(table);
    expect(base.b1PointTable.value).toBeNull();

    // Item-level entry: the officer keys the answers, the app sums the points.
    const answers = { 'B1.1': '2', 'B1.2': '3', 'B1.3': '1' };
    expect(scoreB1(table, 'rural', answers)).toEqual({ scoreA: 100 + 15 - 10 + 25, partial: 130, missing: [], invalid: {} });
    expect(scoreB1(table, 'urban', answers).scoreA).toBe(120 + 10 - 15 + 15);
    expect(scoreB1(table, 'rural', { 'B1.1': '1' })).toEqual({ scoreA: null, partial: 130, missing: ['B1.2', 'B1.3'], invalid: {} });
    expect(scoreB1(table, 'rural', { 'B1.1': '9', 'B1.2': '1', 'B1.3': '2' })).toMatchObject({ scoreA: null, invalid: { 'B1.1': '9' } });
    expect(() => scoreB1(table, 'mountain', answers)).toThrow(/Unknown B1 region/u);
  });

  it('marks a table checked against the signed document as confirmed, under a new id if asked', async () => {
    const file = path.join(dir, 'b1-verified.xlsx');
    await writeB1Template(file, SYNTHETIC_B1_ROWS);
    const { ruleSet, file: saved } = await loadRuleTable(base, file, standards, { part: 'b1PointTable', ...provenance, verified: true, id: 'vn-2022-2026-test-b1' });
    expect(ruleSet.b1PointTable.status).toBe('confirmed');
    expect(ruleSet.id).toBe('vn-2022-2026-test-b1');
    expect(fs.existsSync(saved)).toBe(true);
  });

  const malformed: [string, (string | number | null)[][], RegExp][] = [
    ['a point that is not a number', [['B1.1', 'Số nhân khẩu', '1', '1–2 người', 'ba mươi', 25]], /dòng 2, cột E: Điểm không phải số: "ba mươi"/u],
    ['a missing point', [['B1.1', 'Số nhân khẩu', '1', '1–2 người', 30, null]], /dòng 2, cột F: Thiếu điểm vùng "Thành thị"/u],
    ['an answer before any question', [[null, null, '1', 'Có', 1, 1]], /dòng 2, cột A: Phương án trả lời nằm trước câu hỏi đầu tiên/u],
    ['a repeated question code', [['Q', 'Câu', '1', 'Có', 1, 1], ['Q', 'Câu lại', '1', 'Có', 1, 1]], /dòng 3, cột A: Mã câu hỏi "Q" bị trùng/u],
    ['a repeated answer code', [['Q', 'Câu', '1', 'Có', 1, 1], [null, null, '1', 'Không', 0, 0]], /dòng 3, cột C: Mã phương án "1" bị trùng/u],
    ['no questions at all', [], /Bảng không có câu hỏi nào/u],
  ];
  it.each(malformed)('refuses %s with the row and reason, and saves nothing', async (_name, rows, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.xlsx`);
    await writeB1Template(file, rows);
    const out = path.join(dir, `standards-${Math.random().toString(36).slice(2)}`);
    const err = await loadRuleTable(base, file, out, { part: 'b1PointTable', ...provenance }).catch((e: unknown) => e as RuleTableError);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect((err as RuleTableError).problems[0]).toEqual(expect.objectContaining({ sheet: 'Bảng điểm B1' }));
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a sheet without the table header', async () => {
    const file = path.join(dir, 'no-header.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('X').addRow(['Câu', 'Điểm']);
    await wb.xlsx.writeFile(file);
    await expect(loadRuleTable(base, file, standards, { part: 'b1PointTable', ...provenance })).rejects.toThrow(/Không tìm thấy dòng tiêu đề/u);
  });
});

describe('Phiếu A items from Excel', () => {
  it('loads groups and items into a copy of the rule set', async () => {
    const file = path.join(dir, 'a.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phiếu A (giả lập)');
    ws.addRow(['DANH MỤC PHIẾU A GIẢ LẬP — CHỈ DÙNG KIỂM THỬ']);
    ws.addRow(['Mã nhóm', 'Tên nhóm', 'Loại trừ khi có từ', 'Mã tiêu chí', 'Tiêu chí']);
    ws.addRow(['N1', 'Nhóm 1', 1, 'A1', 'Có ô tô (giả lập)']);
    ws.addRow([null, null, null, 'A2', 'Có nhà cho thuê (giả lập)']);
    ws.addRow(['N2', 'Nhóm 2', '2', 'A3', 'Có tủ lạnh (giả lập)']);
    ws.addRow([null, null, null, 'A4', 'Có máy giặt (giả lập)']);
    await wb.xlsx.writeFile(file);
    const { ruleSet } = await loadRuleTable(base, file, path.join(dir, 'standards-a'), { part: 'screening', ...provenance });
    expect(ruleSet.screening.value).toEqual({
      groups: [{ id: 'N1', label: 'Nhóm 1', excludeAtLeast: 1 }, { id: 'N2', label: 'Nhóm 2', excludeAtLeast: 2 }],
      items: [
        { id: 'A1', group: 'N1', label: 'Có ô tô (giả lập)' },
        { id: 'A2', group: 'N1', label: 'Có nhà cho thuê (giả lập)' },
        { id: 'A3', group: 'N2', label: 'Có tủ lạnh (giả lập)' },
        { id: 'A4', group: 'N2', label: 'Có máy giặt (giả lập)' },
      ],
    });
    expect(ruleSet.version).toBe('2022.1+a-2026-11-01');
  });

  it('refuses a group without a valid exclusion count', async () => {
    const file = path.join(dir, 'a-bad.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('A');
    ws.addRow(['Mã nhóm', 'Tên nhóm', 'Loại trừ khi có từ', 'Mã tiêu chí', 'Tiêu chí']);
    ws.addRow(['N1', 'Nhóm 1', 'nhiều', 'A1', 'Có ô tô']);
    await wb.xlsx.writeFile(file);
    await expect(loadRuleTable(base, file, path.join(dir, 'standards-a2'), { part: 'screening', ...provenance })).rejects.toThrow(
      /dòng 2, cột C: Số tiêu chí để loại trừ phải là số nguyên/u,
    );
  });
});

describe('through the calls the screen makes', () => {
  it('gives out the template, loads a table into the data folder, used at once and at the next start', async () => {
    const dataDir = tempDir('rasoat-excel-rules-core-');
    const dbPath = path.join(dataDir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'quan-tri' });
    try {
      const services = createServices(core);
      const t = await dispatch(services, 'excel.ruleTable.template', {});
      expect(t).toMatchObject({ ok: true, value: { name: 'mau-bang-diem-b1.xlsx' } });
      const file = path.join(dataDir, 'b1.xlsx');
      await writeB1Template(file, SYNTHETIC_B1_ROWS);
      const upload = saveUpload(dbPath, fs.readFileSync(file));
      const input = { ruleSetId: 'vn-2022-2026', part: 'b1PointTable', upload, document: provenance.document, date: '2026-11-01', verified: false, synthetic: true };
      const r = await dispatch(services, 'excel.ruleTable.load', input);
      expect(r).toEqual({ ok: true, value: { id: 'vn-2022-2026', version: '2022.1+b1-2026-11-01', status: 'to_verify', items: 3, file: path.join(dataDir, 'standards', 'vn-2022-2026.json') } });
      // used at once, without a restart
      expect(core.registry.require('vn-2022-2026').b1PointTable.value?.items).toHaveLength(3);
      const bad = await dispatch(services, 'excel.ruleTable.load', { ...input, date: '1/11/2026' });
      expect(bad.ok).toBe(false);
    } finally {
      core.close();
    }
    const next = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      const rs = next.registry.require('vn-2022-2026');
      expect(rs.b1PointTable.provenance.by).toBe('quan-tri');
      expect(scoreB1(rs.b1PointTable.value!, 'rural', { 'B1.1': '1', 'B1.2': '1', 'B1.3': '2' }).scoreA).toBe(100 + 30 + 40 + 0);
    } finally {
      next.close();
    }
  });
});
