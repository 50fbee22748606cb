// Page numbers stamped after rendering (pdf-lib): each document is rendered once, without numbers,
// then numbered on its own (its own file) and through the dossier (the combined file).
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import { A4, renderPageNumbers } from './pdf';

/** Serialising options: plain cross-reference table, no yielding to the event loop (a worker). */
export const SAVE_OPTIONS = { useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY } as const;

/**
 * A source of page-number overlays: a PDF whose page n shows the number n (renderPageNumbers, so
 * the same font, size and place as pdfmake prints them), drawn over the pages to number.
 */
export class PageNumbers {
  private constructor(
    private readonly source: PDFDocument,
    readonly count: number,
  ) {}

  /** Overlays for numbers up to `count`. */
  static async create(resourcesDir: string, count: number): Promise<PageNumbers> {
    const source = await PDFDocument.load(await renderPageNumbers(resourcesDir, count), { updateMetadata: false });
    return new PageNumbers(source, source.getPageCount());
  }

  /**
   * Numbers `pages` of `target` from `first` on (pages[0] gets `first`); number 1 is not printed
   * (Nghị định 30/2020, Phụ lục I, mục II.10). The overlay is portrait A4: on a page of another
   * size (landscape) it moves so that the number stays centred across the page (pdfmake lays the
   * header over the whole width) at the same distance from the top edge.
   */
  async stamp(target: PDFDocument, pages: PDFPage[], first: number): Promise<void> {
    const numbered = pages.map((page, i) => ({ page, n: first + i })).filter((p) => p.n >= 2);
    if (numbered.length === 0) return;
    const last = numbered.at(-1)!.n;
    if (last > this.count) throw new Error(`page number ${last} beyond the ${this.count} prepared`);
    // One embedPages call: the overlays' font is copied into the target once.
    const overlays = await target.embedPages(numbered.map((p) => this.source.getPage(p.n - 1)));
    numbered.forEach(({ page }, i) => {
      const { width, height } = page.getSize();
      page.drawPage(overlays[i]!, { x: (width - A4.width) / 2, y: height - A4.height });
    });
  }
}

const SUBSET_TAG = /^[A-Z]{6}\+/u;
const BASE_FONT = PDFName.of('BaseFont');
const FONT_NAME = PDFName.of('FontName');

/** "AAAAAA", "AAAAAB", …: the n-th six-letter tag. */
function tagOf(n: number): string {
  let tag = '';
  for (let i = 0, rest = n; i < 6; i++, rest = Math.floor(rest / 26)) tag = String.fromCharCode(65 + (rest % 26)) + tag;
  return tag;
}

/**
 * Gives each embedded font subset its own tag. Every pdfmake render names its subsets alike
 * ("BZZZZZ+Tinos"), so a file joining several renders would hold different subsets under one
 * name, which the PDF standard forbids (ISO 32000-1, 9.6.4) and which a printer that downloads
 * fonts by name could mix up.
 */
export function retagFontSubsets(doc: PDFDocument): void {
  let next = 0;
  const rename = (dict: PDFDict, key: PDFName, tag: string): void => {
    const name = dict.get(key);
    if (name instanceof PDFName && SUBSET_TAG.test(name.decodeText())) dict.set(key, PDFName.of(tag + name.decodeText().slice(7)));
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.Type) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('CIDFontType0') || subtype === PDFName.of('CIDFontType2')) continue; // renamed with their Type0 parent
    const base = object.get(BASE_FONT);
    if (!(base instanceof PDFName) || !SUBSET_TAG.test(base.decodeText())) continue;
    const tag = `${tagOf(next++)}+`;
    rename(object, BASE_FONT, tag);
    const descendants = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const fonts = descendants ? descendants.asArray().map((d) => doc.context.lookupMaybe(d, PDFDict)) : [object];
    for (const font of fonts) {
      if (!font) continue;
      if (font !== object) rename(font, BASE_FONT, tag);
      const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      if (descriptor) rename(descriptor, FONT_NAME, tag);
    }
  }
}
