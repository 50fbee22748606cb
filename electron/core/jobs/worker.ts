// The worker thread of a long job: runs one handler and reports progress to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors';
import { JOB_HANDLERS } from './handlers';
import { JobCancelled, type JobContext } from './types';

export interface WorkerData {
  jobId: string;
  actor: string;
  kind: keyof typeof JOB_HANDLERS;
  input: unknown;
  dbPath: string;
  resourcesDir: string;
  outDir: string;
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; code: string; message: string }
  | { type: 'cancelled' };

const data = workerData as WorkerData;
const flag = new Int32Array(data.cancelFlag);
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

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

void (async () => {
  try {
    const result = await JOB_HANDLERS[data.kind].run(ctx, data.input);
    post({ type: 'done', result: JSON.parse(JSON.stringify(result ?? null)) });
  } catch (e) {
    if (e instanceof JobCancelled) post({ type: 'cancelled' });
    else if (e instanceof AppError) post({ type: 'failed', code: e.code, message: e.message });
    else post({ type: 'failed', code: 'INTERNAL', message: (e as Error).message ?? String(e) });
  }
})();
