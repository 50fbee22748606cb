import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { JOB_ID_PATTERN } from '../../../shared/api/files';
import { invalidInput } from '../../../shared/api/envelope';
import { jobApiInputs, type JobFileInfo, type JobKind, type JobOutputs, type JobState, type JobStatus } from '../../../shared/api/jobs';
import { AppError } from '../errors';
import { spawnWorker } from './spawn';
import type { JobTask } from './types';
import type { WorkerData, WorkerMessage } from './worker';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

/** Jobs that run at once; the others wait in the queue (each job is a thread that may take a core and ~1 GB). */
const DEFAULT_MAX_RUNNING = Math.max(1, os.availableParallelism() - 1);
/** Jobs that may wait in the queue; past it a new job is refused (callers over the network cannot pile up work). */
const DEFAULT_MAX_QUEUED = 20;

interface Job {
  status: JobStatus;
  data: WorkerData;
  worker: Worker | null;
  flag: Int32Array;
  outDir: string;
  done: Promise<JobStatus>;
  settle: () => void;
}

export interface JobRunnerOptions {
  dbPath: () => string;
  resourcesDir: string;
  exportsDir: string;
  /** Who starts a job (read when it starts: the signed-in user of that call). */
  actor: () => string;
  /** Jobs that run at once (default: one fewer than the cores, at least one). */
  maxRunning?: number;
  /** Jobs that may wait (default DEFAULT_MAX_QUEUED); past it start() refuses with LIMIT_REACHED. */
  maxQueued?: number;
}

/** A file a job wrote, on disk (for the transports that stream it). */
export interface JobFile extends JobFileInfo {
  path: string;
}

