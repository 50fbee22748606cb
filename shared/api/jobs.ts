import { z } from 'zod';
import { Id } from './common';
import { documentJobInputs } from './documents';
import { excelJobInputs } from './excel';

/**
 * Long jobs (PDF, Excel, import) run in a worker thread with progress and cancel. Each kind has
 * an input schema here; its implementation lives in electron/core/<area>/jobs.ts.
 */
export const jobInputs = {
  /** A job that only counts, for tests of the machinery itself. */
  'test.count': z.object({ to: z.number().int().min(1).max(10_000_000), delayMs: z.number().int().min(0).max(1000).default(0) }),
  ...documentJobInputs,
  ...excelJobInputs,
} as const;
export type JobKind = keyof typeof jobInputs;
export const JOB_KINDS = Object.keys(jobInputs) as [JobKind, ...JobKind[]];
export type JobInput<K extends JobKind> = z.output<(typeof jobInputs)[K]>;

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobStatus {
  id: string;
  kind: JobKind;
  state: JobState;
  done: number;
  total: number;
  /** What is being done now, in Vietnamese ("Đang dựng trang 12/40"). */
  message: string;
  startedAt: string;
  finishedAt: string | null;
  /** JSON-safe result of a finished job (files written, counts…). */
  result: unknown;
  error: { code: string; message: string } | null;
}

export const jobApiInputs = {
  'jobs.start': z.object({ kind: z.enum(JOB_KINDS), input: z.unknown() }),
  'jobs.status': z.object({ jobId: z.string().min(1).max(64) }),
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(64) }),
  /** A finished job's output file, base64 (the renderer previews or saves it). */
  'jobs.output': z.object({ jobId: z.string().min(1).max(64), name: z.string().min(1).max(200).optional() }),
} as const;

export interface JobApiOutputs {
  'jobs.start': JobStatus;
  'jobs.status': JobStatus;
  'jobs.cancel': JobStatus;
  'jobs.output': { name: string; mime: string; base64: string; size: number };
}

export { Id };
