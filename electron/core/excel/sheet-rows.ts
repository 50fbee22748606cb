import fs from 'node:fs';
import ExcelJS from './exceljs';
import { checkFileKind } from './read';
import { cellText, plainValue } from './values';
import { uploadGone } from './uploads';
import { brokenWorkbook } from './zip';

/** Rows of a sheet looked at for its header row. */
export const HEADER_ROWS = 10;

/** One row of a sheet as read: its Excel row number, its raw cell values, and those as plain texts. */
export interface UploadedSheetRow {
  n: number;
  raw: unknown[];
  cells: string[];
}

/** The first sheet of an uploaded workbook, or why there is none (Vietnamese). */
export type UploadedSheet = { sheetName: string; rows: UploadedSheetRow[] } | { message: string };

/**
 * Opens an uploaded .xlsx and reads its first sheet's rows (numbered as in Excel). A missing or
 * unreadable file is thrown as an AppError; a workbook without sheets gives `noSheetMessage`.
 */
export async function readUploadedSheet(file: string, options: { noSheetMessage: string }): Promise<UploadedSheet> {
  if (!fs.existsSync(file)) throw uploadGone();
  checkFileKind(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw brokenWorkbook((e as Error).message);
  }
  const ws = wb.worksheets[0];
  if (!ws) return { message: options.noSheetMessage };
  const rows: UploadedSheetRow[] = [];
  ws.eachRow((row, n) => {
    const raw = Array.from((row.values as unknown[]).slice(1));
    rows.push({ n, raw, cells: Array.from(raw, (v) => cellText(plainValue(v))) });
  });
  return { sheetName: ws.name, rows };
}

/** The header row among the first HEADER_ROWS rows: the first whose texts `columnsOf` recognises. */
export function findHeaderRow<C>(rows: readonly UploadedSheetRow[], columnsOf: (cells: string[]) => C | null): { at: number; columns: C } | null {
  for (const [at, r] of rows.slice(0, HEADER_ROWS).entries()) {
    const columns = columnsOf(r.cells);
    if (columns !== null) return { at, columns };
  }
  return null;
}
