import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { writeErrorWorkbook } from '../../electron/core/excel/error-workbook';
import { importHouseholdList, type ImportOptions } from '../../electron/core/excel/import';
import { pairSearchQuery } from '../../electron/core/households/search-index';
import { writeTemplate } from '../../electron/core/excel/template';
import { addVillage } from '../../electron/core/units/units';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { namesFound } from './name-search-oracle';

const dir = tempDir('rasoat-excel-');
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
let seed: ReturnType<typeof seedSmall>;
beforeAll(() => {
  seed = seedSmall(core);
  // Same letters as the sheet's new "Bình Thạnh" without diacritics: must not be taken for it.
  addVillage(core.db.sqlite, seed.communeId, '30487-02', 'Bình Thành', 'ap');
});
afterAll(() => core.close());

const sqlite = () => core.db.sqlite;
const run = (file: string, over: Partial<ImportOptions> = {}) =>
  importHouseholdList(sqlite(), { file, roundId: seed.roundId, unitCode: '30487', dryRun: false, actor: 'test', backupDir: path.join(dir, 'backups'), ...over });
const checksums = () => JSON.stringify(tableChecksums(sqlite()));
/** A new person's key (households/rows.ts: newPersonKey). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

/** A commune sheet as typed by hand: title rows, merged cells, numbering row, blank rows, every kind of messy value. */
async function messyWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bình Mỹ');
  ws.getCell('A1').value = 'DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2023';
  ws.mergeCells('A1:J1');
  ws.getCell('A2').value = 'Xã Bình Mỹ, huyện Châu Phú';
  // Headers in their own order, with variants, decomposed Unicode, capitals and stray spaces.
  ws.getRow(4).values = [
    'STT hộ',
    '  HỌ VÀ TÊN  '.normalize('NFD'),
    'Ngày, tháng, năm sinh',
    'Giới tính',
    'Quan hệ với chủ hộ',
    'Số CCCD',
    'Dân tộc',
    'Ấp',
    'Điểm B1',
    'Ghi chú',
  ];
  ws.getRow(5).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)'];
  // Household 1: real date, ID lost its leading zero (number cell), score as text.
  ws.getRow(6).values = [1, '  Phạm   Văn An '.normalize('NFD'), new Date(Date.UTC(1985, 2, 15)), 'Nam', 'Chủ hộ', 89085000111, 'Kinh', 'Bình Hưng', '125', 'ghi chú'];
  // Same household (empty number): serial date, sex as a code, ID as text.
  ws.getRow(7).values = [null, 'Lê Thị Bé', 32000, 2, 'Vợ', '089187000222', 'Kinh', null, null];
  // Text date d/m/yyyy, no ID.
  ws.getRow(8).values = [null, 'Phạm Văn Con', '15/3/2010', '1', 'Con', null, 'Kinh'];
  // Row 9 blank. Household 2: number in a merged cell over two rows, d-mm-yyyy text date, apostrophe ID, a new village.
  ws.getRow(10).values = [2, 'Trần Văn Bình', '15-03-1985', 'nam', 'chủ hộ', "'089085000333", 'Khmer', 'Bình Thạnh'];
  ws.getRow(11).values = [null, 'Trần Thị Cúc', '1990', 'Nữ', 'Vợ/chồng', null, 'Khmer'];
  ws.mergeCells('A10:A11');
  // Household 3: already stored (30487-00001), found by its head's ID number; the spouse's birth year
  // changed and a child is added.
  ws.getRow(12).values = [3, 'Nguyễn Văn Dũng', '01/05/1980', 'Nam', 'Chủ hộ', '089080000123', 'Kinh', 'binh hung', 120]; // typed without diacritics
  ws.getRow(13).values = [null, 'Trần Thị Hường', '1981', 'Nữ', 'Vợ', null, 'Kinh'];
  ws.getRow(14).values = [null, 'Nguyễn Thị Mai', '2015', 'Nữ', 'Con', null, 'Kinh'];
  ws.getRow(16).values = ['Tổng cộng: 3 hộ'];
  await wb.xlsx.writeFile(file);
}

const members = (code: string) =>
  sqlite()
    .prepare(
      `SELECT m.seq, m.full_name, m.sex, m.birth_date, m.id_number, m.relation, m.ethnicity, m.person_key
       FROM members m JOIN households h ON h.id = m.household_id WHERE h.code = ? AND h.round_id = ? ORDER BY m.seq`,
    )
    .all(code, seed.roundId);
