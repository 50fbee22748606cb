import ExcelJS from './exceljs';
import type { ImportSummary } from './import';
import { readRowsBack } from './read';
import { addSafeRow } from './safe-text';

/**
 * The rows with blocking errors, as they were (header row first), with a message column at the
 * end: the officer fixes them and imports the file again. Returns the number of rows written.
 */
export async function writeErrorWorkbook(source: string, summary: ImportSummary, out: string): Promise<number> {
  const wanted = new Map<string, Set<number>>();
  for (const [sheet, rows] of Object.entries(summary.errorRows)) {
    const layout = summary.sheets.find((s) => s.name === sheet);
    wanted.set(sheet, new Set([...(layout ? [layout.headerRow] : []), ...rows]));
  }
  const got = await readRowsBack(source, wanted);
  const messages = new Map<string, string[]>();
  for (const p of summary.problems) {
    if (p.level !== 'error' || p.row === null) continue;
    const key = `${p.sheet}|${p.row}`;
    const list = messages.get(key) ?? [];
    list.push(p.column ? `${p.column}: ${p.message}` : p.message);
    messages.set(key, list);
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  let written = 0;
  for (const [sheet, rows] of got) {
    const headerRow = summary.sheets.find((s) => s.name === sheet)?.headerRow;
    const ws = wb.addWorksheet(sheet.slice(0, 31));
    const width = Math.max(0, ...[...rows.values()].map((r) => r.length));
    for (const n of [...rows.keys()].sort((a, b) => a - b)) {
      const values = [...rows.get(n)!];
      while (values.length < width) values.push(null);
      const isHeader = n === headerRow;
      const row = addSafeRow(ws, [...values, isHeader ? 'Lỗi cần sửa' : (messages.get(`${sheet}|${n}`) ?? ['Thuộc hộ có lỗi']).join('; '), isHeader ? 'Dòng trong tệp gốc' : n]);
      if (isHeader) row.font = { bold: true };
      else written++;
      row.commit();
    }
    ws.commit();
  }
  await wb.commit();
  return written;
}
