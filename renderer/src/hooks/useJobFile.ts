import { useCallback, useEffect, useState } from 'react';
import { ApiCallError } from '../api';
import { jobFileUrl } from '../files';
import { toCallError } from './useApiValue';

/** A file a finished job wrote, as a Blob URL for a preview frame or a save link. */
export interface JobFile {
  name: string;
  url: string;
}

/**
 * Fetches a finished job's file (its first file without a name) as a Blob URL: jobs.output names
 * it, the transport's file door brings its bytes (streamed from disk over HTTP, bytes over IPC).
 * The previous URL is revoked when another file replaces it, when cleared, and on unmount.
 */
export function useJobFile() {
  const [file, setFile] = useState<JobFile | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  useEffect(
    () => () => {
      if (file) URL.revokeObjectURL(file.url);
    },
    [file],
  );
  const show = useCallback(async (jobId: string, name?: string) => {
    setError(null);
    try {
      setFile(await jobFileUrl(jobId, name));
    } catch (e) {
      setError(e instanceof ApiCallError ? e : toCallError('jobs.output', e));
    }
  }, []);
  const clear = useCallback(() => setFile(null), []);
  return { file, error, show, clear };
}
