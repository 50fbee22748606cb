import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own, so a Vietnamese letter
 * (2–3 bytes in UTF-8) split across two chunks comes out as "��" (exceljs issues #2084, #2063;
 * fix proposed in PR #1665, unmerged). Until it is fixed upstream, the worksheet and
 * shared-string streams are decoded here with a stateful decoder, which carries a split
 * character over to the next chunk. Patched once, on the reader's prototype.
 */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
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

export default ExcelJS;
