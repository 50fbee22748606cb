import { Worker } from 'node:worker_threads';
import type { WorkerData } from './worker';

/**
 * Starts a job's worker thread: the bundled file beside main in the app (the same path from the
 * main thread and from a worker, both bundled into out/main), or, run from source (tsx, tests),
 * the TypeScript file through tsx's loader registered inside the new thread.
 */
export function spawnWorker(workerData: WorkerData): Worker {
  const here = import.meta.url;
  // A job that runs away is stopped by V8 rather than taking the office PC's memory with it.
  const resourceLimits = { maxOldGenerationSizeMb: 1024 };
  if (!here.endsWith('.ts')) return new Worker(new URL('./jobs-worker.js', here), { workerData, resourceLimits });
  const source = new URL('./worker.ts', here).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
