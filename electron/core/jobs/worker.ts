// The worker thread of a long job: runs one handler and reports progress to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobKind, JobOutputs } from '../../../shared/api/jobs';
import { renderPart, type PartInput, type PartResult } from '../documents/jobs';
import { AppError } from '../errors';
import { JOB_HANDLERS } from './handlers';
import { JobCancelled, type JobContext, type JobTask } from './types';

/** What a worker thread runs: a job of the contract, or a helper task a job starts itself. */
export type WorkerTask = JobTask | { kind: 'documents.part'; input: PartInput };

export interface WorkerData {
  jobId: string;
  actor: string;
  task: WorkerTask;
  dbPath: string;
  resourcesDir: string;
  outDir: string;
  cancelFlag: SharedArrayBuffer;
}

/** What a worker thread posts back; R is the result of its task. */
export type WorkerMessage<R> =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; result: R }
  | { type: 'failed'; code: string; message: string }
  | { type: 'cancelled' };

const data: WorkerData = workerData;
const flag = new Int32Array(data.cancelFlag);
const post = (m: WorkerMessage<JobOutputs[JobKind] | PartResult>): void => parentPort!.postMessage(m);

let lastProgress = 0;
const ctx: JobContext = {
  jobId: data.jobId,
  actor: data.actor,
  dbPath: data.dbPath,
  resourcesDir: data.resourcesDir,
  outDir: data.outDir,
  progress(done, total, message = '') {
    const now = Date.now();
    // At most ~20 messages a second, but always the last one.
    if (done < total && now - lastProgress < 50) return;
    lastProgress = now;
    post({ type: 'progress', done, total, message });
  },
  cancelled: () => Atomics.load(flag, 0) === 1,
  cancelFlag: data.cancelFlag,
};

function runJob<K extends JobKind>(task: JobTask<K>): Promise<JobOutputs[K]> | JobOutputs[K] {
  return JOB_HANDLERS[task.kind].run(ctx, task.input);
}

void (async () => {
  try {
    const task = data.task;
    const result = task.kind === 'documents.part' ? await renderPart(ctx, task.input) : await runJob(task);
    post({ type: 'done', result });
  } catch (e) {
    if (e instanceof JobCancelled) post({ type: 'cancelled' });
    else if (e instanceof AppError) post({ type: 'failed', code: e.code, message: e.message });
    else post({ type: 'failed', code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
  }
})();
