import fs from 'node:fs';
import { streamedSheets } from './exceljs';
import { brokenWorkbook, openZip } from './zip';
import { fold } from '../../../shared/text/fold';
import { AppError } from '../errors';
import { answerColumnIndex, type AnswerColumn } from './answers';
import { COLUMN_HEADERS, columnOf, foldHeader, type ColumnKey } from './columns';
import { cellFault, cellHadInvisible, cellText, parseBirthDate, parseIdNumber, parseSex, plainValue, type Cell, type CellFault } from './values';

/** A problem of an imported file, by sheet, row and column (Vietnamese). */
export interface Problem {
  level: 'error' | 'warning';
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** One data row of a recognised sheet: its cells by column. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: Partial<Record<ColumnKey, Cell>>;
  /** Answer cells (Phiếu B2, Phiếu A) by answer column key, the empty ones left out. */
  answers: Record<string, Cell>;
  /** Cells that are not empty yet give no value (an Excel error, a formula never computed): their value above is null. */
  faults?: Partial<Record<ColumnKey, CellFault>>;
  /** The same, of answer cells, by answer column key. */
  answerFaults?: Record<string, CellFault>;
  /** Columns whose text had zero-width characters or bidi controls, removed (the preview says so). */
  stripped?: ColumnKey[];
}

/** A row as read: its plain values, and what was wrong with some cells (by 0-based column index). */
interface RawRow {
  row: number;
  values: Cell[];
  faults: Map<number, CellFault> | null;
  stripped: Set<number> | null;
}

/** The plain values of a row's cells, noting error cells, formulas without a value and removed invisible characters. */
function rawRow(n: number, raw: unknown[]): RawRow {
  const values: Cell[] = [];
  let faults: Map<number, CellFault> | null = null;
  let stripped: Set<number> | null = null;
  for (let i = 1; i < raw.length; i++) {
    const x = raw[i];
    values.push(plainValue(x));
    if (x === null || x === undefined || typeof x === 'number') continue;
    if (typeof x === 'object') {
      const f = cellFault(x);
      if (f) (faults ??= new Map()).set(i - 1, f);
    }
    if (cellHadInvisible(x)) (stripped ??= new Set()).add(i - 1);
  }
  return { row: n, values, faults, stripped };
}

export interface SheetLayout {
  sheet: string;
  headerRow: number;
  /** Column key → 1-based column number. */
  columns: Partial<Record<ColumnKey, number>>;
  /** The answer columns found (Phiếu B2 indicators, Phiếu A items), with their 1-based column number. */
  answers: { column: AnswerColumn; n: number }[];
  /** The header texts as found (for the error workbook and messages). */
  headers: string[];
  /** Headers not recognised (ignored). */
  unknownHeaders: string[];
}

export interface ReadOptions {
  /** Refuse a file with more data rows than this (the import holds the plan in memory). */
  maxRows?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  cancelled?: () => void;
  /** The round's answer columns (Phiếu B2, Phiếu A) to look for besides the fixed ones. */
  answerColumns?: readonly AnswerColumn[];
}

/** The limit of data rows one import takes (≈ 100,000 households): beyond it, split the file. */
export const MAX_IMPORT_ROWS = 400_000;
const HEADER_SCAN_ROWS = 20;

/** Letters of a 1-based column number: 1 → A, 28 → AB. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** "C (Ngày sinh)": the column as the officer sees it. */
export function columnLabel(layout: SheetLayout, key: ColumnKey): string {
  const n = layout.columns[key];
  return n ? `${columnLetter(n)} (${layout.headers[n - 1] ?? COLUMN_HEADERS[key]})` : COLUMN_HEADERS[key];
}

/** "E (B2.9 Nguồn nước sinh hoạt)": an answer column as the officer sees it. */
export function answerColumnLabel(layout: SheetLayout, a: SheetLayout['answers'][number]): string {
  return `${columnLetter(a.n)} (${layout.headers[a.n - 1] ?? a.column.header})`;
}

