// Renders documents and the dossier: the code the jobs (worker thread), the CLI and the bench share.
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { PDFDocument } from 'pdf-lib';
import type { Content } from 'pdfmake/interfaces';
import { DOSSIER_ORDER, PREFILLABLE, type DocumentId, type DocumentJobResult } from '../../../shared/api/documents';
import { unitFullName } from '../../../shared/domain/units';
import { openDatabase } from '../db/connection';
import { AppError } from '../errors';
import { writeFileAtomic } from '../write-atomic';
import { agencyHeader, dataTable, titleBlock } from './blocks';
import { issuerOf, placeOf, scopeWords } from './common';
import { loadContext, PLAIN, type DocContext, type DocOptions } from './context';
import { loadLegalBases } from './legal';
import { roundRuleSet } from '../rulesets/load';
import { PageNumbers, retagFontSubsets, SAVE_OPTIONS } from './numbers';
import { PDF_CREATOR, renderPdf, type DocPart } from './pdf';
import { DOCUMENTS } from './registry';

export interface RenderTarget {
  dbPath: string;
  resourcesDir: string;
  roundId: number;
  unitId: number;
}

/** Called between steps: reports progress and throws when the user cancelled. */
export type Step = (done: number, total: number, message: string) => void;

/** Refuses a commune-only document for a district (one line, in Vietnamese). */
export function assertPrintable(ctx: DocContext, doc: DocumentId): void {
  if (DOCUMENTS[doc].communeOnly && !ctx.commune) {
    throw new AppError('INVALID_INPUT', `Tài liệu ${doc} chỉ in cho một xã: hãy chọn một xã rồi in lại.`);
  }
}

/** What is printed: blank or filled in, for which household or village (see PREFILLABLE). */
export interface Selection {
  prefill: boolean;
  householdId: number | null;
  villageId: number | null;
}
export const BLANK_FORMS: Selection = { prefill: false, householdId: null, villageId: null };

/** Refuses a selection the document cannot print (in Vietnamese: what to choose instead). */
export function assertSelection(doc: DocumentId, s: Selection): void {
  const kind = PREFILLABLE[doc];
  if ((s.prefill || s.householdId !== null || s.villageId !== null) && !kind) {
    throw new AppError('INVALID_INPUT', `Tài liệu ${doc} không có mẫu điền sẵn theo hộ: hãy in mẫu trống.`);
  }
  if ((s.householdId !== null || s.villageId !== null) && !s.prefill) {
    throw new AppError('INVALID_INPUT', 'Chọn hộ hoặc thôn chỉ dùng cho mẫu điền sẵn: hãy chọn «điền sẵn», hoặc bỏ chọn hộ, thôn để in mẫu trống.');
  }
  if (kind === 'household' && s.prefill && s.householdId === null) {
    throw new AppError('INVALID_INPUT', `Chọn một hộ để in ${doc} điền sẵn.`);
  }
}

/**
 * What the documents read besides the database: the round's rule set and the legal bases, as the
 * application reads them (shipped, or the administrator's copies beside the database).
 */
function dataOf(sqlite: BetterSqlite3.Database, t: RenderTarget, ctx: DocContext, selection: Selection): DocOptions {
  return {
    ...selection,
    // The rule set the app uses for this database: an administrator's copy only once confirmed.
    ruleSet: roundRuleSet(sqlite, t.resourcesDir, t.dbPath, ctx.round.id),
    legalBases: loadLegalBases(t.resourcesDir, t.dbPath).bases,
  };
}

export function buildParts(sqlite: BetterSqlite3.Database, ctx: DocContext, doc: DocumentId, opts: DocOptions = PLAIN): DocPart[] {
  assertPrintable(ctx, doc);
  assertSelection(doc, opts);
  return DOCUMENTS[doc].build(sqlite, ctx, opts);
}

export function fileNameOf(ctx: DocContext, doc: DocumentId | 'dossier', suffix = ''): string {
  return `${doc}-${ctx.round.year}-${ctx.unit.code}${suffix}.pdf`;
}

/** "-ho-0123" for one household's filled-in form, "-thon-45" for a village's, "-dien-san" for the commune's. */
function selectionSuffix(sqlite: BetterSqlite3.Database, s: Selection): string {
  if (!s.prefill) return '';
  if (s.householdId !== null) {
    const code = sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(s.householdId) as string | undefined;
    return `-ho-${(code ?? String(s.householdId)).replace(/[^\p{L}\p{N}._-]+/gu, '_')}`;
  }
  if (s.villageId !== null) return `-thon-${s.villageId}`;
  return '-dien-san';
}

function withDb<T>(dbPath: string, fn: (sqlite: BetterSqlite3.Database) => Promise<T>): Promise<T> {
  const db = openDatabase(dbPath, { readonly: true });
  return fn(db.sqlite).finally(() => db.close());
}

/** One document as a PDF buffer. */
/** Parts rendered together at most: a document of more parts (one form per household) is rendered in batches. */
export const BATCH_PARTS = 150;

