import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RoundSummary, RuleSetSummary } from '../../../shared/api/contract';
import { hasDistrictLevel } from '../../../shared/domain/units';
import { formatDateInput, parseDateInput } from '../../../shared/entry/dates';
import { formatDateVi } from '../../../shared/text/format';
import { ApiCallError, call } from '../api';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { workflowMessages } from './messages';

const t = workflowMessages.newRound;
type Kind = RoundSummary['kind'];

const latestRound = (rounds: readonly RoundSummary[]): RoundSummary => rounds.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a));

/** National rule sets whose validity covers some of the year (the same test the classifier uses). */
export const ruleSetsFor = (all: readonly RuleSetSummary[], year: number): RuleSetSummary[] =>
  all.filter((rs) => rs.kind === 'national' && rs.validFrom <= `${year}-12-31` && rs.validTo >= `${year}-01-01`);

const errorText = (e: unknown): string[] =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message) : [messages.errorMessage(e.code)]) : [String(e)];

interface Checked {
  fromRoundId: number;
  year: number;
  kind: Kind;
  title: string;
  ruleSetId: string;
  unitMapDate: string;
  referenceDate: string;
}

interface Props {
  rounds: readonly RoundSummary[];
  /** The new round exists: reload the rounds everywhere and show it. */
  onStarted: (roundId: number) => void;
}

/**
 * Year over year: a new round whose households and members are copied from an earlier one.
 * Filled in, checked, reviewed, confirmed; the result says how many households and members came.
 */
export function NewRoundPanel({ rounds, onStarted }: Props) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
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
          {result && <p className="wf-ok" role="status">{result}</p>}
        </div>
      )}
    </section>
  );
}

