// Issue 13 (package_import_s): a package is decrypted in memory, never through a clear copy on
// disk, with the same checks and the same Vietnamese refusals as before (wrong passphrase, a
// changed byte, a file cut short, another kind of sealed file); and reading a commune's side of a
// round finds the commune's households through an index on (round, commune), never by walking
// the whole round (a cost that grew with every commune a province merged).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveKey, sealFile } from '../../electron/core/backup/sealed';
import { Core } from '../../electron/core/core';
import { PART_NAMES, parsePackageBytes, readPackage, writePackage, type Parts } from '../../electron/core/exchange/format';
import { readCommuneParts } from '../../electron/core/exchange/read';
import { testManifest } from '../fixtures/package-manifest';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mật khẩu gói 2025';
const dir = tempDir('rasoat-exchange-speed-read-');

const manifest = testManifest('p-speed');
function parts(): Parts {
  const p = Object.fromEntries(PART_NAMES.map((n) => [n, []])) as unknown as Parts;
  // Enough rows for a body of several decryption chunks (1 MiB each).
  for (let i = 0; i < 6000; i++) {
    const code = `30487-${String(i).padStart(6, '0')}`;
    p.households.push({ code, address: `Ấp Bình Thạnh, tổ ${i % 40}`, head_name: 'Nguyễn Văn Đức' });
    for (let k = 0; k < 4; k++) p.members.push({ household: code, person_key: `${code}.${k}`, full_name: 'Trần Thị Ánh Đào', note: 'x'.repeat(40) });
  }
  return p;
}

