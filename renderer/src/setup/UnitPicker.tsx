import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { UnitFound } from '../../../shared/api/units';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { setupMessages as t } from './messages';

interface Props {
  level: 'commune' | 'province';
  label: string;
  /** Only units of this province (a province office's own communes): searched within it, not cut country-wide first. */
  provinceCode?: string;
  onPick: (unit: UnitFound) => void;
  autoFocus?: boolean;
}

/**
 * Finds a unit of the current map by part of its name (units.find folds case, diacritics, đ and
 * tone-mark placement): type, ↑/↓ to move, Enter to take the one shown as chosen.
 */
export function UnitPicker({ level, label, provinceCode, onPick, autoFocus }: Props) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  /** The text a unit was taken with: the list closes until the text changes. */
  const [pickedAt, setPickedAt] = useState<string | null>(null);
  const query = useDebouncedValue(text.trim(), 200);
  const found = useApiValue('units.find', query.length >= 2 ? { text: query, level, current: true, ...(provinceCode ? { provinceCode } : {}) } : null);
  const units = found.value ?? [];
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setActive(0), [found.value]);
  // A province's list can be long (up to 500): the chosen one stays in view while ↑/↓ move.
  const activeId = units[active]?.id;
  useEffect(() => {
    if (activeId !== undefined) document.getElementById(`${listId}-${activeId}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId, listId]);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const open = query.length >= 2 && text.trim() === query && text !== pickedAt;
  const pick = (unit: UnitFound) => {
    setPickedAt(text);
    onPick(unit);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open || units.length === 0) return;
      setActive((i) => (e.key === 'ArrowDown' ? Math.min(i + 1, units.length - 1) : Math.max(i - 1, 0)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const unit = units[active];
      if (unit && open) pick(unit);
    }
  };
  return (
    <div className="setup-picker">
      <label className="field setup-search">
        <span>{label}</span>
        <input
          ref={input}
          role="combobox"
          aria-expanded={open && units.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && units[active] ? `${listId}-${units[active].id}` : undefined}
          value={text}
          placeholder={t.searchPlaceholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <p className="hint">{t.searchHint}</p>
      {found.error && <ErrorBanner error={found.error} onRetry={found.retry} />}
      {open && found.loading && <p className="muted">{t.searching}</p>}
      {open && found.value && units.length === 0 && <p className="setup-problem">{t.noUnitFound}</p>}
      {open && units.length > 0 && (
        <ul className="setup-options" role="listbox" id={listId} aria-label={label}>
          {units.map((u, i) => (
            <li
              key={u.id}
              id={`${listId}-${u.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(u);
              }}
            >
              <span>{t.unitOption(u.fullName, u.provinceName)}</span>
              <span className="mono muted">{t.unitCode(u.code)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
