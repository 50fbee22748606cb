// The documents' tables as Excel: the report's eleven tables (BC), the decision's four lists
// (M02) and the poor/near-poor list (HN), with the very column definitions and rows the PDF
// prints (electron/core/documents), so a figure in the workbook is the figure on paper.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Cell, Column } from '../documents/blocks';
import { scopeWords } from '../documents/common';
import { loadContext, unitByCode, type DocContext } from '../documents/context';
import { capitalise, DECISION_LISTS, listBody, listColumns, reviewTable } from '../documents/lists';
import { countList, listRows, type ListKind } from '../documents/queries';
import { reportTables, tableColumns, tableRows, unitCols } from '../documents/report';
import { AppError } from '../errors';
import { getRound } from '../rounds/rounds';
import { setSafe } from './safe-text';

/** Documents exported as tables, and what each holds. */
export const TABLE_DOCS = {
  BC: 'Báo cáo kết quả rà soát: 11 biểu (Phụ lục VII)',
  M02: 'Bốn danh sách kèm theo quyết định công nhận (Mẫu số 02)',
  HN: 'Danh sách hộ nghèo, hộ cận nghèo',
  P1: 'Danh sách hộ gia đình cần rà soát (Phụ lục I)',
} as const;
export type TableDoc = keyof typeof TABLE_DOCS;

export interface SheetTable {
  sheet: string;
  title: string;
  subtitle: string;
  columns: Column[];
  rows: Cell[][];
  /** Index of the (first) totals row in `rows`; it and the rows after it are totals, their count columns SUM formulas. */
  totalsRow: number | null;
  /**
   * With several rows per unit (column C "Phân tổ"): that column's index. A totals row then sums
   * the rows above with its own label (SUMIF), not every row above.
   */
  breakdownColumn?: number;
  /** A closing line under the table ("Tổng cộng: 12 hộ, 48 nhân khẩu."), and its column to sum. */
  footer: { label: string; sumColumn: number | null } | null;
  note?: string;
}

const leavesOf = (cols: Column[]): Column[] => cols.flatMap((c) => (c.children ? leavesOf(c.children) : [c]));
const depthOf = (cols: Column[]): number => Math.max(...cols.map((c) => (c.children ? 1 + depthOf(c.children) : 1)));

/** A printed Vietnamese number ("1.234", "12,5") back to a number with its decimals; null for text. */
export function numberOfCell(v: Cell): { value: number; decimals: number } | null {
  if (typeof v === 'number') return { value: v, decimals: Number.isInteger(v) ? 0 : 1 };
  const text = v === null ? '' : typeof v === 'string' ? v : v.text;
  const m = /^(-?\d{1,3}(?:\.\d{3})*|-?\d+)(?:,(\d+))?$/u.exec(text.trim());
  if (!m) return null;
  return { value: Number(`${m[1]!.replace(/\./gu, '')}.${m[2] ?? '0'}`), decimals: m[2]?.length ?? 0 };
}

