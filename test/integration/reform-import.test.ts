/**
 * Last year's lists, keyed by old commune codes or names (before 1/7/2025), imported into a 2026
 * round on the new map (issue 11, item 4): each household lands in its new commune, in the
 * village named as its old one; a divided commune's household goes where the officer assigned
 * its village, or is refused with a Vietnamese message saying to assign it first.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { importHouseholdList } from '../../electron/core/excel/import';
import { assignVillage } from '../../electron/core/reform/queue';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { REPO, RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-reform-import-');
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
const sqlite = () => core.db.sqlite;
const OLD = '2024-09-01';
const NEW = '2026-01-01';
let anGiang2026: number;
let test2026: number;

beforeAll(() => {
  loadUnits(sqlite(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  loadUnits(sqlite(), readUnitFile(path.join(REPO, 'test', 'fixtures', 'reform-divided-units.json')));
  const at = (code: string) => unitIdAt(sqlite(), code, OLD)!;
  addVillage(sqlite(), at('30490'), '30490-01', 'Bình Hòa', 'ap');
  addVillage(sqlite(), at('30499'), '30499-01', 'Bình Hoà', 'ap');
  addVillage(sqlite(), at('99901'), '99901-01', 'Thôn Một', 'thon');
  const round = (scope: string, year: number) =>
    createRound(
      sqlite(),
      { year, kind: 'periodic', title: `Rà soát định kỳ năm ${year}`, ruleSetId: 'vn-2022-2026', unitMapDate: NEW, referenceDate: NEW, scopeUnitId: unitIdAt(sqlite(), scope, NEW)! },
      'test',
    );
  anGiang2026 = round('91', 2026);
  test2026 = createRound(
    sqlite(),
    { year: 2026, kind: 'adhoc', title: 'Rà soát đột xuất 2026', ruleSetId: 'vn-2022-2026', unitMapDate: NEW, referenceDate: NEW, scopeUnitId: unitIdAt(sqlite(), '97', NEW)! },
    'test',
  );
});
afterAll(() => core.close());

/** A list of households: [household code, "Mã xã" (or null: no such column), village, head's name]. */
async function workbook(file: string, rows: [string, string | null, string, string][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  const withCommune = rows.some((r) => r[1] !== null);
  ws.getRow(1).values = ['Mã hộ', ...(withCommune ? ['Mã xã'] : []), 'Thôn/ấp', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ'];
  rows.forEach(([code, commune, village, name], i) => {
    ws.getRow(i + 2).values = [code, ...(withCommune ? [commune] : []), village, name, 'Nam', '1980', 'Chủ hộ'];
  });
  const out = path.join(dir, file);
  await wb.xlsx.writeFile(out);
  return out;
}

const placed = (roundId: number) =>
  sqlite()
    .prepare(
      `SELECT h.code, c.code AS commune, v.name AS village FROM households h JOIN units c ON c.id = h.commune_id
       LEFT JOIN units v ON v.id = h.village_id WHERE h.round_id = ? ORDER BY h.code`,
    )
    .all(roundId) as { code: string; commune: string; village: string | null }[];

const run = (file: string, roundId: number, unitCode: string) => importHouseholdList(sqlite(), { file, roundId, unitCode, dryRun: false, actor: 'test' });

describe('a list keyed by old communes, imported into a 2026 round', () => {
  it('puts each household in its new commune, by old code or old name, in the village of its old name', async () => {
    const file = await workbook('old-codes.xlsx', [
      ['30490-00001', '30490', 'Bình Hòa', 'Nguyễn Văn Thủy'],
      ['30499-00001', 'Xã Bình Chánh', 'Ấp Bình Hoà', 'Trần Văn Chánh'],
      ['30463-00001', '30463', 'Ấp Mới', 'Lê Văn Phú'],
    ]);
    const summary = await run(file, anGiang2026, '91');
    expect(summary.imported).toBe(true);
    expect(placed(anGiang2026)).toEqual([
      // "Ấp Mới" on the sheet: a new ấp named Mới (the kind is not part of the name: shared/domain/villages.ts).
      { code: '30463-00001', commune: '30463', village: 'Mới' },
      { code: '30490-00001', commune: '30487', village: 'Bình Hòa (Bình Thủy cũ)' },
      { code: '30499-00001', commune: '30487', village: 'Bình Hoà (Bình Chánh cũ)' },
    ]);
  });

  it('reads a whole list of an old commune (its code as the unit) into its new commune', async () => {
    const file = await workbook('old-unit.xlsx', [['30490-00002', null, 'Bình Hòa', 'Phạm Văn Hai']]);
    const summary = await run(file, anGiang2026, '30490');
    expect(summary.imported).toBe(true);
    expect(placed(anGiang2026).find((h) => h.code === '30490-00002')).toEqual({ code: '30490-00002', commune: '30487', village: 'Bình Hòa (Bình Thủy cũ)' });
  });

  it('asks to assign a divided commune’s village first, then follows the assignment', async () => {
    const file = await workbook('divided.xlsx', [['99901-00001', '99901', 'Thôn Một', 'Đỗ Văn Chia']]);
    const refused = await run(file, test2026, '97');
    expect(refused.imported).toBe(false);
    const messages = JSON.stringify(refused);
    expect(messages).toContain('đã được chia cho nhiều xã mới');
    expect(messages).toContain('chưa được giao cho xã mới nào');
    const village = sqlite().prepare(`SELECT id FROM units WHERE code = '99901-01'`).pluck().get() as number;
    assignVillage(sqlite(), { roundId: test2026, oldCommuneId: unitIdAt(sqlite(), '99901', OLD)!, oldVillageId: village, newCommuneId: unitIdAt(sqlite(), '99920', NEW)! }, 'test');
    const summary = await run(file, test2026, '97');
    expect(summary.imported).toBe(true);
    expect(placed(test2026)).toEqual([{ code: '99901-00001', commune: '99920', village: 'Thôn Một' }]);
  });
});
