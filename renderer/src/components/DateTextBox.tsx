import { useState } from 'react';
import { formatDateInput, parseDateInput } from '../../../shared/entry/dates';
import { Field } from './ui/Field';

interface Props {
  label: string;
  /** The ISO date ("2026-11-29"), or null when the box is empty or wrong. */
  value: string | null;
  onChange: (iso: string | null) => void;
  name?: string;
}

/**
 * A date typed as on paper, day first ("29/11/2026" or "29112026"), like the entry screen's date
 * boxes (shared/entry/dates.ts): the browser's own date box shows the system's order and language
 * (11/29/2026). A wrong date is kept as typed, with the reason under it.
 */
export function DateTextBox({ label, value, onChange, name }: Props) {
  const [text, setText] = useState(() => formatDateInput(value));
  const [known, setKnown] = useState(value);
  const parsed = parseDateInput(text);
  // A value set from outside (a form emptied after saving) is shown; the typed text otherwise.
  if (value !== known) {
    setKnown(value);
    if (!parsed.ok || parsed.value !== value) setText(formatDateInput(value));
  }
  return (
    <Field label={label} hint={parsed.ok ? undefined : <span role="alert">{parsed.message}</span>}>
      <input
        className="control date-text-box"
        name={name}
        value={text}
        placeholder="dd/mm/yyyy"
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={parsed.ok ? undefined : true}
        onChange={(e) => {
          setText(e.target.value);
          const p = parseDateInput(e.target.value);
          const next = p.ok ? p.value : null;
          setKnown(next);
          onChange(next);
        }}
        onBlur={() => {
          // "29112026" reads back as "29/11/2026".
          if (parsed.ok && parsed.value) setText(formatDateInput(parsed.value));
        }}
      />
    </Field>
  );
}
