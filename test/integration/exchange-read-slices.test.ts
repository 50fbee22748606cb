// Issue 13 (package_import_s): a package's parts are decoded and parsed a slice of lines at a
// time, never a whole part decoded into one string (a commune's members part is some 30 MB: a
// 60 MB string made and collected per package cost more than the parsing itself). The rows read
// back exactly, and a damaged line far into a large part is refused as before.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PART_NAMES, parsePackageBytes, readPackage, writePackage, type Parts } from '../../electron/core/exchange/format';
import { testManifest } from '../fixtures/package-manifest';
import { tempDir } from '../helpers';

const PASS = 'mật khẩu gói lát cắt';
const dir = tempDir('rasoat-exchange-read-slices-');
const manifest = testManifest('p-slices');

function bigParts(): Parts {
  const p = Object.fromEntries(PART_NAMES.map((n) => [n, []])) as unknown as Parts;
  for (let i = 0; i < 5000; i++) {
    const code = `30487-${String(i).padStart(6, '0')}`;
    p.households.push({ code, address: `Ấp Bình Thạnh, tổ ${i % 40}`, head_name: 'Nguyễn Văn Đức', n: i });
    for (let k = 0; k < 4; k++) p.members.push({ household: code, person_key: `${code}.${k}`, full_name: 'Trần Thị Ánh Đào', seq: k, note: 'đ'.repeat(k * 30) });
  }
  return p;
}

afterEach(() => vi.restoreAllMocks());

describe('a package part read a slice at a time', () => {
  it('reads back exactly what was written, decoding no string longer than a slice of lines', () => {
    const file = path.join(dir, 'lat-cat.pkg');
    const written = bigParts();
    writePackage(file, manifest, written, PASS);
    const lengths: number[] = [];
    const toString = Buffer.prototype.toString;
    vi.spyOn(Buffer.prototype, 'toString').mockImplementation(function (this: Buffer, ...args: unknown[]) {
      const [encoding, start, end] = args as [BufferEncoding | undefined, number | undefined, number | undefined];
      if (this.length > 1_000_000) lengths.push((end ?? this.length) - (start ?? 0));
      return toString.call(this, encoding, start, end);
    });
    const pkg = readPackage(file, PASS);
    vi.restoreAllMocks();
    expect(pkg.parts.households).toEqual(written.households);
    expect(pkg.parts.members).toEqual(written.members);
    // The members part alone is over a megabyte; no decoded piece of the package is more than a slice (64 KB) and a line.
    expect(Buffer.byteLength(written.members.map((r) => JSON.stringify(r)).join('\n'))).toBeGreaterThan(1_000_000);
    expect(lengths.length).toBeGreaterThan(20);
    expect(Math.max(...lengths)).toBeLessThan(70_000);
  });

  it('refuses a damaged line far into a large part, as a line read alone would be', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ code: `H${i}`, address: `Ấp ${i}` }));
    for (const bad of ['{"code":"H2"},{"code":"H4"}', '[{"code":"H2"}]', 'null', '', '{"code":']) {
      const damaged = [...lines];
      damaged[15_000] = bad;
      const parts = PART_NAMES.map((name) => ({ name, count: name === 'households' ? damaged.length : 0, sha256: crypto.createHash('sha256').digest('hex') }));
      parts.find((p) => p.name === 'households')!.sha256 = crypto.createHash('sha256').update(damaged.map((l) => `${l}\n`).join('')).digest('hex');
      const bytes = Buffer.from(`${JSON.stringify({ ...manifest, parts })}\n${damaged.map((l) => `${l}\n`).join('')}`, 'utf8');
      expect(() => parsePackageBytes(bytes, 'hong.pkg'), bad).toThrow(
        'Gói dữ liệu hong.pkg bị hỏng hoặc đã bị sửa (phần households có dòng không đọc được), nên không nhập được. Hãy xin xã gửi lại gói.',
      );
    }
  });
});
