import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, invalidAt } from '../errors';
import { openSealedBytes, sealFile, deriveKey } from '../backup/sealed';

/**
 * The commune ↔ province exchange package (issue 13), as described in FORMAT.md beside this
 * file: one sealed file (backup/sealed.ts, kind "package"); inside, plain UTF-8 text: line 1 the
 * manifest (JSON), then each part's rows as JSON lines, the parts in the manifest's order, each
 * exactly its count of lines. Every reference between rows is a natural key (a household's code,
 * a person's key, a unit's code), never a database id: ids differ between offices.
 */

export const PACKAGE_FORMAT = 'rasoat-package';
/** The format written; a reader refuses a package with a higher number. */
export const PACKAGE_FORMAT_VERSION = 1;
export const SEAL_KIND = 'package';

/** The parts, in the order they are written. */
export const PART_NAMES = [
  'villages',
  'households',
  'members',
  'answers',
  'household_entry',
  'member_entry',
  'causes',
  'warnings',
  'results',
  'rule_set_snapshots',
  'events',
  'complaints',
  'village_meetings',
  'postings',
  'district_opinions',
  'decisions',
  'round_locks',
  'audit',
] as const;
export type PartName = (typeof PART_NAMES)[number];
export type Row = Record<string, unknown>;
export type Parts = Record<PartName, Row[]>;

export interface UnitRef {
  code: string;
  name: string;
  type: string;
  validFrom: string;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: number;
  /** A random id: the same package imported twice is recognised by it. */
  packageId: string;
  app: { version: string; schemaVersion: number };
  ruleSet: { id: string; version: string | null };
  round: { year: number; kind: 'periodic' | 'adhoc'; referenceDate: string; unitMapDate: string; title: string };
  /** The commune whose data the package holds (on the round's map). */
  unit: UnitRef;
  /** The office that made the package. */
  office: { code: string; name: string; level: 'commune' | 'province' };
  createdAt: string;
  createdBy: string;
  /**
   * The sender's baselines with the office it last received this commune's package from (the
   * return path: the province answering the commune): per household code, the digest of the data
   * that office last sent (read.ts fieldsDigest). The receiver that is that office uses them as a
   * common state too. Absent when the sender never received a package of the commune.
   */
  baseline?: { office: string; households: Record<string, string> };
  parts: { name: PartName; count: number; sha256: string }[];
}

export interface Package {
  manifest: PackageManifest;
  parts: Parts;
}

/** SHA-256 of the lines, each followed by \n (in slices: one update per thousand lines, not per line). */
const sha256 = (lines: readonly string[]): string => {
  const h = crypto.createHash('sha256');
  for (let i = 0; i < lines.length; i += 1000) h.update(`${lines.slice(i, i + 1000).join('\n')}\n`, 'utf8');
  return h.digest('hex');
};

/** Writes a package: the clear text beside `out`, sealed into `out`, the clear text removed. */
export function writePackage(out: string, manifest: Omit<PackageManifest, 'parts'>, parts: Parts, passphrase: string): PackageManifest {
  const lines = PART_NAMES.map((name) => parts[name].map((r) => JSON.stringify(r)));
  const full: PackageManifest = { ...manifest, parts: PART_NAMES.map((name, i) => ({ name, count: lines[i]!.length, sha256: sha256(lines[i]!) })) };
  const dir = path.dirname(path.resolve(out));
  const clear = path.join(dir, `.${path.basename(out)}.${process.pid}.clear`);
  const sealing = path.join(dir, `.${path.basename(out)}.${process.pid}.partial`);
  try {
    const fd = fs.openSync(clear, 'w', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(full)}\n`);
      for (const part of lines) {
        // Written in slices: a 10,000-household part is never one giant string.
        for (let i = 0; i < part.length; i += 2000) fs.writeSync(fd, `${part.slice(i, i + 2000).join('\n')}\n`);
      }
    } finally {
      fs.closeSync(fd);
    }
    sealFile(clear, sealing, deriveKey(passphrase), SEAL_KIND, { format: PACKAGE_FORMAT, formatVersion: PACKAGE_FORMAT_VERSION, unit: manifest.unit.code, year: manifest.round.year });
    fs.renameSync(sealing, out);
  } finally {
    fs.rmSync(clear, { force: true });
    fs.rmSync(sealing, { force: true });
  }
  return full;
}

const damaged = (name: string, why: string): AppError =>
  new AppError('INVALID_INPUT', `Gói dữ liệu ${name} bị hỏng hoặc đã bị sửa (${why}), nên không nhập được. Hãy xin xã gửi lại gói.`);

/**
 * Opens and checks a package: the seal (wrong passphrase, changed or cut-off bytes are refused by
 * backup/sealed.ts), then the manifest (a newer format is refused), then every part's count and
 * SHA-256. Decrypted in memory (the package is read whole anyway): no clear copy is written anywhere.
 */
export function readPackage(file: string, passphrase: string): Package {
  return parsePackageBytes(openPackageBytes(file, passphrase), path.basename(file));
}

/**
 * A package's clear bytes, the seal checked (readPackage's first half: a batch opens the next
 * package in a helper thread while this one is written, open-ahead.ts). A missing file, a wrong
 * passphrase, changed or cut-off bytes are refused here.
 */
export function openPackageBytes(file: string, passphrase: string): Buffer {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Không tìm thấy tệp gói dữ liệu ${file}: hãy kiểm tra lại đường dẫn.`);
  return openSealedBytes(file, passphrase, SEAL_KIND).bytes;
}

const NL = 0x0a;

