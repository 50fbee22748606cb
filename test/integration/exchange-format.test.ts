// Issue 13, the package reader (format.ts) on the bytes: a package reads back exactly as written;
// a part whose line is not JSON, though its SHA-256 matches (sealed again with the right
// passphrase), is refused in one Vietnamese line like any damage (not a bare SyntaxError); a last
// line without its newline is still read; a line too many is refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveKey, openSealedFile, sealFile } from '../../electron/core/backup/sealed';
import { AppError } from '../../electron/core/errors';
import { PART_NAMES, readPackage, writePackage, type PackageManifest, type Parts } from '../../electron/core/exchange/format';
import { testManifest } from '../fixtures/package-manifest';
import { tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const dir = tempDir('rasoat-exchange-format-');

const manifest = testManifest('p-test');
function parts(): Parts {
  const p = Object.fromEntries(PART_NAMES.map((n) => [n, []])) as unknown as Parts;
  p.households = [
    { code: 'H1', address: 'Ấp Bình Thạnh, đường số 1', head_name: 'Nguyễn Văn Đức' },
    { code: 'H2', address: 'Dòng\nhai "ngoặc"', head_name: 'Trần Thị Ánh' },
  ];
  p.members = [{ household: 'H1', person_key: 'k1', full_name: 'Nguyễn Văn Đức' }];
  p.audit = [{ at: '2025-10-02', actor: 'xa', entity: 'household', ref: 'H1', action: 'update', field: 'address', old_value: null, new_value: '"x"' }];
  return p;
}

/** The package's clear text changed by `edit`, each part's SHA-256 made right again, sealed again with the right passphrase. */
function resealed(name: string, edit: (lines: string[]) => string[], fixSha = true, keepLastNewline = true): string {
  const file = path.join(dir, `${name}.pkg`);
  fs.rmSync(file, { force: true });
  writePackage(path.join(dir, 'base.pkg'), manifest, parts(), PASS);
  const clear = path.join(dir, `${name}.txt`);
  openSealedFile(path.join(dir, 'base.pkg'), clear, PASS, 'package');
  const text = fs.readFileSync(clear, 'utf8');
  let lines = text.split('\n');
  lines.pop();
  lines = edit(lines);
  if (fixSha) {
    const m = JSON.parse(lines[0]!) as PackageManifest;
    let at = 1;
    for (const p of m.parts) {
      const slice = lines.slice(at, at + p.count);
      p.sha256 = crypto.createHash('sha256').update(slice.map((l) => `${l}\n`).join('')).digest('hex');
      at += p.count;
    }
    lines[0] = JSON.stringify(m);
  }
  fs.writeFileSync(clear, lines.join('\n') + (keepLastNewline ? '\n' : ''));
  sealFile(clear, file, deriveKey(PASS), 'package');
  return file;
}

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('not refused');
};

describe('exchange package reader', () => {
  it('reads a package back exactly as written, Vietnamese text and escaped line breaks included', () => {
    const file = path.join(dir, 'plain.pkg');
    writePackage(file, manifest, parts(), PASS);
    const p = readPackage(file, PASS);
    expect(p.parts).toEqual(parts());
    expect(p.manifest.packageId).toBe('p-test');
  });

  it('refuses, in one Vietnamese line, a part line that is not JSON even when its SHA-256 matches', () => {
    const file = resealed('not-json', (lines) => lines.map((l) => (l.includes('"H2"') ? l.slice(0, 20) : l)));
    const e = refusal(() => readPackage(file, PASS));
    expect(e).toBeInstanceOf(AppError);
    expect(e.message).toMatch(/^Gói dữ liệu not-json\.pkg bị hỏng hoặc đã bị sửa \(phần households có dòng không đọc được\)/u);
    expect(e.message.split('\n')).toHaveLength(1);
    const notObject = resealed('not-object', (lines) => lines.map((l) => (l.includes('"H2"') ? '[1, 2]' : l)));
    expect(refusal(() => readPackage(notObject, PASS)).message).toMatch(/phần households có dòng không đọc được/u);
  });

  it('reads a package whose last line has lost its newline; refuses a line too many and a part whose bytes differ from its SHA-256', () => {
    const noNewline = resealed('no-newline', (lines) => lines, true, false);
    expect(readPackage(noNewline, PASS).parts).toEqual(parts());
    const extra = resealed('extra', (lines) => [...lines, '{}']);
    expect(refusal(() => readPackage(extra, PASS)).message).toMatch(/có dòng thừa/u);
    const changed = resealed('changed', (lines) => lines.map((l) => l.replace('Nguyễn Văn Đức', 'Nguyễn Văn Đực')), false);
    expect(refusal(() => readPackage(changed, PASS)).message).toMatch(/mã SHA-256 của phần households không khớp/u);
  });
});
