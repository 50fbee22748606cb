import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import type { RoundOverviewRow, RoundPlan } from '../../../shared/api/rounds';
import { roundName } from '../../../shared/domain/names';
import { defaultMapDate, defaultReferenceDate, defaultRoundTitle, nationalRuleSetOn } from '../../../shared/domain/round-plan';
import { hasDistrictLevel } from '../../../shared/domain/units';
import { formatDateInput, parseDateInput } from '../../../shared/entry/dates';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call } from '../api';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { newRoundMessages as t } from './new-round-messages';

type Kind = RoundSummary['kind'];

const latestRound = (rounds: readonly RoundSummary[]): RoundSummary | null =>
  rounds.length === 0 ? null : rounds.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a));

const errorText = (e: unknown): string[] =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message) : [messages.errorMessage(e.code)]) : [String(e)];

/** Today on this computer, YYYY-MM-DD (an ad-hoc round's default date). */
const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface Props {
  rounds: readonly RoundSummary[];
  /** The new round exists: reload the rounds everywhere and show it. */
  onStarted: (roundId: number) => void;
  /**
   * A round was deleted: reload the rounds everywhere. Without it the panel asks for the rounds to
   * be reloaded through onStarted, showing the newest round left.
   */
  onDeleted?: (roundId: number) => void;
}

/**
 * A new round for the office (issue 11): from nothing, or with the households of an earlier
 * round; the rule set follows the reference date and the map the map date (shared/domain/
 * round-plan.ts, the same rule as the core). Filled in, checked by the core (rounds.plan),
 * confirmed, created. Below it, a round with no recorded work can be deleted after a confirmation.
 */
export function NewRoundPanel({ rounds, onStarted, onDeleted }: Props) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const deleted = (roundId: number, text: string) => {
    setResult(text);
    if (onDeleted) onDeleted(roundId);
    else {
      const left = latestRound(rounds.filter((r) => r.id !== roundId));
      if (left) onStarted(left.id);
    }
  };
  return (
    <section className="paper wf-step wf-new-round" aria-label={t.title}>
      {open ? (
        <NewRoundForm
          rounds={rounds}
          onCancel={() => {
            setOpen(false);
            setTimeout(() => openButton.current?.focus(), 0);
          }}
          onStarted={(roundId, text) => {
            setOpen(false);
            setResult(text);
            onStarted(roundId);
          }}
        />
      ) : (
        <div className="wf-new-round-closed">
          <button ref={openButton} type="button" className="entry-button" onClick={() => { setOpen(true); setResult(null); }}>
            {t.open}
          </button>
          {rounds.length > 0 && <DeleteRounds onDeleted={deleted} />}
          {result && <p className="wf-ok" role="status">{result}</p>}
        </div>
      )}
    </section>
  );
}

