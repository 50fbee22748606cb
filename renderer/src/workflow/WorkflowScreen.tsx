import { useState, type FormEvent, type ReactNode } from 'react';
import { useChoice } from '../components/choice';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker } from '../components/UnitPicker';
import type { RoundSummary } from '../../../shared/api/contract';
import { REVIEW_STATE_LABELS, type ReviewState } from '../../../shared/domain/review';
import { decisionNumberAlone } from '../../../shared/domain/decision-number';
import { parseDateInput } from '../../../shared/entry/dates';
import { formatDateVi } from '../../../shared/text/format';
import { parseNumberInput } from '../../../shared/entry/numbers';
import { STATUS_LABELS } from '../../../shared/glossary';
import type { Status } from '../../../shared/engine/ruleset';
import { ApiCallError, call } from '../api';
import { useApiValue } from '../hooks/useApiValue';
import { dateTimeVi } from '../entry/when';
import { messages } from '../messages';
import { workflowMessages as t } from './messages';
import { NewRoundPanel } from './NewRound';
import { ReformQueue } from './ReformQueue';
import { Reclassify } from './Reclassify';
import '../entry/entry.css';
import './workflow.css';

type Kind = 'text' | 'date' | 'int';
interface FieldDef {
  name: string;
  label: string;
  kind: Kind;
  optional?: boolean;
  /** Printed after the box (the decision number's "/QĐ-UBND"). */
  suffix?: string;
  /** Tidies the value when the box is left (the decision number: "45/QĐ-UBND" → "45"). */
  tidy?: (v: string) => string;
}

/** Parses a step's boxes: dates as keyed (15031985, 15/03/1985), whole numbers; Vietnamese reasons. */
function parseFields(defs: readonly FieldDef[], values: Record<string, string>): { out: Record<string, string | number | null>; errors: string[] } {
  const out: Record<string, string | number | null> = {};
  const errors: string[] = [];
  for (const d of defs) {
    const v = values[d.name] ?? '';
    if (d.kind === 'date') {
      const r = parseDateInput(v);
      if (!r.ok) errors.push(`${d.label}: ${r.message}`);
      else if (r.value === null && !d.optional) errors.push(`${d.label}: chưa ghi.`);
      else out[d.name] = r.value;
    } else if (d.kind === 'int') {
      const r = parseNumberInput(v, d.label, { integer: true });
      if (!r.ok) errors.push(r.message);
      else if (r.value === null && !d.optional) errors.push(`${d.label}: chưa ghi.`);
      else out[d.name] = r.value;
    } else out[d.name] = v.trim();
  }
  return { out, errors };
}

const errorText = (e: unknown): string[] =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message) : [messages.errorMessage(e.code)]) : [String(e)];

