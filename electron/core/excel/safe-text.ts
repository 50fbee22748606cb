import type ExcelJS from 'exceljs';

/**
 * Formula injection (issue 12): a text a spreadsheet would take as a formula when typed, one
 * beginning with =, +, -, @, a tab or a carriage return, is written by every Excel writer of the
 * app as text, never as a formula. The rule, stated once here and used by every writer (the
 * household lists, the documents' tables, the import's error workbook, the templates):
 *  - the value is a text run (rich text with one plain run): exceljs writes it as a string cell
 *    (t="inlineStr" when streaming, a shared string otherwise), never as a formula (<f>) nor as a
 *    formula's string result (t="str", which exceljs's streaming writer uses for plain strings);
 *  - where the workbook has styles, the cell also takes the Text number format ("@"), so that
 *    editing the cell in Excel keeps it text.
 * The text itself is unchanged (no apostrophe added): importing the file back gives the same
 * value (excel/values.ts plainValue reads a text run as its text). Numbers, negative ones
 * included, stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/u;

/** Whether a text would start a formula if typed into a spreadsheet. */
export const looksLikeFormula = (v: unknown): v is string => typeof v === 'string' && FORMULA_START.test(v);

/** The Text number format. */
const TEXT_FORMAT = '@';

/** The value to write: a formula-looking text as a text run, anything else as it is. */
export function safeValue<T>(v: T): T | ExcelJS.CellRichTextValue {
  return looksLikeFormula(v) ? { richText: [{ text: v }] } : v;
}

/** Writes a value into a cell (the one way the cell-by-cell writers write a value). */
export function setSafe(cell: ExcelJS.Cell, v: string | number | boolean | Date | null): void {
  cell.value = safeValue(v);
  if (looksLikeFormula(v)) cell.numFmt = TEXT_FORMAT;
}

/** Adds a row of values (the one way the row writers add a row): each value as setSafe writes it. */
export function addSafeRow(ws: ExcelJS.Worksheet, values: readonly (string | number | boolean | Date | null | undefined)[]): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => safeValue(v ?? null)));
  values.forEach((v, i) => {
    if (looksLikeFormula(v)) row.getCell(i + 1).numFmt = TEXT_FORMAT;
  });
  return row;
}
