// Building blocks shared by every document: Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ
// thuật trình bày văn bản hành chính). One function per element, so two documents never differ
// in how they print the same thing.
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatNumberVi } from '../../../shared/text/format';
import { A4, MARGINS } from './pdf';

/** A dotted blank for what is not recorded yet (filled by hand on the printed page). */
export const BLANK = '……………';
export const LONG_BLANK = '…………………………………';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Usable width of the page between the decree margins. */
export const contentWidth = (orientation: 'portrait' | 'landscape'): number =>
  (orientation === 'portrait' ? A4.width : A4.height) - MARGINS.left - MARGINS.right;

/** A horizontal rule of the given length, centred in its column (pdfmake centres a canvas by its width). */
function rule(length: number): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: length, y2: 0, lineWidth: 0.6 }], alignment: 'center', margin: [0, 1, 0, 3] };
}

/** Two-digit day and month: Nghị định 30/2020, Phụ lục I, mục II.5 (days < 10 and months 1, 2). */
export function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "Bình Mỹ, ngày 05 tháng 02 năm 2023"; without a date, dotted blanks and the round's year.
 * Only months 1 and 2 take a leading zero (months ≥ 3 are written plainly, "ngày 15 tháng 3").
 */
export function placeDateLine(place: string, isoDate: string | null, year: number): string {
  const where = place || BLANK;
  if (!isoDate) return `${where}, ngày …… tháng …… năm ${year}`;
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const month = m <= 2 ? twoDigits(m) : String(m);
  return `${where}, ngày ${twoDigits(d)} tháng ${month} năm ${y}`;
}

export interface HeaderSpec {
  /** Governing body over the issuer ("ỦY BAN NHÂN DÂN"), or null. */
  governing: string | null;
  /** Issuing body, printed bold in capitals ("XÃ BÌNH MỸ"). */
  issuer: string;
  /** "Số: …/QĐ-UBND", or null when the document has no number. */
  number: string | null;
  place: string;
  date: string | null;
  year: number;
  orientation: 'portrait' | 'landscape';
}

/**
 * The two-column header: issuer on the left (about 40 %), national title and motto on the right
 * (Nghị định 30/2020, Phụ lục I, mục IV, ô 1–4); rules under the issuer (short) and the motto.
 */
export function agencyHeader(h: HeaderSpec): Content {
  const width = contentWidth(h.orientation);
  const left = width * 0.4;
  const right = width - left;
  const leftStack: Content[] = [];
  if (h.governing) leftStack.push({ text: h.governing.toUpperCase(), fontSize: 12 });
  // The short rule under the issuer: 1/3–1/2 of its text (Tinos capitals ≈ 0.65 em a letter at 12 pt).
  leftStack.push({ text: h.issuer.toUpperCase(), bold: true, fontSize: 12 }, rule(Math.min(left * 0.8, Math.max(36, h.issuer.length * 12 * 0.65 * 0.45))));
  if (h.number) leftStack.push({ text: h.number, fontSize: 13 });
  return {
    table: {
      widths: [left - 8, right - 8],
      body: [
        [
          { stack: leftStack, alignment: 'center' },
          {
            stack: [
              { text: NATIONAL_TITLE, bold: true, fontSize: 12 },
              { text: MOTTO, bold: true, fontSize: 13 },
              rule(172),
              { text: placeDateLine(h.place, h.date, h.year), italics: true, fontSize: 13 },
            ],
            alignment: 'center',
          },
        ],
      ],
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 12],
  };
}

/** Citizen forms (Mẫu 01, 04) carry only the national title and motto, centred. */
export function nationalTitleOnly(): Content {
  return {
    stack: [{ text: NATIONAL_TITLE, bold: true, fontSize: 12 }, { text: MOTTO, bold: true, fontSize: 13 }, rule(172)],
    alignment: 'center',
    margin: [0, 0, 0, 12],
  };
}

