import { useCallback, useEffect, useState } from 'react';
import { call, type ApiCallError } from '../api';
import { base64ToBlobUrl } from '../files';
import { toCallError } from './useApiValue';

/** A file a finished job wrote, as a Blob URL for a preview frame or a save link. */
export interface JobFile {
  name: string;
  url: string;
}

/**
 * Fetches a finished job's file (jobs.output; its first file without a name) as a Blob URL. The
 * previous URL is revoked when another file replaces it, when cleared, and on unmount.
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
      const out = await call('jobs.output', { jobId, ...(name ? { name } : {}) });
      setFile({ name: out.name, url: base64ToBlobUrl(out.base64, out.mime) });
    } catch (e) {
      setError(toCallError('jobs.output', e));
    }
  }, []);
  const clear = useCallback(() => setFile(null), []);
  return { file, error, show, clear };
}
