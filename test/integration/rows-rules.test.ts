/**
 * The rules every writer of households shares (house rule 5: stated once): the next household
 * code, the person key, the stored form of a member, whichever path writes it (data entry,
 * Excel import, the start of a new round). Each test writes the same household through two
 * paths into two identical databases and compares what they stored.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { importHouseholdList } from '../../electron/core/excel/import';
import { insertHouseholds } from '../../electron/core/households/write';
import { HouseholdIndex } from '../../electron/core/rounds/matching';
import { createRound } from '../../electron/core/rounds/rounds';
import { unitIdAt } from '../../electron/core/units/units';
import { household, member, seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-rows-');
const cores: Core[] = [];
afterAll(() => cores.forEach((c) => c.close()));

/**
 * The same world each time: the 2023 round holds 30487-00001..00003 and 30487-00006 (numbers 4
 * and 5 free), and the 2022 round a household 30487-00009 that has since left the list.
 */
function world(name: string): { core: Core; seed: ReturnType<typeof seedSmall> } {
  const core = new Core({ dbPath: path.join(dir, `${name}.sqlite`), resourcesDir: RESOURCES, actor: 'test' });
  cores.push(core);
  const seed = seedSmall(core);
  const sqlite = core.db.sqlite;
  insertHouseholds(sqlite, seed.roundId, [household('30487-00006', seed.communeId, seed.villageId, 150, [], [member(1, 'Hà Văn Sáu')])]);
  const round2022 = createRound(
    sqlite,
    { year: 2022, kind: 'periodic', title: 'Rà soát 2022', ruleSetId: 'vn-2022-2026', unitMapDate: '2023-09-01', referenceDate: '2022-09-01', scopeUnitId: unitIdAt(sqlite, '889', '2023-09-01')! },
    'test',
  );
  insertHouseholds(sqlite, round2022, [household('30487-00009', seed.communeId, seed.villageId, 110, ['water'], [member(1, 'Cao Văn Chín')])]);
  return { core, seed };
}

async function call<M extends ApiMethod>(core: Core, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const e = await dispatch(createServices(core), method, input);
  if (!e.ok) throw new Error(`${method}: ${e.error.code} ${e.error.message} ${JSON.stringify(e.error.issues)}`);
  return e.value as ApiOutput<M>;
}

const keyed = (seed: ReturnType<typeof seedSmall>, name: string, idNumber: string): HouseholdFormInput =>
  ({
    communeId: seed.communeId,
    villageId: seed.villageId,
    address: 'Tổ 4',
    currentAddress: 'Tổ 4',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    request: null,
    reviewer: '',
    members: [
      {
        seq: 1, fullName: name, sex: 'male', birthDate: '1970-01-01', idNumber, relation: 'head', ethnicity: 'Kinh',
        healthInsurance: true, schooling: null, education: 'primary', employment: 'self_employed', disability: false, workingCapacity: true, nutrition: null,
      },
      {
        seq: 2, fullName: `${name} con`, sex: 'female', birthDate: '2001-01-01', idNumber: null, relation: 'child', ethnicity: 'Kinh',
        healthInsurance: null, schooling: null, education: null, employment: null, disability: null, workingCapacity: null, nutrition: null,
      },
    ],
    answers: { scoreA: null, b2: {} },
  }) as HouseholdFormInput;