/** One step of the workflow: its boxes, a submit button, what happened. */
function StepForm({
  title,
  fields,
  onSubmit,
  disabled,
  children,
  after,
}: {
  title: string;
  fields: readonly FieldDef[];
  onSubmit: (v: Record<string, string | number | null>) => Promise<string>;
  disabled?: boolean;
  children?: ReactNode;
  /** Shown under the boxes (what blocks the step). */
  after?: ReactNode;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { out, errors } = parseFields(fields, values);
    if (errors.length) return setResult({ ok: false, lines: errors });
    try {
      setResult({ ok: true, lines: [await onSubmit(out)] });
    } catch (err) {
      setResult({ ok: false, lines: errorText(err) });
    }
  };
  return (
    <section className="paper wf-step" aria-label={title}>
      <h3>{title}</h3>
      {children}
      <form className="paper-line" onSubmit={(e) => void submit(e)}>
        {fields.map((f) => (
          <label key={f.name} className={`ef ${f.kind === 'text' ? 'ef-long' : f.kind === 'date' ? 'ef-date' : 'ef-short'}`}>
            <span className="ef-label">{f.label}</span>
            <input
              name={f.name}
              aria-label={f.label}
              value={values[f.name] ?? ''}
              disabled={disabled}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              onBlur={f.tidy ? (e) => { const tidy = f.tidy!; const value = e.target.value; setValues((v) => ({ ...v, [f.name]: tidy(value) })); } : undefined}
            />
            {f.suffix && <span className="wf-suffix">{f.suffix}</span>}
          </label>
        ))}
        <button type="submit" className="entry-button" disabled={disabled}>{t.submit}</button>
      </form>
      {after}
      {result && (
        <ul className={result.ok ? 'wf-ok' : 'wf-error'} role={result.ok ? 'status' : 'alert'}>
          {result.lines.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
    </section>
  );
}

/** What a step has recorded, one line each (dates dd/mm/yyyy). */
function Recorded({ caption, lines }: { caption: string; lines: { key: number; text: string }[] }) {
  return (
    <div className="wf-recorded">
      <strong>{caption}</strong>
      <ul>
        {lines.length === 0 && <li>{t.none}</li>}
        {lines.map((l) => <li key={l.key}>{l.text}</li>)}
      </ul>
    </div>
  );
}

const latestRound = (rounds: readonly RoundSummary[]): RoundSummary => rounds.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a));
const statusText = (s: string | null): string => (s ? STATUS_LABELS[s as Status] : messages.statusText(null));

/** A commune's round from listing to recognition (spec/review-process.md), step by step. */
export function WorkflowScreen({ rounds, reloadRounds, openInEntry }: { rounds: readonly RoundSummary[]; reloadRounds?: () => void; openInEntry?: (householdId: number) => void }) {
  // The round and the commune are the shell's choice, shared with every tab.
  const { roundId, communeId, setRound, setCommune } = useChoice();
  const setRoundId = setRound;
  const setCommuneId = setCommune;
  const [listed, setListed] = useState<string | null>(null);
  const communes = useApiValue('units.communes', { roundId });
  const villages = useApiValue('units.villages', communeId === null ? null : { roundId, communeId });
  const status = useApiValue('workflow.status', communeId === null ? null : { roundId, communeId });
  const s = status.value;
  const refresh = () => status.retry();
  const locked = s?.locked ?? false;
  const villageCode = (v: string) => villages.value?.[Number(v) - 1]?.id;

  return (
    <div className="entry workflow">
      <header className="entry-bar">
        <RoundPicker rounds={rounds} label={messages.roundLabel} className="field field-round" />
        <CommunePicker className="field" label={messages.communeLabel} empty="Chọn xã…" />
        {s && <p className={locked ? 'wf-locked' : 'wf-open'}>{locked ? t.locked : t.open}</p>}
      </header>
      <div className="wf-body">
        <NewRoundPanel
          rounds={rounds}
          onStarted={(id) => {
            reloadRounds?.();
            setRoundId(id);
            setCommuneId(null);
            setListed(null);
          }}
          onDeleted={(id) => {
            reloadRounds?.();
            if (id !== roundId) return;
            const left = rounds.filter((r) => r.id !== id);
            if (left.length > 0) setRoundId(latestRound(left).id);
            setCommuneId(null);
            setListed(null);
          }}
        />
        <ReformQueue
          roundId={roundId}
          onAssigned={() => {
            communes.retry();
            refresh();
          }}
        />
      {communeId === null || !s ? (
        <p className="empty-state">{t.chooseCommune}</p>
      ) : (
        <>
          <section className="paper" aria-label={t.states}>
            <h3>{t.states}</h3>
            <ul className="wf-states">
              {Object.entries(s.byState).map(([state, n]) => (
                <li key={state}>{REVIEW_STATE_LABELS[state as ReviewState] ?? state}: <strong>{t.households(n)}</strong></li>
              ))}
            </ul>
          </section>
          <section className="paper wf-step" aria-label={t.steps.list}>
            <h3>{t.steps.list}</h3>
            <ul className="wf-recorded" aria-label={t.recorded}>
              {s.lists.length === 0 && <li>{t.steps.notListed}</li>}
              {s.lists.map((l) => (
                <li key={l.at}>{t.steps.listRecord(dateTimeVi(l.at), l.listed, l.requests, l.mau01, l.mau04)}</li>
              ))}
            </ul>
            <button
              type="button"
              className="entry-button"
              disabled={locked}
              onClick={() =>
                void call('workflow.buildList', { roundId, communeId }).then(
                  (r) => {
                    setListed(t.steps.listed(r.listed, r.requests, r.mau01, r.mau04, r.lastYear));
                    refresh();
                  },
                  (e: unknown) => setListed(errorText(e).join(' ')),
                )
              }
            >
              {t.steps.listButton}
            </button>
            {listed && <p role="status">{listed}</p>}
          </section>
          <section className="paper wf-step" aria-label={t.steps.score}>
            <h3>{t.steps.score}</h3>
            <Reclassify roundId={roundId} communeId={communeId} locked={locked} onDone={refresh} />
            {s.unscored.length === 0 ? (
              <p className="wf-ok">{t.steps.unscoredNone}</p>
            ) : (
              <>
                <p className="wf-error" role="alert">{t.steps.unscored(s.unscored.length)}</p>
                <table className="b2 wf-unscored">
                  <thead>
                    <tr>
                      <th>{t.unscoredColumns.code}</th>
                      <th>{t.unscoredColumns.head}</th>
                      <th>{t.unscoredColumns.village}</th>
                      <th>{t.unscoredColumns.why}</th>
                      <th>{t.unscoredColumns.open}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.unscored.map((h) => (
                      <tr key={h.householdId}>
                        <td>{h.code}</td>
                        <td>{h.headName}</td>
                        <td>{h.villageName}</td>
                        <td>{t.steps.unscoredReason[h.reason]}</td>
                        <td>
                          {openInEntry && (
                            <button type="button" className="entry-button" title={t.steps.openTitle(h.code)} onClick={() => openInEntry(h.householdId)}>
                              {t.steps.open}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
          <StepForm
            title={t.steps.meeting}
            disabled={locked}
            fields={[
              { name: 'village', label: `${t.fields.village} (${villages.value?.map((v, i) => `${i + 1}: ${v.name}`).join('; ') ?? ''})`, kind: 'int' },
              { name: 'heldOn', label: t.fields.heldOn, kind: 'date' },
              { name: 'place', label: t.fields.place, kind: 'text' },
              { name: 'chair', label: t.fields.chair, kind: 'text' },
              { name: 'secretary', label: t.fields.secretary, kind: 'text' },
              { name: 'attendeesCount', label: t.fields.attendeesCount, kind: 'int' },
              { name: 'householdsPresent', label: t.fields.householdsPresent, kind: 'int' },
              { name: 'householdsListed', label: t.fields.householdsListed, kind: 'int' },
              { name: 'agreedCount', label: t.fields.agreedCount, kind: 'int' },
              { name: 'reviewersCount', label: t.fields.reviewersCount, kind: 'int', optional: true },
              { name: 'outcome', label: t.fields.outcome, kind: 'text' },
            ]}
            onSubmit={async (v) => {
              const villageId = villageCode(String(v.village));
              if (!villageId) throw new Error(`${t.fields.village}: ?`);
              const outcome = v.outcome === '1' ? 'agreed' : v.outcome === '2' ? 're_review' : undefined;
              const r = await call('workflow.meeting', {
                roundId, villageId, heldOn: v.heldOn as string, place: v.place as string, chair: v.chair as string, secretary: v.secretary as string,
                attendeesCount: v.attendeesCount as number, householdsPresent: v.householdsPresent as number, householdsListed: v.householdsListed as number,
                agreedCount: v.agreedCount as number, reviewersCount: (v.reviewersCount as number | null) ?? null, ...(outcome ? { outcome } : {}),
              });
              refresh();
              return t.meetingSaved(t.meetingOutcome[r.outcome]!, r.agreedPercent, r.householdsMoved);
            }}
          >
            <table className="b2">
              <caption>{t.meetings}</caption>
              {s.meetings.length > 0 && (
                <thead>
                  <tr><th>{t.meetingColumns.village}</th><th>{t.meetingColumns.heldOn}</th><th>{t.meetingColumns.agreed}</th><th>{t.meetingColumns.outcome}</th></tr>
                </thead>
              )}
              <tbody>
                {s.meetings.length === 0 && <tr><td>{t.none}</td></tr>}
                {s.meetings.map((m) => (
                  <tr key={m.id}><td>{m.villageName}</td><td>{formatDateVi(m.heldOn)}</td><td>{m.agreedPercent.toLocaleString('vi-VN')} %</td><td>{t.meetingOutcome[m.outcome]}</td></tr>
                ))}
              </tbody>
            </table>
          </StepForm>
          <StepForm
            title={t.steps.posting}
            disabled={locked}
            fields={[{ name: 'fromDate', label: t.fields.fromDate, kind: 'date' }, { name: 'toDate', label: t.fields.toDate, kind: 'date' }, { name: 'places', label: t.fields.places, kind: 'text' }]}
            onSubmit={async (v) => {
              const r = await call('workflow.posting', { roundId, communeId, fromDate: v.fromDate as string, toDate: v.toDate as string, places: v.places as string });
              refresh();
              return `${t.done} ${t.households(r.householdsPosted)}`;
            }}
          >
            <Recorded caption={t.postings} lines={s.postings.map((p) => ({ key: p.id, text: t.postingRecord(formatDateVi(p.fromDate), formatDateVi(p.toDate), p.places) }))} />
          </StepForm>
          <StepForm
            title={t.steps.complaint}
            disabled={locked}
            fields={[{ name: 'code', label: t.fields.householdCode, kind: 'text' }, { name: 'receivedOn', label: t.fields.receivedOn, kind: 'date' }, { name: 'content', label: t.fields.content, kind: 'text' }]}
            onSubmit={async (v) => {
              const list = await call('households.list', { roundId, communeId, search: v.code as string, limit: 1 });
              const h = list.rows.find((r) => r.code === v.code);
              if (!h) throw new Error(t.householdNotFound(v.code as string));
              await call('workflow.complaint', { roundId, householdId: h.id, receivedOn: v.receivedOn as string, content: v.content as string });
              refresh();
              return t.done;
            }}
          >
            <table className="b2">
              <caption>{t.complaints}</caption>
              {s.complaints.length > 0 && (
                <thead>
                  <tr><th>{t.complaintColumns.id}</th><th>{t.complaintColumns.receivedOn}</th><th>{t.complaintColumns.content}</th><th>{t.complaintColumns.result}</th><th>{t.complaintColumns.status}</th></tr>
                </thead>
              )}
              <tbody>
                {s.complaints.length === 0 && <tr><td>{t.none}</td></tr>}
                {s.complaints.map((c) => (
                  <tr key={c.id}><td>#{c.id}</td><td>{formatDateVi(c.receivedOn)}</td><td>{c.content}</td><td>{c.result ?? '—'}</td><td>{c.result ? `${statusText(c.statusBefore)} → ${statusText(c.statusAfter)}` : statusText(c.statusBefore)}</td></tr>
                ))}
              </tbody>
            </table>
          </StepForm>
          <StepForm
            title={`${t.steps.complaint}: ${t.fields.result}`}
            disabled={locked}
            fields={[{ name: 'complaintId', label: 'Số khiếu nại (#)', kind: 'int' }, { name: 'recheckedOn', label: t.fields.recheckedOn, kind: 'date' }, { name: 'result', label: t.fields.result, kind: 'text' }]}
            onSubmit={async (v) => {
              const r = await call('workflow.recheck', { complaintId: v.complaintId as number, recheckedOn: v.recheckedOn as string, result: v.result as string });
              refresh();
              return t.recheckSaved(r.changed, statusText(r.statusBefore), statusText(r.statusAfter));
            }}
          />
          {s.hasDistrict ? (
            <StepForm
              title={t.steps.district}
              disabled={locked}
              fields={[{ name: 'receivedOn', label: t.fields.receivedOn, kind: 'date' }, { name: 'number', label: t.fields.number, kind: 'text' }, { name: 'content', label: t.fields.content, kind: 'text' }]}
              onSubmit={async (v) => {
                await call('workflow.districtOpinion', { roundId, communeId, receivedOn: v.receivedOn as string, number: v.number as string, content: v.content as string });
                refresh();
                return t.done;
              }}
            >
              <Recorded caption={t.opinions} lines={s.districtOpinions.map((o) => ({ key: o.id, text: t.opinionRecord(formatDateVi(o.receivedOn), o.number, o.content) }))} />
            </StepForm>
          ) : (
            <section className="paper wf-step"><h3>{t.steps.district}</h3><p>{t.steps.noDistrict}</p></section>
          )}
          <section className="paper wf-step wf-missing" aria-label={t.steps.missing(s.previousYear)}>
            <h3>{t.steps.missing(s.previousYear)}</h3>
            {s.missing.length === 0 ? (
              <p className="wf-ok">{t.steps.missingNone(s.previousYear)}</p>
            ) : (
              <>
                <p className="wf-warn">{t.steps.missingWhat}</p>
                <table className="b2">
                  <thead>
                    <tr><th>{t.missingColumns.code}</th><th>{t.missingColumns.head}</th><th>{t.missingColumns.village}</th><th>{t.missingColumns.status}</th></tr>
                  </thead>
                  <tbody>
                    {s.missing.map((m) => (
                      <tr key={m.householdId}><td>{m.code}</td><td>{m.headName}</td><td>{m.villageName}</td><td>{statusText(m.status)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
          <StepForm
            title={t.steps.decision}
            disabled={locked}
            fields={[
              { name: 'number', label: t.fields.decisionNumber, kind: 'text', suffix: t.fields.decisionSymbol, tidy: (v) => { const r = decisionNumberAlone(v); return r.ok ? r.value : v; } },
              { name: 'signedOn', label: t.fields.signedOn, kind: 'date' },
              { name: 'signerName', label: t.fields.signerName, kind: 'text' },
              { name: 'signerTitle', label: t.fields.signerTitle, kind: 'text' },
            ]}
            after={!locked && s.unscored.length > 0 ? <p className="wf-error">{t.steps.decisionBlocked(s.unscored.length)}</p> : null}
            onSubmit={async (v) => {
              const r = await call('workflow.decision', { roundId, communeId, number: v.number as string, signedOn: v.signedOn as string, signerName: v.signerName as string, signerTitle: v.signerTitle as string });
              const st = await call('workflow.status', { roundId, communeId });
              refresh();
              return t.decisionSaved(st.decisions.find((d) => d.id === r.id)?.number ?? '', r.recognised);
            }}
          >
            <Recorded caption={t.decisions} lines={s.decisions.map((d) => ({ key: d.id, text: t.decisionRecord(d.number, formatDateVi(d.signedOn), d.signerName, d.signerTitle) }))} />
          </StepForm>
          {locked && (
            <StepForm
              title={t.steps.reopen}
              fields={[{ name: 'reason', label: t.fields.reason, kind: 'text' }]}
              onSubmit={async (v) => {
                await call('workflow.reopen', { roundId, communeId, reason: v.reason as string });
                refresh();
                return t.done;
              }}
            />
          )}
        </>
      )}
      </div>
    </div>
  );
}
