import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { saveUpload } from '../../electron/core/excel/uploads';
import { loadUnits, unitIdAt, type UnitFile } from '../../electron/core/units/units';
import { villageArea } from '../../electron/core/units/villages';
import { splitVillageName, villageNameKey } from '../../shared/domain/villages';
import { apiOf } from '../fixtures/api';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

/** An Giang (91) on the 2025 map with a xã (Bình Mỹ) and a phường (Long Xuyên). */
const UNITS: UnitFile = {
  id: 'test-an-giang-2025',
  title: 'test',
  units: [
    { code: '91', name: 'An Giang', type: 'tinh', level: 'province', parent: null, validFrom: '2025-07-01', validTo: null },
    { code: '30487', name: 'Bình Mỹ', type: 'xa', level: 'commune', parent: '91', validFrom: '2025-07-01', validTo: null },
    { code: '30280', name: 'Long Xuyên', type: 'phuong', level: 'commune', parent: '91', validFrom: '2025-07-01', validTo: null },
  ],
  map: [],
};

let dir: string;
let dbPath: string;
let core: Core;
let services: Services;
const { call } = apiOf(() => services);
let binhMy: number;
let longXuyen: number;

beforeAll(() => {
  dir = tempDir();
  dbPath = path.join(dir, 'rasoat.sqlite');
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  loadUnits(core.db.sqlite, UNITS);
  services = createServices(core);
  binhMy = unitIdAt(core.db.sqlite, '30487', '2026-01-01')!;
  longXuyen = unitIdAt(core.db.sqlite, '30280', '2026-01-01')!;
});

afterAll(() => core?.close());

async function workbook(file: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thôn ấp');
  for (const r of rows) ws.addRow(r);
  wb.addWorksheet('Khác').addRow(['Tên', 'không đọc trang này']).commit();
  await wb.xlsx.writeFile(file);
  return file;
}

