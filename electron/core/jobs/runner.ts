import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { jobInputs, type JobKind, type JobStatus } from '../../../shared/api/jobs';
import { AppError } from '../errors';
import { spawnWorker } from './spawn';
import type { WorkerData, WorkerMessage } from './worker';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

interface Job {
  status: JobStatus;
  worker: Worker | null;
  flag: Int32Array;
  outDir: string;
  done: Promise<JobStatus>;
}

/**
 * Runs long jobs in worker threads so the main process (and its window) stays responsive:
 * one worker a job, progress as messages, cancel through a shared flag the job checks between
 * steps (and a hard stop if it does not answer within a few seconds).
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly options: { dbPath: () => string; resourcesDir: string; exportsDir: string; actor: string },
  ) {}

  start(kind: JobKind, rawInput: unknown): JobStatus {
    const parsed = jobInputs[kind].safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new AppError(
        'INVALID_INPUT',
        `Invalid input for job ${kind}`,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
    const outDir = path.join(this.options.exportsDir, id);
    fs.mkdirSync(outDir, { recursive: true });
    const cancelFlag = new SharedArrayBuffer(4);
    const status: JobStatus = {
      id,
      kind,
      state: 'running',
      done: 0,
      total: 0,
      message: '',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    const data: WorkerData = {
      jobId: id,
      actor: this.options.actor,
      kind,
      input: parsed.data,
      dbPath: this.options.dbPath(),
      resourcesDir: this.options.resourcesDir,
      outDir,
      cancelFlag,
    };
    const worker = spawnWorker(data);
    const finish = (state: JobStatus['state'], patch: Partial<JobStatus> = {}): void => {
      if (status.finishedAt) return;
      Object.assign(status, patch, { state, finishedAt: new Date().toISOString() });
      job.worker = null;
    };
    const done = new Promise<JobStatus>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') Object.assign(status, { done: m.done, total: m.total, message: m.message });
        else if (m.type === 'done') finish('done', { result: m.result, done: status.total || status.done });
        else if (m.type === 'cancelled') finish('cancelled', { message: 'Đã hủy' });
        else finish('failed', { error: { code: m.code, message: m.message } });
      });
      worker.on('error', (e) => finish('failed', { error: { code: 'INTERNAL', message: e.message } }));
      worker.on('exit', () => {
        finish(Atomics.load(new Int32Array(cancelFlag), 0) === 1 ? 'cancelled' : 'failed', {
          error: status.error ?? { code: 'INTERNAL', message: 'The job stopped without a result' },
        });
        resolve(status);
      });
    });
    const job: Job = { status, worker, flag: new Int32Array(cancelFlag), outDir, done };
    this.jobs.set(id, job);
    return { ...status };
  }

  private get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `Job ${id} not found`);
    return job;
  }

  status(id: string): JobStatus {
    return { ...this.get(id).status };
  }

  /** Resolves when the job has finished, whatever the outcome. */
  wait(id: string): Promise<JobStatus> {
    return this.get(id).done.then((s) => ({ ...s }));
  }

  cancel(id: string): JobStatus {
    const job = this.get(id);
    if (job.worker) {
      Atomics.store(job.flag, 0, 1);
      const worker = job.worker;
      // A job that does not check the flag is stopped the hard way.
      setTimeout(() => void worker.terminate(), 3000).unref();
    }
    return { ...job.status };
  }

  /** A file the job wrote (the first one when no name is given). */
  output(id: string, name?: string): { name: string; mime: string; base64: string; size: number } {
    const job = this.get(id);
    if (job.status.state !== 'done') throw new AppError('NOT_FOUND', `Job ${id} has no output yet`);
    const files = fs.readdirSync(job.outDir).sort();
    const chosen = name ? files.find((f) => f === name) : files[0];
    if (!chosen) throw new AppError('NOT_FOUND', `Job ${id} wrote no file ${name ?? ''}`);
    const data = fs.readFileSync(path.join(job.outDir, chosen));
    return { name: chosen, mime: MIME[path.extname(chosen)] ?? 'application/octet-stream', base64: data.toString('base64'), size: data.length };
  }

  /** Path of a job's output folder (for the CLI, which copies files where the user asked). */
  outDirOf(id: string): string {
    return this.get(id).outDir;
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.worker?.terminate()));
  }
}