/**
 * Many parts (a form per household for a whole commune: thousands of pages) in batches of
 * BATCH_PARTS: each batch rendered, copied into one PDF, then numbered through (pdf-lib, as the
 * dossier) unless each part is a paper numbered on its own. Memory stays that of one batch plus the copied pages, and the job
 * reports progress and can be cancelled between batches.
 */
async function renderBatched(resourcesDir: string, parts: DocPart[], title: string, step: Step, label: string): Promise<{ pdf: Buffer; pages: number }> {
  const batches = Math.ceil(parts.length / BATCH_PARTS);
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(title);
  out.setCreator(PDF_CREATOR);
  out.setProducer(PDF_CREATOR);
  out.setCreationDate(new Date());
  // Papers of their own (a form per household) carry their own numbers from pdfmake; others are numbered through.
  const papers = parts.some((p) => p.paper);
  for (let b = 0; b < batches; b++) {
    step(b, batches + 1, `Đang dựng ${label}: phần ${b + 1}/${batches}`);
    const rendered = await renderPdf(resourcesDir, parts.slice(b * BATCH_PARTS, (b + 1) * BATCH_PARTS), title, { numbered: papers });
    const pdf = await PDFDocument.load(rendered.pdf, { updateMetadata: false });
    for (const page of await out.copyPages(pdf, pdf.getPageIndices())) out.addPage(page);
  }
  if (!papers) {
    step(batches, batches + 1, `Đang đánh số trang ${label}`);
    const numbers = await PageNumbers.create(resourcesDir, out.getPageCount());
    await numbers.stamp(out, out.getPages(), 1);
  }
  retagFontSubsets(out);
  return { pdf: Buffer.from(await out.save(SAVE_OPTIONS)), pages: out.getPageCount() };
}

/** One document as a PDF buffer. */
export async function renderDocument(
  t: RenderTarget,
  doc: DocumentId,
  step: Step = () => {},
  selection: Selection = BLANK_FORMS,
): Promise<{ pdf: Buffer; pages: number; name: string }> {
  assertSelection(doc, selection);
  return withDb(t.dbPath, async (sqlite) => {
    const ctx = loadContext(sqlite, t.roundId, t.unitId);
    step(0, 2, `Đang lấy dữ liệu ${doc}`);
    const parts = buildParts(sqlite, ctx, doc, dataOf(sqlite, t, ctx, selection));
    const name = fileNameOf(ctx, doc, selectionSuffix(sqlite, selection));
    if (parts.length > BATCH_PARTS) {
      const out = await renderBatched(t.resourcesDir, parts, DOCUMENTS[doc].title, step, doc);
      step(1, 1, `Đã dựng ${doc}: ${out.pages} trang`);
      return { ...out, name };
    }
    step(1, 2, `Đang dựng ${doc}`);
    const out = await renderPdf(t.resourcesDir, parts, DOCUMENTS[doc].title);
    step(2, 2, `Đã dựng ${doc}: ${out.pages} trang`);
    return { ...out, name };
  });
}

/** Cover page with the contents: each document and the page it starts on in the dossier. */
export function coverPage(ctx: DocContext, entries: { doc: DocumentId; title: string; start: number; pages: number }[]): DocPart {
  const issuer = issuerOf(ctx);
  return {
    orientation: 'portrait',
    content: [
      agencyHeader({
        governing: 'ỦY BAN NHÂN DÂN',
        issuer: unitFullName(issuer.type, issuer.name),
        number: null,
        place: placeOf(ctx),
        date: null,
        year: ctx.round.year,
        orientation: 'portrait',
      }),
      { text: ' ', margin: [0, 40, 0, 0] },
      titleBlock('HỒ SƠ', [`Công nhận hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo năm ${ctx.round.year}`, scopeWords(ctx)], 16),
      { text: 'MỤC LỤC', bold: true, alignment: 'center', margin: [0, 24, 0, 6] },
      dataTable(
        [
          { title: 'STT', width: 28, align: 'center' },
          { title: 'Tài liệu', width: '*' },
          { title: 'Ký hiệu', width: 40, align: 'center' },
          { title: 'Trang', width: 50, align: 'center' },
          { title: 'Số trang', width: 44, align: 'center' },
        ],
        entries.map((e, i) => [i + 1, e.title, e.doc, { text: String(e.start), alignment: 'center' }, e.pages]),
        { fontSize: 12 },
      ),
    ] as Content[],
  };
}

/** The dossier's cover, whose contents give each document's first page: rendered once the page counts are known. */
async function renderCover(resourcesDir: string, ctx: DocContext, docs: { doc: DocumentId; pages: number }[], title: string): Promise<{ pdf: Buffer; pages: number }> {
  // Each start depends on the cover's own length: assume one page, and again with more if it is longer.
  for (let coverPages = 1; ; ) {
    let start = coverPages + 1;
    const entries = docs.map((d) => {
      const e = { doc: d.doc, title: DOCUMENTS[d.doc].title, start, pages: d.pages };
      start += d.pages;
      return e;
    });
    const out = await renderPdf(resourcesDir, [coverPage(ctx, entries)], title, { numbered: false });
    if (out.pages === coverPages) return out;
    // Longer starts never shorten the contents (the page column is fixed), so this ends.
    if (out.pages < coverPages) throw new Error(`cover of ${out.pages} pages after assuming ${coverPages}`);
    coverPages = out.pages;
  }
}

