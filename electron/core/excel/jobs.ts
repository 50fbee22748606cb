import type { JobHandler } from '../jobs/types';

/** The Excel exchange's long jobs (import, export), by kind; see shared/api/excel.ts. */
export const excelJobs: Record<string, JobHandler> = {};
