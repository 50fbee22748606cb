import { useRef, type KeyboardEvent, type SelectHTMLAttributes } from 'react';
import { fold } from '../../../../shared/text/fold';

export interface SelectOption {
  value: string;
  label: string;
  /** What typed letters find the option by (a unit's name without "Xã"/"Ấp"); the label when absent. */
  match?: string;
  /** The option's tooltip (a longer description). */
  title?: string;
}

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  value: string;
  options: readonly SelectOption[];
  /** A first option with the empty value ("Tất cả xã", "Chọn xã…"). */
  empty?: string;
  onChange: (value: string) => void;
}

/** Letters typed within this time make one word to look for. */
const TYPE_AHEAD_MS = 900;

/**
 * The one drop-down of the app. Typing letters picks the first option whose name starts with
 * them, diacritics folded ("binh" finds "Xã Bình Mỹ" by "Bình Mỹ"): the browser's own type-ahead
 * matches the label's start, and every commune's label starts with "Xã".
 */
export function Select({ value, options, empty, onChange, className, onKeyDown, title, ...rest }: Props) {
  const typed = useRef({ text: '', at: 0 });
  const chosen = options.find((o) => o.value === value);
  const findByName = (e: KeyboardEvent<HTMLSelectElement>) => {
    onKeyDown?.(e);
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1) return;
    const now = Date.now();
    const text = (now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text : '') + e.key;
    typed.current = { text, at: now };
    const needle = fold(text).trim();
    if (!needle) return;
    e.preventDefault();
    const hit =
      options.find((o) => fold(o.match ?? o.label).startsWith(needle)) ??
      options.find((o) => fold(o.match ?? o.label).split(/\s+/u).some((w) => w.startsWith(needle)));
    if (hit && hit.value !== value) onChange(hit.value);
  };
  return (
    <select
      className={`control${className ? ` ${className}` : ''}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={findByName}
      // A long name shown cut in a narrow box reads in full on hover.
      title={title ?? chosen?.label ?? empty}
      {...rest}
    >
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value} title={o.title ?? o.label}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
