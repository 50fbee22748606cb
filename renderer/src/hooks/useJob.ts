import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobKind, JobRequest, JobStatus } from '../../../shared/api/jobs';
import { call, type ApiCallError } from '../api';
import { toCallError } from './useApiValue';

const POLL_MS = 300;

/** Still to finish: waiting for a free worker, or running. */
export const jobActive = (job: JobStatus | null): boolean => job?.state === 'queued' || job?.state === 'running';

/**
 * One long job at a time (PDF, Excel): started in the core's worker, its status polled so the
 * window stays responsive, cancelled through jobs.cancel. The request names its kind, which types
 * its input (K: the kinds this screen starts); the status's kind types its result (narrow on job.kind).
 */
export function useJob<K extends JobKind = JobKind>() {
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const timer = useRef<number | null>(null);
  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);
  const start = useCallback(async (request: Extract<JobRequest, { kind: K }>) => {
    stop();
    setError(null);
    try {
      const started = await call('jobs.start', request);
      setJob(started);
      timer.current = window.setInterval(() => {
        call('jobs.status', { jobId: started.id }).then(
          (s) => {
            setJob(s);
            if (!jobActive(s)) stop();
          },
          (e: unknown) => {
            stop();
            setError(toCallError('jobs.status', e));
          },
        );
      }, POLL_MS);
    } catch (e) {
      setError(toCallError('jobs.start', e));
    }
  }, []);
  const cancel = useCallback(async () => {
    if (job) setJob(await call('jobs.cancel', { jobId: job.id }));
  }, [job]);
  return { job, error, start, cancel, setError };
}