/** The files the code opens for writing while `fn` runs (a clear copy of the package would be one). */
function writesDuring<T>(fn: () => T): { value: T; written: string[] } {
  const written: string[] = [];
  const open = fs.openSync;
  const spy = vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (flags !== undefined && flags !== 'r') written.push(String(file));
    return open(file, flags ?? 'r', mode);
  }) as typeof fs.openSync);
  const writeFile = vi.spyOn(fs, 'writeFileSync');
  try {
    const value = fn();
    for (const c of writeFile.mock.calls) written.push(String(c[0]));
    return { value, written };
  } finally {
    spy.mockRestore();
    writeFile.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('a package opened in memory', () => {
  const file = path.join(dir, 'binh-my.pkg');
  const written = parts();
  writePackage(file, manifest, written, PASS);

  it('reads back exactly what was written, with no clear copy written anywhere', () => {
    const { value, written: files } = writesDuring(() => readPackage(file, PASS));
    expect(files).toEqual([]);
    expect(value.parts.households).toEqual(written.households);
    expect(value.parts.members).toEqual(written.members);
    expect(fs.readdirSync(dir).sort()).toEqual(['binh-my.pkg']);
  });

  it('refuses a wrong passphrase, a changed byte, a file cut short and another kind of sealed file in one Vietnamese line, writing nothing', () => {
    const good = fs.readFileSync(file);
    const changed = path.join(dir, 'changed.pkg');
    const c = Buffer.from(good);
    c[Math.floor(c.length / 2)]! ^= 0x01;
    fs.writeFileSync(changed, c);
    const changedTag = path.join(dir, 'changed-tag.pkg');
    const t = Buffer.from(good);
    t[t.length - 1]! ^= 0x80;
    fs.writeFileSync(changedTag, t);
    const short = path.join(dir, 'short.pkg');
    fs.writeFileSync(short, good.subarray(0, good.length - 200));
    const backup = path.join(dir, 'backup.sealed');
    const clear = path.join(dir, 'backup.txt');
    fs.writeFileSync(clear, 'a backup');
    sealFile(clear, backup, deriveKey(PASS), 'backup');
    fs.rmSync(clear);
    const before = fs.readdirSync(dir).sort();
    const cases: [string, string, string][] = [
      [file, 'mat khau goi 2025', 'Mật khẩu không đúng nên không mở được tệp binh-my.pkg. Hãy nhập lại mật khẩu của gói (do nơi gửi cho biết) (phân biệt chữ hoa, chữ thường).'],
      [changed, PASS, 'Tệp changed.pkg bị hỏng hoặc đã bị sửa (mã kiểm tra không khớp), nên không dùng được. Hãy lấy lại bản gốc của tệp.'],
      [changedTag, PASS, 'Tệp changed-tag.pkg bị hỏng hoặc đã bị sửa (mã kiểm tra không khớp), nên không dùng được. Hãy lấy lại bản gốc của tệp.'],
      [short, PASS, 'Tệp short.pkg bị hỏng hoặc đã bị sửa (mã kiểm tra không khớp), nên không dùng được. Hãy lấy lại bản gốc của tệp.'],
      [backup, PASS, 'Tệp backup.sealed không phải gói dữ liệu trao đổi của phần mềm.'],
    ];
    for (const [f, pass, message] of cases) {
      const { written: files } = writesDuring(() => expect(() => readPackage(f, pass), path.basename(f)).toThrow(message));
      expect(files, path.basename(f)).toEqual([]);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});

describe('the lines of a part, read as one array', () => {
  /** A package's clear bytes whose households part is `lines` (each part's SHA-256 right). */
  const clear = (lines: string[]): Buffer => {
    const parts = PART_NAMES.map((name) => ({ name, count: name === 'households' ? lines.length : 0, sha256: '' }));
    const h = parts.find((p) => p.name === 'households')!;
    h.sha256 = crypto.createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex');
    for (const p of parts) if (p.count === 0) p.sha256 = crypto.createHash('sha256').digest('hex');
    return Buffer.from(`${JSON.stringify({ ...manifest, parts })}\n${lines.map((l) => `${l}\n`).join('')}`, 'utf8');
  };

  it('reads the rows as before, and refuses a line that is two objects, an array, null or empty the same way as a line that is not JSON', () => {
    const good = ['{"code":"H1","address":"Ấp 1, \\n dòng hai"}', ' {"code":"H2"} ', '{"code":"H3","n":[1,2]}'];
    expect(parsePackageBytes(clear(good), 'tot.pkg').parts.households).toEqual([{ code: 'H1', address: 'Ấp 1, \n dòng hai' }, { code: 'H2' }, { code: 'H3', n: [1, 2] }]);
    for (const bad of ['{"code":"H2"},{"code":"H4"}', '[{"code":"H2"}]', 'null', '', '{"code":'])
      expect(() => parsePackageBytes(clear([good[0]!, bad, good[2]!]), 'hong.pkg'), bad).toThrow(
        'Gói dữ liệu hong.pkg bị hỏng hoặc đã bị sửa (phần households có dòng không đọc được), nên không nhập được. Hãy xin xã gửi lại gói.',
      );
  });
});

describe("a commune's side of a round", () => {
  it('finds the commune\'s households by round AND commune in every statement, never by the round alone', () => {
    const core = new Core({ dbPath: path.join(dir, 'plans.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    try {
      const sqlite = core.db.sqlite;
      const statements: string[] = [];
      const prepare = sqlite.prepare.bind(sqlite);
      vi.spyOn(sqlite, 'prepare').mockImplementation(((sql: string) => {
        statements.push(sql);
        return prepare(sql);
      }) as BetterSqlite3.Database['prepare']);
      readCommuneParts(sqlite, 1, 2);
      vi.restoreAllMocks();
      expect(statements.length).toBeGreaterThan(10);
      for (const sql of statements) {
        const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ round: 1, commune: 2 }) as { detail: string }[]).map((r) => r.detail);
        // The households of the round: found through an index whose leading terms are the round and the commune.
        const byRoundOnly = plan.filter((d) => /\b(SCAN|SEARCH) h\b/u.test(d) && !/round_id=\? AND commune_id=\?/u.test(d));
        expect(byRoundOnly, `${sql.replace(/\s+/gu, ' ').slice(0, 120)}: ${plan.join(' | ')}`).toEqual([]);
      }
    } finally {
      core.close();
    }
  });
});
