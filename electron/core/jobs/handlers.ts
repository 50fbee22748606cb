import type { JobKind } from '../../../shared/api/jobs';
import { documentJobs } from '../documents/jobs';
import { excelJobs } from '../excel/jobs';
import { checkCancelled, type JobHandler } from './types';

/** A job that counts to `to`, for tests of the job machinery. */
const testCount: JobHandler = {
  async run(ctx, input: { to: number; delayMs: number }) {
    for (let i = 1; i <= input.to; i++) {
      checkCancelled(ctx);
      if (input.delayMs) await new Promise((r) => setTimeout(r, input.delayMs));
      if (i % 10 === 0 || i === input.to) ctx.progress(i, input.to, `Đã đếm ${i}/${input.to}`);
    }
    return { counted: input.to };
  },
};

/** Every job kind's implementation; loaded only inside the worker thread. */
export const JOB_HANDLERS: Record<JobKind, JobHandler> = {
  'test.count': testCount,
  ...documentJobs,
  ...excelJobs,
} as Record<JobKind, JobHandler>;
