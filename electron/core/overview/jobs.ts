// The overview's print job (shared/api/overview.ts overviewJobInputs): in the worker thread, logged
// as a print of figures (no household's personal data is in it: counts and rates only).
import path from 'node:path';
import type { OverviewJobOutputs } from '../../../shared/api/overview';
import { logBulkReadIn } from '../db/audit';
import { checkCancelled, type JobHandlers } from '../jobs/types';
import { writeFileAtomic } from '../write-atomic';
import { renderOverviewPdf } from './report';

export const overviewJobs: JobHandlers<keyof OverviewJobOutputs> = {
  'overview.report': {
    async run(ctx, input) {
      ctx.progress(0, 1, 'Đang dựng báo cáo tổng quan');
      const out = await renderOverviewPdf(ctx.dbPath, ctx.resourcesDir, input);
      checkCancelled(ctx);
      writeFileAtomic(path.join(ctx.outDir, out.name), out.pdf);
      logBulkReadIn(ctx.dbPath, { actor: ctx.actor, kind: 'document', action: 'print', unitId: out.unitId, what: 'TONG-QUAN', file: out.name, households: out.households, people: 0, detail: { title: 'Tổng quan', pages: out.pages } });
      ctx.progress(1, 1, 'Xong');
      return { files: [{ name: out.name, pages: out.pages }] };
    },
  },
};
