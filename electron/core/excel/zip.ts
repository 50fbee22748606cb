import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../errors';
import { readFully } from '../read-fully';

/**
 * Reads an .xlsx (a zip) through its central directory: the list at the end of the file that says
 * where each part is. exceljs's streaming reader walks the file once from the front and
 * sometimes loses a part on the way (exceljs issue #3064: "Cannot read properties of undefined
 * (reading 'sheets')" when `xl/workbook.xml`, stored last by exceljs itself, has not been seen);
 * it also refuses a valid file whose sheets come before the workbook part. Reading the directory
 * first lets the caller take the parts in the order it needs (workbook, shared strings, styles,
 * then each sheet), each streamed from its own offset, so a large sheet is never held in memory.
 * ZIP64 directories (files or parts over 4 GB) are read too; encrypted parts are refused.
 */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
}

export interface ZipFile {
  file: string;
  /** The size of the file in bytes. */
  total: number;
  /** Entries in the order the directory lists them. */
  entries: ZipEntry[];
  /** Compressed bytes read so far by the part streams (for a progress bar). */
  bytesRead(): number;
  /** The part's content, inflated, its CRC checked at the end. */
  open(entry: ZipEntry): Readable;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** A workbook whose bytes cannot be read (cut short, damaged): one sentence for every reader of .xlsx files. */
export const brokenWorkbook = (why: string): AppError => new AppError('INVALID_INPUT', `Tệp Excel bị hỏng hoặc không đọc được (${why}): mở tệp bằng Excel, lưu lại rồi nhập lại`);

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const got = readFully(fd, b, position);
  return got === length ? b : b.subarray(0, got);
}

/** Opens the zip's central directory. Throws a Vietnamese INVALID_INPUT for a file that is not a whole zip. */
export function openZip(file: string): ZipFile {
  const fd = fs.openSync(file, 'r');
  let entries: ZipEntry[];
  let total: number;
  try {
    total = fs.fstatSync(fd).size;
    const tailLength = Math.min(total, 22 + 0xffff);
    const tail = readAt(fd, total - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw brokenWorkbook('không thấy mục lục cuối tệp, có thể tệp bị cắt cụt');
    let count = tail.readUInt16LE(at + 10);
    let dirSize = tail.readUInt32LE(at + 12);
    let dirOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      const locatorAt = total - tailLength + at - 20;
      const locator = locatorAt >= 0 ? readAt(fd, locatorAt, 20) : Buffer.alloc(0);
      if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw brokenWorkbook('mục lục ZIP64 không đầy đủ');
      const record = readAt(fd, Number(locator.readBigUInt64LE(8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw brokenWorkbook('mục lục ZIP64 không đầy đủ');
      count = Number(record.readBigUInt64LE(32));
      dirSize = Number(record.readBigUInt64LE(40));
      dirOffset = Number(record.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > total) throw brokenWorkbook('mục lục trỏ ra ngoài tệp, có thể tệp bị cắt cụt');
    const dir = readAt(fd, dirOffset, dirSize);
    entries = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw brokenWorkbook('mục lục bị hỏng');
      const flags = dir.readUInt16LE(p + 8);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const name = dir.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
      let size = dir.readUInt32LE(p + 24);
      let compressedSize = dir.readUInt32LE(p + 20);
      let localOffset = dir.readUInt32LE(p + 42);
      // ZIP64 extra field: the 8-byte values of the fields written as 0xFFFFFFFF, in this order.
      for (let e = p + 46 + nameLength, end = e + extraLength; e + 4 <= end; ) {
        const id = dir.readUInt16LE(e);
        const length = dir.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(dir.readBigUInt64LE(q));
        }
        e += 4 + length;
      }
      entries.push({ name, method: dir.readUInt16LE(p + 10), crc: dir.readUInt32LE(p + 16), compressedSize, size, localOffset, encrypted: (flags & 1) === 1 });
      p += 46 + nameLength + extraLength + commentLength;
    }
  } finally {
    fs.closeSync(fd);
  }
  let read = 0;
  return {
    file,
    total,
    entries,
    bytesRead: () => read,
    open(entry) {
      if (entry.encrypted) throw new AppError('INVALID_INPUT', 'Tệp Excel có phần được mã hoá: mở bằng Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx');
      if (entry.method !== 0 && entry.method !== 8) throw brokenWorkbook(`phần ${entry.name} nén theo cách không hỗ trợ (${entry.method})`);
      const header = (() => {
        const h = fs.openSync(file, 'r');
        try {
          return readAt(h, entry.localOffset, 30);
        } finally {
          fs.closeSync(h);
        }
      })();
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw brokenWorkbook(`không thấy phần ${entry.name}`);
      const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (start + entry.compressedSize > total) throw brokenWorkbook(`phần ${entry.name} bị cắt cụt`);
      const source = entry.compressedSize === 0 ? emptyStream() : fs.createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
      source.on('data', (chunk: Buffer) => (read += chunk.length));
      let crc = 0;
      let length = 0;
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          crc = zlib.crc32(chunk, crc);
          length += chunk.length;
          done(null, chunk);
        },
        flush(done) {
          done(crc === entry.crc && length === entry.size ? null : brokenWorkbook(`phần ${entry.name} sai mã kiểm tra, tệp bị hỏng`));
        },
      });
      const inflated = entry.method === 8 && entry.compressedSize > 0 ? source.pipe(zlib.createInflateRaw()) : source;
      const fail = (e: Error): void => {
        check.destroy(e instanceof AppError ? e : brokenWorkbook(`phần ${entry.name}: ${e.message}`));
      };
      source.on('error', fail);
      if (inflated !== source) inflated.on('error', fail);
      return inflated.pipe(check);
    },
  };
}

function emptyStream(): Readable {
  const t = new Transform();
  t.end();
  return t;
}
