import { useEffect, useRef } from 'react';
import { roleMayStartJob } from '../../../shared/api/permissions';
import { formatNumberVi } from '../../../shared/text/format';
import { useSession } from '../auth/context';
import { ErrorBanner } from '../components/ErrorBanner';
import { JobProgress } from '../components/JobProgress';
import { Button } from '../components/ui/Button';
import { jobActive, useJob } from '../hooks/useJob';
import { workflowMessages } from './messages';

const t = workflowMessages.reclassify;

/**
 * Classifying again, under the round's rule set as it is now (after the administrator confirmed a
 * rule set or saved published values): the commune's households, or the whole round's. A long job
 * with its progress and «Dừng»; one write, so a stop leaves every result as it was. A commune
 * locked by its decision keeps its results (the whole round leaves it out; the commune is refused).
 */
export function Reclassify({ roundId, communeId, locked, onDone }: { roundId: number; communeId: number; locked: boolean; onDone: () => void }) {
  const { user } = useSession();
  const job = useJob<'rounds.reclassify'>();
  const running = jobActive(job.job);
  // Once a job is done the step's figures are read again (once per job: the caller's function may change each render).
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  const finished = job.job?.state === 'done' ? job.job.id : null;
  useEffect(() => {
    if (finished) done.current();
  }, [finished]);
  if (!roleMayStartJob(user.role, 'rounds.reclassify')) return null;
  const result = job.job?.kind === 'rounds.reclassify' && job.job.state === 'done' ? job.job.result : null;
  return (
    <div className="wf-reclassify">
      <p>{t.why}</p>
      <div className="wf-reclassify-buttons">
        <Button disabled={running || locked} onClick={() => void job.start({ kind: 'rounds.reclassify', input: { roundId, communeId } })}>{t.commune}</Button>
        <Button disabled={running} onClick={() => void job.start({ kind: 'rounds.reclassify', input: { roundId } })}>{t.round}</Button>
      </div>
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t.progress} />}
      {result && (
        <p role="status">
          {t.done(formatNumberVi(result.classified), formatNumberVi(result.skipped), result.lockedCommunes, `${result.ruleSet.id} (phiên bản ${result.ruleSet.version})`)}
        </p>
      )}
      {job.error && <ErrorBanner error={job.error} />}
    </div>
  );
}
