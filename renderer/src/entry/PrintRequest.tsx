import { useEffect } from 'react';
import { ErrorBanner } from '../components/ErrorBanner';
import { useJob } from '../hooks/useJob';
import { useJobFile } from '../hooks/useJobFile';
import { entryMessages as t } from './messages';

interface Props {
  roundId: number;
  communeId: number;
  householdId: number;
  /** The request keyed on the form ('mau01' / 'mau04'), which is offered first; both when none. */
  kind: 'mau01' | 'mau04' | null;
  /** Unsaved changes: the printed form shows the saved record, so it waits for the save. */
  dirty: boolean;
}

/** Prints the household's Mẫu 01 / 04 filled in from its saved record, for the head to sign. */
export function PrintRequest({ roundId, communeId, householdId, kind, dirty }: Props) {
  const { job, error, start } = useJob<'documents.render'>();
  const { file, error: outputError, show, clear } = useJobFile();
  useEffect(() => {
    if (job?.state === 'done') void show(job.id);
  }, [job?.state, job?.id, show]);
  // Another household: the previous file is not this one's.
  useEffect(clear, [householdId, clear]);
  const running = job?.state === 'running' || job?.state === 'queued';
  const docs = kind === 'mau04' ? (['M04', 'M01'] as const) : (['M01', 'M04'] as const);
  return (
    <div className="entry-print" aria-label={t.print.title}>
      {docs.map((doc) => (
        <button
          key={doc}
          type="button"
          className="entry-button"
          disabled={running || dirty}
          title={dirty ? t.print.saveFirst : undefined}
          onClick={() => {
            clear();
            void start({ kind: 'documents.render', input: { roundId, unitId: communeId, doc, prefill: true, householdId } });
          }}
        >
          {t.print.button(doc)}
        </button>
      ))}
      {dirty && <small>{t.print.saveFirst}</small>}
      {running && <progress aria-label={t.print.running} />}
      {job?.state === 'failed' && <span role="alert">{job.error?.message}</span>}
      {file && (
        <a href={file.url} download={file.name} target="_blank" rel="noreferrer">
          {t.print.open(file.name)}
        </a>
      )}
      {error && <ErrorBanner error={error} />}
      {outputError && <ErrorBanner error={outputError} />}
    </div>
  );
}
