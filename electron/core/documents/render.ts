// Renders documents and the dossier: the code the jobs (worker thread), the CLI and the bench share.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { DOSSIER_ORDER, type DocumentId, type DocumentJobResult } from '../../../shared/api/documents';
import { unitFullName } from '../../../shared/domain/units';
import { openDatabase } from '../db/connection';
import { AppError } from '../errors';
import { agencyHeader, dataTable, titleBlock } from './blocks';
import { issuerOf, placeOf, scopeWords } from './common';
import { loadContext, type DocContext } from './context';
import { renderPdf, type DocPart } from './pdf';
import { DOCUMENTS } from './registry';

export interface RenderTarget {
  dbPath: string;
  resourcesDir: string;
  roundId: number;
  unitId: number;
}

/** Called between steps: reports progress and throws when the user cancelled. */
export type Step = (done: number, total: number, message: string) => void;

/** Refuses a commune-only document for a district (one line, Vietnamese then English). */
export function assertPrintable(ctx: DocContext, doc: DocumentId): void {
  if (DOCUMENTS[doc].communeOnly && !ctx.commune) {
    throw new AppError('INVALID_INPUT', `Tài liệu ${doc} chỉ in cho một xã / document ${doc} is printed for a commune only`);
  }
}

export function buildParts(sqlite: BetterSqlite3.Database, ctx: DocContext, doc: DocumentId): DocPart[] {
  assertPrintable(ctx, doc);
  return DOCUMENTS[doc].build(sqlite, ctx);
}

export function fileNameOf(ctx: DocContext, doc: DocumentId | 'dossier'): string {
  return `${doc}-${ctx.round.year}-${ctx.unit.code}.pdf`;
}

function withDb<T>(dbPath: string, fn: (sqlite: BetterSqlite3.Database) => Promise<T>): Promise<T> {
  const db = openDatabase(dbPath, { readonly: true });
  return fn(db.sqlite).finally(() => db.close());
}

/** One document as a PDF buffer. */
export async function renderDocument(t: RenderTarget, doc: DocumentId, step: Step = () => {}): Promise<{ pdf: Buffer; pages: number; name: string }> {
  return withDb(t.dbPath, async (sqlite) => {
    const ctx = loadContext(sqlite, t.roundId, t.unitId);
    step(0, 2, `Đang lấy dữ liệu ${doc}`);
    const parts = buildParts(sqlite, ctx, doc);
    step(1, 2, `Đang dựng ${doc}`);
    const out = await renderPdf(t.resourcesDir, parts, DOCUMENTS[doc].title);
    step(2, 2, `Đã dựng ${doc}: ${out.pages} trang`);
    return { ...out, name: fileNameOf(ctx, doc) };
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

/**
 * The approval dossier: each document rendered on its own (also kept as its own file), then the
 * cover with the contents and all documents in one PDF whose page numbers run through.
 */
export async function renderDossier(t: RenderTarget, outDir: string, step: Step = () => {}): Promise<DocumentJobResult> {
  return withDb(t.dbPath, async (sqlite) => {
    const ctx = loadContext(sqlite, t.roundId, t.unitId);
    if (!ctx.commune) throw new AppError('INVALID_INPUT', 'Hồ sơ được lập cho một xã / the dossier is made for a commune');
    const total = DOSSIER_ORDER.length + 1;
    const files: DocumentJobResult['files'] = [];
    const all: { doc: DocumentId; parts: DocPart[]; pages: number }[] = [];
    for (const [i, doc] of DOSSIER_ORDER.entries()) {
      step(i, total, `Đang dựng ${doc} (${i + 1}/${DOSSIER_ORDER.length})`);
      const parts = buildParts(sqlite, ctx, doc);
      const out = await renderPdf(t.resourcesDir, parts, DOCUMENTS[doc].title);
      const name = fileNameOf(ctx, doc);
      fs.writeFileSync(path.join(outDir, name), out.pdf);
      files.push({ name, pages: out.pages, doc });
      all.push({ doc, parts, pages: out.pages });
    }
    step(DOSSIER_ORDER.length, total, 'Đang ghép hồ sơ');
    // The cover is page 1; each document starts where the previous one ended.
    let start = 2;
    const entries = all.map((a) => {
      const e = { doc: a.doc, title: DOCUMENTS[a.doc].title, start, pages: a.pages };
      start += a.pages;
      return e;
    });
    const dossier = await renderPdf(t.resourcesDir, [coverPage(ctx, entries), ...all.flatMap((a) => a.parts)], `Hồ sơ ${ctx.round.year} ${ctx.unit.name}`);
    const name = fileNameOf(ctx, 'dossier');
    // Named so that it sorts first: jobs.output without a name returns the first file.
    fs.writeFileSync(path.join(outDir, `0-${name}`), dossier.pdf);
    files.unshift({ name: `0-${name}`, pages: dossier.pages, doc: 'dossier' });
    step(total, total, `Đã lập hồ sơ: ${dossier.pages} trang`);
    return { files };
  });
}