function NewRoundForm({ rounds, onCancel, onStarted }: { rounds: readonly RoundSummary[]; onCancel: () => void; onStarted: (roundId: number, text: string) => void }) {
  const ruleSets = useApiValue('ruleSets.list', {});
  const latest = latestRound(rounds);
  const [fromId, setFromId] = useState<number | null>(() => latest?.id ?? null);
  const from = rounds.find((r) => r.id === fromId) ?? null;
  const [yearText, setYearText] = useState(() => String(latest ? latest.year + 1 : Number(today().slice(0, 4))));
  const [kind, setKind] = useState<Kind>('periodic');
  const [mapText, setMapText] = useState<string | null>(null);
  const [refText, setRefText] = useState<string | null>(null);
  const [titleText, setTitleText] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [plan, setPlan] = useState<RoundPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const firstBox = useRef<HTMLSelectElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => firstBox.current?.focus(), []);
  useEffect(() => {
    if (plan) confirmButton.current?.focus();
  }, [plan]);

  // What is not typed over follows the year and the kind (the defaults of shared/domain/round-plan.ts).
  const year = /^\d{4}$/u.test(yearText.trim()) ? Number(yearText.trim()) : null;
  const refDefault = year === null ? null : defaultReferenceDate(year, kind, today());
  const refValue = refText ?? formatDateInput(refDefault);
  const refParsed = parseDateInput(refValue);
  const refIso = refParsed.ok ? refParsed.value : null;
  const mapValue = mapText ?? formatDateInput(refIso === null ? null : defaultMapDate(refIso));
  const mapParsed = parseDateInput(mapValue);
  const mapIso = mapParsed.ok ? mapParsed.value : null;
  const titleValue = titleText ?? (year === null || refIso === null ? '' : defaultRoundTitle(year, kind, refIso));
  const ruleSet = refIso === null ? undefined : nationalRuleSetOn(ruleSets.value ?? [], refIso);

  const edit = (f: () => void) => {
    f();
    setPlan(null);
  };

  const review = async (e: FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    if (year === null || year < 2021 || year > 2100) problems.push(t.errors.year);
    else if (from && kind === 'periodic' && year <= from.year) problems.push(t.errors.yearAfter(from.year));
    const date = (label: string, text: string): string | undefined => {
      const r = parseDateInput(text);
      if (!r.ok) problems.push(t.errors.date(label, r.message));
      return r.ok ? (r.value ?? undefined) : undefined;
    };
    const referenceDate = date(t.referenceDate, refValue);
    const mapDate = date(t.unitMapDate, mapValue);
    const title = titleValue.trim();
    if (!title) problems.push(t.errors.title);
    setErrors(problems);
    if (problems.length > 0 || year === null) return setPlan(null);
    setBusy(true);
    try {
      setPlan(await call('rounds.plan', { year, kind, title, ...(referenceDate ? { referenceDate } : {}), ...(mapDate ? { mapDate } : {}), ...(from ? { fromRoundId: from.id } : {}) }));
    } catch (err) {
      setErrors(errorText(err));
      setPlan(null);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      const r = await call('rounds.create', {
        year: plan.year,
        kind: plan.kind,
        title: plan.title,
        referenceDate: plan.referenceDate,
        mapDate: plan.unitMapDate,
        ...(plan.from ? { fromRoundId: plan.from.roundId } : {}),
      });
      const label = roundName({ year: plan.year, kind: plan.kind, referenceDate: plan.referenceDate, title: plan.title });
      onStarted(r.roundId, t.started(label, r.households, r.members, r.waiting));
    } catch (err) {
      setErrors(errorText(err));
      setPlan(null);
    } finally {
      setBusy(false);
    }
  };

  const parts = ruleSet ? (ruleSets.value?.find((r) => r.id === ruleSet.id)?.parts ?? []) : [];
  const toVerify = parts.filter((p) => p.status === 'to_verify');
  const unknown = parts.filter((p) => p.status === 'unknown');

  return (
    <form
      className="wf-new-round-form"
      aria-label={t.title}
      onSubmit={(e) => void review(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3>{t.title}</h3>
      <p className="hint">{t.intro}</p>
      <div className="paper-line wf-new-round-fields">
        <label className="field">
          <span>{t.from}</span>
          <select ref={firstBox} name="fromRoundId" value={from?.id ?? ''} onChange={(e) => edit(() => setFromId(e.target.value ? Number(e.target.value) : null))}>
            <option value="">{t.fromNone}</option>
            {rounds.map((r) => <option key={r.id} value={r.id}>{`${roundName(r)} – ${formatNumberVi(r.householdCount)} hộ`}</option>)}
          </select>
        </label>
        <label className="field field-year">
          <span>{t.year}</span>
          <input name="year" value={yearText} inputMode="numeric" maxLength={4} autoComplete="off" onChange={(e) => edit(() => setYearText(e.target.value))} />
        </label>
        <label className="field">
          <span>{t.kind}</span>
          <select name="kind" value={kind} onChange={(e) => edit(() => setKind(e.target.value as Kind))}>
            <option value="periodic">{t.kinds.periodic}</option>
            <option value="adhoc">{t.kinds.adhoc}</option>
          </select>
        </label>
        <label className="field field-date">
          <span>{t.referenceDate}</span>
          <input name="referenceDate" value={refValue} placeholder={t.datePlaceholder} inputMode="numeric" autoComplete="off" onChange={(e) => edit(() => setRefText(e.target.value))} />
        </label>
        <label className="field field-date">
          <span>{t.unitMapDate}</span>
          <input name="unitMapDate" value={mapValue} placeholder={t.datePlaceholder} inputMode="numeric" autoComplete="off" onChange={(e) => edit(() => setMapText(e.target.value))} />
        </label>
        <label className="field field-title">
          <span>{t.roundTitle}</span>
          <input name="title" value={titleValue} maxLength={200} autoComplete="off" onChange={(e) => edit(() => setTitleText(e.target.value))} />
        </label>
      </div>
      <div className="wf-ruleset-parts" aria-label={t.ruleSet}>
        <p>
          <span className="muted">{t.ruleSet}: </span>
          <output name="ruleSetId">{ruleSet ? t.ruleSetOption(ruleSet.title, ruleSet.id) : refIso && ruleSets.value ? t.noRuleSet(formatDateVi(refIso)) : '…'}</output>
        </p>
        {ruleSet && <p className="muted">{t.validity(formatDateVi(ruleSet.validFrom), formatDateVi(ruleSet.validTo))}</p>}
        {ruleSet && toVerify.length === 0 && unknown.length === 0 && <p className="wf-ok">{t.partsConfirmed}</p>}
        {toVerify.length > 0 && (
          <p>
            <span className="part-status warn">{t.partsToVerify}</span> {toVerify.map((p) => p.label).join('; ')}
          </p>
        )}
        {unknown.length > 0 && (
          <p>
            <span className="part-status missing">{t.partsUnknown}</span> {unknown.map((p) => p.label).join('; ')}
          </p>
        )}
        {ruleSet && ruleSets.value?.find((r) => r.id === ruleSet.id)?.synthetic && <p className="wf-error">{t.synthetic}</p>}
        {mapIso && <p className="hint">{t.district(hasDistrictLevel(mapIso))}</p>}
      </div>
      {errors.length > 0 && (
        <ul className="wf-error" role="alert">
          {errors.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
      {plan ? (
        <div className="wf-confirm" role="group" aria-label={t.confirmTitle}>
          <h4>{t.confirmTitle}</h4>
          <ul>
            {t
              .confirmLines({
                title: plan.title,
                ruleSetId: plan.ruleSet.id,
                scope: plan.scope.fullName,
                communes: plan.communes,
                map: formatDateVi(plan.unitMapDate),
                hasDistrict: plan.hasDistrict,
                ref: formatDateVi(plan.referenceDate),
                from: from ? roundName(from) : null,
                households: plan.from?.households ?? 0,
              })
              .map((l) => <li key={l}>{l}</li>)}
          </ul>
          <div className="wf-actions">
            <button ref={confirmButton} type="button" className="entry-button wf-primary" disabled={busy} onClick={() => void start()}>{busy ? t.starting : t.confirm}</button>
            <button type="button" className="entry-button" disabled={busy} onClick={() => setPlan(null)}>{t.back}</button>
          </div>
        </div>
      ) : (
        <div className="wf-actions">
          <button type="submit" className="entry-button wf-primary" disabled={busy}>{busy ? t.checking : t.review}</button>
          <button type="button" className="entry-button" onClick={onCancel}>{t.cancel} <kbd>Esc</kbd></button>
        </div>
      )}
    </form>
  );
}

/** Rounds with no recorded work, each with a delete button behind a confirmation; the others say why not. */
function DeleteRounds({ onDeleted }: { onDeleted: (roundId: number, text: string) => void }) {
  const [open, setOpen] = useState(false);
  // Asked afresh each time the list is opened (null while closed).
  const overview = useApiValue('rounds.overview', open ? {} : null);
  const [asking, setAsking] = useState<RoundOverviewRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  const remove = async (row: RoundOverviewRow) => {
    setBusy(true);
    setErrors([]);
    try {
      const r = await call('rounds.delete', { roundId: row.id });
      setAsking(null);
      setOpen(false);
      onDeleted(row.id, t.deleted(r.title, r.backupFile));
    } catch (err) {
      setErrors(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="entry-button" onClick={() => setOpen(true)}>
        {t.deleteOpen}
      </button>
    );
  }
  return (
    <div className="wf-delete-rounds" role="region" aria-label={t.deleteTitle}>
      <h4>{t.deleteTitle}</h4>
      <p className="hint">{t.deleteIntro}</p>
      {overview.loading && !overview.value && <p className="muted">{messages.loading}</p>}
      <ul>
        {overview.value?.map((r) => (
          <li key={r.id}>
            <span>{t.roundRow(r.year, t.kinds[r.kind], r.title, r.households)}</span>{' '}
            {r.deleteRefusal === null ? (
              <button type="button" className="entry-button" disabled={busy} onClick={() => setAsking(r)}>{t.deleteButton(r.title)}</button>
            ) : (
              <span className="muted">{r.deleteRefusal}</span>
            )}
          </li>
        ))}
      </ul>
      {asking && (
        <div role="alertdialog" aria-label={t.deleteTitle} className="wf-confirm" onKeyDown={(e) => { if (e.key === 'Escape') setAsking(null); }}>
          <p>{t.deleteConfirm(asking.title, asking.households)}</p>
          <div className="wf-actions">
            <button ref={yes} type="button" className="entry-button wf-primary" disabled={busy} onClick={() => void remove(asking)}>{busy ? t.deleting : t.deleteYes}</button>
            <button type="button" className="entry-button" disabled={busy} onClick={() => setAsking(null)}>{t.deleteNo}</button>
          </div>
        </div>
      )}
      {errors.length > 0 && (
        <ul className="wf-error" role="alert">
          {errors.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
      <button type="button" className="entry-button" onClick={() => { setOpen(false); setAsking(null); }}>{t.cancel}</button>
    </div>
  );
}