const householdOf = (headId: string) =>
  sqlite()
    .prepare(
      `SELECT h.*, v.name AS village, a.score_a FROM households h LEFT JOIN units v ON v.id = h.village_id
       LEFT JOIN answers a ON a.household_id = h.id WHERE h.head_id_number = ? AND h.round_id = ?`,
    )
    .get(headId, seed.roundId) as Record<string, unknown>;

describe('Excel import of a messy commune sheet', () => {
  const file = path.join(dir, 'messy.xlsx');
  beforeAll(() => messyWorkbook(file));

  it('previews without writing: created, updated, unchanged and every problem by sheet, row and column', async () => {
    const before = checksums();
    const s = await run(file, { dryRun: true });
    expect(checksums()).toBe(before);
    expect(s.imported).toBe(false);
    expect(s.refused).toBe(false);
    expect(s.households).toEqual({ created: 2, updated: 1, unchanged: 0 });
    expect(s.members).toEqual({ created: 6, updated: 1, unchanged: 1, removed: 0 });
    expect(s.sheets).toEqual([
      expect.objectContaining({ name: 'Bình Mỹ', headerRow: 4, ignoredColumns: ['Ghi chú'] }),
    ]);
    expect(s.rows).toBe(8);
    expect(s.errors).toBe(0);
    expect(s.changes).toEqual(
      expect.arrayContaining([
        { sheet: 'Bình Mỹ', row: 12, code: '30487-00001', action: 'update', fields: ['Trần Thị Hường: ngày sinh', 'thêm Nguyễn Thị Mai'] },
        { sheet: 'Bình Mỹ', row: 10, code: '', action: 'create', fields: ['thêm Trần Văn Bình', 'thêm Trần Thị Cúc'] },
      ]),
    );
    expect(s.problems).toEqual([
      { level: 'warning', sheet: 'Bình Mỹ', row: 16, column: null, message: 'Các dòng dưới bảng không nhập vì là dòng tổng cộng, ghi chú, ngày tháng hoặc chữ ký (dòng 16): "Tổng cộng: 3 hộ"' },
      { level: 'warning', sheet: 'Bình Mỹ', row: 10, column: 'H (Ấp)', message: 'Thôn/ấp "Bình Thạnh" chưa có trong danh sách của xã: sẽ được thêm' },
    ]);
  });

  it('imports every value as meant, after a backup, with audit rows', async () => {
    const auditBefore = sqlite().prepare('SELECT COUNT(*) FROM audit').pluck().get() as number;
    const s = await run(file);
    expect(s.imported).toBe(true);
    expect(s.backupFile).toMatch(/before-import/u);
    expect(fs.existsSync(s.backupFile!)).toBe(true);

    const h1 = householdOf('089085000111');
    expect(h1).toMatchObject({ code: '30487-00004', village: 'Bình Hưng', head_name: 'Phạm Văn An', member_count: 3, score_a: 125, area: 'rural', female_head: 0 });
    expect(members(h1.code as string)).toEqual([
      { seq: 1, full_name: 'Phạm Văn An', sex: 'male', birth_date: '1985-03-15', id_number: '089085000111', relation: 'head', ethnicity: 'Kinh', person_key: expect.stringMatching(UUID) },
      { seq: 2, full_name: 'Lê Thị Bé', sex: 'female', birth_date: '1987-08-11', id_number: '089187000222', relation: 'spouse', ethnicity: 'Kinh', person_key: expect.stringMatching(UUID) },
      { seq: 3, full_name: 'Phạm Văn Con', sex: 'male', birth_date: '2010-03-15', id_number: null, relation: 'child', ethnicity: 'Kinh', person_key: expect.stringMatching(UUID) },
    ]);
    const h2 = householdOf('089085000333');
    expect(h2).toMatchObject({ code: '30487-00005', village: 'Bình Thạnh', ethnic_minority: 1, member_count: 2 });
    expect(members(h2.code as string)).toEqual([
      expect.objectContaining({ full_name: 'Trần Văn Bình', birth_date: '1985-03-15', sex: 'male', relation: 'head', id_number: '089085000333', ethnicity: 'Khmer' }),
      expect.objectContaining({ full_name: 'Trần Thị Cúc', birth_date: '1990', sex: 'female', relation: 'spouse', id_number: null }),
    ]);
    // The stored household: the spouse's birth year changed, a child added, the rest kept (person keys too).
    const h3 = householdOf('089080000123');
    expect(h3).toMatchObject({ code: '30487-00001', member_count: 3, score_a: 120 });
    expect(members('30487-00001')).toEqual([
      expect.objectContaining({ seq: 1, full_name: 'Nguyễn Văn Dũng', birth_date: '1980-05-01', person_key: 'p-Nguyễn Văn Dũng-1' }),
      expect.objectContaining({ seq: 2, full_name: 'Trần Thị Hường', birth_date: '1981', person_key: 'p-Trần Thị Hường-2' }),
      expect.objectContaining({ seq: 3, full_name: 'Nguyễn Thị Mai', birth_date: '2015', sex: 'female', relation: 'child', person_key: expect.stringMatching(UUID) }),
    ]);
    // Found by name search (the word indexes follow), as the names hold it.
    const found = sqlite().prepare('SELECT rowid FROM household_search_pairs WHERE household_search_pairs MATCH ?').pluck().all(pairSearchQuery(seed.roundId, ['pham', 'van']));
    expect(found).toContain(h1.id);
    expect(found).toEqual(namesFound(sqlite(), seed.roundId, 'pham van'));
    const audit = sqlite().prepare('SELECT actor, action, field, old_value, new_value FROM audit WHERE id > ?').all(auditBefore) as Record<string, unknown>[];
    expect(audit.filter((a) => a.action === 'import-create' && a.field === null).length).toBeGreaterThanOrEqual(3);
    expect(audit).toContainEqual({ actor: 'test', action: 'import-update', field: 'birth_date', old_value: '"1980-05-01"', new_value: '"1981"' });
    expect(audit).toContainEqual(expect.objectContaining({ action: 'create', new_value: expect.stringContaining('Bình Thạnh') }));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = checksums();
    const s = await run(file);
    expect(s.households).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(s.members).toEqual({ created: 0, updated: 0, unchanged: 8, removed: 0 });
    expect(s.imported).toBe(true);
    expect(s.backupFile).toBeNull();
    expect(checksums()).toBe(before);
  });
});

