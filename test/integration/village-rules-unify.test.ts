/**
 * House rule 5 for villages (issue 11): one rule for when two village names are the same village,
 * one generator of village codes ("<commune code>-NN"), one default area of a new household (the
 * village's), one list of kinds behind the unit labels. Each test asks a second way in (the Excel
 * import, the reform's new villages, unitFullName) to answer as the one rule does.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { importHouseholdList } from '../../electron/core/excel/import';
import * as reformMap from '../../electron/core/reform/map';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { addVillages, nextVillageCode, setVillageArea } from '../../electron/core/units/villages';
import { unitFullName } from '../../shared/domain/units';
import { VILLAGE_TYPES, villageCodeOf, villageFullName, villageNameKey, villageTextKey } from '../../shared/domain/villages';
import { RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-village-rules-');
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
const sqlite = () => core.db.sqlite;
const OLD = '2024-09-01';
const NEW = '2026-01-01';
let binhThuy: number;
let round2024: number;
const villages: Record<string, number> = {};

beforeAll(() => {
  loadUnits(sqlite(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  binhThuy = unitIdAt(sqlite(), '30490', OLD)!;
  // Codes with a gap: the next free one is 30490-02.
  villages.myHoa = addVillage(sqlite(), binhThuy, '30490-01', 'Mỹ Hòa', 'ap');
  villages.binhThoi = addVillage(sqlite(), binhThuy, '30490-03', 'Bình Thới', 'ap');
  villages.thanh = addVillage(sqlite(), binhThuy, '30490-04', 'Bình Thành', 'ap');
  round2024 = createRound(
    sqlite(),
    { year: 2024, kind: 'periodic', title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: OLD, referenceDate: OLD, scopeUnitId: binhThuy },
    'test',
  );
});
afterAll(() => core.close());

/** A list of households: [household code, village, head's name]. */
async function workbook(file: string, rows: [string, string, string][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.getRow(1).values = ['Mã hộ', 'Thôn/ấp', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ'];
  rows.forEach(([code, village, name], i) => {
    ws.getRow(i + 2).values = [code, village, name, 'Nam', '1980', 'Chủ hộ'];
  });
  const out = path.join(dir, file);
  await wb.xlsx.writeFile(out);
  return out;
}

const household = (code: string) =>
  sqlite()
    .prepare(`SELECT h.area, h.village_id AS villageId, v.code AS villageCode, v.name AS village FROM households h LEFT JOIN units v ON v.id = h.village_id WHERE h.code = ?`)
    .get(code) as { area: string; villageId: number | null; villageCode: string | null; village: string | null };

const run = (file: string) => importHouseholdList(sqlite(), { file, roundId: round2024, unitCode: '30490', dryRun: false, actor: 'test' });

describe('the village name key', () => {
  it('of a typed name ignores the kind and case and the tone mark’s placement, keeps the other diacritics', () => {
    expect(villageTextKey('Ấp Mỹ Hoà')).toBe(villageTextKey('thôn mỹ hòa'));
    expect(villageTextKey('Tổ dân phố 3')).toBe(villageTextKey('Khóm 3'));
    expect(villageTextKey('Ap  Binh Thanh')).toBe(villageNameKey('binh thanh'));
    expect(villageTextKey('Bình Thành')).not.toBe(villageTextKey('Bình Thạnh'));
    expect(villageTextKey('Ấp Mỹ Hòa')).toBe(villageNameKey('Mỹ Hòa'));
  });

  it('is the Excel import’s: "Ấp Mỹ Hoà" on the sheet is the stored Mỹ Hòa, "Bình Thạnh" is not Bình Thành', async () => {
    const summary = await run(
      await workbook('keys.xlsx', [
        ['30490-00101', 'Ấp Mỹ Hoà', 'Nguyễn Văn Một'],
        ['30490-00102', 'binh thoi', 'Nguyễn Văn Hai'],
        ['30490-00103', 'Bình Thạnh', 'Nguyễn Văn Ba'],
      ]),
    );
    expect(summary.imported).toBe(true);
    expect(household('30490-00101').villageId).toBe(villages.myHoa);
    expect(household('30490-00102').villageId).toBe(villages.binhThoi);
    expect(household('30490-00103').villageId).not.toBe(villages.thanh);
    expect(household('30490-00103').village).toBe('Bình Thạnh');
  });
});

describe('a village the Excel import adds', () => {
  it('is split into its kind and its name as the villages screen splits it: "Tổ dân phố Mới" is a tổ dân phố named Mới', async () => {
    const summary = await run(await workbook('new-kind.xlsx', [['30490-00301', 'Tổ dân phố Mới', 'Lê Văn Tổ']]));
    expect(summary.imported).toBe(true);
    const v = sqlite().prepare('SELECT u.name, u.type FROM households h JOIN units u ON u.id = h.village_id WHERE h.code = ?').get('30490-00301');
    expect(v).toEqual({ name: 'Mới', type: 'to_dan_pho' });
  });
});

describe('the village code generator', () => {
  it('gives the Excel import’s new village the code the villages screen gives: the first free one', () => {
    // 30490-02 was taken by the import above ("Bình Thạnh"), 30490-05 by "Tổ dân phố Mới": the screen's next is 30490-06.
    expect(household('30490-00103').villageCode).toBe('30490-02');
    const plan = addVillages(sqlite(), binhThuy, [{ line: 1, code: '', name: 'Bình Phú', type: '', area: '' }], {
      defaultType: 'ap',
      preview: true,
      actor: 'test',
      source: 'add',
    });
    expect(plan.rows[0]!.code).toBe('30490-06');
    expect(nextVillageCode(sqlite(), binhThuy)).toBe('30490-06');
    expect(villageCodeOf('30487', 7)).toBe('30487-07');
  });

  it('gives the reform’s new village of a new commune the first free code', () => {
    const binhMy = unitIdAt(sqlite(), '30487', NEW)!;
    addVillage(sqlite(), binhMy, '30487-01', 'Bình Hưng', 'ap');
    addVillage(sqlite(), binhMy, '30487-03', 'Bình Phước', 'ap');
    const id = reformMap.villageOnNewMap(sqlite(), villages.myHoa!, binhMy);
    const row = sqlite().prepare('SELECT code, name FROM units WHERE id = ?').get(id) as { code: string; name: string };
    expect(row).toEqual({ code: '30487-02', name: 'Mỹ Hòa' });
  });
});

describe('the area of a new household', () => {
  it('is its village’s area when the sheet names none (a village of a xã set to thành thị)', async () => {
    setVillageArea(sqlite(), villages.binhThoi!, 'urban', 'test');
    const summary = await run(
      await workbook('area.xlsx', [
        ['30490-00201', 'Bình Thới', 'Trần Văn Phố'],
        ['30490-00202', 'Mỹ Hòa', 'Trần Văn Quê'],
      ]),
    );
    expect(summary.imported).toBe(true);
    expect(household('30490-00201').area).toBe('urban');
    expect(household('30490-00202').area).toBe('rural');
  });
});

describe('unitFullName', () => {
  it('knows every village kind of the one list', () => {
    expect(unitFullName('buon', 'Ea Kao')).toBe('Buôn Ea Kao');
    expect(unitFullName('khu_pho', '3')).toBe('Khu phố 3');
    expect(unitFullName('xom', 'Đồng')).toBe('Xóm Đồng');
    for (const type of VILLAGE_TYPES) expect(unitFullName(type, 'Một')).toBe(villageFullName(type, 'Một'));
    expect(unitFullName('xa', 'Bình Mỹ')).toBe('Xã Bình Mỹ');
  });
});