/**
 * Refuses what is not an .xlsx before exceljs sees it: an encrypted (password-protected) workbook
 * or an old .xls is an OLE compound file (D0 CF 11 E0), an .xlsx is a zip (PK).
 */
export function checkFileKind(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new AppError('INVALID_INPUT', `Không mở được tệp: ${file}`);
  }
  const head = Buffer.alloc(8);
  const n = fs.readSync(fd, head, 0, 8, 0);
  fs.closeSync(fd);
  if (n === 0) throw new AppError('INVALID_INPUT', 'Tệp rỗng, không phải tệp Excel (.xlsx)');
  if (head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new AppError(
      'INVALID_INPUT',
      'Tệp có đặt mật khẩu hoặc là tệp .xls cũ: mở bằng Excel, bỏ mật khẩu (nếu có) và lưu lại dạng .xlsx rồi nhập lại',
    );
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b) throw new AppError('INVALID_INPUT', 'Tệp không phải tệp Excel .xlsx');
}

/** What a sheet has under its table, left out of the import (listed in the preview). */
export interface SheetFooter {
  sheet: string;
  /** Rows skipped: totals lines, notes, the date line, signature blocks. */
  rows: number[];
  /** Their text, one entry a row (the non-empty cells, in order). */
  texts: string[];
  /** Rows under the end of the table that look like a person (a sex, a date of birth or an ID number): refused, never dropped. */
  people: { row: number; name: string }[];
}

/**
 * The lines an officer reads as the end of the table: notes, the "…, ngày … tháng … năm …" line,
 * who drew up the list, the confirmation and signature blocks (folded: no diacritics, đ → d).
 */
const FOOTER_MARKERS: RegExp[] = [
  /^ghi chu\b/u,
  /^noi nhan\b/u,
  /\bngay\b.*\bthang\b.*\bnam\b/u,
  /^(nguoi|can bo) (lap|tong hop|ra soat|ke khai)\b/u,
  /^xac nhan\b/u,
  /^(tm|t m|kt|tl) (ubnd|uy ban|ban|chu tich)\b/u,
  /^(chu tich|pho chu tich|truong (thon|ap|ban|khom|xom|khu pho|to dan pho)|bi thu|thu truong|ke toan|giam doc)\b/u,
  /^(uy ban nhan dan|ubnd)\b/u,
  /^ky\b.*\b(ten|ho ten|dong dau)\b/u,
];
const TOTALS = /^tong( cong| so)?\b/u;
const footerText = (v: Cell): string =>
  fold(cellText(v))
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();
const isFooterMarker = (values: Cell[]): boolean =>
  values.some((v) => typeof v === 'string' && FOOTER_MARKERS.some((re) => re.test(footerText(v))));

/** A row that carries a person: a sex, a date of birth or an ID number that reads as one. */
function looksLikePerson(cells: Partial<Record<ColumnKey, Cell>>): boolean {
  const reads = <T>(v: Cell | undefined, parse: (c: Cell) => { ok: boolean; value?: T | null }): boolean => {
    if (v === undefined || v === null) return false;
    const p = parse(v);
    return p.ok && p.value !== null;
  };
  return reads(cells.sex, parseSex) || reads(cells.birthDate, parseBirthDate) || reads(cells.idNumber, parseIdNumber);
}

const isNumberingRow = (values: Cell[]): boolean => {
  const cells = values.filter((v) => v !== null);
  return cells.length >= 3 && cells.every((v) => typeof v === 'number' || /^\(?\d{1,2}\)?$/u.test(String(v)));
};