/**
 * The approval dossier: each document rendered once without page numbers, then numbered on its
 * own (its own file) and copied into one PDF after the cover with the contents, whose page
 * numbers run through (pdf-lib; see numbers.ts).
 */
/** Renders one document without page numbers somewhere else (another thread), for the dossier. */
export type RenderAside = (doc: DocumentId) => Promise<{ pdf: Buffer; pages: number }>;

/** The dossier's document a second thread renders while this one does the rest: the longest list. */
export const ASIDE_DOCUMENT: DocumentId = 'P1';

/** One document without page numbers: what a second thread does for the dossier. */
export async function renderUnnumbered(t: RenderTarget, doc: DocumentId): Promise<{ pdf: Buffer; pages: number }> {
  return withDb(t.dbPath, async (sqlite) => {
    const ctx = loadContext(sqlite, t.roundId, t.unitId);
    return renderPdf(t.resourcesDir, buildParts(sqlite, ctx, doc, dataOf(sqlite, t, ctx, BLANK_FORMS)), DOCUMENTS[doc].title, { numbered: false });
  });
}

export async function renderDossier(t: RenderTarget, outDir: string, step: Step = () => {}, aside?: RenderAside): Promise<DocumentJobResult> {
  return withDb(t.dbPath, async (sqlite) => {
    const ctx = loadContext(sqlite, t.roundId, t.unitId);
    if (!ctx.commune) throw new AppError('INVALID_INPUT', 'Hồ sơ được lập cho một xã: hãy chọn một xã rồi lập lại.');
    const data = dataOf(sqlite, t, ctx, BLANK_FORMS);
    const n = DOSSIER_ORDER.length;
    const total = n + 1;
    // With a second thread, the longest document is rendered there at the same time (2 cores).
    const offloaded = aside ? aside(ASIDE_DOCUMENT) : null;
    offloaded?.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    const rendered = new Map<DocumentId, { pdf: Buffer; pages: number }>();
    for (const [i, doc] of DOSSIER_ORDER.entries()) {
      if (offloaded && doc === ASIDE_DOCUMENT) continue;
      step(i, total, `Đang dựng ${doc} (${i + 1}/${n})`);
      rendered.set(doc, await renderPdf(t.resourcesDir, buildParts(sqlite, ctx, doc, data), DOCUMENTS[doc].title, { numbered: false }));
    }
    if (offloaded) {
      step(n - 1, total, `Đang chờ ${ASIDE_DOCUMENT}`);
      rendered.set(ASIDE_DOCUMENT, await offloaded);
    }
    const docs = DOSSIER_ORDER.map((doc) => ({ doc, name: fileNameOf(ctx, doc), ...rendered.get(doc)! }));
    step(n, total, 'Đang ghép hồ sơ');
    const title = `Hồ sơ ${ctx.round.year} ${ctx.unit.name}`;
    const cover = await renderCover(t.resourcesDir, ctx, docs, title);
    const numbers = await PageNumbers.create(t.resourcesDir, cover.pages + docs.reduce((s, d) => s + d.pages, 0));
    const dossier = await PDFDocument.create({ updateMetadata: false });
    dossier.setTitle(title);
    dossier.setCreator(PDF_CREATOR);
    dossier.setProducer(PDF_CREATOR);
    dossier.setCreationDate(new Date());
    const append = async (pdf: PDFDocument): Promise<void> => {
      for (const page of await dossier.copyPages(pdf, pdf.getPageIndices())) dossier.addPage(page);
    };
    await append(await PDFDocument.load(cover.pdf, { updateMetadata: false }));
    const files: DocumentJobResult['files'] = [];
    for (const d of docs) {
      step(n, total, `Đang ghép ${d.doc} vào hồ sơ`);
      const pdf = await PDFDocument.load(d.pdf, { updateMetadata: false });
      await append(pdf); // copied before its own numbers are drawn
      await numbers.stamp(pdf, pdf.getPages(), 1);
      retagFontSubsets(pdf);
      writeFileAtomic(path.join(outDir, d.name), await pdf.save(SAVE_OPTIONS));
      files.push({ name: d.name, pages: d.pages, doc: d.doc });
    }
    step(n, total, 'Đang đánh số trang hồ sơ');
    await numbers.stamp(dossier, dossier.getPages(), 1);
    retagFontSubsets(dossier);
    const bytes = await dossier.save(SAVE_OPTIONS);
    const name = fileNameOf(ctx, 'dossier');
    // Named so that it sorts first: jobs.output without a name returns the first file.
    writeFileAtomic(path.join(outDir, `0-${name}`), bytes);
    files.unshift({ name: `0-${name}`, pages: dossier.getPageCount(), doc: 'dossier' });
    step(total, total, `Đã lập hồ sơ: ${dossier.getPageCount()} trang`);
    return { files };
  });
}
