import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { IncomeSaveOutput, IncomeView } from '../../../shared/api/income';
import { computeIncome, type IncomeSource } from '../../../shared/engine/income';
import { formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call } from '../api';
import { messages } from '../messages';
import { entryMessages } from './messages';
import './income-worksheet.css';

const t = entryMessages.income;

/** One line as typed (amounts kept as text until saved). */
interface LineText {
  key: number;
  source: IncomeSource;
  description: string;
  gross: string;
  costs: string;
}

/** "24.000.000", "24 000 000" or "24000000" → 24000000; "" → 0 (when allowed); anything else null. */
export function parseDong(text: string, emptyIs: number | null): number | null {
  const s = text.replace(/[\s.,]/gu, '');
  if (s === '') return emptyIs;
  return /^\d{1,15}$/u.test(s) ? Number(s) : null;
}

interface Props {
  householdId: number;
  /** The household's version the entry screen's form is based on (sent with the save). */
  version: number | null;
  readOnly: boolean;
  onClose: () => void;
  /**
   * Saved: the result is the household's monthly income now. `basedOnScreen`: the save was made on
   * the version the screen holds (false when, after a refusal, it was saved on the newer one).
   */
  onSaved: (out: IncomeSaveOutput, basedOnScreen: boolean) => void;
}

/**
 * The income worksheet (issue 15 item 4): the household's 12-month income by source, less costs,
 * without social allowances, ÷ members ÷ 12 (shared/engine/income.ts), keyed line by line. Tab
 * moves through the boxes, Enter adds a line, Esc closes. "Lưu" stores it (income.save) on the
 * household's version; the result goes into the form's income box.
 */
