import { useEffect, useState, type FormEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { parseDateInput } from '../../../shared/entry/dates';
import { ErrorBanner } from '../components/ErrorBanner';
import { dateTimeVi } from '../../../shared/entry/when';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { authMessages as t } from './messages';
import { currentRound, useVillages } from './units';

const PAGE = 50;

interface Filters {
  actor: string;
  from: string;
  to: string;
  communeId: string;
  villageId: string;
  householdId: string;
}
const NO_FILTERS: Filters = { actor: '', from: '', to: '', communeId: '', villageId: '', householdId: '' };

/** The typed filters as the call's input, or the Vietnamese problem of the first one that is wrong. */
function inputOf(f: Filters, offset: number): { input: { actor?: string; from?: string; to?: string; unitId?: number; householdId?: number; offset: number; limit: number } } | { problem: string } {
  const from = parseDateInput(f.from);
  if (!from.ok) return { problem: `${t.filterFrom}: ${from.message}` };
  const to = parseDateInput(f.to);
  if (!to.ok) return { problem: `${t.filterTo}: ${to.message}` };
  const household = f.householdId.trim();
  if (household !== '' && !/^[1-9]\d{0,9}$/u.test(household)) return { problem: t.householdInvalid };
  const unit = f.villageId || f.communeId;
  return {
    input: {
      ...(f.actor ? { actor: f.actor } : {}),
      ...(from.value ? { from: from.value } : {}),
      ...(to.value ? { to: to.value } : {}),
      ...(unit ? { unitId: Number(unit) } : {}),
      ...(household ? { householdId: Number(household) } : {}),
      offset,
      limit: PAGE,
    },
  };
}

/** "Nhật ký": the audit trail for the administrator, filtered by user, dates, unit and household, page by page. */
export function AuditScreen({ rounds }: { rounds: readonly RoundSummary[] }) {
  const users = useApiValue('users.list', {});
  const units = useVillages(currentRound(rounds)?.id ?? null);
  // What is typed, and what the list shows (dates and the household apply with Enter).
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const request = inputOf(applied, offset);
  const page = useApiValue('audit.list', 'input' in request ? request.input : null);
  const [problem, setProblem] = useState<string | null>(null);

  const apply = (next: Filters) => {
    const checked = inputOf(next, 0);
    if ('problem' in checked) return setProblem(checked.problem);
    setProblem(null);
    setApplied(next);
    setOffset(0);
  };
  const change = (patch: Partial<Filters>, now = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (now) apply(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };

  const total = page.value?.total ?? 0;
  const rows = page.value?.rows ?? [];
  const canBack = offset > 0;
  const canOn = offset + PAGE < total;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'PageDown' && canOn) setOffset((o) => o + PAGE);
      else if (e.key === 'PageUp' && canBack) setOffset((o) => Math.max(0, o - PAGE));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canOn, canBack]);

  const communeId = draft.communeId === '' ? null : Number(draft.communeId);
  const villages = communeId === null ? undefined : units.byCommune.get(communeId);
  const unitName = (id: number | null) => (id === null ? '' : (units.names.get(id) ?? `#${id}`));

  return (
    <div className="admin-screen">
      <header className="page-header">
        <h2>{t.auditTitle}</h2>
      </header>
      <p className="hint padded-x">{t.auditIntro}</p>
      <section className="admin-section">
        <form className="admin-form audit-filters" onSubmit={submit} noValidate role="search" aria-label={t.auditTitle}>
          <label className="field">
            <span>{t.filterUser}</span>
            <select name="actor" value={draft.actor} onChange={(e) => change({ actor: e.target.value }, true)}>
              <option value="">{t.allUsers}</option>
              {users.value?.map((u) => (
                <option key={u.id} value={u.name}>
                  {u.fullName} ({u.name})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.filterFrom}</span>
            <input name="from" value={draft.from} placeholder={t.datePlaceholder} onChange={(e) => change({ from: e.target.value })} onBlur={() => apply(draft)} />
          </label>
          <label className="field">
            <span>{t.filterTo}</span>
            <input name="to" value={draft.to} placeholder={t.datePlaceholder} onChange={(e) => change({ to: e.target.value })} onBlur={() => apply(draft)} />
          </label>
          <label className="field">
            <span>{t.filterCommune}</span>
            <select
              name="communeId"
              value={draft.communeId}
              onChange={(e) => {
                if (e.target.value) units.load(Number(e.target.value));
                change({ communeId: e.target.value, villageId: '' }, true);
              }}
            >
              <option value="">{t.allUnits}</option>
              {units.communes?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.fullName}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.filterUnit}</span>
            <select name="villageId" value={draft.villageId} disabled={communeId === null} onChange={(e) => change({ villageId: e.target.value }, true)}>
              <option value="">{t.allUnits}</option>
              {villages?.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.fullName}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.filterHousehold}</span>
            <input name="householdId" inputMode="numeric" value={draft.householdId} placeholder={t.householdPlaceholder} onChange={(e) => change({ householdId: e.target.value })} onBlur={() => apply(draft)} />
          </label>
          <div className="admin-actions">
            <button type="submit" className="primary">
              {t.filter}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(NO_FILTERS);
                apply(NO_FILTERS);
              }}
            >
              {t.clearFilters}
            </button>
          </div>
        </form>
        {problem && (
          <p className="auth-error" role="alert">
            {problem}
          </p>
        )}
      </section>
      {page.error && <ErrorBanner error={page.error} onRetry={page.retry} />}
      <section className="admin-section">
        <div className="admin-pager">
          <button type="button" disabled={!canBack} onClick={() => setOffset((o) => Math.max(0, o - PAGE))}>
            {t.previous}
          </button>
          <output aria-live="polite" className="audit-count">
            {page.value ? t.auditTotal(total === 0 ? 0 : offset + 1, offset + rows.length, total) : page.loading ? messages.loading : messages.notAvailable}
          </output>
          <button type="button" disabled={!canOn} onClick={() => setOffset((o) => o + PAGE)}>
            {t.next}
          </button>
          <span className="hint">{t.pageKeys}</span>
        </div>
        <div className="table-scroll">
          <table className="data audit-table" aria-label={t.auditTitle}>
            <thead>
              <tr>
                <th>{t.auditColumns.at}</th>
                <th>{t.auditColumns.actor}</th>
                <th>{t.auditColumns.text}</th>
                <th>{t.auditColumns.unit}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="when">{dateTimeVi(r.at)}</td>
                  <td title={r.actor}>{r.actorFullName ?? r.actor}</td>
                  <td>{r.text}</td>
                  <td>{unitName(r.unitId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {page.value && rows.length === 0 && <p className="muted">{t.auditEmpty}</p>}
      </section>
    </div>
  );
}
