import fs from 'node:fs';
import path from 'node:path';
import type { ExchangeJobOutputs } from '../../../shared/api/exchange';
import { Core } from '../core';
import { checkCancelled, type JobHandler, type JobHandlers } from '../jobs/types';
import { exportPackage } from './export';
import { importBatchJob } from './import-job';
import { unitNotFound } from '../units/not-found';
import { roundNotFound } from '../rounds/rounds';

/**
 * The export of a package from the screen, as a long job (issue 13): the worker opens its own core
 * on the database and writes the sealed package in the job's folder (jobs.output fetches it).
 * The passphrase lives only in the job's input, in memory: never logged, never audited.
 */
const exportJob: JobHandler<'exchange.export'> = {
  run(ctx, input) {
    checkCancelled(ctx);
    ctx.progress(0, 2, 'Đang mở dữ liệu…');
    const core = new Core({ dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, actor: ctx.actor });
    try {
      const s = core.db.sqlite;
      const round = s.prepare('SELECT year, reference_date AS referenceDate FROM rounds WHERE id = ?').get(input.roundId) as { year: number; referenceDate: string } | undefined;
      if (!round) throw roundNotFound(input.roundId);
      const code = s.prepare(`SELECT code FROM units WHERE id = ? AND level = 'commune'`).pluck().get(input.communeId) as string | undefined;
      if (!code) throw unitNotFound(input.communeId, 'commune');
      const name = `goi-${code}-${round.year}.pkg`;
      const out = path.join(ctx.outDir, name);
      ctx.progress(1, 2, 'Đang đọc, kiểm tra và mã hoá dữ liệu của xã…');
      const r = exportPackage(core, { roundYear: round.year, referenceDate: round.referenceDate, unitCode: code, out, passphrase: input.passphrase });
      if (ctx.cancelled()) {
        fs.rmSync(out, { force: true });
        checkCancelled(ctx);
      }
      ctx.progress(2, 2, 'Đã xuất gói');
      const count = (part: string) => r.manifest.parts.find((p) => p.name === part)?.count ?? 0;
      return {
        name,
        packageId: r.manifest.packageId,
        unit: { code: r.manifest.unit.code, name: r.manifest.unit.name },
        year: r.manifest.round.year,
        households: count('households'),
        members: count('members'),
      };
    } finally {
      core.close();
    }
  },
};

/** The exchange's long jobs, by kind; see shared/api/exchange.ts. */
export const exchangeJobs: JobHandlers<keyof ExchangeJobOutputs> = {
  'exchange.export': exportJob,
  'exchange.importBatch': importBatchJob,
};