async function sheet(file: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.addRow(['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh', 'Dân tộc', 'Có thẻ BHYT', 'Trình độ học vấn', 'Việc làm', 'Khuyết tật', 'Có khả năng lao động']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

describe('one rule for the next household code', () => {
  it('entry and Excel import give a new household the same code: one above any the commune has used in any round', async () => {
    const a = world('code-entry');
    const first = await call(a.core, 'entry.save', { roundId: a.seed.roundId, form: keyed(a.seed, 'Lưu Văn Một', '089070000101') });
    const second = await call(a.core, 'entry.save', { roundId: a.seed.roundId, form: keyed(a.seed, 'Lưu Văn Hai', '089070000102') });

    const b = world('code-import');
    const file = path.join(dir, 'code.xlsx');
    // Households numbered only by "STT hộ" (no code written): the importer gives them codes.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['STT hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ', 'Số định danh']);
    ws.addRow([1, 'Lưu Văn Một', 'Nam', '01/01/1970', 'Chủ hộ', '089070000101']);
    ws.addRow([null, 'Lưu Văn Một con', 'Nữ', '01/01/2001', 'Con', null]);
    ws.addRow([2, 'Lưu Văn Hai', 'Nam', '01/01/1970', 'Chủ hộ', '089070000102']);
    await wb.xlsx.writeFile(file);
    const s = await importHouseholdList(b.core.db.sqlite, { file, roundId: b.seed.roundId, unitCode: '30487', dryRun: false, actor: 'test' });
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(s.households.created).toBe(2);
    const codeOf = (core: Core, id: string) =>
      core.db.sqlite.prepare('SELECT code FROM households WHERE round_id = ? AND head_id_number = ?').pluck().get(a.seed.roundId, id) as string;

    expect([first.code, second.code]).toEqual([codeOf(b.core, '089070000101'), codeOf(b.core, '089070000102')]);
    // Never a number another round gave (30487-00009 of 2022): a new household is never taken for it.
    expect([first.code, second.code]).toEqual(['30487-00010', '30487-00011']);
  });
});

describe('one rule for the person key', () => {
  it('entry, Excel import (a new household, a member added to a stored one) and the next round key people alike', async () => {
    const a = world('key-entry');
    const saved = await call(a.core, 'entry.save', { roundId: a.seed.roundId, form: keyed(a.seed, 'Lưu Văn Một', '089070000101') });
    const keysOf = (core: Core, householdId: number) => core.db.sqlite.prepare('SELECT person_key FROM members WHERE household_id = ? ORDER BY seq').pluck().all(householdId) as string[];
    const entryKeys = keysOf(a.core, saved.householdId);

    const b = world('key-import');
    const file = path.join(dir, 'keys.xlsx');
    await sheet(file, [
      ['N-1', 'Lưu Văn Một', 'Nam', '01/01/1970', 'Chủ hộ', '089070000101', 'Kinh'],
      [null, 'Lưu Văn Một con', 'Nữ', '01/01/2001', 'Con', null, 'Kinh'],
      ['30487-00002', 'Đào Thị Ấn', 'Nữ', '01/05/1980', 'Chủ hộ', null, 'Kinh', 'Có', 'Trung học cơ sở', 'Tự làm (nông nghiệp, buôn bán…)', 'Không', 'Có'],
      [null, 'Đào Văn Mới', 'Nam', '2020', 'Con', null, 'Kinh'],
    ]);
    const s = await importHouseholdList(b.core.db.sqlite, { file, roundId: b.seed.roundId, unitCode: '30487', dryRun: false, actor: 'test' });
    expect(s.problems.filter((p) => p.level === 'error')).toEqual([]);
    const idOf = (code: string) => b.core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND code = ?').pluck().get(b.seed.roundId, code) as number;
    const importKeys = [...keysOf(b.core, idOf('N-1')), keysOf(b.core, idOf('30487-00002'))[1]!];

    expect(entryKeys).toHaveLength(2);
    expect(importKeys).toHaveLength(3);
    for (const k of [...entryKeys, ...importKeys]) expect(k).toMatch(UUID);
    expect(new Set([...entryKeys, ...importKeys]).size).toBe(5);

    // The next round keeps each person's key, whichever path keyed them.
    const started = await call(b.core, 'rounds.start', { fromRoundId: b.seed.roundId, year: 2024, title: 'Rà soát 2024', ruleSetId: 'vn-2022-2026', unitMapDate: '2024-09-01', referenceDate: '2024-09-01' });
    const copied = b.core.db.sqlite.prepare('SELECT m.person_key FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ?').pluck().all(started.roundId) as string[];
    for (const k of importKeys) expect(copied).toContain(k);
  });
});

describe('one mapping of a member to its stored row', () => {
  it('the same person keyed in the entry screen and imported from Excel is stored alike, and so is the head summary of their household', async () => {
    const cols = 'full_name, sex, birth_date, id_number, relation, ethnicity, health_insurance, schooling, education, employment, disability, working_capacity, nutrition, seq';
    const a = world('map-entry');
    const saved = await call(a.core, 'entry.save', { roundId: a.seed.roundId, form: keyed(a.seed, '  Lưu   Văn Một ', '089070000101') });
    const b = world('map-import');
    const file = path.join(dir, 'map.xlsx');
    await sheet(file, [
      [null, '  Lưu   Văn Một ', 'Nam', '01/01/1970', 'Chủ hộ', '089070000101', 'Kinh', 'Có', 'Tiểu học', 'Tự làm (nông nghiệp, buôn bán…)', 'Không', 'Có'],
      [null, '  Lưu   Văn Một  con', 'Nữ', '01/01/2001', 'Con', null, 'Kinh'],
    ]);
    await importHouseholdList(b.core.db.sqlite, { file, roundId: b.seed.roundId, unitCode: '30487', dryRun: false, actor: 'test' });
    const rowsOf = (core: Core, where: string, arg: unknown) => core.db.sqlite.prepare(`SELECT ${cols} FROM members WHERE household_id = (${where}) ORDER BY seq`).all(arg);
    const entered = rowsOf(a.core, 'SELECT ?', saved.householdId);
    const imported = rowsOf(b.core, `SELECT household_id FROM members WHERE id_number = ?`, '089070000101');
    expect(imported).toEqual(entered);
    const hcols = 'head_name, head_sort, head_id_number, member_count, search_text, area, ethnic_minority, female_head';
    const hEntered = a.core.db.sqlite.prepare(`SELECT ${hcols} FROM households WHERE id = ?`).get(saved.householdId);
    const hImported = b.core.db.sqlite.prepare(`SELECT ${hcols} FROM households WHERE head_id_number = ?`).get('089070000101');
    expect(hImported).toEqual(hEntered);
  });
});

describe('one rule for finding a household again (rounds/matching.ts)', () => {
  it('the Excel import takes the household the cross-round index takes: its code first, else its head\'s ID number', async () => {
    const { core, seed } = world('match');
    const sqlite = core.db.sqlite;
    // A sheet household whose code is 30487-00003's but whose head carries 30487-00001's head's ID number,
    // and one without a known code whose head carries that ID number.
    const file = path.join(dir, 'match.xlsx');
    await sheet(file, [
      ['30487-00003', 'Lê Văn Tám', 'Nam', '01/05/1980', 'Chủ hộ', '089080000123', 'Kinh'],
      ['KHONG-CO', 'Nguyễn Văn Dũng', 'Nam', '01/05/1980', 'Chủ hộ', '089080000123', 'Kinh'],
    ]);
    const s = await importHouseholdList(sqlite, { file, roundId: seed.roundId, unitCode: '30487', dryRun: true, actor: 'test' });
    const stored = sqlite.prepare('SELECT code, head_id_number FROM households WHERE round_id = ?').all(seed.roundId) as { code: string; head_id_number: string | null }[];
    const index = new HouseholdIndex<string>();
    for (const h of stored) index.add(h.code, h.head_id_number, h.code);
    const byImport = (row: number) => s.changes.find((c) => c.row === row)?.code;
    expect(byImport(2)).toBe(index.find('30487-00003', '089080000123')![0]);
    expect(index.find('30487-00003', '089080000123')![0]).toBe('30487-00003');
    expect(index.find('KHONG-CO', '089080000123')![0]).toBe('30487-00001');
    expect(byImport(3)).toBe('30487-00001');
  });
});
