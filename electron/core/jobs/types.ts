import type { z } from 'zod';

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

export interface JobHandler<S extends z.ZodType = z.ZodType> {
  run(ctx: JobContext, input: z.output<S>): Promise<unknown> | unknown;
}

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
