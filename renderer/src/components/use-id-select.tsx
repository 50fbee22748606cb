import type { ReactNode } from 'react';

interface Props<T extends { id: number }> {
  /** The chosen record's id; null or undefined shows no choice. */
  value: number | null | undefined;
  items: readonly T[];
  /** The option's text for a record. */
  label: (item: T) => ReactNode;
  onChange: (id: number) => void;
  disabled?: boolean;
}

/** A drop-down of records (rounds, communes) by id: each record an option, the chosen id passed on as a number. */
export function IdSelect<T extends { id: number }>({ value, items, label, onChange, disabled }: Props<T>) {
  return (
    <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} disabled={disabled}>
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {label(x)}
        </option>
      ))}
    </select>
  );
}