/**
 * The clear content of a package, checked (exported for the tests of the checks themselves). It
 * works on the bytes, never on the whole text decoded at once: each part's SHA-256 is taken over
 * its own byte range (its lines, each ended by \n: what writePackage hashed), and each part's
 * lines are decoded and parsed (one JSON object a line) by parseRows, a slice at a time.
 */
export function parsePackageBytes(bytes: Buffer, name: string): Package {
  const firstNl = bytes.indexOf(NL);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8', 0, firstNl < 0 ? bytes.length : firstNl)) as PackageManifest;
  } catch {
    throw damaged(name, 'phần mô tả gói không đọc được');
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== PACKAGE_FORMAT) {
    throw new AppError('INVALID_INPUT', `Tệp ${name} không phải gói dữ liệu trao đổi giữa xã và tỉnh.`);
  }
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > PACKAGE_FORMAT_VERSION) {
    throw new AppError(
      'INVALID_INPUT',
      `Gói dữ liệu ${name} được tạo bởi phiên bản mới hơn của phần mềm (định dạng ${String(manifest.formatVersion)}, bản này đọc được đến ${PACKAGE_FORMAT_VERSION}): hãy cập nhật phần mềm rồi nhập lại.`,
    );
  }
  if (!Array.isArray(manifest.parts)) throw damaged(name, 'phần mô tả gói không đọc được');
  const parts = {} as Parts;
  let at = firstNl < 0 ? bytes.length : firstNl + 1;
  for (const part of PART_NAMES) {
    const entry = manifest.parts.find((p) => p.name === part);
    if (!entry || !Number.isInteger(entry.count) || entry.count < 0) throw damaged(name, `thiếu phần ${part}`);
    // The part's lines: `count` of them from `at`, the last one perhaps without its \n at the very end.
    let end = at;
    let lines = 0;
    while (lines < entry.count && end < bytes.length) {
      const nl = bytes.indexOf(NL, end);
      end = nl < 0 ? bytes.length : nl + 1;
      lines++;
    }
    if (lines !== entry.count) throw damaged(name, `phần ${part} thiếu dòng`);
    const ended = end === at || bytes[end - 1] === NL;
    const hash = crypto.createHash('sha256').update(bytes.subarray(at, end));
    if (!ended) hash.update('\n');
    if (hash.digest('hex') !== entry.sha256) throw damaged(name, `mã SHA-256 của phần ${part} không khớp`);
    parts[part] = parseRows(bytes, at, end, entry.count, name, part);
    at = end;
  }
  if (at !== bytes.length) throw damaged(name, 'có dòng thừa');
  return { manifest, parts };
}

/** The bytes of lines decoded and parsed a call (whole lines; a longer line is a slice of its own). */
const SLICE_BYTES = 1 << 16;

/**
 * A part's rows, read a slice of lines at a time: each slice's lines (about 64 KB of them, ended at
 * a line's end) decoded and read as one JSON array ("[", the lines with each \n made a comma, "]"),
 * one call per slice, not one a line (a commune's package has some hundred and fifty thousand
 * lines). Never the part decoded whole: a string the size of a commune's members (some 30 MB, two
 * bytes a character once a Vietnamese letter is in it) costs more to make and to collect than the
 * parsing itself, while a slice's strings are short-lived and small. Taken only when each slice is
 * exactly its count of JSON objects; otherwise (a damaged line: not JSON, not an object, or two
 * values on one line) the lines are read one by one, so that the refusal is the same as always.
 * (A \n byte is only ever a line's end in UTF-8: no multi-byte character holds one.)
 */
function parseRows(bytes: Buffer, at: number, end: number, count: number, name: string, part: string): Row[] {
  if (count === 0) return [];
  const textEnd = bytes[end - 1] === NL ? end - 1 : end;
  const rows: Row[] = [];
  let from = at;
  while (from < textEnd) {
    // Whole lines from `from`: up to the first line end at or after SLICE_BYTES on, or the part's end.
    const nl = from + SLICE_BYTES >= textEnd ? -1 : bytes.indexOf(NL, from + SLICE_BYTES);
    const to = nl < 0 || nl >= textEnd ? textEnd : nl;
    let slice: unknown;
    try {
      slice = JSON.parse(`[${bytes.toString('utf8', from, to).replaceAll('\n', ',')}]`);
    } catch {
      slice = undefined;
    }
    let lines = 1;
    for (let i = bytes.indexOf(NL, from); i !== -1 && i < to; i = bytes.indexOf(NL, i + 1)) lines++;
    if (!Array.isArray(slice) || slice.length !== lines || !slice.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) return parseLines(bytes, at, end, count, name, part);
    for (const r of slice as Row[]) rows.push(r);
    from = to + 1;
  }
  return rows.length === count ? rows : parseLines(bytes, at, end, count, name, part);
}

/** Each line decoded and parsed on its own: the damaged one is refused. */
function parseLines(bytes: Buffer, at: number, end: number, count: number, name: string, part: string): Row[] {
  const rows: Row[] = new Array<Row>(count);
  for (let i = 0, from = at; i < count; i++) {
    const nl = bytes.indexOf(NL, from);
    const to = nl < 0 || nl >= end ? end : nl;
    rows[i] = parseLine(bytes.toString('utf8', from, to), name, part);
    from = to + 1;
  }
  return rows;
}

/** One line of a part: one JSON object (a line that is not is refused in one line, like any damage). */
function parseLine(text: string, name: string, part: string): Row {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    throw damaged(name, `phần ${part} có dòng không đọc được`);
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw damaged(name, `phần ${part} có dòng không đọc được`);
  return row as Row;
}

/** A package refused for what it holds (not its bytes): the reason is the error's and the "package" field's. */
export function packageRefusal(message: string): AppError {
  return invalidAt('package', message);
}
