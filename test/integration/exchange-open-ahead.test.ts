// Issue 13 (package_import_s): a batch opens the next package (scrypt, decryption, the seal's
// checks: about half a second a commune's package) in a helper thread while it writes this one.
// The bytes are the same as opened in turn, and a refusal (wrong passphrase, changed byte, missing
// file) comes back as the same one-line Vietnamese AppError.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { PART_NAMES, openPackageBytes, writePackage, type Parts } from '../../electron/core/exchange/format';
import { PackageOpener } from '../../electron/core/exchange/open-ahead';
import { testManifest } from '../fixtures/package-manifest';
import { tempDir } from '../helpers';

const PASS = 'mật khẩu mở trước';
const dir = tempDir('rasoat-exchange-open-ahead-');

function write(name: string, n: number): string {
  const p = Object.fromEntries(PART_NAMES.map((k) => [k, []])) as unknown as Parts;
  for (let i = 0; i < n; i++) p.households.push({ code: `30487-${String(i).padStart(6, '0')}`, address: `Ấp Bình Thạnh, tổ ${i}` });
  const file = path.join(dir, name);
  writePackage(file, testManifest(`p-${name}`), p, PASS);
  return file;
}

const refusal = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { code: (e as AppError).code, message: (e as AppError).message };
  }
  throw new Error('not refused');
};

describe('packages opened one ahead in a helper thread', () => {
  it('gives the same bytes, in order, each opened by the helper thread while the caller goes on', () => {
    const files = [write('a.pkg', 3000), write('b.pkg', 10), write('c.pkg', 2000)];
    const opener = new PackageOpener(PASS);
    try {
      opener.ahead(files[0]!);
      for (let i = 0; i < files.length; i++) {
        const bytes = opener.take(files[i]!);
        if (files[i + 1]) opener.ahead(files[i + 1]!);
        expect(bytes.equals(openPackageBytes(files[i]!, PASS)), files[i]).toBe(true);
      }
      expect(opener.helped).toBe(files.length);
      // A file not asked for ahead is opened by the caller itself.
      expect(opener.take(files[1]!).equals(openPackageBytes(files[1]!, PASS))).toBe(true);
      expect(opener.helped).toBe(files.length);
    } finally {
      opener.close();
    }
  });

  it('refuses a changed byte, a wrong passphrase and a missing file with the same AppError as opened in turn', () => {
    const good = write('good.pkg', 50);
    const changed = path.join(dir, 'changed.pkg');
    const bytes = fs.readFileSync(good);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    fs.writeFileSync(changed, bytes);
    const missing = path.join(dir, 'missing.pkg');
    for (const [file, pass] of [
      [changed, PASS],
      [good, 'sai mật khẩu'],
      [missing, PASS],
    ] as const) {
      const opener = new PackageOpener(pass);
      try {
        opener.ahead(file);
        expect(refusal(() => opener.take(file)), file).toEqual(refusal(() => openPackageBytes(file, pass)));
        expect(opener.helped).toBe(1);
      } finally {
        opener.close();
      }
    }
  });
});
