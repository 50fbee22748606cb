import { useContext, useEffect, useRef, useState, type FormEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import type { DocumentId, DocumentListItem } from '../../../shared/api/documents';
import { roleMayStartJob } from '../../../shared/api/permissions';
import { SessionContext } from '../auth/context';
import { jobActive, useJob } from '../hooks/useJob';
import { useJobFile } from '../hooks/useJobFile';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { documentMessages as t } from './messages';
import { OfficialsEditor } from '../setup/OfficialsEditor';
import { bareOfFullName, unitName } from '../../../shared/domain/names';
import { useChoice } from '../components/choice';
import { RoundPicker } from '../components/RoundPicker';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { Select } from '../components/ui/Select';
import './documents.css';

interface Props {
  rounds: readonly RoundSummary[];
}

/** The commune's signers and place name: the setup screen's editor (one form for both screens). */
function OfficialsForm({ communeId }: { communeId: number }) {
  return (
    <details className="documents-officials">
      <summary>{t.officials}</summary>
      <OfficialsEditor communeId={communeId} />
    </details>
  );
}

type Scope = 'commune' | 'village' | 'household';
/** What a filled-in form is printed for. */
export interface PrefillChoice {
  householdId: number | null;
  villageId: number | null;
}

/**
 * Printing a form filled in: Mẫu 01 / 04 for one household; Phiếu A / B for the commune, a
 * village or one household. Keyboard: type in the search box, Tab to the list, arrows, Enter.
 */
function PrefillPanel(props: { roundId: number; communeId: number; doc: DocumentListItem; disabled: boolean; onPrint: (c: PrefillChoice) => void; onClose: () => void }) {
  const { roundId, communeId, doc } = props;
  const many = doc.prefill === 'households';
  const [scope, setScope] = useState<Scope>(many ? 'commune' : 'household');
  const villages = useApiValue('units.villages', many ? { roundId, communeId } : null);
  const [villageId, setVillageId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const found = useApiValue('households.list', scope === 'household' && search.trim().length > 0 ? { roundId, communeId, search: search.trim(), limit: 20 } : null);
  const [householdId, setHouseholdId] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement | HTMLSelectElement | null>(null);
  useEffect(() => first.current?.focus(), []);
  const rows = found.value?.rows ?? [];
  // The first match is chosen until the officer picks another.
  const chosen = rows.find((r) => r.id === householdId) ?? rows[0] ?? null;
  const village = villageId ?? villages.value?.[0]?.id ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (scope === 'household') {
      if (!chosen) return setProblem(t.chooseHousehold);
      props.onPrint({ householdId: chosen.id, villageId: null });
    } else props.onPrint({ householdId: null, villageId: scope === 'village' ? village : null });
  };
  return (
    <form className="documents-prefill" aria-label={t.prefillTitle(doc.id)} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <h3>{t.prefillTitle(doc.id)}</h3>
      <p>
        <small>{many ? t.prefillHintHouseholds : t.prefillHintHousehold}</small>
      </p>
      {many && (
        <fieldset className="radio-row">
          {(['commune', 'village', 'household'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="prefill-scope" checked={scope === s} onChange={() => setScope(s)} ref={s === 'commune' ? (el) => void (first.current = el) : undefined} />
              {s === 'commune' ? t.scopeCommune : s === 'village' ? t.scopeVillage : t.scopeHousehold}
            </label>
          ))}
        </fieldset>
      )}
      {scope === 'village' && (
        <Field label={t.village}>
          <Select
            aria-label={t.village}
            value={village === null ? '' : String(village)}
            onChange={(v) => setVillageId(Number(v))}
            options={(villages.value ?? []).map((v) => ({ value: String(v.id), label: unitName(v), match: bareOfFullName(unitName(v)) }))}
          />
        </Field>
      )}
      {scope === 'household' && (
        <>
          <Field label={t.householdSearch} wide>
            <input
              className="control"
              value={search}
              ref={many ? undefined : (el) => void (first.current = el)}
              onChange={(e) => {
                setSearch(e.target.value);
                setHouseholdId(null);
                setProblem(null);
              }}
            />
          </Field>
          {search.trim() && found.value && rows.length === 0 && <p role="status">{t.noHouseholdFound}</p>}
          {rows.length > 0 && (
            <Field label={t.householdPick} wide>
              <select className="control control-list" aria-label={t.householdPick} value={chosen?.id ?? ''} onChange={(e) => setHouseholdId(Number(e.target.value))} size={Math.min(6, rows.length + 1)}>
                {rows.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.code} — {r.headName} — {r.villageName}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {found.error && <ErrorBanner error={found.error} onRetry={found.retry} />}
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
      <div className="button-row">
        <Button type="submit" variant="primary" disabled={props.disabled}>
          {t.printPrefilled}
        </Button>
        <Button onClick={props.onClose}>{t.close}</Button>
      </div>
    </form>
  );
}

/** The official documents of a round and a unit: pick, render in the background, preview, print, save. */
export function DocumentsScreen({ rounds }: Props) {
  // The round and the commune are the shell's choice; a district or a province (reports) is this screen's own.
  const { roundId, communeId, setCommune } = useChoice();
  const units = useApiValue('documents.units', { roundId });
  const [wideUnitId, setWideUnitId] = useState<{ roundId: number; id: number } | null>(null);
  const unit =
    (wideUnitId?.roundId === roundId ? units.value?.find((u) => u.id === wideUnitId.id) : undefined) ??
    units.value?.find((u) => u.level === 'commune' && u.id === communeId) ??
    units.value?.find((u) => u.level === 'commune') ??
    null;
  const chooseUnit = (id: number) => {
    const u = units.value?.find((x) => x.id === id);
    if (u?.level === 'commune') {
      setWideUnitId(null);
      setCommune(id);
    } else setWideUnitId({ roundId, id });
  };
  const list = useApiValue('documents.list', unit ? { roundId, unitId: unit.id } : null);
  const { job, error, start, cancel } = useJob<'documents.render' | 'documents.dossier' | 'guidance.handbook'>();
  const session = useContext(SessionContext);
  const mayPrintHandbook = session !== null && roleMayStartJob(session.user.role, 'guidance.handbook');
  const { file: preview, error: outputError, show } = useJobFile();
  const frame = useRef<HTMLIFrameElement>(null);
  const [prefillDoc, setPrefillDoc] = useState<DocumentListItem | null>(null);
  useEffect(() => setPrefillDoc(null), [roundId, unit?.id]);

  // A finished job shows its first file (the dossier itself for a dossier).
  useEffect(() => {
    if (job?.state === 'done') void show(job.id);
  }, [job?.state, job?.id, show]);

  const running = jobActive(job);
  const render = (doc: DocumentId, prefill?: PrefillChoice) =>
    unit && void start({ kind: 'documents.render', input: { roundId, unitId: unit.id, doc, ...(prefill ? { prefill: true, ...prefill } : {}) } });
  const files = job?.state === 'done' && (job.kind === 'documents.render' || job.kind === 'documents.dossier') ? job.result?.files ?? [] : [];
  const handbook = () => void start({ kind: 'guidance.handbook', input: { roundId } });

  return (
    <section className="documents-screen" aria-labelledby="documents-title">
      <h2 id="documents-title">{t.title}</h2>
      <div className="documents-pickers toolbar">
        <RoundPicker rounds={rounds} label={t.round} />
        <Field label={t.unit}>
          <Select
            aria-label={t.unit}
            value={unit ? String(unit.id) : ''}
            onChange={(v) => chooseUnit(Number(v))}
            options={(units.value ?? []).map((u) => ({ value: String(u.id), label: u.fullName, match: bareOfFullName(u.fullName) }))}
          />
        </Field>
      </div>
      {units.error && <ErrorBanner error={units.error} onRetry={units.retry} />}
      {unit?.level === 'commune' && <OfficialsForm communeId={unit.id} />}
      <div className="documents-body">
        <div className="documents-list">
          <table className="data">
            <caption>{t.documents}</caption>
            <tbody>
              {list.value?.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.id}</th>
                  <td>{d.title}</td>
                  <td className="documents-row-actions">
                    <Button disabled={running || d.unavailable !== null} title={d.unavailable ?? undefined} onClick={() => render(d.id)}>
                      {d.unavailable ?? t.print}
                    </Button>
                    {d.prefill && (
                      <Button disabled={running} aria-label={t.prefillTitle(d.id)} onClick={() => setPrefillDoc(d)}>
                        {t.prefill}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
              {list.value && mayPrintHandbook && (
                <tr>
                  <th scope="row">{t.handbookId}</th>
                  <td>{t.handbook}</td>
                  <td className="documents-row-actions">
                    <Button disabled={running} onClick={handbook}>
                      {t.print}
                    </Button>
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {prefillDoc && unit?.level === 'commune' && (
            <PrefillPanel
              key={`${prefillDoc.id}-${unit.id}`}
              roundId={roundId}
              communeId={unit.id}
              doc={prefillDoc}
              disabled={running}
              onPrint={(c) => render(prefillDoc.id, c)}
              onClose={() => setPrefillDoc(null)}
            />
          )}
          <div className="button-row">
            <Button variant="primary" disabled={running || unit?.level !== 'commune'} onClick={() => unit && void start({ kind: 'documents.dossier', input: { roundId, unitId: unit.id } })}>
              {t.dossier}
            </Button>
            <small className="hint">{t.dossierHint}</small>
          </div>
          {job && (
            <div className="documents-job" aria-live="polite">
              {running && (
                <>
                  <progress max={job.total || 1} value={job.done} aria-label={t.running} />
                  <span>{job.message || t.running}</span>{' '}
                  <Button onClick={() => void cancel()}>{t.cancel}</Button>
                </>
              )}
              {job.state === 'cancelled' && <span>{t.cancelled}</span>}
              {job.state === 'failed' && (
                <div role="alert" className="error-banner">
                  <strong>{t.failed}: </strong>
                  {job.error?.message}
                </div>
              )}
              {files.length > 1 && (
                <ul className="documents-files" aria-label={t.files}>
                  {files.map((f) => (
                    <li key={f.name}>
                      <Button onClick={() => void show(job.id, f.name)}>{f.doc === 'dossier' ? t.dossierFile : f.doc}</Button>{' '}
                      {t.pages(f.pages)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {error && <ErrorBanner error={error} />}
          {outputError && <ErrorBanner error={outputError} />}
        </div>
        {preview && (
          <div className="documents-preview">
            <div className="documents-actions">
              <a className="btn btn-primary" href={preview.url} download={preview.name.replace(/^0-/u, '')}>
                {t.save}
              </a>
              <Button onClick={() => frame.current?.contentWindow?.print()}>{t.printNow}</Button>
              <span title={preview.name.replace(/^0-/u, '')}>{preview.name.replace(/^0-/u, '')}</span>
            </div>
            <iframe ref={frame} title={t.preview} src={preview.url} />
          </div>
        )}
      </div>
    </section>
  );
}
