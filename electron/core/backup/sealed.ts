import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../errors';
import { readFully } from '../read-fully';

/**
 * A sealed file: any file (a backup, later an exchange package) encrypted and authenticated with
 * AES-256-GCM under a key derived from a passphrase with scrypt. One statement of the format,
 * used by every writer and reader of such files.
 *
 * Layout: the 8 bytes "RSSEAL01", a 4-byte big-endian header length, the header (JSON: what the
 * file holds, the scrypt parameters and salt, the IV, a key check), the ciphertext, and the
 * 16-byte GCM tag. The header is the additional authenticated data, so changing any byte of the
 * file (header, body or tag), cutting it short, or using another passphrase fails the tag check.
 * The key check (an HMAC of a fixed text under the key) tells a wrong passphrase apart from a
 * damaged file, so the user gets the right message.
 */

const MAGIC = Buffer.from('RSSEAL01', 'latin1');
const TAG_BYTES = 16;
const CHUNK = 1 << 20;

export interface SealKdf {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

/** A key derived from a passphrase, with the parameters that derive it again. */
export interface SealKey {
  kdf: SealKdf;
  key: Buffer;
}

interface SealHeader {
  format: 1;
  /** What the file holds, e.g. "backup" (a reader refuses a file of another kind). */
  kind: string;
  kdf: SealKdf;
  iv: string;
  keyCheck: string;
  /** Free, non-secret facts about the content (its name, when it was sealed). */
  meta: Record<string, string | number>;
}

/** scrypt cost: N = 2^15 takes about 0.1 s and 32 MB, once per key. */
const DEFAULT_N = 1 << 15;

export function deriveKey(passphrase: string, kdf?: SealKdf): SealKey {
  const params: SealKdf = kdf ?? { name: 'scrypt', N: DEFAULT_N, r: 8, p: 1, salt: crypto.randomBytes(16).toString('base64') };
  if (params.name !== 'scrypt' || params.N > 1 << 20 || params.r > 32 || params.p > 16) {
    throw new AppError('INVALID_INPUT', 'Tệp mã hoá dùng tham số không được hỗ trợ (có thể được tạo bởi phiên bản khác).');
  }
  const key = crypto.scryptSync(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  });
  return { kdf: params, key };
}

const keyCheckOf = (key: Buffer): string => crypto.createHmac('sha256', key).update('rasoat sealed key check').digest('base64');

/** Seals `source` into `dest` (written whole; the caller renames it into place). */
export function sealFile(source: string, dest: string, key: SealKey, kind: string, meta: Record<string, string | number> = {}): void {
  const iv = crypto.randomBytes(12);
  const header: SealHeader = { format: 1, kind, kdf: key.kdf, iv: iv.toString('base64'), keyCheck: keyCheckOf(key.key), meta };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.concat([MAGIC, length, headerBytes]));
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(dest, 'w', 0o600);
  try {
    fs.writeSync(output, Buffer.concat([MAGIC, length, headerBytes]));
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = fs.readSync(input, buffer, 0, CHUNK, null);
      if (n === 0) break;
      fs.writeSync(output, cipher.update(buffer.subarray(0, n)));
    }
    fs.writeSync(output, cipher.final());
    fs.writeSync(output, cipher.getAuthTag());
    fs.fsyncSync(output);
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}

/** True when the file starts like a sealed file (says nothing about whether it is intact). */
export function isSealed(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(MAGIC.length);
      return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

const damaged = (file: string, why: string): AppError =>
  new AppError('INVALID_INPUT', `Tệp ${file} bị hỏng hoặc đã bị sửa (${why}), nên không dùng được. Hãy lấy lại bản gốc của tệp.`);

/** The header of a sealed file, checked for shape (not yet for authenticity). */
export function readSealedHeader(file: string): { header: SealHeader; bodyStart: number; size: number } {
  const name = file.split(/[\\/]/u).pop() ?? file;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const fixed = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, fixed, 0, fixed.length, 0) !== fixed.length || !fixed.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw damaged(name, 'không phải tệp mã hoá của phần mềm');
    }
    const length = fixed.readUInt32BE(MAGIC.length);
    if (length > 64 * 1024 || fixed.length + length + TAG_BYTES > size) throw damaged(name, 'bị cắt ngắn');
    const headerBytes = Buffer.alloc(length);
    fs.readSync(fd, headerBytes, 0, length, fixed.length);
    let header: SealHeader;
    try {
      header = JSON.parse(headerBytes.toString('utf8')) as SealHeader;
    } catch {
      throw damaged(name, 'phần đầu tệp không đọc được');
    }
    if (header.format !== 1) {
      throw new AppError('INVALID_INPUT', `Tệp ${name} được tạo bởi phiên bản mới hơn của phần mềm: hãy cập nhật phần mềm rồi mở lại.`);
    }
    return { header, bodyStart: fixed.length + length, size };
  } finally {
    fs.closeSync(fd);
  }
}

/** The scrypt parameters a sealed file's key is derived with. */
export function sealedKdf(file: string): SealKdf {
  return readSealedHeader(file).header.kdf;
}

