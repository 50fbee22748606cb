import type { JobKind } from '../../../shared/api/jobs';
import { documentJobs } from '../documents/jobs';
import { excelJobs } from '../excel/jobs';
import { exchangeJobs } from '../exchange/export-job';
import { requestJobs } from '../requests/jobs';
import { overviewJobs } from '../overview/jobs';
import { guidanceJobs } from '../guidance/jobs';
import { roundJobs } from '../rounds/jobs';
import type { JobHandlers } from './types';

/** Every job kind's implementation; loaded only inside the worker thread. */
export const JOB_HANDLERS: JobHandlers<JobKind> = {
  ...documentJobs,
  ...excelJobs,
  ...exchangeJobs,
  ...requestJobs,
  ...overviewJobs,
  ...guidanceJobs,
  ...roundJobs,
};
