import type { JobKind } from '../../../shared/api/jobs';
import { documentJobs } from '../documents/jobs';
import { excelJobs } from '../excel/jobs';
import type { JobHandlers } from './types';

/** Every job kind's implementation; loaded only inside the worker thread. */
export const JOB_HANDLERS: JobHandlers<JobKind> = {
  ...documentJobs,
  ...excelJobs,
};
