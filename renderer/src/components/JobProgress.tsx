import type { JobStatus } from '../../../shared/api/jobs';
import { jobActive } from '../hooks/useJob';
import { Button } from './ui/Button';
import './job-progress.css';

/**
 * A long job's progress as every screen shows it: the bar with the job's message and «Dừng» while
 * it runs; once it ends, that nothing was written (cancelled) or what went wrong (failed).
 */
export function JobProgress({ job, onCancel, label }: { job: JobStatus; onCancel: () => void; label?: string }) {
  const running = jobActive(job);
  return (
    <div className="job-progress" aria-live="polite">
      {running && (
        <>
          <progress max={job.total || 1} value={job.done} aria-label={label ?? 'Tiến độ'} />
          <span>{job.message || 'Đang xử lý…'}</span>
          <Button onClick={onCancel}>Dừng</Button>
        </>
      )}
      {job.state === 'cancelled' && <span role="status">Đã dừng, không có thay đổi nào được ghi.</span>}
      {job.state === 'failed' && (
        <div className="error-banner" role="alert">
          <strong>Không thực hiện được: </strong>
          {job.error?.message}
        </div>
      )}
    </div>
  );
}