describe('Excel import of changes to a stored household', () => {
  it('matches by code, keeps a person whose ID number was corrected, removes one no longer listed, and audits it', async () => {
    const file = path.join(dir, 'changes.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sửa');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh', 'Khu vực']);
    ws.addRow(['30487-00003', 'LÊ VĂN TÁM', 'Nam', '01/05/1980', 'Chủ hộ', '089080000777', 'Thành thị']);
    await wb.xlsx.writeFile(file);
    const before = sqlite().prepare(`SELECT id FROM members WHERE full_name = 'Lê Văn Tám'`).pluck().get() as number;
    const s = await run(file);
    expect(s.households).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(s.members).toEqual({ created: 0, updated: 1, unchanged: 0, removed: 1 });
    expect(s.changes).toEqual([
      { sheet: 'Sửa', row: 2, code: '30487-00003', action: 'update', fields: ['khu vực', 'LÊ VĂN TÁM: họ tên', 'LÊ VĂN TÁM: số định danh', 'bỏ Lê Thị Ba'] },
    ]);
    expect(members('30487-00003')).toEqual([
      expect.objectContaining({ seq: 1, full_name: 'LÊ VĂN TÁM', id_number: '089080000777', person_key: 'p-Lê Văn Tám-1' }),
    ]);
    expect(sqlite().prepare(`SELECT id FROM members WHERE id_number = '089080000777'`).pluck().get()).toBe(before);
    expect(householdOf('089080000777')).toMatchObject({ code: '30487-00003', area: 'urban', member_count: 1, head_name: 'LÊ VĂN TÁM' });
    const audit = sqlite().prepare(`SELECT action, field, old_value, new_value FROM audit WHERE action LIKE 'import-%' ORDER BY id DESC LIMIT 5`).all();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'import-delete', old_value: expect.stringContaining('Lê Thị Ba') }),
        { action: 'import-update', field: 'id_number', old_value: 'null', new_value: '"089080000777"' },
        { action: 'import-update', field: 'area', old_value: '"rural"', new_value: '"urban"' },
      ]),
    );
  });
});