/** Document type in bold capitals, then the summary in bold, centred (Phụ lục I, mục II.6). */
export function titleBlock(type: string, summary: string[] = [], size = 14): Content {
  return {
    stack: [{ text: type.toUpperCase(), bold: true, fontSize: size }, ...summary.map((s) => ({ text: s, bold: true, fontSize: size - 1 }))],
    alignment: 'center',
    margin: [0, 4, 0, 10],
  };
}

export interface SignatureSpec {
  /** Authority lines, e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] (Phụ lục I, mục II.8). */
  authority: string[];
  name: string;
  /** Recipients without the final "Lưu: VT."; null for documents without "Nơi nhận". */
  recipients: string[] | null;
  note?: string;
}

/** Signature bottom right, "Nơi nhận:" bottom left: a borderless two-column table. */
export function signatureBlock(s: SignatureSpec, orientation: 'portrait' | 'landscape' = 'portrait'): Content {
  const width = contentWidth(orientation);
  const left: Content[] = s.recipients
    ? [
        { text: 'Nơi nhận:', bold: true, italics: true, fontSize: 12 },
        ...[...s.recipients.map((r) => `- ${r};`), '- Lưu: VT.'].map((line) => ({ text: line, fontSize: 11 })),
      ]
    : [{ text: '' }];
  return {
    table: {
      widths: [width * 0.45 - 8, width * 0.55 - 8],
      body: [
        [
          { stack: left },
          {
            stack: [
              ...s.authority.map((a) => ({ text: a.toUpperCase(), bold: true, fontSize: 13 })),
              { text: s.note ?? '(Ký, ghi rõ họ tên, đóng dấu)', italics: true, fontSize: 12 },
              { text: ' ', margin: [0, 48, 0, 0] },
              { text: s.name || LONG_BLANK, bold: true, fontSize: 13 },
            ],
            alignment: 'center',
          },
        ],
      ],
    },
    layout: 'noBorders',
    unbreakable: true,
    margin: [0, 14, 0, 0],
  };
}

/** Several signatures side by side (minutes: secretary, chair, households' representatives). */
export function signatureRow(columns: { title: string; name: string }[], space = 44): Content {
  return {
    columns: columns.map((c) => ({
      stack: [
        { text: c.title.toUpperCase(), bold: true, fontSize: 12 },
        { text: '(Ký, ghi rõ họ tên)', italics: true, fontSize: 11 },
        { text: ' ', margin: [0, space, 0, 0] },
        { text: c.name || BLANK, bold: true, fontSize: 12 },
      ],
      alignment: 'center',
    })),
    unbreakable: true,
    margin: [0, 14, 0, 0],
  };
}

export const para = (text: string | Content[], extra: Record<string, unknown> = {}): Content =>
  ({ text, alignment: 'justify', margin: [0, 0, 0, 5], ...extra }) as Content;

/** A table column: heading (possibly grouped), width, alignment, and the code printed under it. */
export interface Column {
  title: string;
  width?: number | '*' | 'auto';
  align?: 'left' | 'center' | 'right';
  /** Letter or number with formula ("4=3/1*100") of the column-number row; none when omitted. */
  code?: string;
  children?: Column[];
}

const leavesOf = (cols: Column[]): Column[] => cols.flatMap((c) => (c.children ? leavesOf(c.children) : [c]));
const depthOf = (cols: Column[]): number => Math.max(...cols.map((c) => (c.children ? 1 + depthOf(c.children) : 1)));

/** Header rows of a grouped heading: parents span their leaves, leaves span down to the last row. */
function headerRows(cols: Column[], fontSize: number): TableCell[][] {
  const depth = depthOf(cols);
  const rows: TableCell[][] = Array.from({ length: depth }, () => []);
  const place = (list: Column[], level: number): void => {
    for (const c of list) {
      const span = c.children ? leavesOf(c.children).length : 1;
      const cell: TableCell = { text: c.title, bold: true, alignment: 'center', fontSize, ...(span > 1 ? { colSpan: span } : {}) };
      if (!c.children && depth - level > 1) Object.assign(cell, { rowSpan: depth - level });
      rows[level]!.push(cell, ...Array.from({ length: span - 1 }, () => ({ text: '' })));
      if (c.children) place(c.children, level + 1);
      else for (let l = level + 1; l < depth; l++) rows[l]!.push({ text: '' });
    }
  };
  place(cols, 0);
  return rows;
}

