// Finding a unit by part of its name (issue 11), and recording the office (first-run setup).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { findUnits } from '../../electron/core/units/find';
import { getOffice, OfficeRefusal, setupOffice, setupStatus } from '../../electron/core/units/office';
import { loadRegister, readRegister, shippedRegisterDir } from '../../electron/core/units/register';
import { unitApiInputs } from '../../shared/api/units';
import { fold } from '../../shared/text/fold';
import { RESOURCES, tempDir } from '../helpers';

const TODAY = '2026-11-29';

describe('fold (shared/text/fold.ts)', () => {
  it('treats old and new tone-mark placement alike, and đ as d', () => {
    // "Hoà" (mark on a, old style) and "Hòa" (new style) in both normal forms, "Thuỷ"/"Thủy", "Đông".
    for (const [a, b] of <[string, string][]>[
      ['Hoà', 'Hòa'],
      ['Hoà'.normalize('NFD'), 'Hòa'],
      ['Thuỷ', 'Thủy'],
      ['khoẻ', 'khỏe'],
      ['Đông', 'dong'],
      ['ĐÔNG HÒA', 'dong hoa'],
    ]) {
      expect(fold(a), `${a} = ${b}`).toBe(fold(b));
    }
  });
});

describe('units.find', () => {
  const db = openDatabase(path.join(tempDir(), 'find.sqlite'));
  beforeAll(() => {
    loadRegister(db.sqlite, readRegister(shippedRegisterDir(RESOURCES)), 'test');
  });
  afterAll(() => db.close());
  const find = (text: string, extra: Partial<Parameters<typeof findUnits>[1]> = {}) => findUnits(db.sqlite, { text, today: TODAY, ...extra });

  it('"hoa" finds names written Hòa and Hoà alike', () => {
    const names = find('hoa', { limit: 10_000 }).map((u) => u.name);
    expect(names.some((n) => n.includes('Hòa'))).toBe(true);
    // The same search typed with either tone-mark placement finds the same units.
    const old = find('Hoà', { limit: 10_000 }).map((u) => u.id);
    const modern = find('Hòa', { limit: 10_000 }).map((u) => u.id);
    expect(old.length).toBeGreaterThan(100);
    expect(old).toEqual(modern);
    expect(find('khanh hoa', { limit: 10_000 }).map((u) => u.fullName)).toEqual(expect.arrayContaining(['Tỉnh Khánh Hòa', 'Xã Khánh Hòa']));
  });

  it('"binh my" finds Bình Mỹ of An Giang, current, with the communes it took in', () => {
    const found = find('binh my');
    const current = found.find((u) => u.code === '30487' && !u.abolished)!;
    expect(current).toMatchObject({
      level: 'commune',
      type: 'xa',
      name: 'Bình Mỹ',
      fullName: 'Xã Bình Mỹ',
      parentName: 'Tỉnh An Giang',
      provinceName: 'Tỉnh An Giang',
      validFrom: '2025-07-01',
      validTo: null,
      abolished: false,
      becameCodes: [],
    });
    // Its old namesake: abolished, in Huyện Châu Phú of the old An Giang, became the new Bình Mỹ.
    const old = found.find((u) => u.code === '30487' && u.abolished)!;
    expect(old).toMatchObject({ parentName: 'Huyện Châu Phú', provinceName: 'Tỉnh An Giang', validTo: '2025-06-30', becameCodes: ['30487'], becameNames: ['Xã Bình Mỹ'] });
    // Current units come before abolished ones of the same match.
    expect(found.findIndex((u) => u === current)).toBeLessThan(found.findIndex((u) => u === old));
    expect(found.length).toBeLessThanOrEqual(30);
  });

  it('an abolished commune says which commune(s) it became; a divided one lists each', () => {
    const thuy = find('Bình Thủy').find((u) => u.code === '30490')!;
    expect(thuy).toMatchObject({ abolished: true, parentName: 'Huyện Châu Phú', becameCodes: ['30487'], becameNames: ['Xã Bình Mỹ'] });
    const divided = db.sqlite
      .prepare(`SELECT o.name FROM unit_map m JOIN units o ON o.id = m.old_unit_id WHERE m.divided = 1 AND o.code = '00007'`)
      .pluck()
      .get() as string;
    const hit = find(divided, { current: false, level: 'commune' }).find((u) => u.code === '00007')!;
    expect(hit.becameCodes.length).toBeGreaterThan(1);
    expect(hit.becameNames).toHaveLength(hit.becameCodes.length);
  });

  it('"dong" matches "Đông"; level and current narrow the search', () => {
    const found = find('dong', { limit: 10_000 });
    expect(found.some((u) => u.name.startsWith('Đông'))).toBe(true);
    expect(find('dong', { level: 'province' }).map((u) => u.fullName)).toEqual(expect.arrayContaining(['Tỉnh Đồng Tháp', 'Tỉnh Đồng Nai']));
    const current = find('dong', { current: true, limit: 10_000 });
    expect(current.every((u) => !u.abolished && u.validTo === null)).toBe(true);
    expect(current.some((u) => u.level === 'district')).toBe(false);
    expect(find('dong', { current: false, limit: 10_000 }).every((u) => u.abolished)).toBe(true);
  });

  /** The units of a province on its map, computed from the register: a current commune's parent is the province, an old commune's district's is. */
  const inProvince = (provinceCode: string, current: boolean, text: string): string[] =>
    (
      db.sqlite
        .prepare(
          `SELECT c.code, c.name, c.valid_from AS validFrom, c.valid_to AS validTo FROM units c
           JOIN units up ON up.id = c.parent_id
           LEFT JOIN units gp ON gp.id = up.parent_id
           WHERE c.level = 'commune' AND ((up.level = 'province' AND up.code = ?) OR (up.level = 'district' AND gp.level = 'province' AND gp.code = ?))`,
        )
        .all(provinceCode, provinceCode) as { code: string; name: string; validFrom: string; validTo: string | null }[]
    )
      .filter((u) => (u.validFrom <= TODAY && (u.validTo === null || u.validTo >= TODAY)) === current)
      .filter((u) => fold(u.name).includes(fold(text)))
      .map((u) => u.code)
      .sort();

  it('provinceCode keeps the units of one province, before the cut: every current An Giang commune named "binh"', () => {
    const expected = inProvince('91', true, 'binh');
    // Without the filter, the country-wide cut leaves only some of An Giang's.
    const unfiltered = find('binh', { current: true }).filter((u) => u.provinceName === 'Tỉnh An Giang');
    expect(expected.length).toBeGreaterThan(unfiltered.length);
    const found = find('binh', { current: true, provinceCode: '91' });
    expect(found.every((u) => u.provinceName === 'Tỉnh An Giang' && u.level === 'commune' && !u.abolished)).toBe(true);
    expect(found.map((u) => u.code).sort()).toEqual(expected);
    expect(found.map((u) => u.code)).toContain('30487');
    // Old communes: the province of their map is their district's parent (old An Giang is 89).
    const old = find('binh', { current: false, provinceCode: '89' });
    expect(old.map((u) => u.code).sort()).toEqual(inProvince('89', false, 'binh'));
    expect(old.find((u) => u.code === '30490')).toMatchObject({ parentName: 'Huyện Châu Phú', provinceName: 'Tỉnh An Giang' });
    // Within a province the cut is the province's size, not 30: a short common text lists them all.
    const many = inProvince('91', true, 'an');
    expect(many.length).toBeGreaterThan(30);
    expect(find('an', { current: true, provinceCode: '91' }).map((u) => u.code).sort()).toEqual(many);
    // Another province's communes are not shown; an unknown province finds nothing.
    expect(find('binh my', { current: true, provinceCode: '01' }).some((u) => u.code === '30487')).toBe(false);
    expect(find('binh', { provinceCode: '00' })).toEqual([]);
  });

  it('a code typed whole finds its units; no match is an empty list', () => {
    expect(find('30490').map((u) => u.fullName)).toEqual(['Xã Bình Thủy']);
    expect(find('zzzz khong co')).toEqual([]);
  });
});