describe('Excel import of the causes of poverty (household column "Nguyên nhân nghèo")', () => {
  const causesOf = (code: string) =>
    sqlite().prepare('SELECT c.cause FROM household_causes c JOIN households h ON h.id = c.household_id WHERE h.code = ? AND h.round_id = ? ORDER BY c.cause').pluck().all(code, seed.roundId);
  const sheet = async (file: string, rows: unknown[][]): Promise<void> => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('NN');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Nguyên nhân nghèo']);
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(file);
  };

  it('stores causes written as numbers or names on a new and a stored household, and audits the change', async () => {
    const file = path.join(dir, 'causes.xlsx');
    await sheet(file, [
      ['30487-00002', 'Đào Thị Ấn', 'Nữ', '01/05/1980', 'Chủ hộ', '1;3'],
      ['NN-1', 'Hồ Văn Mới', 'Nam', '1960', 'Chủ hộ', 'Thiếu vốn; Ốm đau, tai nạn'],
      [null, 'Hồ Thị Vợ', 'Nữ', '1962', 'Vợ', null],
    ]);
    const s = await run(file);
    expect(s.problems).toEqual([]);
    expect(s.changes).toEqual(expect.arrayContaining([{ sheet: 'NN', row: 2, code: '30487-00002', action: 'update', fields: ['nguyên nhân nghèo'] }]));
    expect(causesOf('30487-00002')).toEqual(['labour', 'land']);
    expect(causesOf('NN-1')).toEqual(['capital', 'illness']);
    const audit = sqlite().prepare(`SELECT field, old_value, new_value FROM audit WHERE action = 'import-update' AND field = 'causes' ORDER BY id DESC LIMIT 1`).get();
    expect(audit).toEqual({ field: 'causes', old_value: '[]', new_value: '["land","labour"]' });
    // The same sheet again changes nothing; an empty cell clears the household's causes.
    expect((await run(file)).households).toMatchObject({ updated: 0 });
    await sheet(file, [['30487-00002', 'Đào Thị Ấn', 'Nữ', '01/05/1980', 'Chủ hộ', null]]);
    expect((await run(file)).households).toMatchObject({ updated: 1 });
    expect(causesOf('30487-00002')).toEqual([]);
  });

  it('refuses a cause not in the catalogue with its row and column, and writes nothing', async () => {
    const file = path.join(dir, 'causes-bad.xlsx');
    await sheet(file, [
      ['NN-1', 'Hồ Văn Mới', 'Nam', '1960', 'Chủ hộ', 'Thiếu vốn; hạn hán'],
      ['NN-2', 'Lý Văn Hai', 'Nam', '1961', 'Chủ hộ', '9'],
    ]);
    const before = checksums();
    const s = await run(file);
    expect(s.refused).toBe(true);
    expect(checksums()).toBe(before);
    expect(s.problems.filter((p) => p.level === 'error').map((p) => [p.row, p.column, p.message])).toEqual([
      [2, 'F (Nguyên nhân nghèo)', 'Nguyên nhân nghèo không có trong danh mục: "hạn hán" (ghi số 1–8 hoặc tên nguyên nhân, nhiều nguyên nhân cách nhau bằng dấu ;)'],
      [3, 'F (Nguyên nhân nghèo)', 'Nguyên nhân nghèo không có trong danh mục: số 9 (ghi số 1–8 hoặc tên nguyên nhân, nhiều nguyên nhân cách nhau bằng dấu ;)'],
    ]);
    expect(causesOf('NN-1')).toEqual(['capital', 'illness']);
  });
});

