import type { ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** primary: the screen's main action; plain: the others; danger: one that removes something. */
  variant?: 'primary' | 'plain' | 'danger';
}

/** The one button of the app (styles.css: .btn). */
export function Button({ variant = 'plain', className, type = 'button', ...rest }: Props) {
  return <button type={type} className={`btn btn-${variant}${className ? ` ${className}` : ''}`} {...rest} />;
}
