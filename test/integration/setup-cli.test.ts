// First-run setup by the command line (issue 11): npm run -s cli -- setup / units find / units load,
// run exactly as a user would, from an empty folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { getOffice } from '../../electron/core/units/office';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args);
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/u);
const oneLine = (text: string) => expect(text.trim().split('\n')).toHaveLength(1);

/** Reads the database the command line wrote. */
function inspect(file: string) {
  const db = openDatabase(file, { readonly: true });
  try {
    const n = (sql: string) => Number(db.sqlite.prepare(sql).pluck().get());
    return {
      office: getOffice(db.sqlite)?.code ?? null,
      units: n('SELECT COUNT(*) FROM units'),
      versions: n('SELECT COUNT(*) FROM register_versions'),
      audit: db.sqlite.prepare("SELECT actor, action FROM audit WHERE entity = 'settings'").all(),
    };
  } finally {
    db.close();
  }
}

describe('rasoat setup', () => {
  it('sets up an office from an empty folder: creates the database, loads the register, records the office', () => {
    const file = path.join(tempDir(), 'new', 'office.sqlite');
    const r = cli(['setup', '--db', file, '--unit', '30487']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Đã thiết lập: .*office\.sqlite \(CSDL mới\)$/mu);
    expect(r.stdout).toMatch(/Văn phòng: Xã Bình Mỹ \(30487\), Tỉnh An Giang/u);
    expect(r.stdout).toMatch(/bản 2025-07-01 .*: 34 tỉnh, 3\.321 xã hiện hành — vừa nạp/u);
    expect(inspect(file)).toEqual({ office: '30487', units: 10_794 + 3_355, versions: 1, audit: [{ actor: 'cli', action: 'office_setup' }] });

    // The same again: nothing changes.
    const again = cli(['setup', '--db', file, '--unit', '30487']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Không đổi/u);
    expect(again.stdout).toMatch(/Danh mục đơn vị: .* — đã có$/mu);
    expect(inspect(file).audit).toHaveLength(1);
  }, 240_000);

  it('refuses an abolished commune or an unknown code in one line that names the right one', () => {
    const file = path.join(tempDir(), 'office.sqlite');
    const abolished = cli(['setup', '--db', file, '--unit', '30490']);
    expect(abolished.code).toBe(1);
    expect(abolished.stdout).toBe('');
    oneLine(abolished.stderr);
    noStackTrace(abolished.stderr);
    expect(abolished.stderr.trim()).toBe('Mã 30490 là xã Bình Thủy cũ (huyện Châu Phú), đã nhập vào xã Bình Mỹ (30487) từ 01/07/2025: dùng --unit 30487.');

    const unknown = cli(['setup', '--db', file, '--unit', '39999']);
    expect(unknown.code).toBe(1);
    oneLine(unknown.stderr);
    expect(unknown.stderr).toMatch(/^Không có đơn vị mã 39999 trong danh mục đơn vị hành chính .*units find/u);
    expect(inspect(file).office).toBeNull();

    const missing = cli(['setup', '--db', file]);
    expect(missing.code).toBe(2);
    oneLine(missing.stderr);
    expect(missing.stderr).toMatch(/^Thiếu --unit MÃ/u);
  }, 240_000);
});

describe('rasoat units find / units load', () => {
  it('finds a unit by part of its name, with or without a database, one line per match', () => {
    const r = cli(['units', 'find', 'binh thuy', '--level', 'commune']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('30490\tXã Bình Thủy\tHuyện Châu Phú, Tỉnh An Giang\tkhông còn từ 01/07/2025 → Xã Bình Mỹ (30487)');
    for (const line of lines) expect(line.split('\t')).toHaveLength(4);

    // Within one province (a province office looking up its communes): only its units, all of them.
    const within = cli(['units', 'find', 'binh', '--province', '91', '--current']);
    expect(within.code).toBe(0);
    const inProvince = within.stdout.trim().split('\n');
    expect(inProvince).toContain('30487\tXã Bình Mỹ\tTỉnh An Giang\thiện hành');
    for (const line of inProvince) expect(line.split('\t')[2]).toBe('Tỉnh An Giang');
    expect(inProvince.length).toBeGreaterThan(3);

    const none = cli(['units', 'find', 'khong co dau ca']);
    expect(none.code).toBe(1);
    oneLine(none.stderr);
  }, 240_000);

  it('refuses a broken register folder with a message per problem and changes nothing; the same content twice is a no-op', () => {
    const dir = tempDir();
    const file = path.join(dir, 'office.sqlite');
    expect(cli(['setup', '--db', file, '--unit', '91']).code).toBe(0);
    const before = inspect(file);

    const broken = path.join(dir, 'register');
    fs.cpSync(path.join(RESOURCES, 'units', 'register'), broken, { recursive: true });
    const csv = path.join(broken, 'units-2025-07-01.csv');
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('30487,commune,Xã,Bình Mỹ,91', '30487,commune,Ấp,Bình Mỹ,99'));
    const r = cli(['units', 'load', '--db', file, broken]);
    expect(r.code).toBe(1);
    noStackTrace(r.stderr);
    expect(r.stderr).toMatch(/units-2025-07-01\.csv, dòng \d+: loại "Ấp" không dùng cho cấp xã/u);
    expect(r.stderr).toMatch(/Danh mục đơn vị không nạp được: \d+ lỗi \(xem trên\), không ghi gì vào CSDL/u);
    expect(inspect(file)).toEqual(before);

    const same = cli(['units', 'load', '--db', file, path.join(RESOURCES, 'units', 'register')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/đã được nạp trước đây \(cùng nội dung/u);
    expect(inspect(file)).toEqual(before);
  }, 360_000);
});
