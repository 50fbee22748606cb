import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { readRowsBack, readSheets, type SheetRow } from '../../electron/core/excel/read';

/**
 * An .xlsx is read through the zip's central directory, whatever order its parts are stored in.
 * exceljs's one-pass streaming reader parsed a sheet met after the shared strings but before
 * xl/workbook.xml without the workbook's sheet list, and failed with "Cannot read properties of
 * undefined (reading 'sheets')" (the same error it gives at random when it loses the workbook part
 * stored last: exceljs #3064, seen in this repository's CI on a valid file).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-zip-order-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = ['Mã hộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Quan hệ với chủ hộ'];

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('Thôn Đông');
  a.addRow(HEADER);
  a.addRow(['H-1', 'Đào Thị Ấn', 'Nữ', '01/05/1980', 'Chủ hộ']);
  a.addRow([null, 'Nguyễn Văn Đức', 'Nam', '1978', 'Chồng']);
  const b = wb.addWorksheet('Thôn Tây');
  b.addRow(HEADER);
  b.addRow(['H-2', 'Lê Văn Tám', 'Nam', '1955', 'Chủ hộ']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same parts stored in the given order (names not listed keep their place after them). */
async function reordered(source: Buffer, first: string[], file: string): Promise<string> {
  const from = await JSZip.loadAsync(source);
  const names = Object.keys(from.files).filter((n) => !from.files[n]!.dir);
  const order = [...first.filter((n) => names.includes(n)), ...names.filter((n) => !first.includes(n))];
  const to = new JSZip();
  for (const n of order) to.file(n, await from.file(n)!.async('nodebuffer'));
  fs.writeFileSync(file, await to.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

/**
 * The same parts written as a ZIP64 archive (what writers use for files or parts over 4 GB): every
 * size and offset in the directory is 0xFFFFFFFF and the real values sit in the ZIP64 extra field,
 * the directory is found through the ZIP64 end record. Parts are stored (method 0).
 */
async function asZip64(source: Buffer, file: string): Promise<string> {
  const from = await JSZip.loadAsync(source);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of Object.keys(from.files).filter((n) => !from.files[n]!.dir)) {
    const data = await from.file(name)!.async('nodebuffer');
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
    extra.writeBigUInt64LE(BigInt(offset), 20);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(45, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(0xffffffff, 20);
    entry.writeUInt32LE(0xffffffff, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(0xffffffff, 42);
    central.push(entry, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const count = central.length / 3;
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeBigUInt64LE(BigInt(count), 24);
  end64.writeBigUInt64LE(BigInt(count), 32);
  end64.writeBigUInt64LE(BigInt(directory.length), 40);
  end64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, directory, end64, locator, end]));
  return file;
}

async function read(file: string) {
  const rows: SheetRow[] = [];
  const progress: number[] = [];
  const result = await readSheets(file, (r) => rows.push(r), { onProgress: (done, total) => progress.push(done / total) });
  return { ...result, rows, progress };
}

describe('reading an .xlsx whatever the order of its parts', () => {
  it('reads sheets stored after the shared strings and before xl/workbook.xml, with their names and rows', async () => {
    const file = await reordered(
      await workbook(),
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'],
      path.join(dir, 'workbook-last.xlsx'),
    );
    const r = await read(file);
    expect(r.layouts.map((l) => l.sheet)).toEqual(['Thôn Đông', 'Thôn Tây']);
    expect(r.rows.map((x) => [x.sheet, x.row, x.cells.fullName])).toEqual([
      ['Thôn Đông', 2, 'Đào Thị Ấn'],
      ['Thôn Đông', 3, 'Nguyễn Văn Đức'],
      ['Thôn Tây', 2, 'Lê Văn Tám'],
    ]);
    expect(r.progress.at(-1)).toBe(1);
    const back = await readRowsBack(file, new Map([['Thôn Tây', new Set([1, 2])]]));
    expect(back.get('Thôn Tây')?.get(2)?.slice(0, 2)).toEqual(['H-2', 'Lê Văn Tám']);
  });

  it('reads the workbook part first when it is stored first, and the same file 20 times alike', async () => {
    const file = await reordered(await workbook(), ['xl/workbook.xml', 'xl/worksheets/sheet2.xml'], path.join(dir, 'workbook-first.xlsx'));
    const first = await read(file);
    // Sheets come in the order the file stores them (as exceljs read them): Thôn Tây first here.
    expect(first.layouts.map((l) => l.sheet)).toEqual(['Thôn Tây', 'Thôn Đông']);
    for (let i = 0; i < 20; i++) {
      const again = await read(file);
      expect(again.rows.length).toBe(3);
    }
  });

  it('reads a ZIP64 archive through its ZIP64 directory', async () => {
    const r = await read(await asZip64(await workbook(), path.join(dir, 'zip64.xlsx')));
    expect(r.layouts.map((l) => l.sheet)).toEqual(['Thôn Đông', 'Thôn Tây']);
    expect(r.rows.map((x) => x.cells.fullName)).toEqual(['Đào Thị Ấn', 'Nguyễn Văn Đức', 'Lê Văn Tám']);
  });

  it('refuses a cut-off or damaged file with a Vietnamese reason, never a script error', async () => {
    const good = await workbook();
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, good.subarray(0, good.length - 200));
    await expect(read(cut)).rejects.toThrow(/^Tệp Excel bị hỏng hoặc không đọc được \(.+\): mở tệp bằng Excel, lưu lại rồi nhập lại$/);

    // One digit changed inside the first sheet (stored uncompressed): still well-formed XML, but its CRC differs.
    const zip = await JSZip.loadAsync(good);
    const stored = Buffer.from(await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
    const at = stored.indexOf('<v>0</v>');
    expect(at).toBeGreaterThan(stored.indexOf('xl/worksheets/sheet1.xml'));
    stored[at + 3] = '1'.charCodeAt(0);
    const damaged = path.join(dir, 'damaged.xlsx');
    fs.writeFileSync(damaged, stored);
    await expect(read(damaged)).rejects.toThrow(/^Tệp Excel bị hỏng hoặc không đọc được \(phần xl\/worksheets\/sheet1\.xml sai mã kiểm tra, tệp bị hỏng\)/);
  });
});
