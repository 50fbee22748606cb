import { useContext, useEffect } from 'react';
import { roleMayStartJob } from '../../../shared/api/permissions';
import { SessionContext } from '../auth/context';
import { ErrorBanner } from '../components/ErrorBanner';
import { useJob } from '../hooks/useJob';
import { useJobFile } from '../hooks/useJobFile';

/** Prints the enumerators' handbook of the round's period (guidance.handbook), for those who may print. */
export function HandbookPrint({ roundId }: { roundId: number }) {
  const session = useContext(SessionContext);
  const { job, error, start } = useJob<'guidance.handbook'>();
  const { file, error: outputError, show, clear } = useJobFile();
  useEffect(() => {
    if (job?.state === 'done') void show(job.id);
  }, [job?.state, job?.id, show]);
  useEffect(clear, [roundId, clear]);
  if (!session || !roleMayStartJob(session.user.role, 'guidance.handbook')) return null;
  const running = job?.state === 'running' || job?.state === 'queued';
  return (
    <div className="guidance-print">
      <button
        type="button"
        disabled={running}
        onClick={() => {
          clear();
          void start({ kind: 'guidance.handbook', input: { roundId } });
        }}
      >
        In sổ tay hướng dẫn rà soát viên (PDF)
      </button>
      {running && <progress aria-label="Đang dựng sổ tay" />}
      {job?.state === 'failed' && <span role="alert">{job.error?.message}</span>}
      {file && (
        <a href={file.url} download={file.name} target="_blank" rel="noreferrer">
          Mở {file.name}
        </a>
      )}
      {error && <ErrorBanner error={error} />}
      {outputError && <ErrorBanner error={outputError} />}
    </div>
  );
}
