import type { KeyboardEvent } from 'react';
import { labelOf, type CodeOption } from '../../../shared/entry/codes';

export interface FieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (name: string, value: string) => void;
  error?: string | undefined;
  warning?: string | undefined;
  /** A code set: the typed code's label is shown beside the box. */
  codes?: readonly CodeOption<unknown>[] | undefined;
  width?: 'code' | 'date' | 'short' | 'long' | 'full';
  readOnly?: boolean;
  hideLabel?: boolean;
  placeholder?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  /** Left out of the Tab order (an unused roster row's boxes: Tab goes past them). */
  skipTab?: boolean;
}

/** "1: Nam; 2: Nữ": the codes a box takes, the hint shown beside (or over) every coded box. */
export const codeHint = (codes: readonly CodeOption<unknown>[]): string => codes.map((o) => `${o.code}: ${o.label}`).join('; ');


/** One box of a paper form: its printed label, the typed text (kept as typed), why it is wrong. */
export function Field({ name, label, value, onChange, error, warning, codes, width = 'long', readOnly, hideLabel, placeholder, skipTab }: FieldProps) {
  const codeLabel = codes && value.trim() ? labelOf(codes, value) : undefined;
  const hint = codes ? codeHint(codes) : undefined;
  // The printed label may already list the codes ("Giới tính (1: Nam; 2: Nữ)"); a hidden one (a
  // table cell) has them in its column's header; the others show them beside the box.
  const showHint = hint !== undefined && !hideLabel && !label.includes(`${codes![0]!.code}:`);
  return (
    <label className={`ef ef-${width}${error ? ' ef-error' : ''}${warning ? ' ef-warning' : ''}`}>
      <span className={hideLabel ? 'visually-hidden' : 'ef-label'}>{label}</span>
      <input
        name={name}
        data-entry=""
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-coded={codes ? '' : undefined}
        title={hint}
        tabIndex={skipTab ? -1 : undefined}
        value={value}
        readOnly={readOnly}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        inputMode={codes || width === 'date' ? 'numeric' : undefined}
        maxLength={codes ? 2 : undefined}
        onChange={(e) => onChange(name, e.target.value)}
      />
      {showHint && !codeLabel && <span className="ef-codes">{hint}</span>}
      {codeLabel && <span className="ef-codelabel">{codeLabel}</span>}
      {error && (
        <span className="ef-message" role="alert">
          {error}
        </span>
      )}
      {!error && warning && <span className="ef-message ef-message-warning">{warning}</span>}
    </label>
  );
}
