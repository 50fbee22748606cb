import { useEffect, type ReactNode } from 'react';
import type { JobKind, JobStatus } from '../../../shared/api/jobs';
import type { ApiCallError } from '../api';
import { jobActive, useJob } from '../hooks/useJob';
import { useJobFile, type JobFile } from '../hooks/useJobFile';
import { ErrorBanner } from './ErrorBanner';

/** A job that prints a file: the job, and its file fetched for a link as soon as the job is done. */
export function usePrintJob<K extends JobKind>() {
  const job = useJob<K>();
  const file = useJobFile();
  const showFile = file.show;
  useEffect(() => {
    if (job.job?.state === 'done') void showFile(job.job.id);
  }, [job.job, showFile]);
  return { job, file };
}

interface Props {
  print: { job: { job: JobStatus | null; error: ApiCallError | null }; file: { file: JobFile | null } };
  /** Starts the job (the button is disabled while it runs). */
  onStart: () => void;
  children: ReactNode;
}

/** The print button of a usePrintJob, the link to open its file once written, and its error. */
export function PrintJobButton({ print, onStart, children }: Props) {
  const { job, file } = print;
  return (
    <>
      <button type="button" disabled={jobActive(job.job)} onClick={onStart}>
        {children}
      </button>
      {file.file && (
        <a href={file.file.url} download={file.file.name}>
          {' '}
          Mở {file.file.name}
        </a>
      )}
      {job.error && <ErrorBanner error={job.error} />}
    </>
  );
}
