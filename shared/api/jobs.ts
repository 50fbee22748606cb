import { z } from 'zod';
import { Id } from './common';
import { documentJobInputs, type DocumentJobOutputs } from './documents';
import { excelJobInputs, type ExcelJobOutputs } from './excel';
import { exchangeJobInputs, type ExchangeJobOutputs } from './exchange';
import { JOB_ID_PATTERN } from './files';
import { requestJobInputs, type RequestJobOutputs } from './requests';
import { overviewJobInputs, type OverviewJobOutputs } from './overview';
import { guidanceJobInputs, type GuidanceJobOutputs } from './guidance';
import { roundJobInputs, type RoundJobOutputs } from './rounds';

/**
 * Long jobs (PDF, Excel, import) run in a worker thread with progress and cancel. Each kind has
 * its input schema and its result type in its area's file (shared/api/<area>.ts); its
 * implementation lives in electron/core/<area>/jobs.ts.
 */
export const jobInputs = {
  ...documentJobInputs,
  ...excelJobInputs,
  ...exchangeJobInputs,
  ...requestJobInputs,
  ...overviewJobInputs,
  ...guidanceJobInputs,
  ...roundJobInputs,
} as const;
export type JobKind = keyof typeof jobInputs;
export const JOB_KINDS = Object.keys(jobInputs) as [JobKind, ...JobKind[]];
/** A job's input once checked (defaults applied), as its handler receives it. */
export type JobInput<K extends JobKind> = z.output<(typeof jobInputs)[K]>;
/** A job's input as the caller writes it (defaults may be left out). */
export type JobStartInput<K extends JobKind> = z.input<(typeof jobInputs)[K]>;

/** Each kind's result (JSON-safe), as jobs.status reports it once the job is done. */
export interface JobOutputs extends DocumentJobOutputs, ExcelJobOutputs, ExchangeJobOutputs, RequestJobOutputs, OverviewJobOutputs, GuidanceJobOutputs, RoundJobOutputs {}
export type JobOutput<K extends JobKind> = JobOutputs[K];
// Every kind has a result type and every result type a kind: a kind added on one side only does not compile.
const everyKindHasAResult: [JobKind] extends [keyof JobOutputs] ? ([keyof JobOutputs] extends [JobKind] ? true : never) : never = true;
void everyKindHasAResult;

/**
 * queued: waiting for a free worker (at most a few jobs run at once, each in its own thread);
 * running; then done, failed or cancelled.
 */
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

interface JobStatusOf<K extends JobKind> {
  id: string;
  kind: K;
  state: JobState;
  done: number;
  total: number;
  /** What is being done now, in Vietnamese ("Đang dựng trang 12/40", "Đang chờ: thứ 2 trong hàng đợi"). */
  message: string;
  /** While queued, its place in the queue (1: next to start); null otherwise. */
  queuePlace: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** The kind's result once done, else null. */
  result: JobOutputs[K] | null;
  error: { code: string; message: string } | null;
}
/** A job's status; narrowing on `kind` types its result. */
export type JobStatus<K extends JobKind = JobKind> = { [P in K]: JobStatusOf<P> }[K];

/** One job to start: its kind and that kind's input. */
export type JobRequest<K extends JobKind = JobKind> = { [P in K]: { kind: P; input: JobStartInput<P> } }[K];

type JobStartSchema = { [K in JobKind]: z.ZodObject<{ kind: z.ZodLiteral<K>; input: (typeof jobInputs)[K] }> }[JobKind];
/** jobs.start's input: the kind picks the input schema (a discriminated union built from jobInputs). */
const jobStartSchema = z.discriminatedUnion(
  'kind',
  // Built from the one list of kinds; the mapped type says what the map makes.
  JOB_KINDS.map((kind) => z.object({ kind: z.literal(kind), input: jobInputs[kind] })) as unknown as [JobStartSchema, ...JobStartSchema[]],
);

export const JobId = z.string().regex(JOB_ID_PATTERN);

export const jobApiInputs = {
  'jobs.start': jobStartSchema,
  'jobs.status': z.object({ jobId: JobId }),
  'jobs.cancel': z.object({ jobId: JobId }),
  /** Which file a finished job wrote (its first one when no name is given): name, type, size. The bytes stream apart (see shared/api/files.ts). */
  'jobs.output': z.object({ jobId: JobId, name: z.string().min(1).max(200).optional() }),
} as const;

/** A file a finished job wrote. */
export interface JobFileInfo {
  name: string;
  mime: string;
  size: number;
}

export interface JobApiOutputs {
  'jobs.start': JobStatus;
  'jobs.status': JobStatus;
  'jobs.cancel': JobStatus;
  'jobs.output': JobFileInfo;
}

export { Id };
