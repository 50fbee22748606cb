import type { JobInput, JobKind, JobOutputs } from '../../../shared/api/jobs';

/** What a job sees of the world, inside its worker thread. */
export interface JobContext {
  jobId: string;
  /** Who started the job, for the audit log. */
  actor: string;
  dbPath: string;
  resourcesDir: string;
  /** A folder of its own for the files it writes. */
  outDir: string;
  progress(done: number, total: number, message?: string): void;
  /** True once the user asked to cancel: check it between steps, then throw new JobCancelled(). */
  cancelled(): boolean;
  /** The job's cancel flag, for a helper thread the job starts itself (it stops with the job). */
  cancelFlag: SharedArrayBuffer;
}

/** One kind's implementation: its checked input in, its result (shared/api/jobs.ts) out. */
export interface JobHandler<K extends JobKind> {
  run(ctx: JobContext, input: JobInput<K>): Promise<JobOutputs[K]> | JobOutputs[K];
}
/** The implementations of a set of kinds (each area's jobs.ts exports one for its kinds). */
export type JobHandlers<K extends JobKind> = { [P in K]: JobHandler<P> };

/** A job to run in a worker: its kind and that kind's checked input. */
export type JobTask<K extends JobKind = JobKind> = { [P in K]: { kind: P; input: JobInput<P> } }[K];

export class JobCancelled extends Error {
  constructor() {
    super('Job cancelled');
    this.name = 'JobCancelled';
  }
}

/** Throws JobCancelled when the user asked to stop. */
export function checkCancelled(ctx: JobContext): void {
  if (ctx.cancelled()) throw new JobCancelled();
}
