/**
 * Bad cells in an imported list (issue 10, item 4): Excel error cells (#REF!, #VALUE!, #N/A) and
 * formulas without a computed value are problems at their row and column and never overwrite
 * what is stored; text longer than the entry form allows is refused (one limit, shared/entry/form.ts);
 * zero-width characters and bidi controls are removed, and the preview says so.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { importHouseholdList, type ImportOptions } from '../../electron/core/excel/import';
import { TEXT_LIMITS } from '../../shared/entry/form';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-excel-cells-');
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
let seed: ReturnType<typeof seedSmall>;
beforeAll(() => {
  seed = seedSmall(core);
  // The stored household 30487-00001 has a cause of poverty that the sheet must not clear.
  core.db.sqlite.prepare(`INSERT INTO household_causes (household_id, cause) VALUES (?, 'land')`).run(seed.householdIds[0]);
});
afterAll(() => core.close());

const sqlite = () => core.db.sqlite;
const run = (file: string, over: Partial<ImportOptions> = {}) =>
  importHouseholdList(sqlite(), { file, roundId: seed.roundId, unitCode: '30487', dryRun: false, actor: 'test', ...over });
const checksums = () => JSON.stringify(tableChecksums(sqlite()));
const members = (code: string) =>
  sqlite()
    .prepare(`SELECT m.full_name, m.birth_date, m.id_number FROM members m JOIN households h ON h.id = m.household_id WHERE h.code = ? AND h.round_id = ? ORDER BY m.seq`)
    .all(code, seed.roundId);

const HEADERS = ['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh', 'Nguyên nhân nghèo', 'Địa chỉ'];
async function sheet(file: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}
const at = (s: { problems: { level: string; row: number | null; column: string | null; message: string }[] }, level: string) =>
  s.problems.filter((p) => p.level === level).map((p) => [p.row, p.column, p.message]);

describe('Excel error cells and formulas without a value', () => {
  it('are problems at their row and column, and the stored ID numbers, birth dates and causes are kept', async () => {
    const file = path.join(dir, 'error-cells.xlsx');
    await sheet(file, [
      ['30487-00001', 'Nguyễn Văn Dũng', 'Nam', { error: '#VALUE!' }, 'Chủ hộ', { error: '#REF!' }, { error: '#REF!' }, 'Tổ 1, 30487-00001'],
      [null, 'Trần Thị Hường', 'Nữ', { formula: 'D2+1' }, 'Vợ', { formula: 'F2' }, null],
    ]);
    const before = checksums();
    const stored = members('30487-00001');
    expect(stored).toEqual([
      { full_name: 'Nguyễn Văn Dũng', birth_date: '1980-05-01', id_number: '089080000123' },
      { full_name: 'Trần Thị Hường', birth_date: '1980-05-01', id_number: null },
    ]);

    const preview = await run(file, { dryRun: true });
    expect(JSON.stringify(preview)).not.toContain('[object Object]');
    expect(at(preview, 'warning')).toEqual(
      expect.arrayContaining([
        [2, 'D (Ngày sinh)', expect.stringMatching(/^Ô báo lỗi #VALUE! của Excel.*giữ giá trị đã lưu/u)],
        [2, 'F (Số định danh)', expect.stringMatching(/^Ô báo lỗi #REF! của Excel.*giữ giá trị đã lưu/u)],
        [2, 'G (Nguyên nhân nghèo)', expect.stringMatching(/^Ô báo lỗi #REF! của Excel/u)],
        [3, 'D (Ngày sinh)', expect.stringMatching(/^Ô có công thức chưa được tính.*giữ giá trị đã lưu/u)],
        [3, 'F (Số định danh)', expect.stringMatching(/^Ô có công thức chưa được tính/u)],
      ]),
    );
    expect(preview.households).toEqual({ created: 0, updated: 0, unchanged: 1 });

    const s = await run(file);
    expect(s.imported).toBe(true);
    expect(members('30487-00001')).toEqual(stored);
    expect(sqlite().prepare('SELECT cause FROM household_causes WHERE household_id = ?').pluck().all(seed.householdIds[0])).toEqual(['land']);
    expect(checksums()).toBe(before);
  });

  it('an error cell in a Phiếu B2 column keeps the stored answer, though the rows below leave it empty', async () => {
    const file = path.join(dir, 'error-b2.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('B2');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Quan hệ với chủ hộ', 'B2.9 Nguồn nước sinh hoạt']);
    ws.addRow(['30487-00001', 'Nguyễn Văn Dũng', 'Nam', 'Chủ hộ', { error: '#REF!' }]);
    ws.addRow([null, 'Trần Thị Hường', 'Nữ', 'Vợ', null]);
    await wb.xlsx.writeFile(file);
    const b2 = () => JSON.parse(sqlite().prepare('SELECT b2 FROM answers WHERE household_id = ?').pluck().get(seed.householdIds[0]) as string) as Record<string, boolean | null>;
    expect(b2().water).toBe(true);
    const before = checksums();
    const s = await run(file, { ruleSet: core.registry.require('vn-2022-2026') });
    expect(at(s, 'warning')).toEqual([[2, 'E (B2.9 Nguồn nước sinh hoạt)', expect.stringMatching(/^Ô báo lỗi #REF! của Excel.*giữ giá trị đã lưu/u)]]);
    expect(s.households).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(b2().water).toBe(true);
    expect(checksums()).toBe(before);
  });

  it('an error cell in a new household leaves its field empty with the warning; the values beside it are read', async () => {
    const file = path.join(dir, 'error-new.xlsx');
    await sheet(file, [['EC-1', 'Đinh Văn Lỗi', 'Nam', '1970', 'Chủ hộ', { error: '#N/A' }, null, 'Tổ 4']]);
    const s = await run(file);
    expect(s.imported).toBe(true);
    expect(at(s, 'warning')).toEqual([[2, 'F (Số định danh)', expect.stringMatching(/^Ô báo lỗi #N\/A của Excel/u)]]);
    expect(members('EC-1')).toEqual([{ full_name: 'Đinh Văn Lỗi', birth_date: '1970', id_number: null }]);
  });

  it('an error cell where the person’s name, sex or household code should be is refused (who it is cannot be read), and nothing is written', async () => {
    const file = path.join(dir, 'error-name.xlsx');
    await sheet(file, [
      ['EC-2', { error: '#REF!' }, 'Nam', '1970', 'Chủ hộ', null],
      ['EC-3', 'Mạc Văn Ba', { formula: 'C2' }, '1971', 'Chủ hộ', null],
      // Read as empty, the code would make this person a member of the household above.
      [{ error: '#REF!' }, 'Mạc Văn Tư', 'Nam', '1972', 'Chủ hộ', null],
    ]);
    const before = checksums();
    const s = await run(file);
    expect(s.refused).toBe(true);
    expect(checksums()).toBe(before);
    expect(at(s, 'error')).toEqual(
      expect.arrayContaining([
        [2, 'B (Họ và tên)', expect.stringMatching(/^Ô báo lỗi #REF! của Excel.*sửa ô/u)],
        [3, 'C (Giới tính)', expect.stringMatching(/^Ô có công thức chưa được tính.*sửa ô/u)],
        [4, 'A (Mã hộ)', expect.stringMatching(/^Ô báo lỗi #REF! của Excel.*sửa ô/u)],
      ]),
    );
  });
});

describe('imported text has the entry form’s length limits', () => {
  it('a 32,000-character household code, an over-long name, address and ID number are refused at their cells, quickly, and nothing is written', async () => {
    const file = path.join(dir, 'too-long.xlsx');
    await sheet(file, [
      ['X'.repeat(32_000), 'Lâm Văn Dài', 'Nam', '1970', 'Chủ hộ', null],
      ['TL-2', 'Lâm '.repeat(40).trim(), 'Nam', '1970', 'Chủ hộ', null, null, 'Tổ '.repeat(120)],
      ['TL-3', 'Lâm Văn Số', 'Nam', '1970', 'Chủ hộ', '0'.repeat(25)],
    ]);
    const before = checksums();
    const started = Date.now();
    const s = await run(file);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.refused).toBe(true);
    expect(checksums()).toBe(before);
    const errors = at(s, 'error');
    expect(errors).toEqual(
      expect.arrayContaining([
        [2, 'A (Mã hộ)', `Mã hộ dài quá ${TEXT_LIMITS.code.max} ký tự (ô có 32.000 ký tự): sửa lại ô rồi nhập lại.`],
        [3, 'B (Họ và tên)', `Họ và tên dài quá ${TEXT_LIMITS.fullName.max} ký tự (ô có 159 ký tự): sửa lại ô rồi nhập lại.`],
        [3, 'H (Địa chỉ)', expect.stringMatching(new RegExp(`^Nơi thường trú dài quá ${TEXT_LIMITS.address.max} ký tự`, 'u'))],
        [4, 'F (Số định danh)', expect.stringMatching(new RegExp(`^Số CCCD/CMND dài quá ${TEXT_LIMITS.idNumber.max} ký tự`, 'u'))],
      ]),
    );
    // No message carries the 32,000 characters back.
    expect(Math.max(...s.problems.map((p) => p.message.length))).toBeLessThan(1_000);
  });
});

describe('zero-width characters and bidi controls', () => {
  it('are removed from names, codes, ID numbers and addresses, and the preview says where', async () => {
    const file = path.join(dir, 'invisible.xlsx');
    await sheet(file, [['ZW\u200b-1', 'Tô\u200b Văn\u202e Ẩn\u202c', 'Nam', '1970', 'Chủ hộ', '0890\u200b70000555', null, 'Tổ\u2066 6\u2069']]);
    const preview = await run(file, { dryRun: true });
    expect(preview.refused).toBe(false);
    const removed = at(preview, 'warning').filter(([, , m]) => /ký tự vô hình/u.test(String(m)));
    expect(removed.map(([row, column]) => [row, column])).toEqual([
      [2, 'A (Mã hộ)'],
      [2, 'B (Họ và tên)'],
      [2, 'F (Số định danh)'],
      [2, 'H (Địa chỉ)'],
    ]);
    expect(removed[1]![2]).toMatch(/^Đã bỏ ký tự vô hình.*"Tô Văn Ẩn"/u);
    const s = await run(file);
    expect(s.imported).toBe(true);
    expect(members('ZW-1')).toEqual([{ full_name: 'Tô Văn Ẩn', birth_date: '1970', id_number: '089070000555' }]);
    expect(sqlite().prepare('SELECT address FROM households WHERE code = ?').pluck().get('ZW-1')).toBe('Tổ 6');
  });
});