describe('setupOffice', () => {
  function fresh() {
    const db = openDatabase(path.join(tempDir(), 'office.sqlite'));
    loadRegister(db.sqlite, readRegister(shippedRegisterDir(RESOURCES)), 'test');
    return db;
  }

  it('records a current commune or province, with its province, audited', () => {
    const db = fresh();
    try {
      expect(setupStatus(db.sqlite, TODAY)).toMatchObject({ office: null, register: { version: '2025-07-01', provinces: 34, communes: 3321 }, roundCount: 0 });
      const r = setupOffice(db.sqlite, '30487', 'admin', { today: TODAY });
      expect(r.office).toMatchObject({ code: '30487', level: 'commune', type: 'xa', fullName: 'Xã Bình Mỹ', provinceName: 'Tỉnh An Giang' });
      expect(getOffice(db.sqlite)?.unitId).toBe(r.office.unitId);
      // The same again is a no-op; another unit while no round exists is a change, audited.
      expect(setupOffice(db.sqlite, '30487', 'admin', { today: TODAY }).changed).toBe(false);
      const p = setupOffice(db.sqlite, '91', 'admin', { today: TODAY });
      expect(p.office).toMatchObject({ code: '91', level: 'province', fullName: 'Tỉnh An Giang', provinceName: null });
      const audit = db.sqlite.prepare("SELECT actor, action, old_value, new_value FROM audit WHERE entity = 'settings' ORDER BY id").all() as Record<string, string>[];
      expect(audit.map((a) => a.action)).toEqual(['office_setup', 'office_change']);
      expect(JSON.parse(audit[1]!.old_value!)).toMatchObject({ code: '30487' });
      expect(JSON.parse(audit[1]!.new_value!)).toMatchObject({ code: '91', fullName: 'Tỉnh An Giang' });
    } finally {
      db.close();
    }
  });

  const refusal = (db: ReturnType<typeof fresh>, code: string): OfficeRefusal => {
    try {
      setupOffice(db.sqlite, code, 'admin', { today: TODAY, hint: (codes) => `dùng --unit ${codes.join(' hoặc --unit ')}` });
    } catch (e) {
      expect(e).toBeInstanceOf(OfficeRefusal);
      expect((e as Error).message).not.toMatch(/\n/u);
      return e as OfficeRefusal;
    }
    throw new Error(`${code} was accepted`);
  };

  it('refuses an unknown or abolished unit in one line that names the right one', () => {
    const db = fresh();
    try {
      expect(refusal(db, '30490').message).toBe(
        'Mã 30490 là xã Bình Thủy cũ (huyện Châu Phú), đã nhập vào xã Bình Mỹ (30487) từ 01/07/2025: dùng --unit 30487.',
      );
      const divided = refusal(db, '00007');
      expect(divided.message).toMatch(/^Mã 00007 là phường .+ cũ \(quận Ba Đình\), đã chia vào .+ từ 01\/07\/2025: dùng --unit \d{5} hoặc --unit \d{5}/u);
      expect(divided.codes.length).toBeGreaterThan(1);
      expect(refusal(db, '889').message).toMatch(/^Mã 889 là huyện Châu Phú cũ \(tỉnh An Giang\); cấp huyện không còn từ 01\/07\/2025: .*xã Bình Mỹ \(30487\)/u);
      expect(refusal(db, '89').message).toBe('Mã 89 là tỉnh An Giang cũ, đã nhập vào tỉnh An Giang (91) từ 01/07/2025: dùng --unit 91.');
      expect(refusal(db, '99999').message).toMatch(/^Không có đơn vị mã 99999 trong danh mục đơn vị hành chính/u);
      expect(refusal(db, 'Bình Thủy').message).toMatch(/không phải mã đơn vị/u);
      expect(getOffice(db.sqlite)).toBeNull();
    } finally {
      db.close();
    }
  });

  it('refuses to change the office once rounds exist', () => {
    const db = fresh();
    try {
      const { office } = setupOffice(db.sqlite, '30487', 'admin', { today: TODAY });
      db.sqlite
        .prepare(
          `INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, created_at)
           VALUES (2026, 'periodic', 'Rà soát 2026', 'vn-2022-2026', '2026-11-01', '2026-11-01', ?, '2026-11-01')`,
        )
        .run(office.unitId);
      expect(refusal(db, '30463').message).toMatch(/đã là của xã Bình Mỹ \(30487\) và có 1 đợt rà soát: không đổi sang xã Châu Phú \(30463\) được/u);
      expect(getOffice(db.sqlite)?.code).toBe('30487');
      expect(setupOffice(db.sqlite, '30487', 'admin', { today: TODAY }).changed).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('the API (setup.status, setup.office, units.find)', () => {
  it('loads the shipped register on first use and records the office', async () => {
    const dir = tempDir();
    const core = new Core({ dbPath: path.join(dir, 'api.sqlite'), resourcesDir: RESOURCES, actor: 'api-test' });
    try {
      const { createServices } = await import('../../electron/core/api/services');
      const api = createServices(core);
      expect(await api['setup.status']({})).toEqual({ office: null, register: null, roundCount: 0 });
      const found = await api['units.find']({ text: 'binh my', level: 'commune', current: true });
      expect(found.map((u) => `${u.code} ${u.provinceName}`)).toContain('30487 Tỉnh An Giang');
      const office = await api['setup.office']({ unitCode: '30487' });
      expect(office).toMatchObject({ code: '30487', fullName: 'Xã Bình Mỹ', provinceName: 'Tỉnh An Giang' });
      const status = await api['setup.status']({});
      expect(status.office?.code).toBe('30487');
      expect(status.register).toMatchObject({ version: '2025-07-01', provinces: 34, communes: 3321 });
      // A province office's commune picker: only its communes, not cut by the country-wide limit.
      const anGiang = await api['units.find']({ text: 'binh', level: 'commune', current: true, provinceCode: '91' });
      const all = (await api['units.find']({ text: 'binh', level: 'commune', current: true })).filter((u) => u.provinceName === 'Tỉnh An Giang');
      expect(anGiang.every((u) => u.provinceName === 'Tỉnh An Giang')).toBe(true);
      expect(anGiang.length).toBeGreaterThan(all.length);
      expect(() => unitApiInputs['units.find'].parse({ text: 'binh', provinceCode: 'An Giang' })).toThrow();
      await expect(Promise.resolve().then(() => api['setup.office']({ unitCode: '30490' }))).rejects.toThrow(/đã nhập vào xã Bình Mỹ \(30487\).*dùng mã 30487/u);
    } finally {
      core.close();
    }
  });
});
