import { useEffect, useState, type FormEvent } from 'react';
import type { Officials } from '../../../shared/api/documents';
import { type ApiCallError, call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { setupMessages as t } from './messages';

type TextField = 'chairman' | 'viceChairman' | 'povertyOfficer' | 'placeName';

/** The commune's officials and signers: the documents' own calls (documents.officials.get / set). */
export function OfficialsEditor({ communeId, onSaved }: { communeId: number; onSaved?: () => void }) {
  const current = useApiValue('documents.officials.get', { communeId });
  const [draft, setDraft] = useState<Officials | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  useEffect(() => {
    setDraft(current.value ?? null);
    setSaved(false);
  }, [current.value]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    try {
      setDraft(await call('documents.officials.set', { communeId, officials: draft }));
      setSaved(true);
      setError(null);
      onSaved?.();
    } catch (err) {
      setError(toCallError('documents.officials.set', err));
    }
  };
  const field = (key: TextField, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        value={draft?.[key] ?? ''}
        onChange={(e) => {
          if (draft) setDraft({ ...draft, [key]: e.target.value });
          setSaved(false);
        }}
      />
    </label>
  );

  return (
    <form className="setup-officials" onSubmit={submit} aria-label={t.officialsHeading}>
      <p className="muted">{t.officialsIntro}</p>
      {current.error && <ErrorBanner error={current.error} onRetry={current.retry} />}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <div className="setup-grid">
        {field('chairman', t.chairman)}
        {field('viceChairman', t.viceChairman)}
        <label className="field">
          <span>{t.signAs}</span>
          <select
            value={draft?.signAs ?? 'TM'}
            onChange={(e) => {
              if (draft) setDraft({ ...draft, signAs: e.target.value as Officials['signAs'] });
              setSaved(false);
            }}
          >
            <option value="TM">{t.signTM}</option>
            <option value="KT">{t.signKT}</option>
          </select>
        </label>
        {field('povertyOfficer', t.povertyOfficer)}
        {field('placeName', t.placeName)}
      </div>
      <div className="setup-row">
        <button type="submit" disabled={!draft}>
          {t.saveOfficials}
        </button>
        {saved && (
          <span role="status" className="setup-ok">
            {t.officialsSaved}
          </span>
        )}
      </div>
    </form>
  );
}