/**
 * Runs long jobs in worker threads so the main process (and its window) stays responsive:
 * one worker a job, progress as messages, cancel through a shared flag the job checks between
 * steps (and a hard stop if it does not answer within a few seconds). Past maxRunning, jobs wait
 * as 'queued' and start in order as others finish.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly maxRunning: number;
  private readonly maxQueued: number;

  constructor(private readonly options: JobRunnerOptions) {
    this.maxRunning = options.maxRunning ?? DEFAULT_MAX_RUNNING;
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  }

  /**
   * Checks the input against the kind's schema (a caller may be the CLI or a test), then runs or
   * queues the job; a full queue refuses it (LIMIT_REACHED, in Vietnamese).
   */
  start(kind: JobKind, rawInput: unknown): JobStatus {
    const task = parseTask(kind, rawInput);
    if (this.running >= this.maxRunning && this.queue.length >= this.maxQueued) {
      throw new AppError(
        'LIMIT_REACHED',
        `Chưa bắt đầu: hàng đợi đã đầy (${this.running} công việc đang chạy, ${this.queue.length} công việc đang chờ). Hãy chờ các công việc trước làm xong rồi bấm lại.`,
      );
    }
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
    const outDir = path.join(this.options.exportsDir, id);
    fs.mkdirSync(outDir, { recursive: true });
    const cancelFlag = new SharedArrayBuffer(4);
    let settle = (): void => {};
    const done = new Promise<JobStatus>((resolve) => {
      settle = () => resolve({ ...job.status });
    });
    const status: JobStatus = {
      id,
      kind: task.kind,
      state: 'queued',
      done: 0,
      total: 0,
      message: '',
      queuePlace: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    const data: WorkerData = {
      jobId: id,
      actor: this.options.actor(),
      task,
      dbPath: this.options.dbPath(),
      resourcesDir: this.options.resourcesDir,
      outDir,
      cancelFlag,
    };
    const job: Job = { status, data, worker: null, flag: new Int32Array(cancelFlag), outDir, done, settle };
    this.jobs.set(id, job);
    if (this.running < this.maxRunning) this.run(job);
    else this.queue.push(job);
    return this.snapshot(job);
  }

  /** A copy of the job's status; a queued job's place in the queue (and its message) as of now. */
  private snapshot(job: Job): JobStatus {
    const place = this.queue.indexOf(job) + 1;
    if (place === 0) return { ...job.status, queuePlace: null };
    return { ...job.status, queuePlace: place, message: `Đang chờ: thứ ${place} trong hàng đợi (${this.running} công việc đang chạy)` };
  }

  private run(job: Job): void {
    const finish = (state: JobState, patch: { result?: JobOutputs[JobKind]; error?: JobStatus['error']; done?: number; message?: string } = {}): void => {
      if (job.status.finishedAt) return;
      Object.assign(job.status, patch, { state, finishedAt: new Date().toISOString() });
      job.worker = null;
    };
    Object.assign(job.status, { state: 'running', message: '' });
    let worker: Worker;
    try {
      worker = spawnWorker(job.data);
    } catch (e) {
      // No thread to be had (memory): this job fails, the next one may still run.
      finish('failed', { error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
      job.settle();
      const next = this.queue.shift();
      if (next) this.run(next);
      return;
    }
    this.running++;
    job.worker = worker;
    worker.on('message', (m: WorkerMessage<JobOutputs[JobKind]>) => {
      if (m.type === 'progress') Object.assign(job.status, { done: m.done, total: m.total, message: m.message });
      else if (m.type === 'done') finish('done', { result: m.result, done: job.status.total || job.status.done });
      else if (m.type === 'cancelled') finish('cancelled', { message: 'Đã hủy' });
      else finish('failed', { error: { code: m.code, message: m.message } });
    });
    worker.on('error', (e) => finish('failed', { error: { code: 'INTERNAL', message: e.message } }));
    worker.on('exit', () => {
      finish(Atomics.load(job.flag, 0) === 1 ? 'cancelled' : 'failed', {
        error: job.status.error ?? { code: 'INTERNAL', message: 'Công việc dừng lại mà không có kết quả (luồng xử lý kết thúc bất ngờ, có thể máy thiếu bộ nhớ). Hãy đóng bớt chương trình khác rồi chạy lại.' },
      });
      this.running--;
      job.settle();
      const next = this.queue.shift();
      if (next) this.run(next);
    });
  }

  private get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw jobNotFound();
    return job;
  }

  status(id: string): JobStatus {
    return this.snapshot(this.get(id));
  }

  /** Resolves when the job has finished, whatever the outcome. */
  wait(id: string): Promise<JobStatus> {
    return this.get(id).done.then((s) => ({ ...s }));
  }

  /** A queued job leaves the queue as cancelled: it never started, so there is nothing to stop. */
  private dropQueued(job: Job): void {
    this.queue.splice(this.queue.indexOf(job), 1);
    Object.assign(job.status, { state: 'cancelled', message: 'Đã hủy', finishedAt: new Date().toISOString() });
    job.settle();
  }

  cancel(id: string): JobStatus {
    const job = this.get(id);
    if (this.queue.includes(job)) this.dropQueued(job);
    else if (job.worker) {
      Atomics.store(job.flag, 0, 1);
      const worker = job.worker;
      // A job that does not check the flag is stopped the hard way.
      setTimeout(() => void worker.terminate(), 3000).unref();
    }
    return this.snapshot(job);
  }

  /** A file the job wrote, on disk (the first one when no name is given); NOT_FOUND in Vietnamese otherwise. */
  file(id: string, name?: string): JobFile {
    const job = JOB_ID_PATTERN.test(id) ? this.jobs.get(id) : undefined;
    if (!job) throw jobNotFound();
    if (job.status.state !== 'done') throw new AppError('NOT_FOUND', 'Công việc chưa xong nên chưa có tệp: hãy chờ nó làm xong.');
    // Only a name the job's folder lists (never a path): hidden working files are not outputs.
    const files = fs.readdirSync(job.outDir).filter((f) => !f.startsWith('.')).sort();
    const chosen = name === undefined ? files[0] : files.find((f) => f === name);
    if (!chosen) throw new AppError('NOT_FOUND', `Công việc không tạo tệp ${name ?? ''}: hãy làm lại thao tác.`);
    const file = path.join(job.outDir, chosen);
    return { name: chosen, mime: MIME[path.extname(chosen)] ?? 'application/octet-stream', size: fs.statSync(file).size, path: file };
  }

  /** Which file a finished job wrote (jobs.output): the bytes go through the transports' file doors. */
  output(id: string, name?: string): JobFileInfo {
    const { path: _file, ...info } = this.file(id, name);
    return info;
  }

  /** Path of a job's output folder (for the CLI, which copies files where the user asked). */
  outDirOf(id: string): string {
    return this.get(id).outDir;
  }

  async close(): Promise<void> {
    for (const job of [...this.queue]) this.dropQueued(job);
    await Promise.all([...this.jobs.values()].map((j) => j.worker?.terminate()));
  }
}

/** A job id the runner does not hold: the app restarted (jobs live in memory) or the id is stale. */
function jobNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Không tìm thấy công việc này: có thể ứng dụng đã khởi động lại. Hãy làm lại thao tác.');
}

/** The kind's schema checks the input (jobs.start's, the one contract); a bad one never starts a worker. */
function parseTask(kind: JobKind, rawInput: unknown): JobTask {
  const parsed = jobApiInputs['jobs.start'].safeParse({ kind, input: rawInput ?? {} });
  if (!parsed.success) {
    const refused = invalidInput(`công việc ${kind}`, parsed.error.issues);
    throw new AppError('INVALID_INPUT', refused.message, refused.issues);
  }
  return parsed.data;
}