const uploadOf = (file: string): string => saveUpload(dbPath, fs.readFileSync(file));
const auditCount = (): number => core.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE entity = 'unit'`).pluck().get() as number;

describe('a village name', () => {
  it('splits its kind from its name, with or without diacritics, the longest kind first', () => {
    expect(splitVillageName('Ấp Bình Thạnh', 'thon')).toEqual({ type: 'ap', name: 'Bình Thạnh' });
    expect(splitVillageName('tổ dân phố 5', 'thon')).toEqual({ type: 'to_dan_pho', name: '5' });
    expect(splitVillageName('Khu phố 3', 'thon')).toEqual({ type: 'khu_pho', name: '3' });
    expect(splitVillageName('Ap Binh Thanh', 'thon')).toEqual({ type: 'ap', name: 'Binh Thanh' });
    expect(splitVillageName('Bình Thạnh', 'ap')).toEqual({ type: 'ap', name: 'Bình Thạnh' });
    expect(splitVillageName('Ấp', 'thon')).toEqual({ type: 'thon', name: 'Ấp' });
  });

  it('is the same village with the old or new tone-mark placement, not with other diacritics', () => {
    expect(villageNameKey('Mỹ Hoà')).toBe(villageNameKey('mỹ hòa'));
    expect(villageNameKey('Thuỷ Lợi')).toBe(villageNameKey('Thủy Lợi'));
    expect(villageNameKey('Bình Thành')).not.toBe(villageNameKey('Bình Thạnh'));
    expect(villageNameKey('Mưa')).not.toBe(villageNameKey('Mua'));
  });
});

describe('villages of a commune', () => {
  it('adds pasted villages: kind from the line or the default, area from the commune type, audited', async () => {
    const before = auditCount();
    const text = 'Ấp Bình Thạnh\r\n\r\n2. Bình Hòa\nThôn Mỹ Phú\n';
    const preview = await call('villages.paste', { communeId: binhMy, text, defaultType: 'ap', preview: true });
    expect(preview.added).toBe(false);
    expect(preview.problems).toBe(0);
    expect(preview.rows.map((r) => [r.line, r.fullName, r.area, r.code])).toEqual([
      [1, 'Ấp Bình Thạnh', 'rural', '30487-01'],
      [3, 'Ấp Bình Hòa', 'rural', '30487-02'],
      [4, 'Thôn Mỹ Phú', 'rural', '30487-03'],
    ]);
    expect(await call('villages.list', { communeId: binhMy })).toEqual([]);

    const done = await call('villages.paste', { communeId: binhMy, text, defaultType: 'ap', preview: false });
    expect(done.added).toBe(true);
    expect(done.backupFile).toMatch(/before-import/u);
    const list = await call('villages.list', { communeId: binhMy });
    expect(list.map((v) => [v.fullName, v.type, v.area, v.householdCount])).toEqual([
      ['Ấp Bình Hòa', 'ap', 'rural', 0],
      ['Ấp Bình Thạnh', 'ap', 'rural', 0],
      ['Thôn Mỹ Phú', 'thon', 'rural', 0],
    ]);
    expect(auditCount() - before).toBe(3);
    const audit = core.db.sqlite.prepare(`SELECT actor, action, new_value FROM audit WHERE entity = 'unit' ORDER BY id DESC LIMIT 1`).get() as {
      actor: string;
      action: string;
      new_value: string;
    };
    expect(audit.actor).toBe('cán bộ xã');
    expect(JSON.parse(audit.new_value)).toMatchObject({ name: 'Mỹ Phú', type: 'thon', area: 'rural', source: 'paste' });
  });

  it('refuses a name the commune already has (old tone-mark placement too) with a Vietnamese reason, adding nothing', async () => {
    const before = auditCount();
    const r = await call('villages.paste', { communeId: binhMy, text: 'Ấp Mới\nBình Hoà', defaultType: 'ap', preview: false });
    expect(r.added).toBe(false);
    expect(r.rows[0]!.problem).toBeNull();
    expect(r.rows[1]!.problem).toMatch(/^Xã đã có Ấp Bình Hòa: không thêm trùng tên/u);
    expect(auditCount()).toBe(before);
    expect((await call('villages.list', { communeId: binhMy })).map((v) => v.name)).not.toContain('Mới');

    const one = await call('villages.add', { communeId: binhMy, type: 'thon', name: 'bình thạnh' });
    expect(one.added).toBe(false);
    expect(one.rows[0]!.problem).toMatch(/Xã đã có Ấp Bình Thạnh/u);
  });

  it('asks for a header when a pasted line has several columns, and reads a pasted table with one', async () => {
    const bare = await call('villages.paste', { communeId: longXuyen, text: 'Khóm 1\tThành thị', defaultType: 'khom', preview: true });
    expect(bare.rows[0]!.problem).toMatch(/dòng tiêu đề/u);
    const table = await call('villages.paste', {
      communeId: longXuyen,
      text: 'Mã\tTên\tLoại\tKhu vực\nK1\tKhóm 1\t\t\n\tĐông Thịnh\tTổ dân phố\tNông thôn',
      defaultType: 'khom',
      preview: true,
    });
    expect(table.rows.map((r) => [r.code, r.fullName, r.area, r.problem])).toEqual([
      ['K1', 'Khóm 1', 'urban', null],
      ['30280-01', 'Tổ dân phố Đông Thịnh', 'rural', null],
    ]);
  });

  it('imports a good workbook (first sheet; Mã, Tên, Loại, Khu vực), the upload used up', async () => {
    const file = await workbook(path.join(dir, 'khom.xlsx'), [
      ['DANH SÁCH KHÓM, TỔ DÂN PHỐ'],
      ['Mã', 'Tên', 'Loại', 'Khu vực'],
      ['LX-01', 'Khóm Đông Xuyên', 'Khóm', 'Thành thị'],
      [null, 'Bình Khánh', 'tổ dân phố', null],
      [null, null, null, null],
      [null, 3, 'Khom', 'nong thon'],
    ]);
    const upload = uploadOf(file);
    const preview = await call('villages.import', { communeId: longXuyen, upload, defaultType: 'khom', preview: true });
    expect(preview.message).toBeNull();
    expect(preview.rows.map((r) => [r.line, r.code, r.fullName, r.area, r.problem])).toEqual([
      [3, 'LX-01', 'Khóm Đông Xuyên', 'urban', null],
      [4, '30280-01', 'Tổ dân phố Bình Khánh', 'urban', null],
      [6, '30280-02', 'Khóm 3', 'rural', null],
    ]);
    const done = await call('villages.import', { communeId: longXuyen, upload, defaultType: 'khom', preview: false });
    expect(done.added).toBe(true);
    expect((await call('villages.list', { communeId: longXuyen })).map((v) => `${v.code} ${v.fullName} ${v.area}`)).toEqual([
      '30280-02 Khóm 3 rural',
      '30280-01 Tổ dân phố Bình Khánh urban',
      'LX-01 Khóm Đông Xuyên urban',
    ]);
    // Used once: importing the same upload again is refused as not found.
    await expect(call('villages.import', { communeId: longXuyen, upload, defaultType: 'khom', preview: true })).rejects.toThrow(/NOT_FOUND/u);
  });

  it('refuses a workbook with a duplicate and an empty name: each row says why, nothing is imported', async () => {
    const before = auditCount();
    const listBefore = await call('villages.list', { communeId: binhMy });
    const file = await workbook(path.join(dir, 'bad.xlsx'), [
      ['Tên', 'Loại', 'Khu vực'],
      ['Ấp Hòa Long', null, null],
      ['Mỹ Thuận', 'Ấp', 'vùng sâu'],
      ['Hòa Long', 'Thôn', null],
      [null, 'Ấp', 'Nông thôn'],
      ['Bình Thạnh', null, null],
      ['Phước An', 'Làng xã', null],
    ]);
    const r = await call('villages.import', { communeId: binhMy, upload: uploadOf(file), defaultType: 'ap', preview: false });
    expect(r.added).toBe(false);
    expect(r.problems).toBe(5);
    expect(r.rows.map((x) => [x.line, x.problem])).toEqual([
      [2, null],
      [3, 'Khu vực "vùng sâu" không rõ: hãy ghi Nông thôn hoặc Thành thị (hoặc để trống để lấy khu vực mặc định: nông thôn).'],
      [4, 'Trùng tên với dòng 2: mỗi thôn, ấp chỉ ghi một lần; hãy xoá một trong hai dòng.'],
      [5, 'Thiếu tên thôn, ấp: hãy ghi tên vào cột Tên, hoặc xoá dòng này.'],
      [6, 'Xã đã có Ấp Bình Thạnh: không thêm trùng tên. Nếu đây là một thôn, ấp khác, hãy ghi tên phân biệt (ví dụ "Bình Thạnh 2").'],
      [7, expect.stringMatching(/^Loại "Làng xã" không rõ: hãy ghi một trong các loại Thôn, Ấp, /u)],
    ]);
    expect(auditCount()).toBe(before);
    expect(await call('villages.list', { communeId: binhMy })).toEqual(listBefore);
  });

  it('says what is wrong with a workbook without a Tên column', async () => {
    const file = await workbook(path.join(dir, 'noname.xlsx'), [['Mã', 'Loại'], ['1', 'Ấp']]);
    const r = await call('villages.import', { communeId: binhMy, upload: uploadOf(file), defaultType: 'ap', preview: true });
    expect(r.added).toBe(false);
    expect(r.message).toMatch(/^Trang tính đầu tiên \("Thôn ấp"\) không có dòng tiêu đề với cột Tên/u);
  });

  it("keeps each village's area as the default of its new households, audited when changed", async () => {
    const [village] = await call('villages.list', { communeId: binhMy });
    expect(villageArea(core.db.sqlite, village!.id)).toBe('rural');
    const changed = await call('villages.setArea', { villageId: village!.id, area: 'urban' });
    expect(changed.area).toBe('urban');
    expect(villageArea(core.db.sqlite, village!.id)).toBe('urban');
    const audit = core.db.sqlite
      .prepare(`SELECT field, old_value, new_value FROM audit WHERE entity = 'unit' AND entity_id = ? AND action = 'update'`)
      .get(village!.id);
    expect(audit).toEqual({ field: 'area', old_value: '"rural"', new_value: '"urban"' });
  });
});

describe('npm run cli -- villages import', () => {
  // The CLI's entry as `npm run cli` runs it, without npm's own start-up (test/fixtures/entry-points.ts).
  const cli = (args: string[]) => {
    const r = runCli(args, { dataDir: dir });
    return { status: r.code, stdout: r.stdout, stderr: r.stderr };
  };

  it('imports the villages of the commune named by its current GSO code, and refuses a bad file with each row', async () => {
    const good = await workbook(path.join(dir, 'cli.xlsx'), [['Tên'], ['Ấp Vĩnh Lợi'], ['Ấp Vĩnh Phú']]);
    const ok = cli(['villages', 'import', '--db', dbPath, '--unit', '30487', good]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Đã thêm 2 thôn, ấp/u);
    expect((await call('villages.list', { communeId: binhMy })).map((v) => v.fullName)).toEqual(expect.arrayContaining(['Ấp Vĩnh Lợi', 'Ấp Vĩnh Phú']));

    const again = cli(['villages', 'import', '--db', dbPath, '--unit', '30487', good]);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/dòng 2: Ấp Vĩnh Lợi, nông thôn — LỖI: Xã đã có Ấp Vĩnh Lợi/u);
    expect(again.stdout).toMatch(/Không thêm gì: 2 dòng có lỗi/u);

    const unknown = cli(['villages', 'import', '--db', dbPath, '--unit', '99999', good]);
    expect(unknown.stderr).toMatch(/^Không có đơn vị mã 99999 trong danh mục đơn vị hành chính/u);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.status).toBe(2);
  }, 240_000);
});