describe('Excel import of a commune sheet as signed: notes, date and signature blocks under the table', () => {
  /** The list as a commune prints and signs it: national motto, title, table, totals, notes, date, signatures. */
  async function signedWorkbook(file: string, extra: (ws: ExcelJS.Worksheet) => void = () => {}): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS ấp Bình Hưng');
    ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN XÃ BÌNH MỸ';
    ws.getCell('F1').value = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    ws.getCell('F2').value = 'Độc lập - Tự do - Hạnh phúc';
    ws.getCell('A3').value = 'DANH SÁCH HỘ GIA ĐÌNH ĐỀ NGHỊ RÀ SOÁT NĂM 2023';
    ws.getRow(5).values = ['STT hộ', 'Họ và tên', 'Quan hệ với chủ hộ', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Dân tộc', 'Ghi chú'];
    ws.getRow(6).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'];
    ws.getRow(7).values = [1, 'Lương Văn Ký', 'Chủ hộ', '1970', 'Nam', '089070001111', 'Kinh', 'hộ mới tách'];
    ws.getRow(8).values = [null, 'Lương Thị Tên', 'Vợ', '1972', 'Nữ', null, 'Kinh'];
    ws.getRow(9).values = [2, 'Đỗ Văn Biểu', 'Chủ hộ', '1965', 'Nam', '089065002222', 'Kinh'];
    ws.getRow(10).values = [null, 'Đỗ Văn Mẫu', 'Con', '1995', 'Nam', null, 'Kinh'];
    ws.getRow(11).values = ['Tổng cộng: 2 hộ, 4 nhân khẩu'];
    // Row 12 blank.
    ws.getRow(13).values = ['Ghi chú: danh sách đã niêm yết tại nhà văn hoá ấp từ ngày 10/9/2023.'];
    ws.getRow(14).values = [null, null, null, null, null, 'Bình Mỹ, ngày 15 tháng 9 năm 2023'];
    ws.getRow(15).values = [null, 'Người lập biểu', null, null, null, 'XÁC NHẬN CỦA UBND XÃ'];
    ws.getRow(16).values = [null, '(Ký, ghi rõ họ tên)', null, null, null, 'CHỦ TỊCH'];
    // Rows 17–19 blank: room for the signatures.
    ws.getRow(20).values = [null, 'Trần Văn Lập', null, null, null, 'Nguyễn Văn Chủ'];
    extra(ws);
    await wb.xlsx.writeFile(file);
  }

  it('ends the table where the officer would, imports the people above and lists what it skipped', async () => {
    const file = path.join(dir, 'signed.xlsx');
    await signedWorkbook(file);
    const before = checksums();
    const s = await run(file, { dryRun: true });
    expect(checksums()).toBe(before);
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(s.refused).toBe(false);
    expect(s.households.created).toBe(2);
    expect(s.members.created).toBe(4);
    expect(s.rows).toBe(4);
    const skipped = s.problems.filter((p) => p.level === 'warning' && p.message.includes('không nhập'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ sheet: 'DS ấp Bình Hưng', row: 11 });
    for (const text of ['Tổng cộng: 2 hộ', 'Ghi chú: danh sách', 'ngày 15 tháng 9 năm 2023', 'Người lập biểu', 'XÁC NHẬN CỦA UBND XÃ', 'Trần Văn Lập', 'Nguyễn Văn Chủ']) {
      expect(skipped[0]!.message).toContain(text);
    }
    expect(skipped[0]!.message).toMatch(/dòng 11, 13–16, 20/u);
    const done = await run(file);
    expect(done.imported).toBe(true);
    expect(householdOf('089065002222')).toMatchObject({ head_name: 'Đỗ Văn Biểu', member_count: 2 });
  });

  it('refuses a person written under the signatures rather than dropping them', async () => {
    const file = path.join(dir, 'signed-person-below.xlsx');
    await signedWorkbook(file, (ws) => {
      ws.getRow(22).values = [3, 'Phan Văn Sót', 'Chủ hộ', '1980', 'Nam', '089080003333', 'Kinh'];
    });
    const before = checksums();
    const s = await run(file);
    expect(s.refused).toBe(true);
    expect(checksums()).toBe(before);
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([
      expect.objectContaining({ row: 22, message: expect.stringMatching(/dưới phần ghi chú, chữ ký.*Phan Văn Sót/u) }),
    ]);
  });
});