/** How the messages name what a kind of sealed file is and whose passphrase opens it. */
const KIND_WORDS: Record<string, { what: string; passphrase: string }> = {
  backup: { what: 'bản sao lưu', passphrase: 'mật khẩu sao lưu của cơ quan' },
  package: { what: 'gói dữ liệu trao đổi', passphrase: 'mật khẩu của gói (do nơi gửi cho biết)' },
};
const wordsOf = (kind: string): { what: string; passphrase: string } => KIND_WORDS[kind] ?? { what: kind, passphrase: 'mật khẩu' };

/**
 * What every opener checks before decrypting, stated once: the header's shape, the kind of file,
 * and the passphrase (the key check). Returns the header, where the body starts, the file's size
 * and the key.
 */
function openHeader(file: string, passphraseOrKey: string | SealKey, kind: string): { name: string; header: SealHeader; bodyStart: number; size: number; key: SealKey } {
  const name = file.split(/[\\/]/u).pop() ?? file;
  const { header, bodyStart, size } = readSealedHeader(file);
  if (header.kind !== kind) throw new AppError('INVALID_INPUT', `Tệp ${name} không phải ${wordsOf(kind).what} của phần mềm.`);
  const key = typeof passphraseOrKey === 'string' ? deriveKey(passphraseOrKey, header.kdf) : passphraseOrKey;
  if (!crypto.timingSafeEqual(Buffer.from(keyCheckOf(key.key)), Buffer.from(String(header.keyCheck)))) {
    throw new AppError('INVALID_INPUT', `Mật khẩu không đúng nên không mở được tệp ${name}. Hãy nhập lại ${wordsOf(kind).passphrase} (phân biệt chữ hoa, chữ thường).`);
  }
  return { name, header, bodyStart, size, key };
}

/** The decipher of a sealed file, its additional data (the header) and its tag already set. */
function decipherOf(fd: number, header: SealHeader, bodyStart: number, size: number, key: SealKey): crypto.DecipherGCM {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.key, Buffer.from(header.iv, 'base64'));
  const headerAll = Buffer.alloc(bodyStart);
  fs.readSync(fd, headerAll, 0, bodyStart, 0);
  decipher.setAAD(headerAll);
  const tag = Buffer.alloc(TAG_BYTES);
  fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  decipher.setAuthTag(tag);
  return decipher;
}

/**
 * Opens a sealed file into `dest`: written whole, and removed again unless the tag checks. A wrong
 * passphrase, another kind of file, a changed byte or a cut-off file is refused with a one-line
 * Vietnamese reason; `dest` then does not exist.
 */
export function openSealedFile(file: string, dest: string, passphraseOrKey: string | SealKey, kind: string): Record<string, string | number> {
  const { name, header, bodyStart, size, key } = openHeader(file, passphraseOrKey, kind);
  const fd = fs.openSync(file, 'r');
  const out = fs.openSync(dest, 'w', 0o600);
  let ok = false;
  try {
    const decipher = decipherOf(fd, header, bodyStart, size, key);
    const buffer = Buffer.alloc(CHUNK);
    let position = bodyStart;
    const end = size - TAG_BYTES;
    while (position < end) {
      const n = fs.readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
      if (n === 0) break;
      position += n;
      fs.writeSync(out, decipher.update(buffer.subarray(0, n)));
    }
    try {
      fs.writeSync(out, decipher.final());
    } catch {
      throw damaged(name, 'mã kiểm tra không khớp');
    }
    ok = true;
    return header.meta;
  } finally {
    fs.closeSync(fd);
    fs.closeSync(out);
    if (!ok) fs.rmSync(dest, { force: true });
  }
}

/**
 * Opens a sealed file in memory (an exchange package: read whole anyway): the same checks and the
 * same refusals as openSealedFile, no clear copy written anywhere. The clear bytes are returned
 * only once the tag checks.
 */
export function openSealedBytes(file: string, passphraseOrKey: string | SealKey, kind: string): { meta: Record<string, string | number>; bytes: Buffer } {
  const { name, header, bodyStart, size, key } = openHeader(file, passphraseOrKey, kind);
  const fd = fs.openSync(file, 'r');
  try {
    const decipher = decipherOf(fd, header, bodyStart, size, key);
    const length = size - TAG_BYTES - bodyStart;
    const body = Buffer.allocUnsafe(length);
    const read = readFully(fd, body, bodyStart);
    // Decrypted in place (GCM is a stream cipher: each output chunk is as long as its input), one
    // chunk at a time: no second buffer the size of the file.
    for (let at = 0; at < read; at += CHUNK) {
      const end = Math.min(read, at + CHUNK);
      decipher.update(body.subarray(at, end)).copy(body, at);
    }
    try {
      decipher.final();
    } catch {
      throw damaged(name, 'mã kiểm tra không khớp');
    }
    if (read < length) throw damaged(name, 'bị cắt ngắn');
    return { meta: header.meta, bytes: body };
  } finally {
    fs.closeSync(fd);
  }
}