const textOf = (v: Cell): string => (v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v.text);
const isBold = (v: Cell): boolean => typeof v === 'object' && v !== null && v.bold === true;
const rowSpanOf = (v: Cell): number => (typeof v === 'object' && v !== null && v.rowSpan && v.rowSpan > 1 ? v.rowSpan : 1);
const colLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Excel allows 31 characters and no []:*?/\ in a sheet name. */
const sheetName = (name: string, used: Set<string>): string => {
  const base = name.replace(/[[\]:*?/\\]/gu, ' ').slice(0, 31);
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base.slice(0, 28)} ${i}`;
  used.add(n);
  return n;
};

function writeSheet(wb: ExcelJS.Workbook, t: SheetTable, used: Set<string>): void {
  const ws = wb.addWorksheet(sheetName(t.sheet, used), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const leaves = leavesOf(t.columns);
  const width = leaves.length;
  ws.mergeCells(1, 1, 1, width);
  setSafe(ws.getCell(1, 1), t.title);
  Object.assign(ws.getCell(1, 1), { font: { bold: true, size: 13 }, alignment: { horizontal: 'center', wrapText: true } });
  ws.mergeCells(2, 1, 2, width);
  setSafe(ws.getCell(2, 1), t.subtitle);
  Object.assign(ws.getCell(2, 1), { font: { italic: true }, alignment: { horizontal: 'center' } });

  // Grouped headings: a parent spans its leaves, a leaf spans down to the last heading row.
  const top = 4;
  const depth = depthOf(t.columns);
  let col = 1;
  const place = (list: Column[], level: number): void => {
    for (const c of list) {
      const span = c.children ? leavesOf(c.children).length : 1;
      const down = c.children ? 0 : depth - level - 1;
      if (span > 1 || down > 0) ws.mergeCells(top + level, col, top + level + down, col + span - 1);
      setSafe(ws.getCell(top + level, col), c.title);
      Object.assign(ws.getCell(top + level, col), {
        font: { bold: true },
        alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      });
      if (c.children) place(c.children, level + 1);
      else col += 1;
    }
  };
  place(t.columns, 0);
  let row = top + depth;
  // The row of column letters and formulas (Phụ lục VII), when the columns have codes.
  if (leaves.some((c) => c.code)) {
    leaves.forEach((c, i) => {
      setSafe(ws.getCell(row, i + 1), c.code ?? '');
      Object.assign(ws.getCell(row, i + 1), { font: { italic: true }, alignment: { horizontal: 'center' } });
    });
    row += 1;
  }
  for (let r = top; r < row; r++) for (let c = 1; c <= width; c++) ws.getCell(r, c).border = BORDER;
  ws.views = [{ state: 'frozen', ySplit: row - 1 }];

  const firstData = row;
  const lastUnitRow = firstData + (t.totalsRow ?? t.rows.length) - 1;
  const covered = new Set<string>();
  const b = t.breakdownColumn;
  t.rows.forEach((values, i) => {
    const isTotals = t.totalsRow !== null && i >= t.totalsRow;
    values.forEach((v, j) => {
      const cell = ws.getCell(row, j + 1);
      const span = rowSpanOf(v);
      if (span > 1) {
        ws.mergeCells(row, j + 1, row + span - 1, j + 1);
        for (let k = 1; k < span; k++) covered.add(`${row + k}:${j + 1}`);
      }
      if (covered.has(`${row}:${j + 1}`)) {
        cell.border = BORDER; // a merged cell's value is its first row's
        return;
      }
      const num = j === 0 && !isTotals ? null : numberOfCell(v);
      if (num) {
        // A totals row sums the units above it (those with its own Phân tổ label, if any) wherever
        // the printed total is that sum.
        const same = (r: Cell[]): boolean => b === undefined || textOf(r[b] ?? null) === textOf(values[b] ?? null);
        const above = t.rows.slice(0, t.totalsRow ?? 0).filter(same).map((r) => numberOfCell(r[j] ?? null)?.value ?? 0);
        const isSum = isTotals && num.decimals === 0 && above.reduce((a, c) => a + c, 0) === num.value;
        const range = (col: number): string => `${colLetter(col)}${firstData}:${colLetter(col)}${lastUnitRow}`;
        const formula = b === undefined ? `SUM(${range(j + 1)})` : `SUMIF(${range(b + 1)},${colLetter(b + 1)}${row},${range(j + 1)})`;
        cell.value = isSum ? { formula, result: num.value } : num.value;
        cell.numFmt = num.decimals ? `#,##0.${'0'.repeat(num.decimals)}` : '#,##0';
      } else setSafe(cell, textOf(v));
      cell.border = BORDER;
      if (isTotals || isBold(v)) cell.font = { bold: true };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: leaves[j]?.align ?? (num ? 'right' : 'left') };
    });
    row += 1;
  });
  if (t.footer) {
    setSafe(ws.getCell(row, 2), t.footer.label);
    ws.getCell(row, 2).font = { bold: true };
    if (t.footer.sumColumn !== null && t.rows.length > 0) {
      const c = colLetter(t.footer.sumColumn + 1);
      const total = t.rows.reduce((a, r) => a + (numberOfCell(r[t.footer!.sumColumn!] ?? null)?.value ?? 0), 0);
      Object.assign(ws.getCell(row, t.footer.sumColumn + 1), { value: { formula: `SUM(${c}${firstData}:${c}${row - 1})`, result: total }, numFmt: '#,##0', font: { bold: true } });
    }
    row += 1;
  }
  if (t.note) setSafe(ws.getCell(row + 1, 1), `Ghi chú: ${t.note}`);
  leaves.forEach((c, i) => {
    ws.getColumn(i + 1).width = typeof c.width === 'number' ? Math.max(6, Math.round(c.width / 5)) : 28;
  });
}