/**
 * A body cell. `rowSpan` merges it with the cells below (tables with several rows per unit);
 * the rows below then hold null where it covers them.
 */
export type Cell = string | number | null | { text: string; bold?: boolean; alignment?: 'left' | 'center' | 'right'; rowSpan?: number };

const cellText = (v: Cell): string => (v === null ? '' : typeof v === 'number' ? formatNumberVi(v) : typeof v === 'string' ? v : v.text);

/**
 * A bordered table whose header rows repeat on every page (Phụ lục VII layout: headings, then a
 * row of column letters and numbers with their formulas when the columns have codes).
 */
export function dataTable(
  cols: Column[],
  body: Cell[][],
  opts: { fontSize?: number; boldRows?: Set<number>; orientation?: 'portrait' | 'landscape' } = {},
): Content {
  const fontSize = opts.fontSize ?? 10;
  const leaves = leavesOf(cols);
  const head = headerRows(cols, fontSize);
  if (leaves.some((c) => c.code)) {
    head.push(leaves.map((c) => ({ text: c.code ?? '', italics: true, alignment: 'center', fontSize: fontSize - 1 })));
  }
  const rows: TableCell[][] = body.map((row, i) =>
    row.map((v, j) => {
      const bold = opts.boldRows?.has(i) || (typeof v === 'object' && v !== null && v.bold);
      const alignment = (typeof v === 'object' && v !== null && v.alignment) || leaves[j]?.align || (typeof v === 'number' ? 'right' : 'left');
      const rowSpan = typeof v === 'object' && v !== null && v.rowSpan && v.rowSpan > 1 ? { rowSpan: v.rowSpan } : {};
      return { text: cellText(v), fontSize, alignment, ...(bold ? { bold: true } : {}), ...rowSpan };
    }),
  );
  if (rows.length === 0) rows.push([{ text: 'Không có hộ nào.', italics: true, colSpan: leaves.length, alignment: 'center', fontSize }, ...leaves.slice(1).map(() => ({ text: '' }))]);
  return {
    table: { headerRows: head.length, dontBreakRows: true, widths: fitWidths(leaves, contentWidth(opts.orientation ?? 'portrait'), fontSize), body: [...head, ...rows] },
    layout: { paddingLeft: () => 2, paddingRight: () => 2, paddingTop: () => 1, paddingBottom: () => 1, hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    margin: [0, 2, 0, 8],
  };
}

const PADDING = 4.5; // left + right padding and one rule per column (see the layout below)

/**
 * Column widths that fit the page: pdfmake gives '*' columns equal shares and lets one whose
 * longest word (or formula) is wider overflow the right margin, so each '*' column gets its
 * estimated minimum first (Tinos ≈ 0.55 em a letter, bold), then an equal share of what is left.
 */
function fitWidths(leaves: Column[], available: number, fontSize: number): (number | 'auto')[] {
  const room = available - leaves.length * PADDING - 0.5;
  const minOf = (c: Column): number => {
    const word = Math.max(...c.title.split(/\s+/u).map((w) => w.length)) * fontSize * 0.55;
    const code = (c.code?.length ?? 0) * (fontSize - 1) * 0.5;
    return Math.max(14, word, code);
  };
  const fixed = leaves.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 0), 0);
  const stars = leaves.filter((c) => typeof c.width !== 'number');
  const mins = stars.reduce((s, c) => s + minOf(c), 0);
  const share = stars.length ? Math.max(0, room - fixed - mins) / stars.length : 0;
  return leaves.map((c) => (typeof c.width === 'number' ? c.width : Math.floor((minOf(c) + share) * 100) / 100));
}

/** A percentage with one decimal and a Vietnamese comma ("12,5"), blank when the base is zero. */
export function percent(part: number, whole: number): string {
  if (!whole) return '';
  return (Math.round((part / whole) * 1000) / 10).toFixed(1).replace('.', ',');
}
