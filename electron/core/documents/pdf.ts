// pdfmake 0.3 set-up: bundled Tinos fonts, no network or stray file access, A4 and decree margins.
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { nfcDeep } from '../../../shared/text/normalize';

const MM = 72 / 25.4;
export const mm = (value: number): number => Math.round(value * MM * 100) / 100;

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 };

// Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I.2: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
export const MARGINS = { left: mm(30), top: mm(20), right: mm(15), bottom: mm(20) };

let fontsReadyFor = '';

/** Registers Tinos (metric-compatible with Times New Roman) from resources/fonts once per folder. */
function useFonts(resourcesDir: string): void {
  const dir = path.resolve(resourcesDir, 'fonts');
  if (fontsReadyFor === dir) return;
  pdfmake.setFonts({
    Tinos: {
      normal: path.join(dir, 'Tinos-Regular.ttf'),
      bold: path.join(dir, 'Tinos-Bold.ttf'),
      italics: path.join(dir, 'Tinos-Italic.ttf'),
      bolditalics: path.join(dir, 'Tinos-BoldItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(dir + path.sep));
  fontsReadyFor = dir;
}

/** The PDFs' creator and producer. */
export const PDF_CREATOR = 'Rà soát hộ nghèo';

/** One logical document: its content and page orientation (lists and reports are landscape). */
export interface DocPart {
  orientation: 'portrait' | 'landscape';
  content: Content[];
  /**
   * A paper of its own among others in one file (a household's certificate or survey form): its
   * pages are numbered on their own from its page 2, after the label when there is one
   * ("Phiếu B — mã hộ 30487-00243 — trang 2"), so that a sheet that comes loose is known.
   */
  paper?: { label: string | null };
}

/**
 * Page numbers: Arabic, centred in the top margin, not on page 1 (Nghị định 30/2020, Phụ lục I, mục II.10).
 * In a dossier the numbering runs through all its documents.
 */
function pageNumber(currentPage: number): Content {
  if (currentPage === 1) return { text: '' };
  return { text: String(currentPage), alignment: 'center', fontSize: 13, margin: [0, mm(10), 0, 0] };
}

/**
 * The document definition of one or several parts, each part starting on a new page; without
 * page numbers when `numbered` is false (the dossier stamps them afterwards, see numbers.ts).
 */
export function definitionOf(parts: DocPart[], title: string, numbered = true): TDocumentDefinitions {
  const content: Content[] = [];
  const papers = parts.some((p) => p.paper);
  const heads: number[] = [];
  parts.forEach((part, i) => {
    // The first node of each later part opens a new page in that part's orientation. A paper
    // starts with a marker line (1 pt) whose laid-out page tells where the paper begins.
    const first = part.content[0] ?? { text: '' };
    const lead: Content[] = papers ? [PAPER_MARK, first] : [first];
    const head: Content = i === 0 ? (papers ? { stack: lead } : first) : { stack: lead, pageBreak: 'before', pageOrientation: part.orientation };
    heads.push(content.length);
    content.push(head, ...part.content.slice(1));
  });
  // Text typed in decomposed Unicode (Unikey "Unicode tổ hợp") must reach the PDF composed.
  const body = nfcDeep(content);
  // pdfmake lays the content out before it asks for the headers, on these very objects.
  const marks = heads.map((h) => ((body[h] as { stack: unknown[] }).stack?.[0] ?? null) as { positions?: { pageNumber: number }[] } | null);
  const paperHeader = (page: number): Content => {
    let k = 0;
    for (let j = 0; j < marks.length; j++) if ((marks[j]?.positions?.[0]?.pageNumber ?? Infinity) <= page) k = j;
    const n = page - (marks[k]?.positions?.[0]?.pageNumber ?? 1) + 1;
    if (n < 2) return { text: '' };
    const label = parts[k]?.paper?.label;
    return label
      ? { text: `${label} — trang ${n}`, alignment: 'center', fontSize: 11, italics: true, margin: [0, mm(10), 0, 0] }
      : pageNumber(n);
  };
  return {
    pageSize: 'A4',
    pageOrientation: parts[0]?.orientation ?? 'portrait',
    pageMargins: [MARGINS.left, MARGINS.top, MARGINS.right, MARGINS.bottom],
    info: { title, creator: PDF_CREATOR, producer: PDF_CREATOR },
    header: (currentPage) => (!numbered ? { text: '' } : papers ? paperHeader(currentPage) : pageNumber(currentPage)),
    defaultStyle: { font: 'Tinos', fontSize: 13, lineHeight: 1.1 },
    content: body,
  };
}

/** The first line of a paper: one point high, nothing to see. */
const PAPER_MARK: Content = { text: '\u00a0', fontSize: 1, lineHeight: 1 };

/** Renders to a PDF buffer and counts its pages; `numbered: false` leaves the page numbers out. */
export async function renderPdf(resourcesDir: string, parts: DocPart[], title: string, options: { numbered?: boolean } = {}): Promise<{ pdf: Buffer; pages: number }> {
  useFonts(resourcesDir);
  let pages = 0;
  const dd = definitionOf(parts, title, options.numbered ?? true);
  const header = dd.header as (p: number, c: number) => Content;
  dd.header = (currentPage: number, pageCount: number) => {
    pages = pageCount;
    return header(currentPage, pageCount);
  };
  const pdf = await pdfmake.createPdf(dd).getBuffer();
  return { pdf: Buffer.from(pdf), pages };
}

/**
 * Page numbers alone: `count` blank portrait A4 pages, page n carrying the number n exactly as a
 * numbered document prints it (Tinos, same size and place; none on page 1). The dossier draws
 * these pages over pages rendered without numbers (numbers.ts).
 */
export async function renderPageNumbers(resourcesDir: string, count: number): Promise<Buffer> {
  const content: Content[] = Array.from({ length: Math.max(1, count) }, (_, i) => (i === 0 ? { text: '' } : { text: '', pageBreak: 'before' }));
  return (await renderPdf(resourcesDir, [{ orientation: 'portrait', content }], 'Số trang')).pdf;
}
