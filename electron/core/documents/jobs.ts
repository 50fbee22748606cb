import type { JobHandler } from '../jobs/types';

/** The documents' long jobs (PDF rendering), by kind; see shared/api/documents.ts. */
export const documentJobs: Record<string, JobHandler> = {};