/** Finds the header among the first rows: the row naming the most known columns, a name among them. */
function detectHeader(sheet: string, rows: { row: number; values: Cell[] }[], answerIndex: Map<string, AnswerColumn>): SheetLayout | null {
  let best: SheetLayout | null = null;
  let bestCount = 0;
  for (const r of rows) {
    const columns: Partial<Record<ColumnKey, number>> = {};
    const answers: SheetLayout['answers'] = [];
    const headers: string[] = [];
    const unknown: string[] = [];
    let count = 0;
    r.values.forEach((v, i) => {
      const text = v === null ? '' : String(v instanceof Date ? '' : v);
      headers[i] = text;
      if (!text) return;
      const key = columnOf(text);
      if (key && columns[key] === undefined) {
        columns[key] = i + 1;
        count++;
      } else if (!key) {
        const answer = answerIndex.get(foldHeader(text)) ?? answerIndex.get(foldHeader(text.replace(/\([^)]*\)/gu, ' ')));
        if (answer && !answers.some((a) => a.column === answer)) answers.push({ column: answer, n: i + 1 });
        else unknown.push(text);
      }
    });
    if ((columns.fullName || columns.headName) && count >= 3 && count > bestCount) {
      best = { sheet, headerRow: r.row, columns, answers, headers, unknownHeaders: unknown };
      bestCount = count;
    }
  }
  return best;
}

/**
 * Streams every sheet of a workbook: finds each sheet's header row, then hands over its data rows
 * (blank rows and column-number rows skipped). Sheets without a recognisable header are listed.
 */
export async function readSheets(
  file: string,
  onRow: (row: SheetRow, layout: SheetLayout) => void,
  options: ReadOptions = {},
): Promise<{ layouts: SheetLayout[]; skippedSheets: string[]; emptySheets: string[]; dataRows: number; footers: SheetFooter[] }> {
  checkFileKind(file);
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const zip = openZip(file);
  const total = zip.total;
  const layouts: SheetLayout[] = [];
  const skipped: string[] = [];
  const empty: string[] = [];
  let dataRows = 0;
  const answerIndex = answerColumnIndex(options.answerColumns ?? []);
  const footers: SheetFooter[] = [];
  /** The footer of the sheet being read; ended once a notes/date/signature line is met. */
  let footer: SheetFooter & { ended: boolean } = { sheet: '', rows: [], texts: [], people: [], ended: false };
  try {
    for await (const ws of streamedSheets(zip)) {
      const sheetName = ws.name;
      let layout: SheetLayout | null = null;
      const firstRows: RawRow[] = [];
      let tooMany = false;
      footer = { sheet: sheetName, rows: [], texts: [], people: [], ended: false };
      for await (const row of ws) {
        options.cancelled?.();
        const read = rawRow(row.number, row.values as unknown[]);
        if (!layout) {
          if (row.number <= HEADER_SCAN_ROWS) {
            if (read.values.some((v) => v !== null) || read.faults) firstRows.push(read);
            continue;
          }
          layout = detectHeader(sheetName, firstRows, answerIndex);
          if (!layout) break;
          layouts.push(layout);
          for (const r of firstRows) if (r.row > layout.headerRow) dataRows += emit(r, layout);
        }
        dataRows += emit(read, layout);
        if (dataRows > maxRows) {
          tooMany = true;
          break;
        }
        if (row.number % 2000 === 0) options.onProgress?.(zip.bytesRead(), total);
      }
      if (tooMany) {
        throw new AppError(
          'INVALID_INPUT',
          `Tệp có hơn ${maxRows.toLocaleString('vi-VN')} dòng dữ liệu: quá lớn cho một lần nhập, hãy tách theo xã rồi nhập từng tệp`,
        );
      }
      if (!layout) {
        layout = detectHeader(sheetName, firstRows, answerIndex);
        if (layout) {
          layouts.push(layout);
          for (const r of firstRows) if (r.row > layout.headerRow) dataRows += emit(r, layout);
        } else (firstRows.length === 0 ? empty : skipped).push(sheetName);
      }
      if (footer.rows.length > 0 || footer.people.length > 0) footers.push({ sheet: footer.sheet, rows: footer.rows, texts: footer.texts, people: footer.people });
    }
  } catch (e) {
    if (e instanceof AppError || (e as Error).name === 'JobCancelled') throw e;
    throw brokenWorkbook((e as Error).message);
  }
  options.onProgress?.(total, total);

  function emit(r: RawRow, l: SheetLayout): number {
    if ((!r.faults && !r.values.some((v) => v !== null)) || isNumberingRow(r.values)) return 0;
    const cells: Partial<Record<ColumnKey, Cell>> = {};
    let faults: SheetRow['faults'];
    let stripped: ColumnKey[] | undefined;
    for (const [key, n] of Object.entries(l.columns) as [ColumnKey, number][]) {
      const v = r.values[n - 1] ?? null;
      if (v !== null) cells[key] = v;
      const f = r.faults?.get(n - 1);
      if (f) (faults ??= {})[key] = f;
      if (r.stripped?.has(n - 1)) (stripped ??= []).push(key);
    }
    const answers: Record<string, Cell> = {};
    let answerFaults: SheetRow['answerFaults'];
    for (const a of l.answers) {
      const v = r.values[a.n - 1] ?? null;
      if (v !== null) answers[a.column.key] = v;
      const f = r.faults?.get(a.n - 1);
      if (f) (answerFaults ??= {})[a.column.key] = f;
    }
    // A blank row is skipped; one whose read columns hold only unreadable cells is not (they are reported).
    if (!r.values.some((v) => v !== null) && !faults && !answerFaults) return 0;
    const extra = { ...(faults ? { faults } : {}), ...(answerFaults ? { answerFaults } : {}), ...(stripped ? { stripped } : {}) };
    const person = looksLikePerson(cells);
    const skip = (): number => {
      footer.rows.push(r.row);
      footer.texts.push(r.values.filter((v) => v !== null).map((v) => cellText(v)).join(' · '));
      return 0;
    };
    if (footer.ended) {
      // Under the notes and signatures nothing is read; a person there is refused, never dropped.
      if (person) {
        const name = cells.fullName ?? cells.headName ?? null;
        footer.people.push({ row: r.row, name: name === null ? '' : cellText(name) });
      }
      return skip();
    }
    // A totals line at the foot of a list ("Tổng cộng: 120 hộ"): skipped, the table may go on.
    const first = r.values.find((v) => v !== null);
    if (typeof first === 'string' && TOTALS.test(footerText(first)) && cells.sex === undefined) return skip();
    // Notes, the date line, signature blocks: the table ended above.
    if (!person && isFooterMarker(r.values)) {
      footer.ended = true;
      return skip();
    }
    onRow({ sheet: l.sheet, row: r.row, cells, answers, ...extra }, l);
    return 1;
  }

  return { layouts, skippedSheets: skipped, emptySheets: empty, dataRows, footers };
}

