import fs from 'node:fs';
import path from 'node:path';
import type { ExcelJobOutputs } from '../../../shared/api/excel';
import { openDatabase } from '../db/connection';
import { logBulkReadIn } from '../db/audit';
import { checkCancelled, type JobHandler, type JobHandlers } from '../jobs/types';
import { backupDirFor } from '../paths';
import { writeErrorWorkbook } from './error-workbook';
import { exportList } from './export';
import { importHouseholdList } from './import';
import { exportTables, TABLE_DOCS, type TableDoc } from './tables';
import { uploadFile, uploadGone } from './uploads';
import { unitNotFound } from '../units/not-found';

const isTableDoc = (doc: string): doc is TableDoc => doc in TABLE_DOCS;

/** Problems sent back to the screen at most (the error workbook and the CLI have them all). */
const MAX_PROBLEMS = 2000;

function unitCode(sqlite: import('better-sqlite3').Database, unitId: number): string {
  const code = sqlite.prepare('SELECT code FROM units WHERE id = ?').pluck().get(unitId) as string | undefined;
  if (!code) throw unitNotFound(unitId);
  return code;
}

const importJob: JobHandler<'excel.import'> = {
  async run(ctx, input) {
    const file = uploadFile(ctx.dbPath, input.upload);
    if (!fs.existsSync(file)) throw uploadGone();
    const db = openDatabase(ctx.dbPath);
    try {
      const summary = await importHouseholdList(db.sqlite, {
        file,
        roundId: input.roundId,
        unitCode: unitCode(db.sqlite, input.unitId),
        dryRun: input.dryRun,
        actor: ctx.actor,
        backupDir: backupDirFor(ctx.dbPath),
        onProgress: (done, total, message) => ctx.progress(done, total, message),
        checkCancelled: () => checkCancelled(ctx),
      });
      let errorWorkbook: string | null = null;
      if (summary.errors > 0) {
        errorWorkbook = 'loi-nhap-lieu.xlsx';
        await writeErrorWorkbook(file, summary, path.join(ctx.outDir, errorWorkbook));
      }
      if (summary.imported) fs.rmSync(file, { force: true });
      return {
        imported: summary.imported,
        dryRun: summary.dryRun,
        refused: summary.refused,
        households: summary.households,
        members: summary.members,
        villagesCreated: summary.villagesCreated,
        rows: summary.rows,
        errors: summary.errors,
        warnings: summary.warnings,
        problems: summary.problems.slice(0, MAX_PROBLEMS),
        problemCount: summary.problems.length,
        changes: summary.changes,
        errorWorkbook,
        backupFile: summary.backupFile,
      };
    } finally {
      db.close();
    }
  },
};

const exportJob: JobHandler<'excel.export'> = {
  async run(ctx, input) {
    const db = openDatabase(ctx.dbPath, { readonly: true });
    try {
      const code = unitCode(db.sqlite, input.unitId);
      const year = db.sqlite.prepare('SELECT year FROM rounds WHERE id = ?').pluck().get(input.roundId) as number | undefined;
      const name = `${input.doc}-${code}-${year ?? input.roundId}.xlsx`;
      if (isTableDoc(input.doc)) {
        checkCancelled(ctx);
        const t = await exportTables(db.sqlite, { roundId: input.roundId, unitCode: code, doc: input.doc, out: path.join(ctx.outDir, name) });
        // Tables of counts: logged as an export too (no one's data, the counts of the unit).
        logBulkReadIn(ctx.dbPath, { actor: ctx.actor, kind: 'excel', action: 'export', unitId: input.unitId, roundId: input.roundId, what: input.doc, file: name, detail: { sheets: t.sheets } });
        return { name, households: 0, members: 0, sheets: t.sheets, rows: t.rows };
      }
      const r = await exportList(db.sqlite, {
        roundId: input.roundId,
        unitCode: code,
        doc: input.doc,
        out: path.join(ctx.outDir, name),
        onProgress: (done, total, message) => ctx.progress(done, total, message),
        checkCancelled: () => checkCancelled(ctx),
      });
      logBulkReadIn(ctx.dbPath, {
        actor: ctx.actor,
        kind: 'excel',
        action: 'export',
        unitId: input.unitId,
        roundId: input.roundId,
        what: input.doc,
        file: name,
        households: r.households,
        people: r.members,
      });
      return { name, households: r.households, members: r.members };
    } finally {
      db.close();
    }
  },
};

/** The Excel exchange's long jobs (import, export), by kind; see shared/api/excel.ts. */
export const excelJobs: JobHandlers<keyof ExcelJobOutputs> = {
  'excel.import': importJob,
  'excel.export': exportJob,
};
