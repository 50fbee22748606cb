// Renders the monthly review's documents (the refusal letter, the monthly report) to PDF buffers:
// the code the jobs and the tests share. Read-only connection, like documents/render.ts.
import { openDatabase } from '../db/connection';
import { refusalLetter } from '../documents/requests-letter';
import { monthlyReport } from '../documents/monthly-report';
import { renderPdf } from '../documents/pdf';
import { monthlyFigures } from './monthly';
import { loadProcedure } from './procedure';
import { getRequest } from './store';

export interface RenderedFile {
  name: string;
  pdf: Buffer;
  pages: number;
  households: number;
  people: number;
  unitId: number;
}

export async function renderRefusalLetter(dbPath: string, resourcesDir: string, requestId: number, today: string): Promise<RenderedFile> {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const r = getRequest(db.sqlite, loadProcedure(resourcesDir), requestId, today);
    const out = await renderPdf(resourcesDir, refusalLetter(db.sqlite, r), `Thông báo trả lời đơn đề nghị — ${r.headName}`);
    return { name: `thong-bao-tra-loi-${r.id}.pdf`, ...out, households: 1, people: 0, unitId: r.communeId };
  } finally {
    db.close();
  }
}

export async function renderMonthlyReport(dbPath: string, resourcesDir: string, unitId: number, month: string): Promise<RenderedFile> {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const f = monthlyFigures(db.sqlite, loadProcedure(resourcesDir), unitId, month);
    const out = await renderPdf(resourcesDir, monthlyReport(db.sqlite, unitId, f), `Báo cáo rà soát thường xuyên tháng ${month}`);
    return { name: `bao-cao-thang-${month}.pdf`, ...out, households: f.rows.length, people: f.rows.reduce((s, r) => s + r.memberCount, 0), unitId };
  } finally {
    db.close();
  }
}