function NewRoundForm({ rounds, onCancel, onStarted }: { rounds: readonly RoundSummary[]; onCancel: () => void; onStarted: (roundId: number, text: string) => void }) {
  const ruleSets = useApiValue('ruleSets.list', {});
  const [fromId, setFromId] = useState(() => latestRound(rounds).id);
  const from = rounds.find((r) => r.id === fromId) ?? latestRound(rounds);
  const [yearText, setYearText] = useState(() => String(latestRound(rounds).year + 1));
  const [kind, setKind] = useState<Kind>('periodic');
  const [ruleSetChoice, setRuleSetChoice] = useState<string | null>(null);
  const [mapText, setMapText] = useState<string | null>(null);
  const [refText, setRefText] = useState<string | null>(null);
  const [titleText, setTitleText] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState(false);
  const firstBox = useRef<HTMLSelectElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => firstBox.current?.focus(), []);
  useEffect(() => {
    if (checked) confirmButton.current?.focus();
  }, [checked]);

  // What is not typed over follows the year, the kind and the round copied from.
  const year = /^\d{4}$/u.test(yearText.trim()) ? Number(yearText.trim()) : null;
  const offered = year === null ? [] : ruleSetsFor(ruleSets.value ?? [], year);
  const ruleSetId = ruleSetChoice !== null && offered.some((r) => r.id === ruleSetChoice) ? ruleSetChoice : (offered[0]?.id ?? '');
  const ruleSet = offered.find((r) => r.id === ruleSetId);
  const mapValue = mapText ?? formatDateInput(from.unitMapDate);
  const refValue = refText ?? (year === null ? '' : formatDateInput(`${year}${from.referenceDate.slice(4)}`));
  const titleValue = titleText ?? (year === null ? '' : `Rà soát ${t.kinds[kind].toLowerCase()} năm ${year}`);
  const mapParsed = parseDateInput(mapValue);
  const mapIso = mapParsed.ok ? mapParsed.value : null;

  const edit = (f: () => void) => {
    f();
    setChecked(null);
  };

  const review = (e: FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    if (year === null || year < 2021 || year > 2100) problems.push(t.errors.year);
    else if (kind === 'periodic' && year <= from.year) problems.push(t.errors.yearAfter(from.year));
    if (year !== null && !ruleSet) problems.push(offered.length === 0 ? t.noRuleSet(year) : t.errors.ruleSet);
    const date = (label: string, text: string): string | null => {
      const r = parseDateInput(text);
      if (!r.ok) problems.push(t.errors.date(label, r.message));
      else if (r.value === null) problems.push(t.errors.dateMissing(label));
      return r.ok ? r.value : null;
    };
    const unitMapDate = date(t.unitMapDate, mapValue);
    const referenceDate = date(t.referenceDate, refValue);
    const title = titleValue.trim();
    if (!title) problems.push(t.errors.title);
    setErrors(problems);
    if (problems.length > 0 || year === null || !unitMapDate || !referenceDate) return setChecked(null);
    setChecked({ fromRoundId: from.id, year, kind, title, ruleSetId, unitMapDate, referenceDate });
  };

  const start = async () => {
    if (!checked) return;
    setBusy(true);
    try {
      const r = await call('rounds.start', checked);
      const label = messages.roundOption({ ...from, id: r.roundId, year: checked.year, kind: checked.kind, ruleSetId: checked.ruleSetId, locked: false });
      onStarted(r.roundId, t.started(label, r.households, r.members));
    } catch (err) {
      setErrors(errorText(err));
      setChecked(null);
    } finally {
      setBusy(false);
    }
  };

  const toVerify = ruleSet?.parts.filter((p) => p.status === 'to_verify') ?? [];
  const unknown = ruleSet?.parts.filter((p) => p.status === 'unknown') ?? [];

  return (
    <form className="wf-new-round-form" aria-label={t.title} onSubmit={review} onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }}>
      <h3>{t.title}</h3>
      <p className="hint">{t.intro}</p>
      <div className="paper-line wf-new-round-fields">
        <label className="field">
          <span>{t.from}</span>
          <select ref={firstBox} name="fromRoundId" value={from.id} onChange={(e) => edit(() => setFromId(Number(e.target.value)))}>
            {rounds.map((r) => <option key={r.id} value={r.id}>{`${messages.roundOption(r)} – ${r.householdCount.toLocaleString('vi-VN')} hộ`}</option>)}
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
        <label className="field field-ruleset">
          <span>{t.ruleSet}</span>
          <select name="ruleSetId" value={ruleSetId} disabled={offered.length === 0} onChange={(e) => edit(() => setRuleSetChoice(e.target.value))}>
            {offered.length === 0 && <option value="">{year === null ? '…' : t.noRuleSet(year)}</option>}
            {offered.map((rs) => <option key={rs.id} value={rs.id}>{t.ruleSetOption(rs.title, rs.id)}</option>)}
          </select>
        </label>
      </div>
      {ruleSet && (
        <div className="wf-ruleset-parts" aria-label={t.ruleSet}>
          <p className="muted">{t.validity(formatDateVi(ruleSet.validFrom), formatDateVi(ruleSet.validTo))}</p>
          {toVerify.length === 0 && unknown.length === 0 && <p className="wf-ok">{t.partsConfirmed}</p>}
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
          {ruleSet.synthetic && <p className="wf-error">{t.synthetic}</p>}
        </div>
      )}
      {year !== null && offered.length === 0 && ruleSets.value && <p className="wf-error" role="alert">{t.noRuleSet(year)}</p>}
      <div className="paper-line wf-new-round-fields">
        <label className="field field-date">
          <span>{t.unitMapDate}</span>
          <input name="unitMapDate" value={mapValue} placeholder={t.datePlaceholder} inputMode="numeric" autoComplete="off" onChange={(e) => edit(() => setMapText(e.target.value))} />
        </label>
        <label className="field field-date">
          <span>{t.referenceDate}</span>
          <input name="referenceDate" value={refValue} placeholder={t.datePlaceholder} inputMode="numeric" autoComplete="off" onChange={(e) => edit(() => setRefText(e.target.value))} />
        </label>
        <label className="field field-title">
          <span>{t.roundTitle}</span>
          <input name="title" value={titleValue} maxLength={200} autoComplete="off" onChange={(e) => edit(() => setTitleText(e.target.value))} />
        </label>
      </div>
      {mapIso && (
        <p className="hint">
          {t.district(hasDistrictLevel(mapIso))}
          {hasDistrictLevel(mapIso) !== hasDistrictLevel(from.unitMapDate) && <strong className="wf-warn"> {t.mapChanged}</strong>}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="wf-error" role="alert">
          {errors.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
      {checked ? (
        <div className="wf-confirm" role="group" aria-label={t.confirmTitle}>
          <h4>{t.confirmTitle}</h4>
          <ul>
            {t.confirmLines(checked.title, messages.roundOption(from), from.householdCount, checked.ruleSetId, formatDateVi(checked.unitMapDate), formatDateVi(checked.referenceDate)).map((l) => <li key={l}>{l}</li>)}
          </ul>
          <div className="wf-actions">
            <button ref={confirmButton} type="button" className="entry-button wf-primary" disabled={busy} onClick={() => void start()}>{busy ? t.starting : t.confirm}</button>
            <button type="button" className="entry-button" disabled={busy} onClick={() => setChecked(null)}>{t.back}</button>
          </div>
        </div>
      ) : (
        <div className="wf-actions">
          <button type="submit" className="entry-button wf-primary">{t.review}</button>
          <button type="button" className="entry-button" onClick={onCancel}>{t.cancel} <kbd>Esc</kbd></button>
        </div>
      )}
    </form>
  );
}
