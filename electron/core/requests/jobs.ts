// The monthly review's print jobs (shared/api/requests.ts requestJobInputs): in the worker thread,
// logged as prints of personal data like the other documents.
import path from 'node:path';
import type { RequestJobOutputs } from '../../../shared/api/requests';
import { logBulkReadIn } from '../db/audit';
import { checkCancelled, type JobHandlers } from '../jobs/types';
import { todayLocal } from '../rounds/create';
import { writeFileAtomic } from '../write-atomic';
import { renderMonthlyReport, renderRefusalLetter, type RenderedFile } from './render';

function deliver(ctx: Parameters<JobHandlers<'requests.letter'>['requests.letter']['run']>[0], out: RenderedFile, what: string, title: string): { files: { name: string; pages: number }[] } {
  checkCancelled(ctx);
  writeFileAtomic(path.join(ctx.outDir, out.name), out.pdf);
  logBulkReadIn(ctx.dbPath, { actor: ctx.actor, kind: 'document', action: 'print', unitId: out.unitId, what, file: out.name, households: out.households, people: out.people, detail: { title, pages: out.pages } });
  return { files: [{ name: out.name, pages: out.pages }] };
}

export const requestJobs: JobHandlers<keyof RequestJobOutputs> = {
  'requests.letter': {
    async run(ctx, input) {
      ctx.progress(0, 1, 'Đang dựng thông báo trả lời');
      const out = await renderRefusalLetter(ctx.dbPath, ctx.resourcesDir, input.requestId, todayLocal());
      return deliver(ctx, out, 'TB-TL', 'Thông báo trả lời đơn đề nghị');
    },
  },
  'requests.monthlyReport': {
    async run(ctx, input) {
      ctx.progress(0, 1, 'Đang dựng báo cáo tháng');
      const out = await renderMonthlyReport(ctx.dbPath, ctx.resourcesDir, input.unitId, input.month);
      return deliver(ctx, out, 'BC-TX', `Báo cáo rà soát thường xuyên tháng ${input.month}`);
    },
  },
};