describe('Excel import refusals', () => {
  it('refuses a file with blocking errors, writes nothing, and gives back the rows to fix', async () => {
    const file = path.join(dir, 'errors.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh']);
    ws.addRow(['X-1', 'Võ Văn Một', 'Nam', '1970', 'Chủ hộ', '089070000999']);
    ws.addRow(['X-2', 'Võ Văn Hai', '', '1971', 'Chủ hộ', null]); // no sex
    ws.addRow(['X-3', 'Võ Văn Ba', 'Nam', '32/13/1972', 'Chủ hộ', null]); // impossible date
    ws.addRow(['X-4', null, 'Nam', '1973', 'Chủ hộ', null]); // no name
    ws.addRow(['X-5', 'Võ Văn Năm', 'Nam', '1974', 'Con', '089070000999']); // no head; ID used in X-1
    await wb.xlsx.writeFile(file);
    const before = checksums();
    const s = await run(file);
    expect(checksums()).toBe(before);
    expect(s.imported).toBe(false);
    expect(s.refused).toBe(true);
    expect(s.backupFile).toBeNull();
    const errors = s.problems.filter((p) => p.level === 'error').map((p) => [p.row, p.column, p.message]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [3, 'C (Giới tính)', 'Thiếu giới tính (ghi Nam hoặc Nữ)'],
        [4, 'D (Ngày sinh)', expect.stringContaining('Ngày sinh không hợp lệ: 32/13/1972')],
        [5, 'B (Họ và tên)', 'Thiếu họ và tên'],
        [6, 'E (Quan hệ với chủ hộ)', expect.stringContaining('Hộ không có chủ hộ')],
        [6, 'F (Số định danh)', expect.stringContaining('trùng với người ở dòng 2')],
      ]),
    );
    expect(s.errorRows).toEqual({ DS: [3, 4, 5, 6] });

    const out = path.join(dir, 'errors-back.xlsx');
    expect(await writeErrorWorkbook(file, s, out)).toBe(4);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const sheet = back.getWorksheet('DS')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh', 'Lỗi cần sửa', 'Dòng trong tệp gốc']);
    expect(sheet.getRow(2).getCell(1).value).toBe('X-2');
    expect(sheet.getRow(2).getCell(7).value).toBe('C (Giới tính): Thiếu giới tính (ghi Nam hoặc Nữ)');
    expect(sheet.getRow(2).getCell(8).value).toBe(3);
    expect(sheet.rowCount).toBe(5);
  });

  const bad: [string, (file: string) => Promise<void> | void, RegExp][] = [
    ['not an xlsx', (f) => fs.writeFileSync(f, 'STT,Họ và tên\n1,An\n'), /không phải tệp Excel/u],
    ['an empty file', (f) => fs.writeFileSync(f, ''), /Tệp rỗng/u],
    [
      'a corrupted zip',
      async (f) => {
        await messyWorkbook(f);
        const data = fs.readFileSync(f);
        fs.writeFileSync(f, data.subarray(0, Math.floor(data.length / 2)));
      },
      /bị hỏng/u,
    ],
    [
      'a password-protected workbook (encrypted OLE container)',
      // Excel saves an encrypted .xlsx as a compound file: signature D0 CF 11 E0 A1 B1 1A E1, then sectors.
      (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096, 0)])),
      /mật khẩu/u,
    ],
    [
      'an empty sheet',
      async (f) => {
        const wb = new ExcelJS.Workbook();
        wb.addWorksheet('Sheet1');
        await wb.xlsx.writeFile(f);
      },
      /trang tính trống/u,
    ],
    [
      'a sheet without a recognisable header',
      async (f) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('Số liệu');
        for (let i = 0; i < 30; i++) ws.addRow(['abc', i, 'xyz']);
        await wb.xlsx.writeFile(f);
      },
      /Không tìm thấy dòng tiêu đề.*Số liệu/u,
    ],
  ];
  it.each(bad)('refuses %s with a clear message and changes nothing', async (_name, make, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.xlsx`);
    await make(file);
    const before = checksums();
    await expect(run(file)).rejects.toThrow(message);
    expect(checksums()).toBe(before);
  });

  it('refuses 1,000,000 rows within memory, reading no further than the limit', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'million.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Họ và tên', 'Giới tính', 'Quan hệ với chủ hộ']).commit();
    for (let i = 0; i < 1_000_000; i++) ws.addRow(['An', 'Nam', 'Chủ hộ']).commit();
    ws.commit();
    await wb.commit();
    const before = checksums();
    const rssBefore = process.memoryUsage().rss;
    await expect(run(file)).rejects.toThrow(/hơn 400\.000 dòng/u);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(700 * 1024 * 1024);
    expect(checksums()).toBe(before);
  });

  it('refuses a commune locked by its recognition decision: the preview names it, the commit writes nothing', async () => {
    const file = path.join(dir, 'commune-locked.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Khoá');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Địa chỉ']);
    ws.addRow(['KH-1', 'Mai Văn Khoá', 'Nam', '1966', 'Chủ hộ', 'Tổ 9']); // a new household
    ws.addRow(['30487-00002', 'Đào Thị Ấn', 'Nữ', '01/05/1980', 'Chủ hộ', 'Tổ 10, đã sửa']); // a change to a stored one
    await wb.xlsx.writeFile(file);
    // The lock a recognition decision leaves (workflow.recordDecision), on this commune only.
    sqlite()
      .prepare(`INSERT INTO round_locks (round_id, commune_id, locked, decision_id, changed_at, reason) VALUES (?, ?, 1, NULL, '2023-12-20T00:00:00Z', '')`)
      .run(seed.roundId, seed.communeId);
    try {
      const before = checksums();
      const preview = await run(file, { dryRun: true });
      expect(preview.refused).toBe(true);
      const locked = preview.problems.filter((p) => p.level === 'error');
      expect(locked.length).toBeGreaterThan(0);
      expect(locked[0]!.message).toMatch(/^Xã 30487 đã khoá sau quyết định công nhận/u);
      expect(locked[0]!.message).toMatch(/mở khoá/u);
      const s = await run(file);
      expect(s.imported).toBe(false);
      expect(s.refused).toBe(true);
      expect(s.backupFile).toBeNull();
      expect(s.problems.filter((p) => p.level === 'error').map((p) => p.message)).toEqual(locked.map((p) => p.message));
      expect(checksums()).toBe(before);
    } finally {
      sqlite().prepare('DELETE FROM round_locks WHERE round_id = ? AND commune_id = ?').run(seed.roundId, seed.communeId);
    }
  });

  it('refuses a locked round', async () => {
    const file = path.join(dir, 'messy-locked.xlsx');
    await messyWorkbook(file);
    sqlite().prepare('UPDATE rounds SET locked = 1 WHERE id = ?').run(seed.roundId);
    try {
      await expect(run(file)).rejects.toThrow(/Đợt rà soát năm \d{4} đã khoá/u);
    } finally {
      sqlite().prepare('UPDATE rounds SET locked = 0 WHERE id = ?').run(seed.roundId);
    }
  });
});

describe('the template', () => {
  it('imports without warnings once filled in', async () => {
    const file = path.join(dir, 'template.xlsx');
    await writeTemplate(file, { villages: ['Bình Hưng'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Danh sách hộ', 'Hướng dẫn', 'Danh mục']);
    const ws = wb.getWorksheet('Danh sách hộ')!;
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(validations).map((v) => v.formulae[0])).toEqual(
      expect.arrayContaining([expect.stringContaining('$A$2:$A$3'), expect.stringContaining('$B$2:$B$8'), expect.stringContaining('$C$2:$C$55'), expect.stringContaining('$D$2:$D$2')]),
    );
    expect(ws.getRow(1).getCell(12).value).toBe('Nguyên nhân nghèo');
    expect(wb.getWorksheet('Danh mục')!.getColumn(6).values.slice(1, 4)).toEqual(['Nguyên nhân nghèo', '1: Thiếu đất sản xuất', '2: Thiếu vốn']);
    ws.getRow(2).values = ['1', 'Bình Hưng', 'Tổ 3', 'Huỳnh Văn Tư', 'Chủ hộ', '20/11/1966', 'Nam', '089066000444', 'Kinh', 'Có', 'Không', '2;7'];
    ws.getRow(3).values = [null, 'Bình Hưng', 'Tổ 3', 'Huỳnh Thị Năm', 'Vợ/chồng', '1968', 'Nữ', '089168000555', 'Kinh', 'Có', 'Không'];
    await wb.xlsx.writeFile(file);
    const s = await run(file);
    expect(s.problems).toEqual([]);
    expect(s.households.created).toBe(1);
    expect(householdOf('089066000444')).toMatchObject({ address: 'Tổ 3', village: 'Bình Hưng', member_count: 2 });
    expect(sqlite().prepare('SELECT cause FROM household_causes WHERE household_id = ? ORDER BY cause').pluck().all(householdOf('089066000444').id)).toEqual(['capital', 'illness']);
    const again = await run(file);
    expect(again.households).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});
