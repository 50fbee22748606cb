// The national unit register as data (issue 11): loads, counts what its README says, fast,
// idempotent, agrees with the demo's unit file, and refuses a broken newer register whole.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { loadRegister, readRegister, RegisterInvalidError, shippedRegisterDir } from '../../electron/core/units/register';
import { loadUnits, readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

const REGISTER = shippedRegisterDir(RESOURCES);

function freshDb() {
  return openDatabase(path.join(tempDir(), 'units.sqlite'));
}

const count = (db: ReturnType<typeof freshDb>, sql: string, ...args: unknown[]) => Number(db.sqlite.prepare(sql).pluck().get(...args));
const at = (level: string, date: string) => [
  `SELECT COUNT(*) FROM units WHERE level = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)`,
  level,
  date,
  date,
] as const;

/** The numbers the register's README states (its table and text), read from the README itself. */
function readmeFacts(): { sha: Record<string, string>; rows: Record<string, number> } {
  const text = fs.readFileSync(path.join(REGISTER, 'README.md'), 'utf8');
  const sha: Record<string, string> = {};
  const rows: Record<string, number> = {};
  for (const m of text.matchAll(/^\| `([^`]+\.csv)` \|.*\| ([\d,]+) \| `([0-9a-f]{64})` \|$/gmu)) {
    rows[m[1]!] = Number(m[2]!.replace(/,/gu, ''));
    sha[m[1]!] = m[3]!;
  }
  return { sha, rows };
}

describe('the unit register (resources/units/register)', () => {
  it('is shipped with its provenance: each file as the README says (sha256, rows)', () => {
    const { sha, rows } = readmeFacts();
    expect(Object.keys(sha).sort()).toEqual(['merge-2025-07-01.csv', 'units-2025-03-01.csv', 'units-2025-07-01.csv']);
    for (const [file, digest] of Object.entries(sha)) {
      const bytes = fs.readFileSync(path.join(REGISTER, file));
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), file).toBe(digest);
      expect(bytes.toString('utf8').trim().split('\n').length - 1, file).toBe(rows[file]);
    }
  });

  it('loads in one go (< 2 s) and counts what its README says, on each map', () => {
    const db = freshDb();
    try {
      // CPU time, not wall time: other processes share the machine's two cores.
      const started = process.cpuUsage();
      const result = loadRegister(db.sqlite, readRegister(REGISTER), 'test');
      const used = process.cpuUsage(started);
      expect((used.user + used.system) / 1000).toBeLessThan(2000);
      expect(result.status).toBe('loaded');
      // The pre-reform map (state of 01/03/2025), as valid on any day of 2022-2024 and up to 30/06/2025.
      for (const day of ['2023-06-30', '2025-06-30']) {
        expect(count(db, ...at('province', day))).toBe(63);
        expect(count(db, ...at('district', day))).toBe(696);
        expect(count(db, ...at('commune', day))).toBe(10_035);
      }
      // The current map, from 01/07/2025.
      for (const day of ['2025-07-01', '2026-11-29']) {
        expect(count(db, ...at('province', day))).toBe(34);
        expect(count(db, ...at('district', day))).toBe(0);
        expect(count(db, ...at('commune', day))).toBe(3_321);
      }
      expect(count(db, 'SELECT COUNT(*) FROM unit_map')).toBe(10_597);
      expect(count(db, "SELECT COUNT(*) FROM unit_map WHERE effective_date = '2025-07-01'")).toBe(10_597);
      expect(count(db, 'SELECT COUNT(*) FROM unit_map WHERE divided = 1')).toBe(1_033);
      expect(count(db, 'SELECT COUNT(DISTINCT old_unit_id) FROM unit_map WHERE divided = 1')).toBe(471);
      // Types are stored as the app's slugs.
      const types = db.sqlite.prepare('SELECT DISTINCT level || \':\' || type FROM units ORDER BY 1').pluck().all();
      expect(types).toEqual([
        'commune:dac_khu', 'commune:phuong', 'commune:thi_tran', 'commune:xa',
        'district:huyen', 'district:quan', 'district:thanh_pho', 'district:thi_xa',
        'province:thanh_pho_tw', 'province:tinh',
      ]);
      // The README's example: Bình Thủy (30490) became Bình Mỹ (30487) in An Giang (91).
      const row = db.sqlite
        .prepare(
          `SELECT n.code, n.name, p.code AS province, m.divided FROM units o JOIN unit_map m ON m.old_unit_id = o.id
           JOIN units n ON n.id = m.new_unit_id JOIN units p ON p.id = n.parent_id WHERE o.code = '30490'`,
        )
        .all();
      expect(row).toEqual([{ code: '30487', name: 'Bình Mỹ', province: '91', divided: 0 }]);
      const version = db.sqlite.prepare('SELECT version, loaded_by FROM register_versions').all();
      expect(version).toEqual([{ version: '2025-07-01', loaded_by: 'test' }]);
      expect(count(db, "SELECT COUNT(*) FROM audit WHERE entity = 'register_versions' AND action = 'load'")).toBe(1);
    } finally {
      db.close();
    }
  });

  it('loading the same content twice is a no-op', () => {
    const db = freshDb();
    try {
      loadRegister(db.sqlite, readRegister(REGISTER), 'test');
      const before = count(db, 'SELECT total_changes()');
      const again = loadRegister(db.sqlite, readRegister(REGISTER), 'test');
      expect(again.status).toBe('unchanged');
      expect(count(db, 'SELECT total_changes()')).toBe(before);
      expect(count(db, 'SELECT COUNT(*) FROM units')).toBe(10_794 + 3_355);
      expect(count(db, 'SELECT COUNT(*) FROM register_versions')).toBe(1);
    } finally {
      db.close();
    }
  });

  it("agrees with the demo's unit file: the same code and validity are the same row, in either order", () => {
    const demo = readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json'));
    for (const order of ['demo first', 'register first']) {
      const db = freshDb();
      try {
        if (order === 'demo first') loadUnits(db.sqlite, demo);
        loadRegister(db.sqlite, readRegister(REGISTER), 'test');
        if (order === 'register first') loadUnits(db.sqlite, demo);
        expect(count(db, 'SELECT COUNT(*) FROM units'), order).toBe(10_794 + 3_355);
        // The register maps communes; the demo file also maps its province (89 → 91).
        expect(count(db, "SELECT COUNT(*) FROM unit_map m JOIN units o ON o.id = m.old_unit_id WHERE o.level = 'commune'"), order).toBe(10_597);
        expect(count(db, 'SELECT COUNT(*) FROM unit_map'), order).toBe(10_597 + 1);
        expect(count(db, "SELECT COUNT(*) FROM units WHERE code = '30490'"), order).toBe(1);
        expect(count(db, "SELECT COUNT(*) FROM units WHERE code = '30487'"), order).toBe(2);
      } finally {
        db.close();
      }
    }
  });
});

/** A copy of the shipped register in a temporary folder, changed by `edit`. */
function brokenCopy(edit: (dir: string) => void): string {
  const dir = path.join(tempDir(), 'register');
  fs.cpSync(REGISTER, dir, { recursive: true });
  edit(dir);
  return dir;
}
const replaceIn = (dir: string, file: string, from: string, to: string) => {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  expect(text.includes(from), `${file} has ${from}`).toBe(true);
  fs.writeFileSync(path.join(dir, file), text.replace(from, to));
};

describe('a newer register file', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['an unknown type', (d) => replaceIn(d, 'units-2025-07-01.csv', '30487,commune,Xã,Bình Mỹ,91', '30487,commune,Làng,Bình Mỹ,91'), /units-2025-07-01\.csv, dòng \d+: loại "Làng" không dùng cho cấp xã/u],
    ['a parent missing', (d) => replaceIn(d, 'units-2025-07-01.csv', '30487,commune,Xã,Bình Mỹ,91', '30487,commune,Xã,Bình Mỹ,99'), /mã 30487: cấp trên 99 không có trong tệp/u],
    ['a code of the wrong length', (d) => replaceIn(d, 'units-2025-03-01.csv', '30490,commune,Xã,Bình Thủy,889', '3049,commune,Xã,Bình Thủy,889'), /mã "3049" của xã phải gồm đúng 5 chữ số/u],
    ['an unknown level', (d) => replaceIn(d, 'units-2025-03-01.csv', '30490,commune,', '30490,hamlet,'), /cấp "hamlet" không có/u],
    ['a count that differs from the manifest', (d) => replaceIn(d, 'register.json', '"commune": 3321', '"commune": 3322'), /có 3\.321 xã, register\.json ghi 3\.322/u],
    ['a merge row to a commune that does not exist', (d) => replaceIn(d, 'merge-2025-07-01.csv', '30490,30487,0', '30490,39999,0'), /merge-2025-07-01\.csv, dòng \d+: xã mới 39999 không có/u],
    ['a divided commune not marked', (d) => replaceIn(d, 'merge-2025-07-01.csv', '00007,00008,1', '00007,00008,0'), /xã cũ 00007 có \d+ xã mới: mỗi dòng của nó phải có divided = 1/u],
    ['a missing file', (d) => fs.rmSync(path.join(d, 'merge-2025-07-01.csv')), /merge-2025-07-01\.csv: không tìm thấy tệp/u],
    ['no manifest', (d) => fs.rmSync(path.join(d, 'register.json')), /thiếu tệp mô tả register\.json/u],
  ];
  for (const [what, edit, message] of cases) {
    it(`with ${what} is refused with a clear message, and changes nothing`, () => {
      const db = freshDb();
      try {
        const dir = brokenCopy(edit);
        let error: unknown;
        try {
          loadRegister(db.sqlite, readRegister(dir), 'admin');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RegisterInvalidError);
        expect((error as Error).message).toMatch(/^Danh mục đơn vị không nạp được/u);
        expect((error as Error).message).toMatch(message);
        expect(count(db, 'SELECT COUNT(*) FROM units')).toBe(0);
        expect(count(db, 'SELECT COUNT(*) FROM register_versions')).toBe(0);
      } finally {
        db.close();
      }
    });
  }

  it('with new names is a new version: the changed units are updated (audited), nothing is duplicated', () => {
    const db = freshDb();
    try {
      loadRegister(db.sqlite, readRegister(REGISTER), 'setup');
      const dir = brokenCopy((d) => {
        replaceIn(d, 'units-2025-07-01.csv', '30487,commune,Xã,Bình Mỹ,91', '30487,commune,Xã,Bình Mỹ Mới,91');
        replaceIn(d, 'register.json', '"version": "2025-07-01"', '"version": "2026-04-30"');
      });
      const result = loadRegister(db.sqlite, readRegister(dir), 'admin');
      expect(result).toMatchObject({ status: 'loaded', version: '2026-04-30', inserted: 0, updated: 1, mapRowsWritten: 0 });
      expect(db.sqlite.prepare("SELECT name FROM units WHERE code = '30487' AND valid_from = '2025-07-01'").pluck().get()).toBe('Bình Mỹ Mới');
      expect(db.sqlite.prepare("SELECT actor, field, old_value, new_value FROM audit WHERE entity = 'units'").all()).toEqual([
        { actor: 'admin', field: 'name', old_value: '"Bình Mỹ"', new_value: '"Bình Mỹ Mới"' },
      ]);
      expect(db.sqlite.prepare('SELECT version, loaded_by FROM register_versions ORDER BY id').all()).toEqual([
        { version: '2025-07-01', loaded_by: 'setup' },
        { version: '2026-04-30', loaded_by: 'admin' },
      ]);
      expect(count(db, 'SELECT COUNT(*) FROM units')).toBe(10_794 + 3_355);
    } finally {
      db.close();
    }
  });
});