export function IncomeWorksheet({ householdId, version, readOnly, onClose, onSaved }: Props) {
  const [view, setView] = useState<IncomeView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [members, setMembers] = useState('');
  const [period, setPeriod] = useState('');
  const [lines, setLines] = useState<LineText[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** A save refused because the household changed since the screen read it: the newer version. */
  const [conflictVersion, setConflictVersion] = useState<number | null>(null);
  const nextKey = useRef(1);
  const panel = useRef<HTMLDivElement>(null);
  const focusLine = useRef<number | null>(null);

  useEffect(() => {
    let live = true;
    call('income.get', { householdId }).then(
      (v) => {
        if (!live) return;
        setView(v);
        setMembers(String(v.worksheet?.members ?? v.memberCount));
        setPeriod(v.worksheet?.period ?? '');
        setLines(
          (v.worksheet?.lines ?? []).map((l) => ({ key: nextKey.current++, source: l.source, description: l.description, gross: formatNumberVi(l.gross), costs: l.costs ? formatNumberVi(l.costs) : '' })),
        );
      },
      (e: unknown) => live && setLoadError(e instanceof ApiCallError ? messages.errorMessage(e.code) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [householdId]);

  // Opened, the worksheet takes the focus at once, so Esc closes it even while it is being read;
  // once read, the first box takes the focus (the number of members).
  useEffect(() => {
    panel.current?.focus();
  }, []);
  const loaded = view !== null;
  useEffect(() => {
    if (!loaded) return;
    const first = panel.current?.querySelector<HTMLInputElement>('[data-income-first]');
    first?.focus();
    first?.select();
  }, [loaded]);

  // The line just added takes the focus (its source).
  useEffect(() => {
    if (focusLine.current === null) return;
    panel.current?.querySelector<HTMLElement>(`[data-line="${focusLine.current}"] select`)?.focus();
    focusLine.current = null;
  }, [lines]);

  const firstSource: IncomeSource = view?.sources[0]?.id ?? 'wages';
  const addLine = () => {
    const key = nextKey.current++;
    focusLine.current = key;
    setLines((ls) => [...ls, { key, source: firstSource, description: '', gross: '', costs: '' }]);
  };
  const setLine = (key: number, patch: Partial<LineText>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const removeLine = (key: number) => setLines((ls) => ls.filter((l) => l.key !== key));

  /** The worksheet as typed, or the boxes that are wrong (by name). */
  const checked = useMemo(() => {
    const errors: Record<string, string> = {};
    const m = Number(members.trim());
    if (!/^\d+$/u.test(members.trim()) || m < 1) errors.members = t.membersWrong;
    const parsedLines = lines.map((l, i) => {
      const gross = parseDong(l.gross, null);
      const costs = parseDong(l.costs, 0);
      if (gross === null) errors[`${l.key}.gross`] = t.notNumber(t.lineLabel(i + 1, t.gross));
      if (costs === null) errors[`${l.key}.costs`] = t.notNumber(t.lineLabel(i + 1, t.costs));
      return { source: l.source, description: l.description.trim(), gross: gross ?? 0, costs: costs ?? 0 };
    });
    const worksheet = { members: Number.isFinite(m) && m >= 1 ? Math.floor(m) : 1, period: period.trim(), lines: parsedLines };
    return { errors, worksheet, result: Object.keys(errors).length === 0 ? computeIncome(worksheet) : null };
  }, [members, period, lines]);

  const save = async (onVersion: number | null, basedOnScreen: boolean) => {
    if (readOnly || busy) return;
    const wrong = Object.keys(checked.errors);
    if (wrong.length > 0) {
      setError(t.fixFirst(wrong.length));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const out = await call('income.save', { householdId, ...(onVersion !== null ? { version: onVersion } : {}), worksheet: checked.worksheet });
      setConflictVersion(null);
      onSaved(out, basedOnScreen);
    } catch (e) {
      if (e instanceof ApiCallError && e.code === 'CONFLICT') {
        // Someone else saved the household since it was opened: nothing was written, the lines stay.
        const now = await call('income.get', { householdId }).catch(() => null);
        setConflictVersion(now?.version ?? null);
        setError(t.conflict);
      } else if (e instanceof ApiCallError) {
        setError([messages.errorMessage(e.code), ...e.issues.map((i) => i.message)].join(' '));
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      void save(version, true);
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && target.matches('input, select') && !readOnly) {
      e.preventDefault();
      e.stopPropagation();
      addLine();
    } else if (e.key === 'Enter' || e.key === 'F1') {
      // The form's own keys (next box, save) do not reach through the worksheet.
      e.stopPropagation();
    }
  };

  const sources = view?.sources ?? [];
  const result = checked.result;
  return (
    <div className="income-sheet-backdrop">
      <div className="income-sheet" role="dialog" aria-modal="true" aria-label={t.title} ref={panel} tabIndex={-1} onKeyDown={onKeyDown}>
        <h2>{t.title}</h2>
        <p className="hint">{t.intro}</p>
        <p className="income-sheet-keys">{t.keys}</p>
        {loadError && <p className="error-text" role="alert">{loadError}</p>}
        {!view && !loadError && <p>{t.loading}</p>}
        {view && (
          <>
            <div className="income-sheet-head">
              <label>
                <span>{t.members}</span>
                <input name="income.members" data-income-first="" inputMode="numeric" value={members} readOnly={readOnly} aria-invalid={checked.errors.members ? true : undefined} onChange={(e) => setMembers(e.target.value)} />
              </label>
              <span className="hint">{t.membersHint(view.memberCount)}</span>
              <label>
                <span>{t.period}</span>
                <input name="income.period" value={period} readOnly={readOnly} onChange={(e) => setPeriod(e.target.value)} />
              </label>
            </div>
            {checked.errors.members && <p className="error-text">{checked.errors.members}</p>}
            <table className="income-lines">
              <thead>
                <tr>
                  <th>{t.seq}</th>
                  <th>{t.source}</th>
                  <th>{t.description}</th>
                  <th>{t.gross}</th>
                  <th>{t.costs}</th>
                  <th>{t.net}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {lines.map((l, i) => {
                  const counted = sources.find((s) => s.id === l.source)?.counted ?? true;
                  const gross = parseDong(l.gross, null);
                  const costs = parseDong(l.costs, 0);
                  return (
                    <tr key={l.key} data-line={l.key} className={counted ? undefined : 'income-not-counted'}>
                      <td className="income-seq">{i + 1}</td>
                      <td>
                        <select aria-label={t.lineLabel(i + 1, t.source)} value={l.source} disabled={readOnly} onChange={(e) => setLine(l.key, { source: e.target.value as IncomeSource })}>
                          {sources.map((s) => (
                            <option key={s.id} value={s.id}>{s.label}</option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input aria-label={t.lineLabel(i + 1, t.description)} value={l.description} readOnly={readOnly} maxLength={200} onChange={(e) => setLine(l.key, { description: e.target.value })} />
                      </td>
                      <td>
                        <input className="income-amount" aria-label={t.lineLabel(i + 1, t.gross)} inputMode="numeric" value={l.gross} readOnly={readOnly} aria-invalid={checked.errors[`${l.key}.gross`] ? true : undefined} onChange={(e) => setLine(l.key, { gross: e.target.value })} />
                        {checked.errors[`${l.key}.gross`] && <span className="income-error" role="alert">{checked.errors[`${l.key}.gross`]}</span>}
                      </td>
                      <td>
                        <input className="income-amount" aria-label={t.lineLabel(i + 1, t.costs)} inputMode="numeric" value={l.costs} readOnly={readOnly} aria-invalid={checked.errors[`${l.key}.costs`] ? true : undefined} onChange={(e) => setLine(l.key, { costs: e.target.value })} />
                        {checked.errors[`${l.key}.costs`] && <span className="income-error" role="alert">{checked.errors[`${l.key}.costs`]}</span>}
                      </td>
                      <td className="income-net">{gross !== null && costs !== null ? (counted ? formatNumberVi(gross - costs) : t.notCounted) : ''}</td>
                      <td>
                        {!readOnly && (
                          <button type="button" className="entry-button" tabIndex={-1} aria-label={t.removeLine(i + 1)} onClick={() => removeLine(l.key)}>
                            ×
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {lines.length === 0 && <p className="hint">{t.noLines}</p>}
            {!readOnly && (
              <button type="button" className="entry-button" onClick={addLine}>
                {t.addLine}
              </button>
            )}
            <section className="income-result" aria-label={t.result} aria-live="polite">
              <h3>{t.result}</h3>
              {result && <p className="income-formula">{result.formula}</p>}
              {result && result.warnings.length > 0 && (
                <>
                  <h4>{t.warnings}</h4>
                  <ul className="income-warnings">
                    {result.warnings.map((w) => <li key={w}>{w}</li>)}
                  </ul>
                </>
              )}
            </section>
          </>
        )}
        <div className="income-sheet-actions">
          {!readOnly && (
            <button type="button" className="entry-button" disabled={!view || busy} onClick={() => void save(version, true)}>
              {t.save}
            </button>
          )}
          {!readOnly && conflictVersion !== null && (
            <button type="button" className="entry-button" disabled={busy} onClick={() => void save(conflictVersion, false)}>
              {t.saveOnNewer}
            </button>
          )}
          <button type="button" className="entry-button" onClick={onClose}>
            {t.close}
          </button>
        </div>
        {busy && <p>{t.saving}</p>}
        {error && <p className="error-text" role="alert">{error}</p>}
      </div>
    </div>
  );
}
