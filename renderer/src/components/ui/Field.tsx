import type { ReactNode } from 'react';

interface Props {
  label: string;
  /** A short line under the control: what to type, or why it is disabled. */
  hint?: ReactNode;
  /** wide: takes the row's remaining width. */
  wide?: boolean;
  className?: string;
  children: ReactNode;
}

/** A labelled control: the label above, the control, an optional hint (styles.css: .ui-field). */
export function Field({ label, hint, wide, className, children }: Props) {
  return (
    <label className={`ui-field${wide ? ' ui-field-wide' : ''}${className ? ` ${className}` : ''}`}>
      <span className="ui-field-label">{label}</span>
      {children}
      {hint && <span className="ui-field-hint">{hint}</span>}
    </label>
  );
}
