import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobKind, JobStatus } from '../../../shared/api/jobs';
import { call, type ApiCallError } from '../api';
import { toCallError } from './useApiValue';

const POLL_MS = 300;

/**
 * One long job at a time (PDF, Excel): started in the core's worker, its status polled so the
 * window stays responsive, cancelled through jobs.cancel.
 */
export function useJob<K extends JobKind>() {
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const timer = useRef<number | null>(null);
  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);
  const start = useCallback(async (kind: K, input: Record<string, unknown>) => {
    stop();
    setError(null);
    try {
      const started = await call('jobs.start', { kind, input });
      setJob(started);
      timer.current = window.setInterval(() => {
        call('jobs.status', { jobId: started.id }).then(
          (s) => {
            setJob(s);
            if (s.state !== 'running' && s.state !== 'queued') stop();
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