function listTable(sqlite: BetterSqlite3.Database, ctx: DocContext, kind: ListKind, title: string, withCommune: boolean, sheet: string): SheetTable {
  const ids = ctx.communes.map((c) => c.id);
  const rows = listRows(sqlite, ctx.round.id, ids, kind);
  const names = withCommune ? new Map(ctx.communes.map((c) => [c.id, c.name])) : null;
  const totals = countList(sqlite, ctx.round.id, ids, kind);
  const columns = listColumns(withCommune);
  return {
    sheet,
    title: `${title} NĂM ${ctx.round.year}`,
    subtitle: capitalise(scopeWords(ctx)),
    columns,
    rows: listBody(rows, names),
    totalsRow: null,
    footer: { label: `Tổng cộng: ${totals.households} hộ, ${totals.people} nhân khẩu.`, sumColumn: leavesOf(columns).findIndex((c) => c.title === 'Số nhân khẩu') },
  };
}

/** The tables of a document for a commune or a district, exactly as the PDF lays them out. */
export function documentTables(sqlite: BetterSqlite3.Database, ctx: DocContext, doc: TableDoc): SheetTable[] {
  if (doc === 'BC') {
    return reportTables(sqlite, ctx).map((t, i) => {
      const rows = tableRows(ctx, t);
      const perUnit = t.breakdown?.length ?? 1;
      return {
        sheet: `Biểu ${i + 1}`,
        title: t.title,
        subtitle: `Năm ${ctx.round.year} — ${capitalise(scopeWords(ctx))}`,
        columns: tableColumns(t),
        rows,
        totalsRow: ctx.communes.length > 1 ? rows.length - perUnit : null,
        ...(t.breakdown ? { breakdownColumn: unitCols().length } : {}),
        footer: null,
        ...(t.note ? { note: t.note } : {}),
      };
    });
  }
  if (doc === 'M02') {
    if (!ctx.commune) throw new AppError('INVALID_INPUT', 'Quyết định công nhận (M02) lập cho từng xã: chọn một xã');
    return DECISION_LISTS.map((l) => listTable(sqlite, ctx, l.kind, l.title, false, l.short));
  }
  if (doc === 'P1') {
    const { cols, body } = reviewTable(sqlite, ctx);
    return [
      {
        sheet: 'Phụ lục I',
        title: 'DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT',
        subtitle: `Năm ${ctx.round.year} — ${scopeWords(ctx)}`,
        columns: cols,
        rows: body,
        totalsRow: null,
        footer: { label: `Tổng cộng: ${body.length} hộ.`, sumColumn: leavesOf(cols).findIndex((c) => c.title === 'Số nhân khẩu') },
      },
    ];
  }
  return [listTable(sqlite, ctx, 'poor_or_near_poor', 'DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO', true, 'Hộ nghèo, cận nghèo')];
}

/** Writes a document's tables, one sheet each, for the unit (commune or district) of the round. */
export async function exportTables(
  sqlite: BetterSqlite3.Database,
  o: { roundId: number; unitCode: string; doc: TableDoc; out: string },
): Promise<{ file: string; sheets: number; rows: number }> {
  const round = getRound(sqlite, o.roundId);
  const unit = unitByCode(sqlite, o.unitCode, round.unit_map_date);
  if (!unit) throw new AppError('NOT_FOUND', `Không có đơn vị mã ${o.unitCode} trong bản đồ hành chính của đợt ${round.year}`);
  const ctx = loadContext(sqlite, round.id, unit.id);
  const tables = documentTables(sqlite, ctx, o.doc);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rà soát hộ nghèo';
  const used = new Set<string>();
  for (const t of tables) writeSheet(wb, t, used);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  const tmp = `${o.out}.part`;
  await wb.xlsx.writeFile(tmp);
  fs.renameSync(tmp, o.out);
  return { file: path.resolve(o.out), sheets: tables.length, rows: tables.reduce((n, t) => n + t.rows.length, 0) };
}
