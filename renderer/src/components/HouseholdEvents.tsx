import { useState, type FormEvent } from 'react';
import type { HouseholdDetail } from '../../../shared/api/contract';
import { HOUSEHOLD_EVENT_KINDS, type HouseholdEventKind } from '../../../shared/api/entry';
import { EVENT_LABELS } from '../../../shared/domain/review';
import { parseDateInput } from '../../../shared/entry/dates';
import { formatDateVi } from '../../../shared/text/format';
import { ApiCallError, call } from '../api';
import { entryMessages } from '../entry/messages';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import './household-events.css';

const t = entryMessages.events;

/** Events about one person of the roster; the others (split, merged) are about the household. */
const MEMBER_KINDS: ReadonlySet<HouseholdEventKind> = new Set(['died', 'moved_out', 'born', 'married_in', 'moved_in']);
/** A member leaves: the event must say who (and they are not copied into the next round). */
const LEAVING_KINDS: ReadonlySet<HouseholdEventKind> = new Set(['died', 'moved_out']);

const todayIso = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const errorLines = (e: unknown): string[] =>
  e instanceof ApiCallError ? (e.issues.length > 0 ? e.issues.map((i) => i.message) : [messages.errorMessage(e.code)]) : [String(e)];

interface Props {
  household: HouseholdDetail;
  /** Called after an event is recorded (the change history refreshes). */
  onRecorded?: () => void;
}

/** The household's events (died, moved, born, married in, split, merged) and a form to record one. */
export function HouseholdEvents({ household, onRecorded }: Props) {
  const events = useApiValue('entry.events.list', { householdId: household.id });
  const [kind, setKind] = useState<HouseholdEventKind>('died');
  const [date, setDate] = useState('');
  const [memberId, setMemberId] = useState('');
  const [related, setRelated] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; lines: string[] } | null>(null);

  const aboutMember = MEMBER_KINDS.has(kind);
  const leaving = LEAVING_KINDS.has(kind);
  /** Members already recorded as died or moved out in this round: they cannot leave twice. */
  const left = new Map((events.value ?? []).filter((ev) => LEAVING_KINDS.has(ev.kind) && ev.memberId !== null).map((ev) => [ev.memberId!, ev.kind]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    const parsed = parseDateInput(date);
    let occurredOn: string | null = null;
    if (!parsed.ok) problems.push(`${t.date}: ${parsed.message}`);
    else if (parsed.value === null) problems.push(t.needDate);
    else if (parsed.value > todayIso()) problems.push(t.future);
    else occurredOn = parsed.value;
    const member = aboutMember && memberId ? Number(memberId) : null;
    if (leaving && member === null) problems.push(t.needMember);
    let relatedHouseholdId: number | null = null;
    const code = related.trim();
    if (!aboutMember && code) {
      try {
        const found = await call('households.list', { roundId: household.roundId, search: code, limit: 20 });
        const hit = found.rows.find((r) => r.code === code);
        if (!hit) problems.push(t.relatedNotFound(code));
        else if (hit.id === household.id) problems.push(t.relatedSelf);
        else relatedHouseholdId = hit.id;
      } catch (err) {
        problems.push(...errorLines(err));
      }
    }
    if (problems.length > 0 || occurredOn === null) return setResult({ ok: false, lines: problems });
    setBusy(true);
    try {
      await call('entry.events.record', { householdId: household.id, kind, occurredOn, memberId: member, relatedHouseholdId, note: note.trim() });
      const who = member === null ? null : (household.members.find((m) => m.id === member)?.fullName ?? null);
      setResult({ ok: true, lines: [t.saved(EVENT_LABELS[kind], who, formatDateVi(occurredOn)), ...(leaving ? [t.nextRound] : [])] });
      setDate('');
      setMemberId('');
      setRelated('');
      setNote('');
      events.retry();
      onRecorded?.();
    } catch (err) {
      setResult({ ok: false, lines: errorLines(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="detail-section household-events" aria-labelledby="events-heading">
      <h3 id="events-heading">{t.heading}</h3>
      {events.value && events.value.length === 0 && <p className="muted">{t.none}</p>}
      {events.value && events.value.length > 0 && (
        <table className="data-table events" aria-label={t.heading}>
          <thead>
            <tr>
              <th>{t.columns.date}</th>
              <th>{t.columns.kind}</th>
              <th>{t.columns.member}</th>
              <th>{t.columns.related}</th>
              <th>{t.columns.note}</th>
            </tr>
          </thead>
          <tbody>
            {events.value.map((ev) => (
              <tr key={ev.id}>
                <td>{formatDateVi(ev.occurredOn)}</td>
                <td className="strong">{EVENT_LABELS[ev.kind]}</td>
                <td>{ev.memberName ?? messages.notAvailable}</td>
                <td className="mono">{ev.relatedHouseholdCode ?? messages.notAvailable}</td>
                <td>{ev.note || messages.notAvailable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="event-form" aria-label={t.formLabel} onSubmit={(e) => void submit(e)}>
        <h4>{t.formLabel}</h4>
        <div className="event-fields">
          <label className="field">
            <span>{t.kind}</span>
            <select name="kind" value={kind} onChange={(e) => { setKind(e.target.value as HouseholdEventKind); setResult(null); }}>
              {HOUSEHOLD_EVENT_KINDS.map((k) => (
                <option key={k} value={k}>{EVENT_LABELS[k]}</option>
              ))}
            </select>
          </label>
          <label className="field field-date">
            <span>{t.date}</span>
            <input name="occurredOn" value={date} placeholder={t.datePlaceholder} inputMode="numeric" autoComplete="off" onChange={(e) => setDate(e.target.value)} />
          </label>
          {aboutMember ? (
            <label className="field field-member">
              <span>{t.member}</span>
              <select name="memberId" value={memberId} onChange={(e) => setMemberId(e.target.value)}>
                <option value="">{leaving ? t.memberChoose : t.memberNone}</option>
                {household.members.map((m) => {
                  const gone = left.get(m.id);
                  return (
                    <option key={m.id} value={m.id}>
                      {`${String(m.seq).padStart(2, '0')}. ${m.fullName}${gone ? ` (${t.recorded(EVENT_LABELS[gone])})` : ''}`}
                    </option>
                  );
                })}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>{t.related}</span>
              <input name="related" value={related} placeholder={t.relatedPlaceholder} autoComplete="off" onChange={(e) => setRelated(e.target.value)} />
            </label>
          )}
          <label className="field field-note">
            <span>{t.note}</span>
            <input name="note" value={note} placeholder={t.notePlaceholder} maxLength={500} autoComplete="off" onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="event-submit" disabled={busy}>{busy ? t.saving : t.submit}</button>
        </div>
        {aboutMember && !leaving && <p className="muted event-hint">{t.memberHint}</p>}
        {result && (
          <ul className={result.ok ? 'event-ok' : 'event-error'} role={result.ok ? 'status' : 'alert'}>
            {result.lines.map((l) => <li key={l}>{l}</li>)}
          </ul>
        )}
      </form>
    </section>
  );
}