/** What an error cell or a formula without a value showed in Excel: "#REF!", "=C1*2" (null: an empty cell). */
function faultText(v: unknown): string | null {
  if (!cellFault(v)) return null;
  const o = v as { error?: unknown; formula?: unknown; result?: { error?: unknown } };
  if (typeof o.error === 'string') return o.error;
  if (typeof o.result?.error === 'string') return o.result.error;
  return typeof o.formula === 'string' && o.formula ? `=${o.formula}` : null;
}

/** Reads given rows back (for the error workbook): header row and data rows of each sheet, as values. */
export async function readRowsBack(file: string, wanted: Map<string, Set<number>>): Promise<Map<string, Map<number, Cell[]>>> {
  const out = new Map<string, Map<number, Cell[]>>();
  for await (const ws of streamedSheets(openZip(file))) {
    const name = ws.name;
    const rows = wanted.get(name);
    if (!rows) continue;
    const got = new Map<number, Cell[]>();
    out.set(name, got);
    for await (const row of ws) {
      if (!rows.has(row.number)) continue;
      // An error cell or a formula without a value is written back as it was (#REF!, =C1*2), not left empty.
      const raw = row.values as unknown[];
      const values: Cell[] = [];
      for (let i = 1; i < raw.length; i++) values.push(plainValue(raw[i]) ?? faultText(raw[i]));
      got.set(row.number, values);
    }
  }
  return out;
}
