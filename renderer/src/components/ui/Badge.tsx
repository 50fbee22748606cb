import type { ReactNode } from 'react';

interface Props {
  /** The badge's whole text: also its tooltip, so a badge cut by a narrow column still reads in full. */
  text: string;
  tone?: string;
  children?: ReactNode;
}

/** A short coloured label (styles.css: .badge, .badge-<tone>). */
export function Badge({ text, tone = 'none', children }: Props) {
  return (
    <span className={`badge badge-${tone}`} title={text}>
      {children ?? text}
    </span>
  );
}
