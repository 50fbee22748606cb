import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { AppError } from '../errors';
import type { ZipFile } from './zip';

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own, so a Vietnamese letter
 * (2–3 bytes in UTF-8) split across two chunks comes out as "��" (exceljs issues #2084, #2063;
 * fix proposed in PR #1665, unmerged). Until it is fixed upstream, the worksheet and
 * shared-string streams are decoded here with a stateful decoder, which carries a split
 * character over to the next chunk. Patched once, on the reader's prototype.
 */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<{ eventType: string; value: unknown }>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  model?: { sheets?: unknown[] };
  __utf8Patched?: boolean;
}

async function* utf8Chunks(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!proto.__utf8Patched) {
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  proto._parseWorksheet = function (this: ReaderInternals, iterator, sheetNo) {
    return parseWorksheet.call(this, utf8Chunks(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (this: ReaderInternals, entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  proto.__utf8Patched = true;
}

/** A worksheet as exceljs's streaming reader gives it: its name, then its rows. */
export interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/**
 * The worksheets of an .xlsx, one at a time, each streamed row by row (exceljs's WorksheetReader),
 * read through the zip's central directory (./zip.ts) instead of exceljs's single pass over the
 * file: the workbook part, the shared strings and the styles are read first, whatever their place
 * in the file, then each sheet in the order the file stores them (as exceljs does). `zip` is the
 * opened file, for the bytes read so far.
 */
export async function* streamedSheets(
  zip: ZipFile,
  options: { sharedStrings?: 'cache'; styles?: 'cache' | 'ignore' } = {},
): AsyncGenerator<StreamedSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(zip.file, {
    sharedStrings: options.sharedStrings ?? 'cache',
    styles: options.styles ?? 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const part = (name: string) => zip.entries.find((e) => e.name === name);
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(zip.open(rels));
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new AppError('INVALID_INPUT', 'Tệp Excel thiếu phần sổ tính (xl/workbook.xml): mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại');
  await reader._parseWorkbook(zip.open(workbook));
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(zip.open(strings))) void _;
  const styles = part('xl/styles.xml');
  if (styles && options.styles !== 'ignore') await reader._parseStyles(zip.open(styles));
  for (const entry of zip.entries) {
    const sheetNo = /^xl\/worksheets\/sheet(\d+)[.]xml$/.exec(entry.name)?.[1];
    if (!sheetNo) continue;
    for (const { eventType, value } of reader._parseWorksheet(zip.open(entry), sheetNo)) {
      if (eventType === 'worksheet') yield value as StreamedSheet;
    }
  }
}

export default ExcelJS;
